"""The register as OParl 1.1 objects (``prefig export oparl``).

OParl names every object by a URL. A register has no server, so ids are built under a base
URL (``--base-url``, default :data:`DEFAULT_BASE_URL`, in the ``.invalid`` top-level domain
that RFC 2606 reserves so that it can never resolve to somebody else's site):
``<base>/<type>/<register id>``, e.g. ``https://example.invalid/oparl/meeting/cpr-2015-03-10``.

Mapping (see ``docs/exports.md``):

* the register -> one System and one Body;
* each body of the register -> an Organization (``organizationType`` ``Gremium``, the kind
  as ``classification``, the seats' roles as ``post``);
* each organisation -> an Organization (``Institution``, ``Fraktion`` for political groups,
  ``subOrganizationOf`` its parent);
* each named holder or substitute of a seat -> a Membership of the body's Organization
  (``onBehalfOf`` the seat's organisation, ``votingRight`` when known);
* each person -> a Person, with their memberships embedded;
* each venue -> a Location; each meeting -> a Meeting with its Location and AgendaItems
  embedded (a meeting with no time of day spans its whole day: ``start`` at local midnight,
  ``end`` at the next midnight).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from prefig.export import Exported, ExportError, Options, dump_json, terms
from prefig.export.events import venue_text
from prefig.load import Register
from prefig.model import (
    AgendaItem,
    Body,
    Meeting,
    MeetingStatus,
    Organization,
    OrganizationKind,
    Venue,
)
from prefig.query import meeting_end, meeting_start, sorted_meetings
from prefig.sitting import VOTED
from prefig.vocab import OUTCOME_WORDS, AttendanceStatus

OPARL = "https://schema.oparl.org/1.1/"
DEFAULT_BASE_URL = "https://example.invalid/oparl"

ORGANIZATION_TYPE = {
    OrganizationKind.POLITICAL_GROUP: "Fraktion",
    OrganizationKind.ADMINISTRATION: "Verwaltungsbereich",
    OrganizationKind.OTHER: "Sonstiges",
}
"""OParl's suggested ``organizationType`` words; other kinds of organisation are
``Institution``, and the register's bodies are ``Gremium``."""


class BaseUrlError(ExportError):
    """The base URL is not an absolute http(s) URL."""


def check_base_url(base_url: str) -> str:
    """``base_url`` without its trailing slash, or :class:`BaseUrlError`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BaseUrlError(
            f"--base-url {base_url!r} must be an absolute http:// or https:// URL without "
            "query or fragment (OParl ids are URLs)."
        )
    return base_url.rstrip("/")


class _Ids:
    """``<base>/<kind>/<parts...><suffix>``: the URL of an object or a list. A static site
    gives its ids the suffix ``.json``, so that any web host serves them as JSON files."""

    def __init__(self, base: str, suffix: str = "") -> None:
        self.base = base
        self.suffix = suffix

    def __call__(self, kind: str, *parts: str | int) -> str:
        return "/".join((self.base, kind, *(str(p) for p in parts))) + self.suffix


def _typed(kind: str, object_id: str, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": object_id, "type": f"{OPARL}{kind}"}
    out.update({k: v for k, v in fields.items() if v is not None and v != []})
    return out


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _location(ids: _Ids, venue: Venue, meetings: list[Meeting]) -> dict[str, Any]:
    return _typed(
        "Location",
        ids("location", venue.id),
        description=venue_text(venue),
        streetAddress=venue.street_address,
        room=venue.room,
        postalCode=venue.postal_code,
        locality=venue.locality,
        meetings=[ids("meeting", m.id) for m in meetings if m.location == venue.id],
    )


def _memberships(ids: _Ids, body: Body) -> list[dict[str, Any]]:
    out = []
    for seat in body.seats:
        for role_suffix, holders in (("", seat.holders), ("substitute", seat.substitutes)):
            for holder, term in zip(holders, terms(holders), strict=True):
                parts = [body.id, seat.id, holder.person] + ([role_suffix] if role_suffix else [])
                if term > 1:  # the same person holding the seat again, for another period
                    parts.append(f"term-{term}")
                out.append(
                    _typed(
                        "Membership",
                        ids("membership", *parts),
                        person=ids("person", holder.person),
                        organization=ids("organization", body.id),
                        role=seat.role + (" (suppléance)" if role_suffix else ""),
                        votingRight=seat.voting_right,
                        startDate=_date(holder.start_date),
                        endDate=_date(holder.end_date),
                        onBehalfOf=ids("organization", seat.on_behalf_of)
                        if seat.on_behalf_of
                        else None,
                    )
                )
    return out


def _body_organization(
    ids: _Ids, body_url: str, body: Body, memberships: list[dict[str, Any]]
) -> dict[str, Any]:
    posts = list(dict.fromkeys(seat.role for seat in body.seats))
    own_url = ids("organization", body.id)
    return _typed(
        "Organization",
        own_url,
        body=body_url,
        name=body.name,
        shortName=body.short_name,
        membership=[m["id"] for m in memberships if m["organization"] == own_url],
        post=posts,
        organizationType="Gremium",
        classification=str(body.kind),
        startDate=_date(body.start_date),
        endDate=_date(body.end_date),
        keyword=[f"level-{body.level}"] if body.level is not None else None,
    )


def _organization(ids: _Ids, body_url: str, org: Organization) -> dict[str, Any]:
    return _typed(
        "Organization",
        ids("organization", org.id),
        body=body_url,
        name=org.name,
        shortName=org.short_name,
        subOrganizationOf=ids("organization", org.parent) if org.parent else None,
        organizationType=ORGANIZATION_TYPE.get(org.classification, "Institution"),
        classification=str(org.classification),
    )


def _result(item: AgendaItem) -> str | None:
    """``AgendaItem.result``: the register's words, else the deliberation's number, outcome
    and vote (``Délibération 2026-031 : adoptée (17 pour, 2 contre, 2 abstentions)``)."""
    deliberation = item.deliberation
    if item.result is not None or deliberation is None:
        return item.result
    said = f"Délibération {deliberation.number} : {OUTCOME_WORDS[deliberation.outcome]}"
    vote = deliberation.vote
    if vote is None or deliberation.outcome not in VOTED:
        return said
    if vote.unanimous:
        return f"{said} à l'unanimité"
    counts = [
        f"{vote.count('in_favour')} pour",
        f"{vote.count('against')} contre",
        f"{vote.count('abstentions')} abstention{'s' * (vote.count('abstentions') > 1)}",
    ]
    return f"{said} ({', '.join(counts)})"


def _meeting(
    register: Register, ids: _Ids, meeting: Meeting, location: dict[str, Any] | None
) -> dict[str, Any]:
    meeting_url = ids("meeting", meeting.id)
    bodies = {b.id: b for b in register.bodies}
    owner = bodies.get(meeting.body)
    items = [
        _typed(
            "AgendaItem",
            ids("agendaitem", meeting.id, order),
            meeting=meeting_url,
            number=item.number or str(order),
            order=order,
            name=item.name,
            public=item.public,
            consultation=(
                ids("consultation", item.deliberation.number) if item.deliberation else None
            ),
            result=_result(item),
        )
        for order, item in enumerate(meeting.agenda, start=1)
    ]
    return _typed(
        "Meeting",
        meeting_url,
        name=meeting.name or (owner.name if owner else meeting.body),
        meetingState=str(meeting.status),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        start=meeting_start(register, meeting).isoformat(),
        end=meeting_end(register, meeting).isoformat(),
        location=location,
        organization=[ids("organization", meeting.body)],
        # Those who took part: the members present, for all or part of the sitting.
        participant=[
            ids("person", e.person)
            for e in meeting.attendance
            if e.status == AttendanceStatus.PRESENT
        ],
        agendaItem=items,
    )


def _papers(register: Register, ids: _Ids, body_url: str) -> list[dict[str, Any]]:
    """One Paper per deliberation, with its Consultation: the agenda item and meeting that
    decided it (``authoritative``: the body took the decision, it did not only advise)."""
    from prefig.sitting import deliberations

    papers = []
    for meeting, index, deliberation in deliberations(register):
        paper_url = ids("paper", deliberation.number)
        consultation = _typed(
            "Consultation",
            ids("consultation", deliberation.number),
            paper=paper_url,
            agendaItem=ids("agendaitem", meeting.id, index + 1),
            meeting=ids("meeting", meeting.id),
            organization=[ids("organization", meeting.body)],
            authoritative=True,
            role="Décision",
        )
        papers.append(
            _typed(
                "Paper",
                paper_url,
                body=body_url,
                name=deliberation.title or meeting.agenda[index].name,
                reference=deliberation.number,
                date=meeting.date.isoformat(),
                paperType="Délibération",
                consultation=[consultation],
            )
        )
    return papers


def oparl_document(
    register: Register, base_url: str = DEFAULT_BASE_URL, *, suffix: str = ""
) -> dict[str, Any]:
    """Every OParl object of the register, grouped by type under lower-case keys:
    ``system``, ``body`` (one object each), then lists ``organization``, ``person``,
    ``membership``, ``meeting``, ``agendaItem``, ``location``, ``paper`` (one per
    deliberation, with its consultation). Every id and list URL ends with ``suffix``."""
    ids = _Ids(check_base_url(base_url), suffix)
    body_url = ids("body", "0")
    meetings = sorted_meetings(register)
    memberships = [m for body in register.bodies for m in _memberships(ids, body)]
    locations = {v.id: _location(ids, v, meetings) for v in register.venues}

    system = _typed(
        "System",
        ids("system"),
        oparlVersion=OPARL,
        body=ids("bodies"),
        name=register.settings.name,
    )
    body = _typed(
        "Body",
        body_url,
        system=ids("system"),
        name=register.settings.name,
        organization=ids("body", "0", "organizations"),
        person=ids("body", "0", "people"),
        meeting=ids("body", "0", "meetings"),
        paper=ids("body", "0", "papers"),
        membership=ids("body", "0", "memberships"),
        locationList=ids("body", "0", "locations"),
        agendaItem=ids("body", "0", "agendaitems"),
    )
    body["legislativeTerm"] = []  # required; the register knows of no legislative term
    organizations = [_body_organization(ids, body_url, b, memberships) for b in register.bodies] + [
        _organization(ids, body_url, o) for o in register.organizations
    ]
    people = []
    for person in register.people:
        own = [m for m in memberships if m.get("person") == ids("person", person.id)]
        people.append(
            _typed(
                "Person",
                ids("person", person.id),
                body=body_url,
                name=person.name,
                familyName=person.family_name,
                givenName=person.given_name,
                formOfAddress=person.honorific_prefix,
                gender=person.gender,
                email=[person.email] if person.email else None,
                status=list(dict.fromkeys(office.role for office in person.offices)),
                membership=own,
            )
        )
    meeting_objects = [
        _meeting(register, ids, m, locations.get(m.location or "")) for m in meetings
    ]
    return {
        "system": system,
        "body": body,
        "organization": organizations,
        "person": people,
        "membership": memberships,
        "meeting": meeting_objects,
        "agendaItem": [item for m in meeting_objects for item in m.get("agendaItem", [])],
        "location": list(locations.values()),
        "paper": _papers(register, ids, body_url),
    }


def export_oparl(register: Register, options: Options) -> Exported:
    """``prefig export oparl``: :func:`oparl_document` under ``options["base_url"]`` as
    JSON."""
    base_url = options.get("base_url") or DEFAULT_BASE_URL
    return Exported(dump_json(oparl_document(register, base_url)).encode("utf-8"))


PAGE_SIZE = 100
"""Objects per page of a static OParl list."""

_LISTS = (
    ("organizations", "organization"),
    ("people", "person"),
    ("meetings", "meeting"),
    ("papers", "paper"),
    ("memberships", "membership"),
    ("locations", "location"),
    ("agendaitems", "agendaItem"),
)
"""The lists the Body links to: the last part of their URL, and the key of
:func:`oparl_document` they list."""


def _standalone(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``obj`` and every OParl object embedded in it, at any depth (each has an id of its
    own, so each gets a file of its own)."""
    yield obj
    for value in obj.values():
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict) and "type" in inner and "id" in inner:
                yield from _standalone(inner)


def _pages(
    ids: _Ids, parts: tuple[str, ...], objects: list[dict[str, Any]], page_size: int
) -> Iterator[tuple[str, dict[str, Any]]]:
    """An OParl list (OParl 1.1, "Objektlisten"): its first page at the list's own URL,
    the next ones at ``<list>/page-N``, each with ``pagination`` and ``links``."""
    total = max(1, -(-len(objects) // page_size))

    def url(page: int) -> str:
        return ids(*parts) if page == 1 else ids(*parts, f"page-{page}")

    for page in range(1, total + 1):
        links = {"first": url(1)}
        if page > 1:
            links["prev"] = url(page - 1)
        if page < total:
            links["next"] = url(page + 1)
        links["last"] = url(total)
        chunk = objects[(page - 1) * page_size : page * page_size]
        yield (
            url(page),
            {
                "data": chunk,
                "pagination": {
                    "totalElements": len(objects),
                    "elementsPerPage": page_size,
                    "currentPage": page,
                    "totalPages": total,
                },
                "links": links,
            },
        )


def oparl_files(
    register: Register, base_url: str, *, page_size: int = PAGE_SIZE
) -> list[tuple[str, dict[str, Any]]]:
    """The register as a static OParl API under ``base_url``: ``(url, JSON document)`` for
    every object (embedded ones included) at the URL its id gives, and every list the System
    and the Body link to, paginated by ``page_size``. Ids end with ``.json`` so that a plain
    web host serves them with a JSON media type; the file of a URL is its path below
    ``base_url``."""
    ids = _Ids(check_base_url(base_url), ".json")
    document = oparl_document(register, base_url, suffix=".json")
    out: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    roots: list[dict[str, Any]] = [document["system"], document["body"]]
    for key in ("organization", "person", "membership", "location", "meeting", "paper"):
        roots.extend(document[key])
    for meeting in document["meeting"]:
        # Embedded, a Location leaves out its back-reference to the meetings held there (as
        # OParl's embedded objects may): its own file lists them.
        if "location" in meeting:
            meeting["location"] = {k: v for k, v in meeting["location"].items() if k != "meetings"}
    for root in roots:
        for obj in _standalone(root):
            if obj["id"] not in seen:
                seen.add(obj["id"])
                out.append((obj["id"], obj))
    out.extend(_pages(ids, ("bodies",), [document["body"]], page_size))
    for last, key in _LISTS:
        out.extend(_pages(ids, ("body", "0", last), document[key], page_size))
    return out
