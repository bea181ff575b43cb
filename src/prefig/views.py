"""The stable JSON shapes of query output (``--json``), built from a loaded register.

Pure functions from records to plain dicts of str, int, bool, None, lists and dicts, ready
for ``json.dumps``: dates and times in ISO 8601, enums as their values, ids next to the names
they resolve to, nothing decorative (no localised dates, no colours). The text output of the
CLI is rendered from these same dicts, so both say the same thing. Each document has a
``version``; the shapes are documented in ``docs/json.md`` and their JSON Schemas live in
``docs/json/``; a field is never removed or renamed without bumping the version. Each shape
is a :class:`~typing.TypedDict` below, so that mypy checks what the text output reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Literal, TypedDict, overload

from prefig.load import Register
from prefig.model import Action, Body, Decision, Deliberation, Meeting, Party, Person, Seat
from prefig.query import (
    SeatAt,
    composition_by_organization,
    counts_for_parity,
    is_overdue,
    meeting_end,
    meeting_start,
    meetings_of_person,
    members_in_office,
    office_form,
    open_actions,
    party_name,
    quorum_needed,
    seat_total,
    seats_of_person,
    upcoming_and_past,
)

VERSION = 1
"""Version of every query document; bumped on an incompatible change."""

# --------------------------------------------------------------------------- shapes
# One TypedDict per shape of docs/json/queries.schema.json (its ``$defs``, named alike), so
# that mypy checks what the text output reads; tests/test_views.py holds the two together.
# Enums are given as their values (plain str), dates and times as ISO 8601 text.


class Ref(TypedDict):
    """A record pointed at: its id, and its name (None when no record has the id)."""

    id: str
    name: str | None


class NamedRef(TypedDict):
    """A record known to exist (the ``ref`` shape, with its name always set)."""

    id: str
    name: str


class PartyView(TypedDict):
    kind: str
    id: str
    name: str | None


class LocationView(TypedDict):
    id: str
    name: str | None
    street_address: str | None
    postal_code: str | None
    locality: str | None
    room: str | None


class AgendaItemView(TypedDict):
    number: str
    name: str
    public: bool | None
    result: str | None


class _Countdown(TypedDict, total=False):
    # A base of its own rather than NotRequired[...]: with postponed annotations, Python 3.11
    # would count a NotRequired key among the required ones at run time.
    seconds_until_start: int
    """Present when the document has ``as_of``: negative once the meeting has started."""


class MeetingView(_Countdown):
    id: str
    name: str | None
    body: Ref
    date: str
    start_time: str | None
    end_time: str | None
    start: str | None
    end: str | None
    timezone: str
    location: LocationView | None
    status: str
    agenda: list[AgendaItemView]
    convened_on: str | None
    notes: str | None


class DecisionRef(TypedDict):
    id: str
    title: str


class ActionView(TypedDict):
    id: str
    decision: DecisionRef
    description: str
    status: str
    actors: list[PartyView]
    addressees: list[PartyView]
    due_date: str | None
    horizon: int | None
    recurring: bool
    body: str | None
    status_date: str | None
    overdue: bool


class SeatView(TypedDict):
    """A seat as it stood at a date (:class:`prefig.query.SeatAt`)."""

    id: str
    role: str
    count: int | None
    capacity: str
    voting_right: bool | None
    holders: list[NamedRef]
    substitutes: list[NamedRef]
    unnamed: int | None
    vacant: int


class BodySummary(TypedDict):
    id: str
    name: str
    short_name: str | None
    level: int | None
    kind: str
    start_date: str | None
    end_date: str | None
    seats: int
    meetings: int


class CompositionGroup(TypedDict):
    organization: Ref | None
    places: int | None
    seats: list[SeatView]


class ParitySide(Ref):
    places: int | None


class ParityView(TypedDict):
    between: list[ParitySide]
    basis: str
    note: str | None


class CadenceView(TypedDict):
    frequency: str
    text: str | None
    note: str | None


class LegalBasisView(TypedDict):
    title: str
    reference: str | None
    url: str | None


class RelationView(TypedDict):
    kind: str
    body: Ref | None
    organizations: list[Ref]
    note: str | None


class QuorumView(TypedDict):
    """A body's quorum rule and what it comes to at the document's date
    (:func:`prefig.query.quorum_needed`)."""

    numerator: int
    denominator: int
    comparison: str
    text: str | None
    needed: int | None


class BodyDetail(BodySummary):
    mission: str | None
    objectives: list[str]
    responsible: list[PartyView]
    convened_by: list[PartyView]
    composition: list[CompositionGroup]
    parity: list[ParityView]
    cadence: CadenceView | None
    legal_basis: list[LegalBasisView]
    relations: list[RelationView]
    notice_period_days: int | None
    members_in_office: int | None
    vacant: int
    quorum: QuorumView | None


class OfficeView(TypedDict):
    role: str
    organization: Ref
    start_date: str | None
    end_date: str | None


class PersonSummary(TypedDict):
    id: str
    name: str
    honorific_prefix: str | None
    offices: list[OfficeView]


class SeatRef(TypedDict):
    id: str
    role: str
    on_behalf_of: str | None


class SeatHeldView(TypedDict):
    body: NamedRef
    seat: SeatRef
    substitute: bool
    start_date: str | None
    end_date: str | None


class PersonDetail(PersonSummary):
    given_name: str | None
    family_name: str | None
    seats: list[SeatHeldView]


class DecisionView(TypedDict):
    id: str
    title: str
    decided_on: str | None
    decided_by: list[PartyView]
    body: Ref | None
    meeting: str | None
    text: str | None
    actions: list[ActionView]


# The documents, one per command: each starts with its version and kind.

MeetingFilters = TypedDict(
    "MeetingFilters",
    {
        "from": str | None,
        "to": str | None,
        "body": str | None,
        "status": str | None,
        "person": str | None,
    },
)
"""The filters of ``meetings list``, as given (``from`` is a keyword: hence this form)."""


class DecisionFilters(TypedDict):
    status: str | None
    overdue: bool


class NextMeetingsDocument(TypedDict):
    version: int
    kind: Literal["meetings-next"]
    as_of: str
    timezone: str
    body: Ref | None
    upcoming: list[MeetingView]
    latest_past: MeetingView | None


class MeetingsDocument(TypedDict):
    version: int
    kind: Literal["meetings"]
    filters: MeetingFilters
    meetings: list[MeetingView]


class NoticeView(TypedDict):
    required_days: int
    counting: str
    article: str | None
    urgency: bool
    last_day: str
    given_days: int | None
    late: bool
    described: str


class VoteView(TypedDict):
    """A deliberation's vote: the counts as given, else as many as named
    (:meth:`prefig.model.Vote.count`), and the names where the register gives them."""

    unanimous: bool
    in_favour: int
    against: int
    abstentions: int
    not_taking_part: int
    voted_for: list[Ref]
    voted_against: list[Ref]
    abstained: list[Ref]
    did_not_take_part: list[Ref]


class DeliberationView(TypedDict):
    number: str
    title: str | None
    outcome: str
    vote: VoteView | None
    rapporteur: Ref | None
    transmitted_on: str | None
    published_on: str | None
    enforceable_on: str | None


class MeetingRef(TypedDict):
    id: str
    date: str


class ItemRef(TypedDict):
    number: str
    name: str


class DeliberationEntry(DeliberationView):
    """A deliberation where it was taken: its body, sitting and agenda item."""

    body: Ref
    meeting: MeetingRef
    item: ItemRef


class DeliberationDetail(DeliberationEntry):
    decisions: list[DecisionRef]


class AttendeeView(TypedDict):
    """One member's attendance at a sitting."""

    person: Ref
    status: str
    proxy_to: Ref | None
    proxy_written: bool | None
    arrived_before_item: str | None
    left_before_item: str | None


class AttendanceCounts(TypedDict):
    present: int
    represented: int
    excused: int
    absent: int


class SittingQuorumView(TypedDict):
    """The quorum at the opening of the sitting (:func:`prefig.sitting.quorum_at`)."""

    present: int
    needed: int | None
    reached: bool | None


class SittingItemView(TypedDict):
    """What came of one agenda item, and who could vote on it."""

    number: str
    name: str
    present: int
    represented: int
    deliberation: DeliberationView | None


class SittingView(TypedDict):
    president: Ref | None
    secretary: Ref | None
    counts: AttendanceCounts
    attendance: list[AttendeeView]
    quorum: SittingQuorumView
    second_convocation_of: str | None
    items: list[SittingItemView]


class MeetingDocument(TypedDict):
    version: int
    kind: Literal["meeting"]
    as_of: str
    meeting: MeetingView
    notice: NoticeView | None
    sitting: SittingView | None
    decisions: list[DecisionRef]


class BodiesDocument(TypedDict):
    version: int
    kind: Literal["bodies"]
    bodies: list[BodySummary]


class BodyDocument(TypedDict):
    version: int
    kind: Literal["body"]
    as_of: str
    body: BodyDetail
    upcoming_meetings: list[MeetingView]
    past_meetings: list[MeetingView]
    open_actions: list[ActionView]


class PeopleDocument(TypedDict):
    version: int
    kind: Literal["people"]
    people: list[PersonSummary]


class PersonDocument(TypedDict):
    version: int
    kind: Literal["person"]
    as_of: str
    person: PersonDetail
    upcoming_meetings: list[MeetingView]


class DeliberationFilters(TypedDict):
    body: str | None
    year: int | None
    outcome: str | None
    unpublished: bool


class DeliberationsDocument(TypedDict):
    version: int
    kind: Literal["deliberations"]
    filters: DeliberationFilters
    deliberations: list[DeliberationEntry]


class DeliberationDocument(TypedDict):
    version: int
    kind: Literal["deliberation"]
    deliberation: DeliberationDetail


class DecisionsDocument(TypedDict):
    version: int
    kind: Literal["decisions"]
    as_of: str
    filters: DecisionFilters
    decisions: list[DecisionView]


class DecisionDocument(TypedDict):
    version: int
    kind: Literal["decision"]
    as_of: str
    decision: DecisionView


def _iso(value: dt.date | dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


@overload
def ref(register: Register, kind: str, ident: str) -> Ref: ...
@overload
def ref(register: Register, kind: str, ident: str | None) -> Ref | None: ...
def ref(register: Register, kind: str, ident: str | None) -> Ref | None:
    """``{"id", "name"}`` of a record pointed at, ``name`` None when the id is unknown."""
    if ident is None:
        return None
    record = register.index(kind).get(ident)
    return {"id": ident, "name": None if record is None else record.name}


def party(register: Register, value: Party) -> PartyView:
    return {"kind": value.kind.value, "id": value.ref, "name": party_name(register, value)}


# --------------------------------------------------------------------------- meetings


def meeting(
    register: Register, record: Meeting, *, as_of: dt.datetime | None = None
) -> MeetingView:
    """One meeting; with ``as_of``, ``seconds_until_start`` (negative once started)."""
    venue = None if record.location is None else register.index("venues").get(record.location)
    start = meeting_start(register, record)
    out: MeetingView = {
        "id": record.id,
        "name": record.name,
        "body": ref(register, "bodies", record.body),
        "date": record.date.isoformat(),
        "start_time": _iso(record.start_time),
        "end_time": _iso(record.end_time),
        "start": start.isoformat() if record.start_time is not None else None,
        "end": (meeting_end(register, record).isoformat() if record.end_time is not None else None),
        "timezone": register.settings.timezone,
        "location": (
            None
            if record.location is None
            else {
                "id": record.location,
                "name": venue.name if venue else None,
                "street_address": venue.street_address if venue else None,
                "postal_code": venue.postal_code if venue else None,
                "locality": venue.locality if venue else None,
                "room": venue.room if venue else None,
            }
        ),
        "status": record.status.value,
        "agenda": [
            {
                "number": item.number or str(index),
                "name": item.name,
                "public": item.public,
                "result": item.result,
            }
            for index, item in enumerate(record.agenda, start=1)
        ],
        "convened_on": _iso(record.convened_on),
        "notes": record.notes,
    }
    if as_of is not None:
        out["seconds_until_start"] = int((start - as_of).total_seconds())
    return out


def next_meetings(
    register: Register,
    upcoming: list[Meeting],
    latest: Meeting | None,
    *,
    as_of: dt.datetime,
    body: str | None,
) -> NextMeetingsDocument:
    """``meetings next``: the upcoming meetings, and the most recent past one (so that a
    register with nothing ahead still says something)."""
    return {
        "version": VERSION,
        "kind": "meetings-next",
        "as_of": as_of.isoformat(),
        "timezone": register.settings.timezone,
        "body": ref(register, "bodies", body),
        "upcoming": [meeting(register, m, as_of=as_of) for m in upcoming],
        "latest_past": None if latest is None else meeting(register, latest, as_of=as_of),
    }


def meeting_list(
    register: Register, meetings: list[Meeting], filters: MeetingFilters
) -> MeetingsDocument:
    return {
        "version": VERSION,
        "kind": "meetings",
        "filters": filters,
        "meetings": [meeting(register, m) for m in meetings],
    }


def meeting_detail(register: Register, record: Meeting, *, as_of: dt.datetime) -> MeetingDocument:
    """``meetings show``: the meeting, and the decisions taken in it."""
    decisions = [d for d in register.decisions if d.meeting == record.id]
    return {
        "version": VERSION,
        "kind": "meeting",
        "as_of": as_of.isoformat(),
        "meeting": meeting(register, record, as_of=as_of),
        "notice": notice(register, record),
        "sitting": sitting(register, record),
        "decisions": [{"id": d.id, "title": d.title} for d in decisions],
    }


def _people_refs(register: Register, ids: list[str]) -> list[Ref]:
    return [ref(register, "people", i) for i in ids]


def deliberation_view(register: Register, record: Deliberation) -> DeliberationView:
    """A deliberation: its number, outcome, vote, rapporteur and legal follow-up dates."""
    vote = record.vote
    return {
        "number": record.number,
        "title": record.title,
        "outcome": record.outcome.value,
        "vote": (
            None
            if vote is None
            else {
                "unanimous": vote.unanimous,
                "in_favour": vote.count("in_favour"),
                "against": vote.count("against"),
                "abstentions": vote.count("abstentions"),
                "not_taking_part": vote.count("not_taking_part"),
                "voted_for": _people_refs(register, vote.voted_for),
                "voted_against": _people_refs(register, vote.voted_against),
                "abstained": _people_refs(register, vote.abstained),
                "did_not_take_part": _people_refs(register, vote.did_not_take_part),
            }
        ),
        "rapporteur": ref(register, "people", record.rapporteur),
        "transmitted_on": _iso(record.transmitted_on),
        "published_on": _iso(record.published_on),
        "enforceable_on": _iso(record.enforceable_on),
    }


def has_sitting(record: Meeting) -> bool:
    """Whether the register records anything of the sitting itself."""
    return bool(
        record.attendance
        or record.president
        or record.secretary
        or any(item.deliberation is not None for item in record.agenda)
    )


def sitting(register: Register, record: Meeting) -> SittingView | None:
    """What happened at the sitting: attendance, officers, quorum at the opening, and per
    agenda item who could vote and the deliberation; None when nothing of it is recorded."""
    from prefig import sitting as counting
    from prefig.vocab import AttendanceStatus

    if not has_sitting(record):
        return None
    opening = counting.quorum_at(register, record, 0)
    return {
        "president": ref(register, "people", record.president),
        "secretary": ref(register, "people", record.secretary),
        "counts": {
            "present": len(counting.with_status(record, AttendanceStatus.PRESENT)),
            "represented": len(counting.with_status(record, AttendanceStatus.REPRESENTED)),
            "excused": len(counting.with_status(record, AttendanceStatus.EXCUSED)),
            "absent": len(counting.with_status(record, AttendanceStatus.ABSENT)),
        },
        "attendance": [
            {
                "person": ref(register, "people", e.person),
                "status": e.status.value,
                "proxy_to": ref(register, "people", e.proxy_to),
                "proxy_written": e.proxy_written,
                "arrived_before_item": e.arrived_before_item,
                "left_before_item": e.left_before_item,
            }
            for e in record.attendance
        ],
        "quorum": {
            "present": opening.present,
            "needed": opening.needed,
            "reached": opening.reached,
        },
        "second_convocation_of": record.second_convocation_of,
        "items": [
            {
                "number": counting.item_number(item, index),
                "name": item.name,
                "present": len(counting.present_at(record, index)),
                "represented": len(counting.represented_at(record, index)),
                "deliberation": (
                    None
                    if item.deliberation is None
                    else deliberation_view(register, item.deliberation)
                ),
            }
            for index, item in enumerate(record.agenda)
        ],
    }


def notice(register: Register, record: Meeting) -> NoticeView | None:
    """What the body's notice period asks of ``record`` (:func:`prefig.readiness.notice_verdict`,
    the verdict the rules, ``render`` and ``diff`` give); None when the body sets none."""
    from prefig.readiness import notice_verdict

    body = register.index("bodies").get(record.body)
    verdict = None if body is None else notice_verdict(body, record)
    if verdict is None:
        return None
    return {
        "required_days": verdict.required,
        "counting": verdict.rule.counting,
        "article": verdict.rule.article,
        "urgency": verdict.urgency,
        "last_day": verdict.last_day.isoformat(),
        "given_days": verdict.given,
        "late": verdict.late,
        "described": verdict.describe(),
    }


# --------------------------------------------------------------------------- bodies


def body_summary(
    register: Register, record: Body, meeting_counts: Mapping[str, int] | None = None
) -> BodySummary:
    """A body in brief; ``meeting_counts`` (meetings by body id), when given, spares a pass
    over every meeting for each body."""
    if meeting_counts is None:
        meeting_counts = Counter(m.body for m in register.meetings if m.body == record.id)
    return {
        "id": record.id,
        "name": record.name,
        "short_name": record.short_name,
        "level": record.level,
        "kind": record.kind.value,
        "start_date": _iso(record.start_date),
        "end_date": _iso(record.end_date),
        "seats": len(record.seats),
        "meetings": meeting_counts.get(record.id, 0),
    }


def body_list(register: Register) -> BodiesDocument:
    counts = Counter(m.body for m in register.meetings)
    return {
        "version": VERSION,
        "kind": "bodies",
        "bodies": [body_summary(register, b, counts) for b in register.bodies],
    }


def _person_ref(person: Person) -> NamedRef:
    return {"id": person.id, "name": person.name}


def seat_at(seat: SeatAt) -> SeatView:
    """A seat at a date; ``role`` in its holder's form (:func:`prefig.query.office_form`)
    when the seat is one place held by one named person, as written otherwise."""
    one = seat.holders[0] if seat.seat.count == 1 and len(seat.holders) == 1 else None
    return {
        "id": seat.seat.id,
        "role": office_form(seat.seat, one),
        "count": seat.seat.count,
        "capacity": seat.seat.capacity.value,
        "voting_right": seat.seat.voting_right,
        "holders": [_person_ref(p) for p in seat.holders],
        "substitutes": [_person_ref(p) for p in seat.substitutes],
        "unnamed": seat.unnamed,
        "vacant": seat.vacant,
    }


def action(register: Register, decision: Decision, record: Action, *, as_of: dt.date) -> ActionView:
    """A follow-up action, ``overdue`` as of ``as_of`` (:func:`prefig.query.is_overdue`)."""
    return {
        "id": record.id,
        "decision": {"id": decision.id, "title": decision.title},
        "description": record.description,
        "status": record.status.value,
        "actors": [party(register, p) for p in record.actors],
        "addressees": [party(register, p) for p in record.addressees],
        "due_date": _iso(record.due_date),
        "horizon": record.horizon,
        "recurring": record.recurring,
        "body": record.body,
        "status_date": _iso(record.status_date),
        "overdue": is_overdue(record, as_of),
    }


def body_detail(
    register: Register,
    record: Body,
    *,
    as_of: dt.datetime,
    meetings: Iterable[Meeting] | None = None,
    meeting_counts: Mapping[str, int] | None = None,
) -> BodyDocument:
    """``bodies show``: everything about a body, its composition as it stood on ``as_of``.

    ``meetings`` (the body's meetings) and ``meeting_counts`` (meetings by body id), when
    given, spare a pass over every meeting of the register: a site shows every body."""
    groups = composition_by_organization(register, record, as_of.date())
    in_office = members_in_office(register, record, as_of.date())
    quorum = record.quorum
    if meetings is None:
        meetings = (m for m in register.meetings if m.body == record.id)
    upcoming, past = upcoming_and_past(register, as_of, meetings)
    seats_by_org = {org: seats for org, seats in groups}
    return {
        "version": VERSION,
        "kind": "body",
        "as_of": as_of.isoformat(),
        "body": {
            **body_summary(register, record, meeting_counts),
            "mission": record.mission,
            "objectives": list(record.objectives),
            "responsible": [party(register, p) for p in record.responsible],
            "convened_by": [party(register, p) for p in record.convened_by],
            "composition": [
                {
                    "organization": ref(register, "organizations", org),
                    "places": seat_total(s.seat for s in seats),
                    "seats": [seat_at(s) for s in seats],
                }
                for org, seats in groups
            ],
            "parity": [
                {
                    "between": [
                        {
                            **ref(register, "organizations", org),
                            "places": seat_total(
                                s.seat
                                for s in seats_by_org.get(org, [])
                                if counts_for_parity(s.seat, p)
                            ),
                        }
                        for org in p.between
                    ],
                    "basis": p.basis.value,
                    "note": p.note,
                }
                for p in record.parity
            ],
            "cadence": (
                None
                if record.cadence is None
                else {
                    "frequency": record.cadence.frequency.value,
                    "text": record.cadence.text,
                    "note": record.cadence.note,
                }
            ),
            "legal_basis": [
                {"title": b.title, "reference": b.reference, "url": b.url}
                for b in record.legal_basis
            ],
            "relations": [
                {
                    "kind": r.kind.value,
                    "body": ref(register, "bodies", r.body),
                    "organizations": [ref(register, "organizations", o) for o in r.organizations],
                    "note": r.note,
                }
                for r in record.relations
            ],
            "notice_period_days": record.notice_period_days,
            "members_in_office": in_office.count,
            "vacant": in_office.vacant,
            "quorum": (
                None
                if quorum is None
                else {
                    "numerator": quorum.numerator,
                    "denominator": quorum.denominator,
                    "comparison": quorum.comparison.value,
                    "text": quorum.text,
                    "needed": quorum_needed(register, record, as_of.date()),
                }
            ),
        },
        "upcoming_meetings": [meeting(register, m, as_of=as_of) for m in upcoming],
        "past_meetings": [meeting(register, m, as_of=as_of) for m in past],
        "open_actions": [
            action(register, d, a, as_of=as_of.date())
            for d, a in open_actions(register, body=record.id)
        ],
    }


# --------------------------------------------------------------------------- people


def person_summary(register: Register, record: Person) -> PersonSummary:
    return {
        "id": record.id,
        "name": record.name,
        "honorific_prefix": record.honorific_prefix,
        "offices": [
            {
                "role": office_form(o, record),
                "organization": ref(register, "organizations", o.organization),
                "start_date": _iso(o.start_date),
                "end_date": _iso(o.end_date),
            }
            for o in record.offices
        ],
    }


def people_list(register: Register) -> PeopleDocument:
    return {
        "version": VERSION,
        "kind": "people",
        "people": [person_summary(register, p) for p in register.people],
    }


def _seat_ref(seat: Seat, person: Person) -> SeatRef:
    """A seat ``person`` holds, its ``role`` in their form (:func:`prefig.query.office_form`)."""
    return {"id": seat.id, "role": office_form(seat, person), "on_behalf_of": seat.on_behalf_of}


def person_detail(register: Register, record: Person, *, as_of: dt.datetime) -> PersonDocument:
    """``people show``: offices, every seat held (with its period), upcoming meetings."""
    upcoming, _ = upcoming_and_past(register, as_of, meetings_of_person(register, record.id))
    return {
        "version": VERSION,
        "kind": "person",
        "as_of": as_of.isoformat(),
        "person": {
            **person_summary(register, record),
            "given_name": record.given_name,
            "family_name": record.family_name,
            "seats": [
                {
                    "body": {"id": held.body.id, "name": held.body.name},
                    "seat": _seat_ref(held.seat, record),
                    "substitute": held.substitute,
                    "start_date": _iso(held.holding.start_date),
                    "end_date": _iso(held.holding.end_date),
                }
                for held in seats_of_person(register, record.id)
            ],
        },
        "upcoming_meetings": [meeting(register, m, as_of=as_of) for m in upcoming],
    }


# --------------------------------------------------------------------------- decisions


def decision(register: Register, record: Decision, *, as_of: dt.date) -> DecisionView:
    return {
        "id": record.id,
        "title": record.title,
        "decided_on": _iso(record.decided_on),
        "decided_by": [party(register, p) for p in record.decided_by],
        "body": ref(register, "bodies", record.body),
        "meeting": record.meeting,
        "text": record.text,
        "actions": [action(register, record, a, as_of=as_of) for a in record.actions],
    }


def decision_list(
    register: Register, decisions: list[Decision], filters: DecisionFilters, *, as_of: dt.datetime
) -> DecisionsDocument:
    """``decisions list``: the decisions, their actions ``overdue`` as of ``as_of``."""
    return {
        "version": VERSION,
        "kind": "decisions",
        "as_of": as_of.isoformat(),
        "filters": filters,
        "decisions": [decision(register, d, as_of=as_of.date()) for d in decisions],
    }


def decision_detail(
    register: Register, record: Decision, *, as_of: dt.datetime
) -> DecisionDocument:
    """``decisions show``: a decision, its actions ``overdue`` as of ``as_of``."""
    return {
        "version": VERSION,
        "kind": "decision",
        "as_of": as_of.isoformat(),
        "decision": decision(register, record, as_of=as_of.date()),
    }


# --------------------------------------------------------------------------- deliberations


def deliberation_entry(
    register: Register, record: Meeting, index: int, deliberation: Deliberation
) -> DeliberationEntry:
    from prefig.sitting import item_number

    item = record.agenda[index]
    return {
        **deliberation_view(register, deliberation),
        "body": ref(register, "bodies", record.body),
        "meeting": {"id": record.id, "date": record.date.isoformat()},
        "item": {"number": item_number(item, index), "name": item.name},
    }


def deliberation_list(
    register: Register,
    found: list[tuple[Meeting, int, Deliberation]],
    filters: DeliberationFilters,
) -> DeliberationsDocument:
    """``deliberations list``: in the order of the sittings and of their agendas."""
    return {
        "version": VERSION,
        "kind": "deliberations",
        "filters": filters,
        "deliberations": [deliberation_entry(register, m, i, d) for m, i, d in found],
    }


def deliberation_detail(
    register: Register, record: Meeting, index: int, deliberation: Deliberation
) -> DeliberationDocument:
    """``deliberations show``: a deliberation and the decisions that point at it."""
    return {
        "version": VERSION,
        "kind": "deliberation",
        "deliberation": {
            **deliberation_entry(register, record, index, deliberation),
            "decisions": [
                {"id": d.id, "title": d.title}
                for d in register.decisions
                if d.deliberation == deliberation.number
            ],
        },
    }
