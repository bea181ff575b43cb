"""Every file of the public site, built in memory from a register.

The pages are rendered from packaged Jinja templates (``prefig/site/templates``) with
autoescaping on: every text of the register is hostile and reaches HTML only escaped, and a
URL of the register becomes a link only when its scheme is ``http`` or ``https``. Links
between pages are relative, so that the site works from any folder of any host, and nothing
is loaded from another host.

The pages read the register through the same views as ``prefig meetings show``, ``bodies
show`` and the other queries (:mod:`prefig.views`), so that the site says what the command
line says. Only the home page, the body pages and the calendar's index depend on ``today``
(the next meetings, the composition in force); a meeting's page depends on that meeting
alone, so that a change to one meeting rewrites only the pages that show it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from prefig import views
from prefig.export import ExportError
from prefig.fsutil import safe_name
from prefig.i18n import format_clock, format_date, format_day
from prefig.load import Register
from prefig.model import Action, Body, Decision, Meeting, Organization, Person
from prefig.query import next_meetings, sorted_meetings, zone
from prefig.vocab import MEETING_STATUS_WORDS, OUTCOME_WORDS, RELATION_WORDS

LOCALE = "fr_FR"
"""The site speaks French, whatever the register's locale."""

OPARL_FOLDER = "oparl"
"""Where the static OParl API lives in the site."""

ICS_FILE = "calendrier.ics"

HOME_MEETINGS = 5
"""Next meetings shown on the home page."""
HOME_DELIBERATIONS = 10
"""Latest deliberations shown on the home page."""

ATTENDANCE = {
    "present": "présent·e",
    "represented": "représenté·e",
    "excused": "excusé·e",
    "absent": "absent·e",
}
ACTION_STATUS = {
    "open": "à engager",
    "in-progress": "en cours",
    "done": "réalisée",
    "dropped": "abandonnée",
}
BODY_KIND = {
    "political": "instance politique",
    "administrative": "instance administrative",
    "consultative": "instance consultative",
    "assembly": "assemblée",
    "other": "autre instance",
}
CAPACITY = {"member": "membre", "contributor": "contributeur", "observer": "observateur"}
FREQUENCY = {
    "weekly": "chaque semaine",
    "fortnightly": "tous les quinze jours",
    "monthly": "chaque mois",
    "quarterly": "chaque trimestre",
    "half-yearly": "chaque semestre",
    "yearly": "chaque année",
    "as-needed": "en tant que de besoin",
}

SECTIONS = (
    ("index.html", "Accueil"),
    ("instances/index.html", "Instances"),
    ("seances/index.html", "Séances"),
    ("calendrier/index.html", "Calendrier"),
    ("deliberations/index.html", "Délibérations"),
    ("decisions/index.html", "Décisions"),
    ("personnes/index.html", "Personnes"),
    ("gouvernance.html", "Gouvernance"),
)
"""The main navigation: every page names the section it belongs to."""


_R = TypeVar("_R", Body, Meeting, Person, Decision, Organization)


class SiteError(ExportError):
    """The site cannot be built as asked (a bad base URL); the message says what to do."""


@dataclass(frozen=True)
class SiteOptions:
    """What a build depends on besides the register."""

    today: dt.date
    """The day the home page's next meetings and the bodies' composition are taken at."""
    base_url: str | None = None
    """The site's public address (``https://example.org/conseil/``), for the OParl ids and
    the calendar subscription; None: the site is built for relative use only, and the OParl
    ids are under ``https://example.invalid/``."""
    generated: dt.datetime | None = None
    """``SOURCE_DATE_EPOCH``, shown as the build's date on the home page when set."""
    environ: Mapping[str, str] = field(default_factory=dict)
    """The environment the calendar export reads (``SOURCE_DATE_EPOCH``)."""
    mermaid_js: bytes | None = None
    """A local copy of Mermaid's browser script (``mermaid.min.js``): when given, it is
    copied into the site and draws the governance diagram in the browser; the page shows
    the diagram's text either way, and loads nothing from another host."""


@dataclass(frozen=True)
class Site:
    """The files of the site, by path inside its folder, and warnings for whoever built it."""

    files: dict[str, bytes]
    warnings: tuple[str, ...] = ()


DEFAULT_BASE_URL = "https://example.invalid/"


def check_site_url(base_url: str) -> str:
    """``base_url`` with one trailing slash, or :class:`SiteError`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteError(
            f"--base-url {base_url!r} must be an absolute http:// or https:// URL without "
            "query or fragment, the address the site will be published at."
        )
    return base_url.rstrip("/") + "/"


# --------------------------------------------------------------------------- paths


def slug(value: str) -> str:
    """A register id as a file name: ids are slugs already; this keeps a hostile one
    (loaded with problems) from naming a path outside its folder."""
    return safe_name(value)


def body_page(body_id: str) -> str:
    return f"instances/{slug(body_id)}.html"


def composition_page(body_id: str, day: str) -> str:
    """The page of a body's composition from ``day`` (ISO 8601) on."""
    return f"instances/{slug(body_id)}/composition-{slug(day)}.html"


def meeting_page(meeting_id: str) -> str:
    return f"seances/{slug(meeting_id)}.html"


def year_page(year: int) -> str:
    return f"seances/{year}.html"


def person_page(person_id: str) -> str:
    return f"personnes/{slug(person_id)}.html"


def organization_anchor(org_id: str) -> str:
    return f"personnes/organisations.html#{slug(org_id)}"


def decision_page(decision_id: str) -> str:
    return f"decisions/{slug(decision_id)}.html"


def action_page(action_id: str) -> str:
    return f"actions/{slug(action_id)}.html"


def deliberation_page(number: str) -> str:
    return f"deliberations/{slug(number)}.html"


def month_page(year: int, month: int) -> str:
    return f"calendrier/{year:04d}-{month:02d}.html"


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL a link may point at; else None (the
    page then shows the text without a link)."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in value):
        return value.strip()
    return None


# --------------------------------------------------------------------------- wording


@functools.lru_cache(maxsize=4096)
def long_day(iso: str) -> str:
    """``vendredi 13 février 2015``."""
    return format_day(dt.date.fromisoformat(iso), LOCALE)


@functools.lru_cache(maxsize=4096)
def short_date(iso: str) -> str:
    """``13 février 2015``."""
    return format_date(dt.date.fromisoformat(iso), LOCALE)


@functools.lru_cache(maxsize=512)
def clock(iso: str) -> str:
    """``10 h 30``."""
    return format_clock(dt.time.fromisoformat(iso), LOCALE)


def when(meeting: Mapping[str, Any]) -> str:
    """``vendredi 13 février 2015, 10 h 30 – 12 h``: a meeting's day and hours."""
    text = long_day(meeting["date"])
    if meeting["start_time"]:
        text += f", {clock(meeting['start_time'])}"
        if meeting["end_time"]:
            text += f" – {clock(meeting['end_time'])}"
    return text


def place(location: Mapping[str, Any] | None) -> str:
    """A venue as an address line: name, room, street, postal code and town."""
    if not location:
        return ""
    parts = [location["name"] or location["id"]]
    parts += [location[key] for key in ("room", "street_address") if location[key]]
    town = " ".join(location[key] for key in ("postal_code", "locality") if location[key])
    if town:
        parts.append(town)
    return ", ".join(parts)


def meeting_title(meeting: Mapping[str, Any]) -> str:
    """A meeting's name, else its body's."""
    return str(meeting["name"] or meeting["body"]["name"] or meeting["body"]["id"])


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("prefig.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        long_day=long_day,
        short_date=short_date,
        clock=clock,
        status=lambda v: MEETING_STATUS_WORDS.get(v, v),
        attendance=lambda v: ATTENDANCE.get(v, v),
        outcome=lambda v: OUTCOME_WORDS.get(v, v),
        action_status=lambda v: ACTION_STATUS.get(v, v),
        relation=lambda v: RELATION_WORDS.get(v, v),
        body_kind=lambda v: BODY_KIND.get(v, v),
        capacity=lambda v: CAPACITY.get(v, v),
        frequency=lambda v: FREQUENCY.get(v, v),
        safe_url=safe_url,
        when=when,
        place=place,
        meeting_title=meeting_title,
    )
    env.globals.update(
        body_page=body_page,
        meeting_page=meeting_page,
        person_page=person_page,
        decision_page=decision_page,
        action_page=action_page,
        deliberation_page=deliberation_page,
        composition_page=composition_page,
        month_page=month_page,
        year_page=year_page,
        organization_anchor=organization_anchor,
    )
    return env


# --------------------------------------------------------------------------- builder


class _Builder:
    """One build: the register's records by kind (the first of each id), the files made so
    far, and the warnings."""

    def __init__(self, register: Register, options: SiteOptions) -> None:
        self.register = register
        self.options = options
        self.warnings: list[str] = []
        self.env = _environment()
        self.templates: dict[str, Any] = {}
        self.files: dict[str, bytes] = {}
        self.now = dt.datetime.combine(options.today, dt.time(), tzinfo=zone(register))
        self.meetings = _unique(sorted_meetings(register))
        self.bodies = _unique(register.bodies)
        self.people = _unique(register.people)
        self.decisions = _unique(register.decisions)
        self.meeting_ids = {m.id for m in self.meetings}
        self.body_ids = {b.id for b in self.bodies}
        self.person_ids = {p.id for p in self.people}
        self.decision_ids = {d.id for d in self.decisions}
        from prefig.sitting import deliberations

        seen: set[str] = set()
        self.deliberations = []
        for meeting, index, deliberation in deliberations(register, self.meetings):
            if deliberation.number not in seen:
                seen.add(deliberation.number)
                self.deliberations.append((meeting, index, deliberation))
        self.deliberation_numbers = seen
        self.actions: dict[str, tuple[Decision, Action]] = {}
        for decision in self.decisions:
            for action in decision.actions:
                self.actions.setdefault(action.id, (decision, action))
        self.env.globals["link"] = self.link
        self.env.globals["navigation"] = self.navigation
        self.navigations: dict[tuple[str, str | None, str], Any] = {}

    def render(self, path: str, template: str, section: str | None, **context: Any) -> None:
        depth = path.count("/")
        page = {
            "path": path,
            "root": "../" * depth,
            "section": section,
            "site_name": self.register.settings.name,
        }
        html = self._template(template).render(page=page, **context)
        self.files[path] = html.encode("utf-8")

    def link(
        self, page: Mapping[str, Any], kind: str, ident: str, text: str | None, page_of: Any
    ) -> Any:
        """``text`` (else ``ident``) as a link to the page of the record ``ident`` of
        ``kind`` when the site has one, as plain text otherwise: a reference the register
        cannot resolve never becomes a link that leads nowhere."""
        from markupsafe import Markup, escape

        label = escape(text or ident)
        if ident in self.known[kind]:
            href = escape(page["root"] + page_of(ident))
            return Markup(f'<a href="{href}">{label}</a>')
        return label

    def navigation(self, page: Mapping[str, Any]) -> Any:
        """The main navigation of ``page``, the section it belongs to marked: the same for
        every page of a section at one depth, so built once for each."""
        from markupsafe import Markup, escape

        key = (
            page["root"],
            page["section"],
            page["path"] if page["path"] == page["section"] else "",
        )
        if key not in self.navigations:
            items = []
            for target, label in SECTIONS:
                current = ""
                if page["section"] == target:
                    current = ' aria-current="{}"'.format(
                        "page" if page["path"] == target else "true"
                    )
                href = escape(page["root"] + target)
                items.append(f'<li><a href="{href}"{current}>{escape(label)}</a></li>')
            self.navigations[key] = Markup("\n".join(items))
        return self.navigations[key]

    def _template(self, name: str) -> Any:
        """The compiled template ``name``, loaded once per build (Jinja would otherwise ask
        the loader whether its file changed on every page)."""
        if name not in self.templates:
            self.templates[name] = self.env.get_template(name)
        return self.templates[name]

    @functools.cached_property
    def known(self) -> dict[str, set[str]]:
        """The ids that have a page, by kind: a reference to anything else is shown as
        text, never as a link that leads nowhere."""
        return {
            "bodies": self.body_ids,
            "meetings": self.meeting_ids,
            "people": self.person_ids,
            "decisions": self.decision_ids,
            "deliberations": self.deliberation_numbers,
            "actions": set(self.actions),
            "organizations": {o.id for o in self.register.organizations},
        }

    # ----------------------------------------------------------------- pages

    def build(self) -> Site:
        from importlib.resources import files

        style = files("prefig.site").joinpath("static", "style.css").read_bytes()
        self.files["assets/style.css"] = style
        self.home()
        self.body_pages()
        self.meeting_pages()
        self.people_pages()
        self.decision_pages()
        self.deliberation_pages()
        self.calendar_pages()
        self.diagram_page()
        self.oparl()
        return Site(dict(sorted(self.files.items())), tuple(self.warnings))

    def home(self) -> None:
        upcoming = next_meetings(self.register, self.now, count=HOME_MEETINGS)
        latest = [
            views.deliberation_entry(self.register, m, i, d)
            for m, i, d in self.deliberations[-HOME_DELIBERATIONS:][::-1]
        ]
        generated = self.options.generated
        self.render(
            "index.html",
            "home.html.j2",
            "index.html",
            upcoming=[views.meeting(self.register, m) for m in upcoming],
            latest=latest,
            today=self.options.today.isoformat(),
            generated=None if generated is None else generated.date().isoformat(),
            counts={
                "bodies": len(self.bodies),
                "meetings": len(self.meetings),
                "people": len(self.people),
                "decisions": len(self.decisions),
                "deliberations": len(self.deliberations),
            },
        )

    def body_pages(self) -> None:
        summaries = [
            views.body_summary(self.register, b, self._meeting_counts) for b in self.bodies
        ]
        levels: dict[int | None, list[views.BodySummary]] = {}
        for summary in sorted(summaries, key=lambda s: (s["level"] is None, s["level"] or 0)):
            levels.setdefault(summary["level"], []).append(summary)
        self.render(
            "instances/index.html",
            "bodies.html.j2",
            "instances/index.html",
            levels=list(levels.items()),
        )
        by_body: dict[str, list[Meeting]] = {}
        for meeting in self.meetings:
            by_body.setdefault(meeting.body, []).append(meeting)
        for body in self.bodies:
            detail = views.body_detail(
                self.register,
                body,
                as_of=self.now,
                meetings=by_body.get(body.id, []),
                meeting_counts=self._meeting_counts,
            )
            changes = composition_changes(body)
            self.render(
                body_page(body.id),
                "body.html.j2",
                "instances/index.html",
                document=detail,
                changes=[d.isoformat() for d in changes],
                shown=None,
            )
            for day in changes:
                self.render(
                    composition_page(body.id, day.isoformat()),
                    "composition.html.j2",
                    "instances/index.html",
                    body=views.body_summary(self.register, body, self._meeting_counts),
                    composition=_composition(self.register, body, day),
                    changes=[d.isoformat() for d in changes],
                    shown=day.isoformat(),
                )

    @functools.cached_property
    def _meeting_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for meeting in self.meetings:
            counts[meeting.body] = counts.get(meeting.body, 0) + 1
        return counts

    def meeting_pages(self) -> None:
        years: dict[int, list[views.MeetingView]] = {}
        decisions_by_meeting: dict[str, list[Decision]] = {}
        for decision in self.decisions:
            if decision.meeting:
                decisions_by_meeting.setdefault(decision.meeting, []).append(decision)
        for meeting in self.meetings:
            view = views.meeting(self.register, meeting)
            years.setdefault(meeting.date.year, []).append(view)
            self.render(
                meeting_page(meeting.id),
                "meeting.html.j2",
                "seances/index.html",
                meeting=view,
                notice=views.notice(self.register, meeting),
                sitting=views.sitting(self.register, meeting),
                decisions=[
                    {"id": d.id, "title": d.title} for d in decisions_by_meeting.get(meeting.id, [])
                ],
                annexes=_annexes(meeting),
                convened_on=meeting.convened_on.isoformat() if meeting.convened_on else None,
            )
        for year, listed in years.items():
            self.render(
                year_page(year), "meetings_year.html.j2", "seances/index.html", year=year,
                meetings=listed,
            )  # fmt: skip
        self.render(
            "seances/index.html",
            "meetings.html.j2",
            "seances/index.html",
            years=[(year, len(listed)) for year, listed in sorted(years.items(), reverse=True)],
        )

    def people_pages(self) -> None:
        summaries = [views.person_summary(self.register, p) for p in self.people]
        self.render(
            "personnes/index.html", "people.html.j2", "personnes/index.html", people=summaries
        )
        self.render(
            "personnes/organisations.html",
            "organizations.html.j2",
            "personnes/index.html",
            organizations=[
                {
                    "id": o.id,
                    "name": o.name,
                    "short_name": o.short_name,
                    "parent": views.ref(self.register, "organizations", o.parent),
                }
                for o in _unique(self.register.organizations)
            ],
        )
        from prefig.query import office_form, seats_of_person

        for person in self.people:
            summary = views.person_summary(self.register, person)
            seats = [
                {
                    "body": {"id": held.body.id, "name": held.body.name},
                    "role": office_form(held.seat, person),
                    "on_behalf_of": views.ref(
                        self.register, "organizations", held.seat.on_behalf_of
                    ),
                    "substitute": held.substitute,
                    "start_date": _iso(held.holding.start_date),
                    "end_date": _iso(held.holding.end_date),
                }
                for held in seats_of_person(self.register, person.id)
            ]
            self.render(
                person_page(person.id),
                "person.html.j2",
                "personnes/index.html",
                person=summary,
                seats=seats,
            )

    def decision_pages(self) -> None:
        today = self.options.today
        listed = [views.decision(self.register, d, as_of=today) for d in self.decisions]
        self.render(
            "decisions/index.html", "decisions.html.j2", "decisions/index.html", decisions=listed
        )
        for view in listed:
            self.render(
                decision_page(view["id"]),
                "decision.html.j2",
                "decisions/index.html",
                decision=view,
            )
        for decision, action in self.actions.values():
            self.render(
                action_page(action.id),
                "action.html.j2",
                "decisions/index.html",
                action=views.action(self.register, decision, action, as_of=today),
                note=action.note,
            )

    def deliberation_pages(self) -> None:
        entries = []
        for meeting, index, deliberation in self.deliberations:
            detail = views.deliberation_detail(self.register, meeting, index, deliberation)
            entries.append(detail["deliberation"])
            self.render(
                deliberation_page(deliberation.number),
                "deliberation.html.j2",
                "deliberations/index.html",
                deliberation=detail["deliberation"],
            )
        self.render(
            "deliberations/index.html",
            "deliberations.html.j2",
            "deliberations/index.html",
            deliberations=entries,
        )

    def calendar_pages(self) -> None:
        from prefig.export.ics import export_ics
        from prefig.monthgrid import default_month, month_grid

        exported = export_ics(self.register, {}, self.options.environ)
        self.files[ICS_FILE] = exported.data
        self.warnings.extend(exported.warnings)
        by_month: dict[tuple[int, int], list[Meeting]] = {}
        for meeting in self.meetings:
            by_month.setdefault((meeting.date.year, meeting.date.month), []).append(meeting)
        months = sorted(by_month)
        for position, (year, month) in enumerate(months):
            grid = month_grid(self.register, year, month, by_month[(year, month)])
            self.render(
                month_page(year, month),
                "month.html.j2",
                "calendrier/index.html",
                grid=_grid(grid),
                previous=months[position - 1] if position > 0 else None,
                following=months[position + 1] if position + 1 < len(months) else None,
            )
        current = default_month(self.register, self.now) if months else None
        base = self.options.base_url
        subscribe = None
        if base is not None:
            subscribe = {
                "https": base + ICS_FILE,
                "webcal": "webcal://" + base.split("://", 1)[1] + ICS_FILE,
            }
        years: dict[int, list[int]] = {}
        for year, month in months:
            years.setdefault(year, []).append(month)
        self.render(
            "calendrier/index.html",
            "calendar.html.j2",
            "calendrier/index.html",
            grid=None
            if current is None
            else _grid(month_grid(self.register, *current, by_month.get(current, []))),
            current=current,
            years=sorted(years.items(), reverse=True),
            month_names=_month_names(),
            subscribe=subscribe,
        )

    def diagram_page(self) -> None:
        from prefig.export.graph import (
            DiagramError,
            governance_graph,
            render_svg,
            to_dot,
            to_mermaid,
        )

        built = governance_graph(self.register)
        # Drawn at build time where Graphviz is installed, as an image beside the page (an
        # <img> runs nothing); otherwise the Mermaid text below is the diagram.
        try:
            svg = render_svg(to_dot(built))
        except DiagramError as err:
            svg = None
            self.warnings.append(f"the governance diagram was not drawn: {err}")
        if svg is not None:
            self.files["gouvernance.svg"] = svg.encode("utf-8")
        levels: dict[int | None, list[Body]] = {}
        for body in sorted(self.bodies, key=lambda b: (b.level is None, b.level or 0)):
            levels.setdefault(body.level, []).append(body)
        relations = [
            {
                "body": {"id": body.id, "name": body.name},
                "kind": relation.kind.value,
                "target": views.ref(self.register, "bodies", relation.body),
            }
            for body in self.bodies
            for relation in body.relations
        ]
        self.render(
            "gouvernance.html",
            "diagram.html.j2",
            "gouvernance.html",
            mermaid=to_mermaid(built),
            levels=[
                (level, [{"id": b.id, "name": b.name} for b in bs]) for level, bs in levels.items()
            ],
            relations=relations,
            drawn=self.options.mermaid_js is not None,
            svg="gouvernance.svg" if svg is not None else None,
        )
        if self.options.mermaid_js is not None:
            from importlib.resources import files

            self.files["assets/mermaid.min.js"] = self.options.mermaid_js
            script = files("prefig.site").joinpath("static", "diagramme.js").read_bytes()
            self.files["assets/diagramme.js"] = script

    def oparl(self) -> None:
        from prefig.export.oparl import oparl_files

        base = (self.options.base_url or DEFAULT_BASE_URL) + OPARL_FOLDER
        prefix = base + "/"
        for url, document in oparl_files(self.register, base):
            # Compact: OParl clients read it, and Python's C encoder (used only without an
            # indent) writes tens of thousands of files several times faster.
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
            self.files[f"{OPARL_FOLDER}/{url.removeprefix(prefix)}"] = text.encode("utf-8")
        if self.options.base_url is None:
            self.warnings.append(
                "no --base-url: the OParl ids are under https://example.invalid/ and the "
                "calendar has no subscription address; give the address the site is "
                "published at."
            )


def _unique(records: Iterable[_R]) -> list[_R]:
    """The records, the first of each id only (a register with a duplicate id, which
    ``prefig check`` reports, still builds: the page is the first record's)."""
    seen: set[str] = set()
    out = []
    for record in records:
        ident = getattr(record, "id")  # noqa: B009  (every record kind has an id)
        if ident not in seen:
            seen.add(ident)
            out.append(record)
    return out


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def composition_changes(body: Body) -> list[dt.date]:
    """The days the body's composition changed: a holder's or substitute's first day, and
    the day after their last; one page per day shows the composition from then on."""
    days: set[dt.date] = set()
    for seat in body.seats:
        for holder in (*seat.holders, *seat.substitutes):
            if holder.start_date is not None:
                days.add(holder.start_date)
            if holder.end_date is not None and holder.end_date < dt.date.max:
                days.add(holder.end_date + dt.timedelta(days=1))
    return sorted(days)


def _composition(register: Register, body: Body, day: dt.date) -> list[views.CompositionGroup]:
    from prefig.query import composition_by_organization, seat_total

    return [
        {
            "organization": views.ref(register, "organizations", org),
            "places": seat_total(s.seat for s in seats),
            "seats": [views.seat_at(s) for s in seats],
        }
        for org, seats in composition_by_organization(register, body, day)
    ]


def _annexes(meeting: Meeting) -> list[dict[str, str]]:
    out = [{"title": a.title, "path": a.path, "item": ""} for a in meeting.annexes]
    for index, item in enumerate(meeting.agenda, start=1):
        number = item.number or str(index)
        out += [{"title": a.title, "path": a.path, "item": number} for a in item.annexes]
    return out


def _grid(grid: Any) -> dict[str, Any]:
    return {
        "year": grid.year,
        "month": grid.month,
        "title": grid.title,
        "weekdays": list(grid.weekdays),
        "weeks": [
            [
                None
                if day is None
                else {
                    "date": day.date.isoformat(),
                    "day": day.date.day,
                    "meetings": [
                        {
                            "id": m.id,
                            "body": m.body,
                            "start_time": _iso_time(m.start_time),
                            "status": m.status.value,
                            "name": m.name,
                        }
                        for m in day.meetings
                    ],
                }
                for day in week
            ]
            for week in grid.weeks
        ],
    }


def _iso_time(value: dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


@functools.cache
def _month_names() -> list[str]:
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=LOCALE)
    return [names[i] for i in range(1, 13)]


def build_site(register: Register, options: SiteOptions) -> Site:
    """Every file of the site, by path (``index.html``, ``seances/ID.html``,
    ``oparl/system.json`` ...), and warnings (an export's, a missing base URL).

    Raises :class:`SiteError` for a bad base URL, and
    :class:`~prefig.export.ExportError` for a bad ``SOURCE_DATE_EPOCH``.
    """
    if options.base_url is not None:
        options = dataclasses.replace(options, base_url=check_site_url(options.base_url))
    return _Builder(register, options).build()
