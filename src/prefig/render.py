"""Meeting documents: the agenda, the public notice and the convocation letters, as Markdown.

Templates run in Jinja's immutable sandbox with ``StrictUndefined``: a template cannot reach
Python internals, and a name it gets wrong is an error, never a blank. The builders here turn
the register into plain template variables (see docs/templates.md): every string that comes
from the register is already escaped for Markdown, every missing piece is either a refusal
(convocations) or a visible placeholder such as ``[heure à préciser]``.

Nothing here prints or exits; problems are raised as :class:`TemplateRenderError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import re
import stat
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NoReturn

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum

from prefig import i18n, query
from prefig.fsutil import document_name
from prefig.load import Register
from prefig.markdown import Safe, escape_markdown
from prefig.model import Body, Meeting, Office, Organization, Party, Person, Seat, Venue
from prefig.readiness import Gap, convocation_deadline, convocation_gaps

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The default templates shipped with prefig."""

KINDS = ("agenda", "notice", "convocation")
TEMPLATE_OF = {kind: f"{kind}.md.j2" for kind in KINDS}

COUNT_GAP_LABEL = "nombre de destinataires à préciser"
QUORUM_GAP_LABEL = "quorum à préciser"


class TemplateRenderError(Exception):
    """A template that cannot be read or rendered; ``where`` is ``file:line`` when known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        super().__init__(f"{self.where}: {message}" if self.where else message)

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Document:
    """A rendered document and the file name it takes in an output folder."""

    name: str
    text: str


# --------------------------------------------------------------------------- Markdown


def placeholder(label: str) -> Safe:
    """A visible gap: ``[heure à préciser]``."""
    return Safe(f"[{label}]")


# --------------------------------------------------------------------------- French


_FEMININE = frozenset(
    (
        "agence",
        "assemblée",
        "autorité",
        "haute",
        "caisse",
        "chambre",
        "collectivité",
        "commission",
        "communauté",
        "conférence",
        "cour",
        "délégation",
        "direction",
        "division",
        "inspection",
        "mairie",
        "métropole",
        "mission",
        "préfecture",
        "présidence",
        "présidente",
        "région",
        "directrice",
        "secrétaire-générale",
        "vice-présidente",
        "conseillère",
        "déléguée",
        "cellule",
        "commune",
        "convention",
        "coordination",
        "fédération",
        "fondation",
        "formation",
        "plénière",
        "section",
        "société",
        "sous-commission",
        "sous-préfecture",
    )
)
_ENTITY = frozenset(
    (
        "agence",
        "assemblée",
        "bureau",
        "cabinet",
        "caisse",
        "chambre",
        "collectivité",
        "comité",
        "commission",
        "communauté",
        "conférence",
        "conseil",
        "cour",
        "délégation",
        "département",
        "direction",
        "division",
        "groupe",
        "groupes",
        "inspection",
        "mairie",
        "métropole",
        "mission",
        "organisations",
        "pôle",
        "préfecture",
        "présidence",
        "région",
        "secrétariat",
        "service",
        "services",
        "syndicat",
    )
)
_H_ASPIRE = frozenset(["haut", "haute", "hauts", "hautes", "hall"])
# Singular nouns that end in -s or -x: "le Congrès", "du Prix", not "les Congrès".
_INVARIABLE_S = frozenset(
    [
        "pays",
        "palais",
        "corps",
        "congrès",
        "concours",
        "parcours",
        "campus",
        "consensus",
        "prix",
        "choix",
        "croix",
        "voix",
        "paix",
        "relais",
        "procès",
        "progrès",
        "repas",
    ]
)
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"


def _first_word(name: str) -> str:
    return name.strip().split(" ")[0].lower() if name.strip() else ""


def _elides(word: str) -> bool:
    if not word:
        return False
    if word[0] in _VOWELS:
        return True
    return word[0] == "h" and word.split("-")[0] not in _H_ASPIRE


def _plural(word: str) -> bool:
    return word.endswith(("s", "x")) and word not in _INVARIABLE_S and len(word) > 3


def article(name: str) -> str:
    """``name`` with its definite article: ``le Comité``, ``la Région``, ``l'État``."""
    word = _first_word(name)
    if _plural(word):
        return f"les {name}"
    if _elides(word):
        return f"l'{name}"
    return f"{'la' if word in _FEMININE else 'le'} {name}"


def of(name: str) -> str:
    """``name`` after ``de``: ``du Comité``, ``de la Région``, ``de l'État``, ``des Groupes``."""
    word = _first_word(name)
    if _plural(word):
        return f"des {name}"
    if _elides(word):
        return f"de l'{name}"
    return f"de la {name}" if word in _FEMININE else f"du {name}"


def join_words(values: Iterable[str], last: str = "et") -> str:
    """``a, b et c``."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def plural(count: int, singular: str, many: str) -> str:
    """``1 membre``, ``5 membres`` (French: 0 and 1 take the singular)."""
    return f"{count} {singular if abs(count) < 2 else many}"


def civility(person: Person) -> str | None:
    """How a letter addresses the person: their ``honorific_prefix``, else from ``gender``."""
    if person.honorific_prefix:
        return person.honorific_prefix
    return {"female": "Madame", "male": "Monsieur"}.get(person.gender or "")


_OF_WORDS = ("de", "du", "des", "d'")


def office_title(role: str, organization: Organization | None) -> str:
    """``Directeur général des services de la Région Languedoc-Roussillon``.

    A role that already names the kind of organisation (``Président de Région``) takes the
    organisation's name in its place: ``Président de la Région Midi-Pyrénées``, not
    ``Président de Région de la Région Midi-Pyrénées``.
    """
    if organization is None:
        return role
    words = role.split()
    kind = _first_word(organization.name)
    if (
        len(words) > 2
        and words[-2].lower() in _OF_WORDS
        and words[-1].lower() in (kind, kind + "s")
    ):
        role = " ".join(words[:-2])
    return f"{role} {of(organization.name)}"


# Titles a letter may call its addressee by ("Monsieur le Président"), masculine and feminine;
# a civility and a title of the other gender (a register that writes "Président" for a woman)
# fall back to the civility alone rather than guess the feminine form.
_MASCULINE_TITLES = frozenset(
    (
        "président",
        "vice-président",
        "directeur",
        "conseiller",
        "délégué",
        "préfet",
        "sous-préfet",
        "maire",
        "adjoint",
        "secrétaire",
        "trésorier",
        "rapporteur",
        "sénateur",
        "député",
        "ministre",
    )
)
_FEMININE_TITLES = frozenset(
    (
        "présidente",
        "vice-présidente",
        "directrice",
        "conseillère",
        "déléguée",
        "préfète",
        "sous-préfète",
        "maire",
        "adjointe",
        "trésorière",
        "rapporteure",
        "sénatrice",
        "députée",
        "ministre",
    )
)
_TITLE_ENDS = frozenset(
    ("de", "du", "des", "d'", "pour", "à", "au", "aux", "en", "chargé", "chargée")
)


def vocative(civility: str | None, role: str) -> str:
    """How a letter calls its addressee: ``Monsieur le Président``, ``Madame la Directrice
    générale``; the civility alone when the role is not a title of the same gender; ``Madame,
    Monsieur`` when the civility is unknown."""
    if not civility:
        return "Madame, Monsieur"
    words = role.split()
    if not words or civility not in ("Madame", "Monsieur"):
        return civility
    head = words[0].lower()
    titles = _FEMININE_TITLES if civility == "Madame" else _MASCULINE_TITLES
    if head not in titles:
        return civility
    kept = [words[0]]
    for word in words[1:]:
        if word.lower() in _TITLE_ENDS or word.lower().startswith("d'"):
            break
        kept.append(word)
    title = " ".join(kept)
    # An epicene noun ("Secrétaire", "Maire") takes its article from the civility.
    return f"{civility} {'la' if civility == 'Madame' else 'le'} {title}"


def office_address(seat: Seat, organization: Organization | None) -> str:
    """How a letter to a seat with no named holder is addressed.

    ``address_as`` when the register sets it. Otherwise a post held by a person whose gender
    is unknown takes the neutral form ``Madame, Monsieur le Directeur général des services de
    la Région ...`` (the title stays in the masculine form the register writes it in); a seat
    that is an entity (a direction, a cabinet, a group) is addressed by its name alone.
    """
    if seat.address_as:
        return seat.address_as
    title = office_title(seat.role, organization)
    if _first_word(seat.role) in _ENTITY:
        return title[0].upper() + title[1:]
    return f"Madame, Monsieur {article(title)}"


_ADDRESSED = re.compile(r"^(Madame|Monsieur) (?:la |le |l')(.+)$")


def office_vocative(seat: Seat) -> str:
    """How a letter to an office calls its reader: from the seat's ``address_as`` when it
    names one civility (``Monsieur le Directeur général des services ...`` gives ``Monsieur
    le Directeur général``), else ``Madame, Monsieur``."""
    match = _ADDRESSED.match(seat.address_as or "")
    if match is None:
        return "Madame, Monsieur"
    return vocative(match.group(1), match.group(2))


# --------------------------------------------------------------------------- the context


def ns(**values: Any) -> SimpleNamespace:
    """A template record: attributes only (no dict methods to collide with field names)."""
    return SimpleNamespace(**values)


def md(value: str | None) -> Safe | None:
    return None if value is None else escape_markdown(value)


def _office_on(person: Person, day: dt.date) -> Office | None:
    """The office ``person`` holds on ``day``, else their first one."""
    for office in person.offices:
        if (office.start_date is None or office.start_date <= day) and (
            office.end_date is None or day <= office.end_date
        ):
            return office
    return person.offices[0] if person.offices else None


def _sentence(text: str) -> str:
    """``text`` ending as a sentence does (a full stop added when it has none)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def _signatory(name: str, title: str) -> SimpleNamespace:
    """One who signs: ``name``, ``title`` (the office) and ``the_title`` (the office with its
    article, as a signature block opens: ``la Présidente de la Région Midi-Pyrénées``)."""
    return ns(
        name=escape_markdown(name),
        title=escape_markdown(title) if title else "",
        the_title=escape_markdown(article(title)) if title else "",
    )


_CAPACITY_LABEL = {"member": "membre", "contributor": "concours", "observer": "observateur"}


@dataclass(frozen=True)
class Recipient:
    """One convocation letter's addressee."""

    number: int
    key: str
    """Stable slug for the file name: the person's id, or the seat's id (``-2`` ...)."""
    kind: str
    """``person``, ``office`` or ``unknown-count``."""
    seat: Seat
    organization: Organization | None
    person: Person | None = None


class Builder:
    """Turns one meeting of a register into template variables."""

    def __init__(
        self,
        register: Register,
        meeting: Meeting,
        *,
        draft: bool = False,
        prepared_on: dt.date | None = None,
    ) -> None:
        self.register = register
        self.meeting = meeting
        self.draft = draft
        self.prepared_on = prepared_on
        """The day the documents are prepared (``--as-of``)."""
        self.locale = register.settings.locale
        body = next((b for b in register.bodies if b.id == meeting.body), None)
        if body is None:
            raise LookupError(
                f"meeting {meeting.id!r} names body {meeting.body!r}, which the register "
                "lacks; run `prefig check`."
            )
        self.body: Body = body
        self.venue: Venue | None = next(
            (v for v in register.venues if v.id == meeting.location), None
        )
        self._orgs = {o.id: o for o in register.organizations}
        self._people = {p.id: p for p in register.people}
        self.composition = query.composition_at(register, body, meeting.date)

    # ----------------------------------------------------------------- gaps

    def gaps(self, kind: str) -> list[Gap]:
        """What the document lacks: for a convocation, every piece it needs (the readiness
        gaps, seats whose number is unknown, a quorum that cannot be counted); for an agenda
        or a notice, the time, the venue and the agenda."""
        if kind == "notice" and not self.takes_place():
            return []  # a notice of cancellation or postponement needs no time, venue, agenda
        found = convocation_gaps(self.register, self.meeting, self.body)
        if kind != "convocation":
            return [g for g in found if g.field != "convened_by"]
        for seat_at in self.composition:
            if seat_at.seat.count is None:
                org = self._orgs.get(seat_at.seat.on_behalf_of or "")
                found.append(
                    Gap(
                        f"seats.{seat_at.seat.id}.count",
                        f"{COUNT_GAP_LABEL} : {office_title(seat_at.seat.role, org)}",
                    )
                )
        if self.body.quorum is not None and self.voting_seats() is None:
            found.append(Gap("quorum", QUORUM_GAP_LABEL))
        return found

    def takes_place(self) -> bool:
        """False for a meeting the register records as cancelled or postponed."""
        return self.meeting.status.value not in ("cancelled", "postponed")

    def _gap_value(self, gaps: Sequence[Gap], field: str) -> Safe | None:
        gap = next((g for g in gaps if g.field == field), None)
        return placeholder(gap.label) if gap else None

    # ----------------------------------------------------------------- pieces

    def voting_seats(self) -> int | None:
        """Voting places (:func:`prefig.query.voting_places`); None when a count is unknown."""
        return query.voting_places(self.body.seats)

    def _meeting(self, gaps: Sequence[Gap]) -> SimpleNamespace:
        m = self.meeting
        start = self._gap_value(gaps, "start_time")
        return ns(
            id=m.id,
            name=md(m.name) or "",
            date=m.date.isoformat(),
            day=i18n.format_day(m.date, self.locale),
            start_time=start or i18n.format_clock(m.start_time or dt.time(), self.locale),
            end_time=i18n.format_clock(m.end_time, self.locale) if m.end_time else "",
            status=m.status.value,
            notes=md(m.notes) or "",
        )

    def _venue(self, gaps: Sequence[Gap]) -> SimpleNamespace:
        missing = self._gap_value(gaps, "location")
        if missing is not None or self.venue is None:
            label = missing or placeholder("lieu à préciser")
            return ns(name=label, room="", address=label, full=label)
        v = self.venue
        town = " ".join(x for x in (v.postal_code, v.locality) if x)
        parts = [x for x in (v.street_address, town, v.country) if x]
        address = (
            escape_markdown(", ".join(parts))
            if v.street_address and v.locality
            else (self._gap_value(gaps, "location.address") or placeholder("adresse à préciser"))
        )
        name = escape_markdown(v.name)
        room = md(v.room) or ""
        full = Safe(", ".join(x for x in (room, name, address) if x))
        return ns(name=name, room=room, address=address, full=full)

    def _agenda(self) -> list[SimpleNamespace]:
        return [
            ns(
                number=escape_markdown(item.number or str(index)),
                name=escape_markdown(item.name),
                note=md(item.note) or "",
            )
            for index, item in enumerate(self.meeting.agenda, start=1)
        ]

    def _party_name(self, party: Party) -> str:
        if party.person and party.person in self._people:
            return self._people[party.person].name
        if party.organization and party.organization in self._orgs:
            return self._orgs[party.organization].name
        if party.body:
            body = next((b for b in self.register.bodies if b.id == party.body), None)
            return body.name if body else party.body
        if party.seat:
            for body in self.register.bodies:
                for seat in body.seats:
                    if seat.id == party.seat:
                        return office_title(seat.role, self._orgs.get(seat.on_behalf_of or ""))
        return party.ref

    def _day(self, day: dt.date | None) -> str:
        return i18n.format_day(day, self.locale) if day is not None else ""

    def _follow_ups(self) -> list[SimpleNamespace]:
        out = []
        for decision, action in query.open_actions(self.register, body=self.body.id):
            out.append(
                ns(
                    id=action.id,
                    description=escape_markdown(_sentence(action.description)),
                    decision=escape_markdown(decision.title),
                    decided_on=self._day(decision.decided_on),
                    status=action.status.value,
                    due_date=self._day(action.due_date),
                    horizon=str(action.horizon) if action.horizon else "",
                    recurring=action.recurring,
                    actors=[escape_markdown(self._party_name(p)) for p in action.actors],
                    addressees=[escape_markdown(self._party_name(p)) for p in action.addressees],
                )
            )
        return out

    def _body(self) -> SimpleNamespace:
        b = self.body
        return ns(
            id=b.id,
            name=escape_markdown(b.name),
            short_name=escape_markdown(b.short_name or b.name),
            of_name=escape_markdown(of(b.name)),
            the_name=escape_markdown(article(b.name)),
            mission=md(b.mission) or "",
            notice_period_days=b.notice_period_days if b.notice_period_days is not None else "",
        )

    def _quorum(self) -> SimpleNamespace | None:
        rule = self.body.quorum
        if rule is None:
            return None
        seats = self.voting_seats()
        if seats is None:
            label = placeholder(QUORUM_GAP_LABEL)
            return ns(members_needed=label, voting_seats=label, text=md(rule.text) or "")
        return ns(
            members_needed=rule.members_needed(seats),
            voting_seats=seats,
            text=md(rule.text) or "",
        )

    def _signatories(self, gaps: Sequence[Gap]) -> list[SimpleNamespace]:
        missing = self._gap_value(gaps, "convened_by")
        if missing is not None:
            return [ns(name=missing, title="", the_title="")]
        out = []
        for party in self.body.convened_by:
            if party.seat:
                seat_at = next((s for s in self.composition if s.seat.id == party.seat), None)
                if seat_at is None:
                    out.append(_signatory(self._party_name(party), ""))
                    continue
                org = self._orgs.get(seat_at.seat.on_behalf_of or "")
                title = office_title(seat_at.seat.role, org)
                if seat_at.holders:
                    out += [_signatory(p.name, title) for p in seat_at.holders]
                else:
                    out.append(_signatory(title[0].upper() + title[1:], ""))
            elif party.person and party.person in self._people:
                person = self._people[party.person]
                office = _office_on(person, self.meeting.date)
                title = (
                    office_title(office.role, self._orgs.get(office.organization)) if office else ""
                )
                out.append(_signatory(person.name, title))
            else:
                out.append(_signatory(self._party_name(party), ""))
        return out

    def issued(self) -> SimpleNamespace:
        """The letter's date: the day the convocation was sent (``convened_on``) when the
        register records it, else the day the documents are prepared (``--as-of``)."""
        day = self.meeting.convened_on or self.prepared_on
        if day is None:
            label = placeholder("date d'envoi à préciser")
            return ns(date="", day=label, text=label)
        return ns(
            date=day.isoformat(),
            day=i18n.format_day(day, self.locale),
            text=i18n.format_date(day, self.locale),
        )

    def base(self, kind: str) -> dict[str, Any]:
        """The variables every document gets."""
        gaps = self.gaps(kind)
        titles = {
            "agenda": "Ordre du jour",
            "notice": "Avis de réunion",
            "convocation": "Convocation",
        }
        if kind == "notice" and not self.takes_place():
            cancelled = self.meeting.status.value == "cancelled"
            titles["notice"] = "Avis d'annulation" if cancelled else "Avis de report"
        return {
            "register": ns(name=escape_markdown(self.register.settings.name), locale=self.locale),
            "document": ns(
                kind=kind,
                title=titles[kind],
                draft=self.draft,
                gaps=[placeholder(g.label) for g in gaps],
            ),
            "body": self._body(),
            "meeting": self._meeting(gaps),
            "venue": self._venue(gaps),
            "agenda": self._agenda(),
            "agenda_missing": self._gap_value(gaps, "agenda") or "",
        }

    def agenda_context(self) -> dict[str, Any]:
        return {**self.base("agenda"), "follow_ups": self._follow_ups()}

    def notice_context(self) -> dict[str, Any]:
        return self.base("notice")

    # ----------------------------------------------------------------- convocations

    def recipients(self) -> list[Recipient]:
        """Everyone convened, in the order of the seats: each named holder, then one letter
        per unnamed place; a seat of unknown count gives one ``unknown-count`` letter. Those
        who sign the convocation (the body's ``convened_by``) are left out."""
        # Who convenes is not convened: a person who signs, or a seat whose holders (or whose
        # office, when none is named) sign, gets no letter signed by themselves.
        signing_seats = {p.seat for p in self.body.convened_by if p.seat}
        signing_people = {p.person for p in self.body.convened_by if p.person}
        out: list[Recipient] = []
        for seat_at in self.composition:
            seat = seat_at.seat
            if seat.id in signing_seats:
                continue
            org = self._orgs.get(seat.on_behalf_of or "")
            for person in seat_at.holders:
                if person.id in signing_people:
                    continue
                out.append(Recipient(len(out) + 1, person.id, "person", seat, org, person))
            unnamed = seat_at.unnamed
            if unnamed is None:
                out.append(Recipient(len(out) + 1, seat.id, "unknown-count", seat, org))
                continue
            for index in range(unnamed):
                key = seat.id if unnamed == 1 else f"{seat.id}-{index + 1}"
                out.append(Recipient(len(out) + 1, key, "office", seat, org))
        return out

    def _recipient(self, r: Recipient) -> SimpleNamespace:
        office = escape_markdown(office_title(r.seat.role, r.organization))
        voting = query.votes(r.seat)
        common = {
            "number": r.number,
            "kind": r.kind,
            "seat": r.seat.id,
            "role": escape_markdown(r.seat.role),
            "organization": escape_markdown(r.organization.name) if r.organization else "",
            "office": office,
            "capacity": r.seat.capacity,
            "voting": voting,
            "capacity_label": _CAPACITY_LABEL[r.seat.capacity]
            if voting or r.seat.capacity != "member"
            else "membre sans voix délibérative",
        }
        if r.person is not None:
            title = civility(r.person)
            name = escape_markdown(r.person.name)
            return ns(
                **common,
                name=name,
                civility=escape_markdown(title) if title else "",
                address=Safe(f"{escape_markdown(title)} {name}") if title else name,
                vocative=escape_markdown(vocative(title, r.seat.role)),
            )
        address = escape_markdown(office_address(r.seat, r.organization))
        if r.kind == "unknown-count":
            address = Safe(f"{address} {placeholder(COUNT_GAP_LABEL)}")
        return ns(
            **common,
            name="",
            civility="",
            address=address,
            vocative=escape_markdown(office_vocative(r.seat)),
        )

    def _convocation_shared(self) -> dict[str, Any]:
        gaps = self.gaps("convocation")
        deadline = convocation_deadline(self.body, self.meeting)
        return {
            **self.base("convocation"),
            "signatories": self._signatories(gaps),
            "issued": self.issued(),
            "quorum": self._quorum(),
            "deadline": i18n.format_day(deadline, self.locale) if deadline else "",
        }

    def convocation_contexts(self) -> list[tuple[Recipient, dict[str, Any]]]:
        """One context per letter: the shared variables plus its ``recipient``."""
        shared = self._convocation_shared()
        return [(r, {**shared, "recipient": self._recipient(r)}) for r in self.recipients()]

    def index_context(self, files: Sequence[str]) -> dict[str, Any]:
        """The index of recipients: the convocation's variables plus ``recipients``, each
        with the ``file`` its letter was written to."""
        rows = [
            ns(**vars(self._recipient(r)), file=escape_markdown(name))
            for r, name in zip(self.recipients(), files, strict=True)
        ]
        return {**self._convocation_shared(), "recipients": rows}


# --------------------------------------------------------------------------- Jinja


def _finalize(value: Any) -> Any:
    # Every ``{{ ... }}`` goes through here: an unset value or a whole record is a template
    # error, never "None" or an object's repr silently printed into an official letter.
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        return value  # printing it raises StrictUndefined's own error, naming the variable
    if value is None:
        raise TemplateRenderError("the template printed an empty value (None)")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str | int | float):
        return value
    raise TemplateRenderError(
        f"the template printed a {type(value).__name__}, not a value; print one of its fields"
    )


FILTERS: dict[str, Callable[..., Any]] = {
    "md": escape_markdown,
    "le": lambda s: Safe(article(str(s))),
    "de": lambda s: Safe(of(str(s))),
    "join_fr": lambda values, last="et": Safe(join_words(values, last)),
    "plural": plural,
    "capitalize_first": lambda s: Safe(str(s)[:1].upper() + str(s)[1:]),
}
"""Filters templates may use, besides Jinja's built-in ones (documented in docs/templates.md)."""


# --------------------------------------------------------------------------- the sandbox
#
# Templates come from the register, which any merge request may change: they are untrusted.
# They run in Jinja's immutable sandbox (no Python internals, no mutation), read files only
# from their own folders (never under .git/), and everything they build is measured before it
# is built: each filter, string method, operator and block capture against a bound of its own,
# and all of them together against one budget per document.

MAX_SEQUENCE = 100_000
"""Longest string or list a template may build with ``*`` or ``+``, and the largest width,
count or number of pieces a template may pass to a filter or a string method."""

MAX_VALUE = 1_000_000
"""Most characters a filter, a string method or a format string may build in one step,
counting what it is given: the characters of its strings, its items and theirs (a list that
repeats one string counts it each time), and how much the operation may grow them."""

MAX_OUTPUT = 10_000_000
"""Most characters one document may have, and one ``~`` or captured block (a macro's output,
``{% set %}...{% endset %}``, ``{% filter %}``, ``caller()``) may join."""

MAX_BUILT = 25_000_000
"""Most characters and items one document's rendering may build in all (every string and list
a filter, a method, an operator, ``~`` or a block makes counts, even when dropped): a loop that
keeps building stops there, not at the machine's memory."""

MAX_INT_BITS = 16_384
"""Largest integer a template may compute with ``*`` or ``**``, in bits (about 4,900 digits)."""

MAX_TEMPLATE_BYTES = 1_048_576
"""Largest template file prefig reads."""

# Filters that pass on (parts of) what they are given, or a number: their result holds
# references, so only how many items they take counts.
_PASSING_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "count", "d", "default", "dictsort", "filesizeformat", "first",
        "float", "groupby", "int", "items", "last", "length", "list", "map", "max", "min",
        "plural", "random", "reject", "rejectattr", "reverse", "round", "safe", "select",
        "selectattr", "slice", "sort", "unique",
    }
)  # fmt: skip
# How many characters a filter that prints may make of one it is given (``escape`` turns
# ``"`` into ``&#34;``, ``tojson`` an astral character into ``\ud83d\ude00``, ``upper`` a
# ``ß`` into ``SS``); a filter not listed here is taken to grow text tenfold.
_GROWTH = {
    "capitalize": 3, "capitalize_first": 3, "center": 1, "de": 1, "e": 5, "escape": 5,
    "forceescape": 5, "indent": 1, "join_fr": 1, "le": 1, "lower": 3, "md": 2, "pprint": 1,
    "string": 1, "striptags": 1, "title": 3, "tojson": 12, "trim": 1, "truncate": 1,
    "upper": 3, "urlencode": 12, "wordcount": 1, "wordwrap": 2, "xmlattr": 10,
}  # fmt: skip
# Filters whose numeric arguments size what they build (``center(10**9)`` is a gigabyte of
# spaces), and string methods likewise.
SIZED_FILTERS = frozenset({"center", "indent", "truncate", "wordwrap", "batch", "slice", "tojson"})
SIZED_STR_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_CASE_METHODS = frozenset({"capitalize", "casefold", "lower", "swapcase", "title", "upper"})
# Members that would make bytes or build text from a table, with no use in a document.
_REFUSED_MEMBERS = {str: frozenset({"encode", "translate", "maketrans"}), int: {"to_bytes"}}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")


class TooLargeError(SecurityError):
    """A template asked to build more than a bound allows; nothing was built."""


def _size(value: Any, limit: int, pad: int = 0) -> int:
    """At most how much ``value`` holds: the characters of its strings, one for each item
    (plus ``pad`` for each level it is nested at, as an indented dump adds), the digits of its
    numbers, through lists, tuples, sets, dicts and records, once per reference. Counting stops
    past ``limit``; every step counts at least one, so it takes at most ``limit`` steps."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        total += 1 + depth * pad
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, int):
            total += item.bit_length() // 3
        elif isinstance(item, range):
            total += 8 * len(item)
        elif isinstance(
            item, Mapping | list | tuple | set | frozenset | SimpleNamespace | Namespace
        ):
            members = vars(item).values() if isinstance(item, SimpleNamespace | Namespace) else item
            total += len(members)
            if total <= limit:
                children = (
                    [*members.keys(), *members.values()]
                    if isinstance(members, Mapping)
                    else members
                )
                stack.extend((child, depth + 1) for child in children)
        else:
            total += 32
    return total


def _printed(value: Any, limit: int) -> int:
    """At most how many characters ``str(value)`` has (a list prints as its ``repr``, which
    may write a character as ``\\U0001f600``)."""
    if isinstance(value, str):
        return len(value)
    return 10 * _size(value, limit // 10 + 1)


def _refuse(what: str, limit: int = MAX_VALUE) -> NoReturn:
    raise TooLargeError(f"{what} would build more than {limit:,} characters")


def _bounded_size(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQUENCE:
        raise TooLargeError(
            f"{what} was given {value:,}, more than templates may use ({MAX_SEQUENCE:,})"
        )


def _bounded_width(digits: str, what: str) -> int:
    if len(digits) > len(str(MAX_SEQUENCE)) or int(digits) > MAX_SEQUENCE:
        raise TooLargeError(
            f"{what} asks for a width of {digits[:12]}{'...' if len(digits) > 12 else ''}, "
            f"more than templates may use ({MAX_SEQUENCE:,})"
        )
    return int(digits)


def _bounded_format(text: str, arguments: Sequence[Any], what: str) -> None:
    """A ``%`` or ``{}`` format string and its arguments must not ask for huge widths, nor
    print big arguments many times (``'{0}{0}{0}'``)."""
    widths = [0]
    for match in _PERCENT_SPEC.finditer(text):
        widths += [_bounded_width(digits, what) for digits in match.groups() if digits]
    for match in _BRACE_SPEC.finditer(text):
        widths += [_bounded_width(digits, what) for digits in _DIGITS.findall(match.group(1))]
    # A width taken from the arguments (``%*s``, ``{0:{1}}``) is checked like a written one.
    if "*" in text or _NESTED_SPEC.search(text):
        for argument in arguments:
            _bounded_size(argument, what)
        widths.append(MAX_SEQUENCE)
    fields = text.count("{") + text.count("%")
    largest = max((_printed(a, MAX_VALUE) for a in arguments), default=0)
    if len(text) + fields * (largest + max(widths)) > MAX_VALUE:
        _refuse(what)


def _bounded_replace(text: Any, old: Any, new: Any, count: Any, what: str) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    times = text.count(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(text) + times * max(0, len(new) - len(old)) > MAX_SEQUENCE:
        _refuse(what, MAX_SEQUENCE)


def _bounded_join(items: Sequence[Any], separator: Any, what: str) -> None:
    """Joining ``items`` (printed) with ``separator`` must stay within bounds."""
    if isinstance(separator, str) and len(separator) * max(0, len(items) - 1) > MAX_SEQUENCE:
        _refuse(what, MAX_SEQUENCE)
    size = 0
    for item in items:
        size += _printed(item, MAX_VALUE)
        if size > MAX_VALUE:
            _refuse(what)


def _bounded_lines(text: str, pad: Any, what: str) -> None:
    """``indent``: ``pad`` (a width or a string) before each line of ``text``."""
    width = len(pad) if isinstance(pad, str) else pad if isinstance(pad, int) else 0
    if len(text) + max(0, width) * (text.count("\n") + 1) > MAX_VALUE:
        _refuse(what)


def _check_filter(name: str, value: Any, rest: Sequence[Any], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call that would build something huge, before it runs."""
    what = f"the filter {name!r}"
    arguments = [*rest, *kwargs.values()]
    if name in SIZED_FILTERS:
        for argument in arguments:
            _bounded_size(argument, what)
    if name in _PASSING_FILTERS:
        if isinstance(value, Sized) and len(value) > MAX_VALUE:
            _refuse(what)
        return
    if name == "format":
        _bounded_format(str(value), arguments, what)
    elif name == "replace":
        count = rest[2] if len(rest) > 2 else kwargs.get("count")
        old = rest[0] if rest else kwargs.get("old")
        new = rest[1] if len(rest) > 1 else kwargs.get("new")
        _bounded_replace(value, old, new, count, what)
    elif name == "sum":
        start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
        if not isinstance(start, int | float):
            raise TooLargeError(f"{what} adds numbers only")
    elif name == "indent":
        pad = rest[0] if rest else kwargs.get("width", 4)
        if isinstance(pad, str) and len(pad) * (str(value).count("\n") + 1) > MAX_SEQUENCE:
            _refuse(what, MAX_SEQUENCE)
        _bounded_lines(str(value), pad, what)
    elif name == "wordwrap":
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring")
        if isinstance(wrap, str) and len(wrap) * (len(str(value)) + 1) > MAX_SEQUENCE:
            _refuse(what, MAX_SEQUENCE)  # a wrap string between every two characters, at most
        if 2 * _printed(value, MAX_VALUE) > MAX_VALUE:
            _refuse(what)
    elif name == "urlize":
        # Each link repeats its address and the attributes given.
        size = _printed(value, MAX_VALUE) * (10 + sum(_printed(a, MAX_VALUE) for a in arguments))
        if size > MAX_VALUE:
            _refuse(what)
    elif name == "tojson":
        indent = rest[0] if rest else kwargs.get("indent")
        pad = indent if isinstance(indent, int) else 0
        if 12 * _size(value, MAX_VALUE, pad) > MAX_VALUE:
            _refuse(what)
    elif name == "pprint":
        if _printed(value, MAX_VALUE) + _size(value, MAX_VALUE, 1) > MAX_VALUE:
            _refuse(what)
    else:
        size = sum(_printed(v, MAX_VALUE) for v in (value, *arguments))
        if size * _GROWTH.get(name, 10) > MAX_VALUE:
            _refuse(what)


def _takes_context_first(function: Callable[..., Any]) -> bool:
    """Whether Jinja calls ``function`` with its context, eval context or environment first.

    The ``pass_context``, ``pass_eval_context`` and ``pass_environment`` decorators mark a
    function with ``jinja_pass_arg``: the one thing here that relies on how Jinja works inside
    (tests render through such filters, ``map`` and ``sum``)."""
    return getattr(function, "jinja_pass_arg", None) is not None


def _check_call(obj: Any, args: Sequence[Any], kwargs: dict[str, Any]) -> Sequence[Any]:
    """A template calling a string method (``'x'.center(10**9)``) or ``lipsum`` gets the same
    bounds as the filters; returns the arguments to call it with (an iterable given to
    ``join`` is read once, to be measured)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if obj is generate_lorem_ipsum:
        bound = inspect.signature(generate_lorem_ipsum).bind(*args, **kwargs)
        bound.apply_defaults()
        words = bound.arguments["n"] * bound.arguments["max"]
        if not isinstance(words, int) or words > MAX_SEQUENCE:
            raise TooLargeError(f"lipsum may write at most {MAX_SEQUENCE:,} words")
        return args
    if not isinstance(owner, str):
        return args
    what = f"str.{name}"
    if name == "join" and len(args) == 1:
        items = list(args[0])
        _bounded_join(items, owner, what)
        return [items]
    if name in SIZED_STR_METHODS:
        for argument in [*args, *kwargs.values()]:
            _bounded_size(argument, what)
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        tabs = owner.count("\t") if name == "expandtabs" and isinstance(tabsize, int) else 0
        if tabs and len(owner) + tabsize * tabs > MAX_VALUE:  # at most a tab's width each
            _refuse(what)
    elif name == "replace":
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        old = args[0] if args else kwargs.get("old")
        new = args[1] if len(args) > 1 else kwargs.get("new")
        _bounded_replace(owner, old, new, count, what)
    elif len(owner) * (3 if name in _CASE_METHODS else 1) > MAX_VALUE:
        _refuse(what)
    return args


def _built(value: Any) -> int:
    """What building ``value`` cost: its length for a string, a list or a dict, else one."""
    return len(value) + 1 if isinstance(value, str | list | tuple | dict | set) else 1


class _BoundedConcat(CodeGenerator):
    """Compiles ``a ~ b`` to a call that measures the result (autoescape is off, so the plain
    join is the only form to replace)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's name)
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every string and list a template builds measured
    first, a budget of :data:`MAX_BUILT` per document (:meth:`start`), and no member that
    makes bytes."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedConcat
    built = 0
    """What the document being rendered has built so far (see :data:`MAX_BUILT`)."""

    def start(self) -> None:
        """A new document: its budget starts afresh."""
        self.built = 0

    def charge(self, size: int, what: str) -> None:
        self.built += size
        if self.built > MAX_BUILT:
            raise TooLargeError(
                f"the template builds more than {MAX_BUILT:,} characters and items in all "
                f"(last: {what})"
            )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        refused = _REFUSED_MEMBERS.get(type(obj), frozenset())
        return attr not in refused and super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator not in self.intercepted_binops:
            return super().call_binop(context, operator, left, right)
        result = _bounded_binop(operator, left, right)
        self.charge(_built(result), f"the operator {operator!r}")
        return result

    def bounded_concat(self, values: Sequence[Any]) -> str:
        # ``{% set ns.x = ns.x ~ ns.x %}`` in a loop doubles a string each time, and ``~``
        # prints a list it is given.
        if sum(_printed(v, MAX_OUTPUT) for v in values) > MAX_OUTPUT:
            raise TooLargeError(f"joining strings past {MAX_OUTPUT:,} characters with ~")
        text = "".join(str(v) for v in values)
        self.charge(len(text), "~")
        return text

    def concat(self, pieces: Iterable[str]) -> str:
        """Joins what a macro, a call or filter block, or ``{% set %}...{% endset %}`` wrote
        (Jinja's compiled code calls this): a macro calling itself twice doubles its output."""
        buffered = list(pieces)
        size = sum(len(piece) for piece in buffered)
        if size > MAX_OUTPUT:
            raise TooLargeError(f"a macro or block grows past {MAX_OUTPUT:,} characters")
        self.charge(size, "a macro or block")
        return "".join(buffered)

    def call(self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        args = tuple(_check_call(__obj, args, kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        if not isinstance(__obj, Macro):  # a macro's output is counted by concat
            self.charge(_built(result), getattr(__obj, "__name__", "a call"))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # ``str.format`` and ``format_map`` are swapped for the sandbox's own version when
        # they are looked up, before any ``call``: bound them there.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, name = value.__self__, value.__name__

        def bounded(*args: Any, **kwargs: Any) -> str:
            values = list(args[0].values()) if name == "format_map" and args else list(args)
            _bounded_format(text, [*values, *kwargs.values()], f"str.{name}")
            return wrapped(*args, **kwargs)

        return bounded

    def bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` refusing arguments that would build something huge, and charging
        what it built."""
        first = 1 if _takes_context_first(function) else 0

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            value, rest = args[first], args[first + 1 :]
            if name == "join":
                value = list(value)
                separator = rest[0] if rest else kwargs.get("d", "")
                _bounded_join(value, separator, f"the filter {name!r}")
                args = (*args[:first], value, *rest)
            else:
                _check_filter(name, value, rest, kwargs)
            result = function(*args, **kwargs)
            self.charge(_built(result), f"the filter {name!r}")
            return result

        return bounded


def _bounded_binop(operator: str, left: Any, right: Any) -> Any:
    # The sandbox guards attributes, not size: ``'a' * 10**10`` would exhaust memory in CI.
    numbers = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        if isinstance(right, int) and abs(right) > 64:
            raise TooLargeError(f"the exponent {right} is larger than templates may use (64)")
        if numbers and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            raise TooLargeError(f"a power past {MAX_INT_BITS:,} bits is not allowed")
        return left**right
    if operator == "+":
        if (
            isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
            and len(left) + len(right) > MAX_SEQUENCE
        ):
            raise TooLargeError(
                f"joining sequences to more than {MAX_SEQUENCE:,} items is not allowed"
            )
        return left + right
    if operator == "%":
        if isinstance(left, str):
            values = right.values() if isinstance(right, Mapping) else right
            _bounded_format(
                left,
                list(values)
                if isinstance(values, Iterable) and not isinstance(values, str)
                else [values],
                "%",
            )
        return left % right
    if numbers and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise TooLargeError(f"a product past {MAX_INT_BITS:,} bits is not allowed")
    for sequence, times in ((left, right), (right, left)):
        if (
            isinstance(sequence, str | bytes | list | tuple)
            and isinstance(times, int)
            and len(sequence) * times > MAX_SEQUENCE
        ):
            raise TooLargeError(
                f"repeating a sequence to more than {MAX_SEQUENCE:,} items is not allowed"
            )
    return left * right


class _ConfinedLoader(BaseLoader):
    """Templates from folders in order, read only where they really are inside their folder
    (symbolic links resolved: a link out of it is refused, as the loader refuses data files
    linked from outside the register), never under ``.git/``, only regular files (a named
    pipe would block the read) of UTF-8 text within :data:`MAX_TEMPLATE_BYTES`."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if ".git" in template.replace("\\", "/").split("/"):
            raise TemplateRenderError(f"template {template!r} is under .git/: {_NO_GIT}")
        pieces = split_template_path(template)
        for folder in self.folders:
            candidate = Path(folder, *pieces)
            if not (candidate.exists() or candidate.is_symlink()):
                continue
            real_folder, resolved = Path(folder).resolve(), candidate.resolve()
            if not resolved.is_relative_to(real_folder):
                raise TemplateRenderError(
                    f"template {template!r} is a symbolic link to {resolved}, outside "
                    f"{folder}; copy the template into the folder instead"
                )
            if ".git" in resolved.relative_to(real_folder).parts:
                raise TemplateRenderError(
                    f"template {template!r} leads to {resolved}, under .git/: {_NO_GIT}"
                )
            shown = _shown(str(candidate), self.folders)
            return _read_template(resolved, template, shown), str(candidate), _fresh
        raise TemplateNotFound(template)


_NO_GIT = "nothing under .git/ is ever readable by a template"


def _fresh() -> bool:
    return True  # auto_reload is off: a template is read once per environment


def _read_template(path: Path, name: str, shown: str) -> str:
    """The text of a template file at ``path`` (already resolved), refusing anything but a
    regular file of UTF-8 text within :data:`MAX_TEMPLATE_BYTES`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise TemplateRenderError(f"template {name!r} cannot be read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise TemplateRenderError(f"template {name!r} is not a regular file")
        raw = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateRenderError(
            f"template {name!r} is larger than the {MAX_TEMPLATE_BYTES:,} bytes a template may "
            "have; split it into smaller templates",
            shown,
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise TemplateRenderError(
            f"byte 0x{raw[err.start]:02x} at column {column} (offset {err.start}) is not valid "
            "UTF-8; a template is UTF-8 text, save it as such",
            shown,
            line,
        ) from None


def environment(search_path: Sequence[Path]) -> Sandbox:
    """A sandboxed Jinja environment loading templates from ``search_path`` in order."""
    env = Sandbox(
        loader=_ConfinedLoader(search_path),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    for name, function in list(env.filters.items()):
        env.filters[name] = env.bounded_filter(name, function)
    return env


def search_path(register_root: Path | None, override: Path | None = None) -> list[Path]:
    """Where templates are looked for: ``--templates DIR``, then the register's
    ``templates/``, then the defaults shipped with prefig (a file missing from one folder
    is taken from the next).

    The register's ``templates/`` must really be a folder inside the register (not the
    register itself, nor under ``.git/``), whatever symbolic link it is: else
    :class:`TemplateRenderError`."""
    paths = [override] if override is not None else []
    if register_root is not None and (register_root / "templates").is_dir():
        folder = register_root / "templates"
        root, real = register_root.resolve(), folder.resolve()
        inside = real.relative_to(root).parts if real.is_relative_to(root) else ()
        if not inside or ".git" in inside:
            where = "the register's own folder" if real == root else "not inside the register"
            raise TemplateRenderError(
                f"{folder} leads to {real}, {where} ({root}); make templates/ a folder of the "
                "register, not a symbolic link to it or out of it"
            )
        paths.append(folder)
    paths.append(PACKAGE_TEMPLATES)
    return paths


def _template_frame(err: BaseException, roots: Sequence[Path]) -> tuple[str | None, int | None]:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None, None
    frame = frames[-1]
    return _shown(frame.filename, roots), frame.lineno


def _shown(filename: str, roots: Sequence[Path]) -> str:
    """A template's path as the user knows it: relative to the current folder, else to
    its templates folder's parent."""
    path = Path(filename).resolve()
    if path.is_relative_to(Path.cwd().resolve()):
        return str(path.relative_to(Path.cwd().resolve()))
    for root in roots:
        if path.is_relative_to(root.resolve()):
            return str(Path(root.name) / path.relative_to(root.resolve()))
    return filename


def render_template(env: Any, name: str, context: dict[str, Any], roots: Sequence[Path]) -> str:
    """Render template ``name``; any failure becomes a :class:`TemplateRenderError` naming the
    template file and line."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import UndefinedError

    try:
        template = env.get_template(name)
    except TemplateNotFound as err:
        raise TemplateRenderError(f"template {err.name!r} not found in {_listing(roots)}") from None
    except TemplateSyntaxError as err:
        raise TemplateRenderError(
            f"template syntax error: {err.message}",
            _shown(err.filename, roots) if err.filename else err.name,
            err.lineno,
        ) from None
    try:
        text = _render_bounded(template, context)
    except TemplateRenderError as err:
        if err.file is not None:  # it names its own file: a template that cannot be read
            raise
        file, line = _template_frame(err, roots)
        shown = file or (_shown(template.filename, roots) if template.filename else name)
        raise TemplateRenderError(err.message, shown, line) from None
    except TooLargeError as err:
        file, line = _template_frame(err, roots)
        file = file or (_shown(template.filename, roots) if template.filename else name)
        raise TemplateRenderError(
            f"the template builds too much: {err} (see docs/templates.md)", file, line
        ) from None
    except SecurityError as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(
            f"the template tried to reach something the sandbox forbids ({err})", file, line
        ) from None
    except UndefinedError as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(
            f"{err.message}; see docs/templates.md for the variables", file, line
        ) from None
    except TemplateSyntaxError as err:  # an imported or included template
        raise TemplateRenderError(
            f"template syntax error: {err.message}",
            _shown(err.filename, roots) if err.filename else err.name,
            err.lineno,
        ) from None
    except TemplateNotFound as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(f"template {err.name!r} not found", file, line) from None
    except RecursionError:
        raise TemplateRenderError("the template recurses without end") from None
    except Exception as err:  # a template's own mistake: 1/0, a bad filter argument ...
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(f"{type(err).__name__}: {err}", file, line) from None
    return text.rstrip("\n") + "\n"


def _render_bounded(template: Any, context: dict[str, Any]) -> str:
    if isinstance(template.environment, Sandbox):
        template.environment.start()
    pieces: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TooLargeError(f"the document grows past {MAX_OUTPUT:,} characters")
        pieces.append(piece)
    return "".join(pieces)


def _listing(roots: Sequence[Path]) -> str:
    return ", ".join(str(r) for r in roots)


# --------------------------------------------------------------------------- documents


def file_name(meeting: Meeting, kind: str, recipient: Recipient | None = None) -> str:
    """The deterministic, safe name of a document in an output folder, different for every
    document of a meeting however long its ids (see :func:`prefig.fsutil.document_name`)."""
    if recipient is not None:
        tail = f"convocation-{recipient.number:02d}-{recipient.key}"
        return document_name(meeting.id, tail, suffix=".md")
    return document_name(meeting.id, kind, suffix=".md")


def render_agenda(builder: Builder, search: Sequence[Path]) -> Document:
    env = environment(search)
    text = render_template(env, TEMPLATE_OF["agenda"], builder.agenda_context(), search)
    return Document(file_name(builder.meeting, "agenda"), text)


def render_notice(builder: Builder, search: Sequence[Path]) -> Document:
    env = environment(search)
    text = render_template(env, TEMPLATE_OF["notice"], builder.notice_context(), search)
    return Document(file_name(builder.meeting, "notice"), text)


def render_convocations(
    builder: Builder, search: Sequence[Path], *, with_index: bool
) -> list[Document]:
    """One letter per recipient, then (``with_index``) the index of recipients."""
    env = environment(search)
    docs = [
        Document(
            file_name(builder.meeting, "convocation", recipient),
            render_template(env, TEMPLATE_OF["convocation"], context, search),
        )
        for recipient, context in builder.convocation_contexts()
    ]
    if with_index:
        context = builder.index_context([d.name for d in docs])
        name = document_name(builder.meeting.id, "convocations-index", suffix=".md")
        docs.append(Document(name, render_template(env, "index.md.j2", context, search)))
    return docs
