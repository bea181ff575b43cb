"""Pure queries over a loaded register: lookups, meetings in time, composition at a date.

Nothing here prints; the CLI, the renderers and the exports all build on these.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, Protocol, TypeVar
from zoneinfo import ZoneInfo

from prefig.load import Register
from prefig.model import (
    Action,
    Body,
    Decision,
    Holder,
    Meeting,
    Office,
    Organization,
    Parity,
    Party,
    Person,
    Seat,
)
from prefig.vocab import (
    ActionStatus,
    Capacity,
    Gender,
    MeetingStatus,
    ParityBasis,
    PartyKind,
)

T = TypeVar("T")


class UnknownIdError(LookupError):
    """An id that no record of the kind has; carries the closest ids for "did you mean"."""

    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "."
        super().__init__(f"no {kind} has the id {value!r}{hint}")


def by_id(records: Iterable[T], value: str, kind: str) -> T:
    """The record whose ``id`` is ``value``, or :class:`UnknownIdError` with suggestions."""
    items = list(records)
    for record in items:
        if getattr(record, "id", None) == value:
            return record
    ids = [str(getattr(r, "id", "")) for r in items]
    raise UnknownIdError(kind, value, close_ids(value, ids))


def close_ids(value: str, ids: list[str], n: int = 3) -> list[str]:
    """The ids most like ``value``: those it abbreviates (``cmpt`` for
    ``comite-mixte-pilotage-technique``, as meeting ids do) or is part of, then the closest
    spellings."""
    wanted = value.casefold()
    found = [i for i in ids if wanted and "".join(w[:1] for w in i.split("-")).casefold() == wanted]
    if len(wanted) >= 3:
        found += [i for i in ids if wanted in i.casefold() and i not in found]
    found += [i for i in difflib.get_close_matches(value, ids, n=n, cutoff=0.5) if i not in found]
    return found[:n]


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(register: Register) -> ZoneInfo:
    return _zone(register.settings.timezone)


OFF_STATUSES = frozenset({MeetingStatus.CANCELLED, MeetingStatus.POSTPONED})
"""Statuses of meetings that will not take place on their date."""


def meeting_start(register: Register, meeting: Meeting) -> dt.datetime:
    """When a meeting starts, aware, in the register's time zone (midnight when no time)."""
    return dt.datetime.combine(meeting.date, meeting.start_time or dt.time(), zone(register))


def meeting_end_day(meeting: Meeting) -> dt.date:
    """The day a meeting ends: its ``end_date``, else the next day when its end time is before
    its start time (a sitting from 19:00 to 00:30), else its ``date``."""
    if meeting.end_date is not None:
        return meeting.end_date
    start, end = meeting.start_time, meeting.end_time
    if start is not None and end is not None and end < start:
        return meeting.date + dt.timedelta(days=1)
    return meeting.date


def meeting_end(register: Register, meeting: Meeting) -> dt.datetime:
    """When a meeting ends: its end time on the day it ends (:func:`meeting_end_day`), else
    the end of its last day when it runs over several days, else its start, else the end of
    its day."""
    day = meeting_end_day(meeting)
    if meeting.end_time is not None:
        return dt.datetime.combine(day, meeting.end_time, zone(register))
    if meeting.start_time is not None and meeting.end_date is None:
        return meeting_start(register, meeting)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone(register))


def sorted_meetings(register: Register, meetings: Iterable[Meeting] | None = None) -> list[Meeting]:
    """Meetings in time order (all-day meetings first on their day), then by id."""
    return sorted(
        register.meetings if meetings is None else meetings,
        key=lambda m: (m.date, m.start_time or dt.time.min, m.id),
    )


def next_meetings(
    register: Register,
    after: dt.datetime,
    *,
    body: str | None = None,
    count: int = 1,
    include_off: bool = False,
) -> list[Meeting]:
    """The next ``count`` meetings that have not ended at ``after``; postponed and cancelled
    meetings only with ``include_off`` (they will not take place on their date).

    A meeting with no time of day counts as upcoming for its whole day.
    """
    if after.tzinfo is None:
        after = after.replace(tzinfo=zone(register))
    found = [
        m
        for m in sorted_meetings(register)
        if (body is None or m.body == body)
        and (include_off or m.status not in OFF_STATUSES)
        and meeting_end(register, m) > after
    ]
    return found[:count]


def previous_meetings(
    register: Register, before: dt.datetime, *, body: str | None = None, count: int = 1
) -> list[Meeting]:
    """The last ``count`` meetings that had ended by ``before``, most recent first."""
    if before.tzinfo is None:
        before = before.replace(tzinfo=zone(register))
    found = [
        m
        for m in sorted_meetings(register)
        if (body is None or m.body == body) and meeting_end(register, m) <= before
    ]
    return list(reversed(found))[:count]


class Period(Protocol):
    """Anything that lasts from a ``start_date`` to an ``end_date``, either unset when not
    known: a body, a seat's holder or substitute, an office."""

    @property
    def start_date(self) -> dt.date | None: ...

    @property
    def end_date(self) -> dt.date | None: ...


def in_period(period: Period, day: dt.date | None) -> bool:
    """Whether ``day`` falls in ``period``, both ends inclusive; an unset end is open (the
    register does not know it), and a ``day`` of None is in every period (a holder holds the
    seat "at any time" when no day is asked)."""
    if day is None:
        return True
    return (period.start_date is None or period.start_date <= day) and (
        period.end_date is None or day <= period.end_date
    )


@dataclass(frozen=True)
class SeatAt:
    """A seat as it stood at a date: its named holders and substitutes then, the places
    declared vacant, and the places filled by someone the register does not name."""

    seat: Seat
    holders: tuple[Person, ...]
    """The named holders in office at the date."""
    substitutes: tuple[Person, ...]
    """The named substitutes (suppléants) at the date."""
    vacant: int = 0
    """Places declared vacant at the date (:class:`~prefig.model.Vacancy`), at most ``count``."""

    @property
    def unnamed(self) -> int | None:
        """How many places are filled by someone the register does not name: ``count`` less
        the named holders and the vacant places (None: the count is unknown). Such places
        are members in office, addressed by the seat's role (or ``address_as``)."""
        if self.seat.count is None:
            return None
        return max(self.seat.count - self.vacant - len(self.holders), 0)

    @property
    def in_office(self) -> int | None:
        """Members in office on the seat: named holders and unnamed places, vacant places
        left out (None when the seat's count is unknown)."""
        if self.unnamed is None:
            return None
        return len(self.holders) + self.unnamed

    @property
    def addressed(self) -> int | None:
        """How many unnamed places a convocation goes to: every one when the seat says how
        to address them (``address_as``), none otherwise, since a letter to "Madame, Monsieur
        le Conseiller municipal" reaches nobody (None when the seat's count is unknown)."""
        if self.unnamed is None:
            return None
        return self.unnamed if self.seat.address_as else 0


def seat_at(register: Register, seat: Seat, at: dt.date | None = None) -> SeatAt:
    """One seat at ``at``: holders and substitutes then, and places vacant then.

    A place is vacant only when the register declares it (``vacancies``): a holder whose
    ``end_date`` has passed leaves a place the register does not name, not a vacant one (a
    successor may sit whom the register has not recorded yet, as the next on the list does
    in a conseil municipal). With ``at`` None, holders and vacancies of any date count."""
    people = register.index("people")
    holders = tuple(
        people[h.person] for h in seat.holders if in_period(h, at) and h.person in people
    )
    subs = tuple(
        people[h.person] for h in seat.substitutes if in_period(h, at) and h.person in people
    )
    vacant = sum(v.count for v in seat.vacancies if in_period(v, at))
    if seat.count is not None:
        vacant = min(vacant, seat.count)
    return SeatAt(seat, holders, subs, vacant)


def composition_at(register: Register, body: Body, at: dt.date | None = None) -> list[SeatAt]:
    """The body's seats with the holders in office at ``at`` (every holder when None) and
    the places vacant then (:func:`seat_at`)."""
    return [seat_at(register, seat, at) for seat in body.seats]


def open_actions(
    register: Register, *, body: str | None = None
) -> Iterator[tuple[Decision, Action]]:
    """Follow-up actions not yet done or dropped, with their decision; ``body`` keeps those
    carried by a body (the action's own ``body``, else its decision's)."""
    for decision in register.decisions:
        for action in decision.actions:
            if action.status in (ActionStatus.DONE, ActionStatus.DROPPED):
                continue
            carrier = action.body or decision.body
            if body is not None and carrier != body:
                continue
            yield decision, action


def meetings_of_person(register: Register, person_id: str) -> list[Meeting]:
    """Meetings of every body on which the person holds or substitutes a seat at that date."""
    out = []
    bodies = register.index("bodies")
    for meeting in sorted_meetings(register):
        body: Body | None = bodies.get(meeting.body)
        if body is None:
            continue
        for seat in body.seats:
            if any(
                h.person == person_id and in_period(h, meeting.date)
                for h in (*seat.holders, *seat.substitutes)
            ):
                out.append(meeting)
                break
    return out


# --------------------------------------------------------------------------- filters and lookups


def filter_meetings(
    register: Register,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    body: str | None = None,
    status: MeetingStatus | None = None,
    person: str | None = None,
) -> list[Meeting]:
    """Meetings in time order, on or after ``start`` and on or before ``end`` (days, both
    inclusive), of ``body``, with ``status``, that ``person`` sits at (see
    :func:`meetings_of_person`)."""
    pool = meetings_of_person(register, person) if person is not None else None
    return [
        m
        for m in sorted_meetings(register, pool)
        if (start is None or m.date >= start)
        and (end is None or m.date <= end)
        and (body is None or m.body == body)
        and (status is None or m.status == status)
    ]


def upcoming_and_past(
    register: Register, at: dt.datetime, meetings: Iterable[Meeting]
) -> tuple[list[Meeting], list[Meeting]]:
    """``meetings`` split at ``at``: those not yet ended (soonest first), and those ended
    (most recent first)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone(register))
    upcoming: list[Meeting] = []
    past: list[Meeting] = []
    for meeting in sorted_meetings(register, meetings):
        (upcoming if meeting_end(register, meeting) > at else past).append(meeting)
    return upcoming, list(reversed(past))


class SeatHeld(NamedTuple):
    """A seat a person holds (or substitutes on) in a body, with the period of holding."""

    body: Body
    seat: Seat
    holding: Holder
    substitute: bool


def seats_of_person(
    register: Register, person_id: str, at: dt.date | None = None
) -> list[SeatHeld]:
    """Every seat the person holds or substitutes on, in body order (held at ``at`` when
    given, ever held otherwise)."""
    out: list[SeatHeld] = []
    for body in register.bodies:
        for seat in body.seats:
            for substitute, holders in ((False, seat.holders), (True, seat.substitutes)):
                out += [
                    SeatHeld(body, seat, h, substitute)
                    for h in holders
                    if h.person == person_id and in_period(h, at)
                ]
    return out


def composition_by_organization(
    register: Register, body: Body, at: dt.date | None = None
) -> list[tuple[str | None, list[SeatAt]]]:
    """The composition at ``at`` grouped by the organisation the seats represent, groups in
    the order the body lists them; seats on behalf of no organisation come last (``None``)."""
    groups: dict[str | None, list[SeatAt]] = {}
    for seat_at in composition_at(register, body, at):
        groups.setdefault(seat_at.seat.on_behalf_of, []).append(seat_at)
    ordered: list[tuple[str | None, list[SeatAt]]] = [
        (k, v) for k, v in groups.items() if k is not None
    ]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def votes(seat: Seat) -> bool:
    """Whether ``seat`` carries a vote (voix délibérative): a member seat votes unless the
    register says ``voting_right: false``; contributor and observer seats never vote.

    This is the one definition used by the parity rule, ``bodies show``, the quorum, the
    letters and ``diff``: an unset ``voting_right`` on a member seat means the source says
    nothing against the ordinary case, in which the members of an assembly vote.
    """
    return seat.capacity == Capacity.MEMBER and seat.voting_right is not False


def counts_for_parity(seat: Seat, parity: Parity) -> bool:
    """Whether ``seat`` counts in ``parity``: member seats on the basis ``seats``, voting
    seats (:func:`votes`) on the basis ``voting-seats``."""
    if parity.basis == ParityBasis.VOTING_SEATS:
        return votes(seat)
    return seat.capacity == Capacity.MEMBER


def seat_total(seats: Iterable[Seat]) -> int | None:
    """How many places the seats add up to; None when a count is not known."""
    total = 0
    for seat in seats:
        if seat.count is None:
            return None
        total += seat.count
    return total


def voting_places(seats: Iterable[Seat]) -> int | None:
    """How many voting places the seats add up to (:func:`votes`); None when the count of a
    voting seat is not known."""
    return seat_total(seat for seat in seats if votes(seat))


PARTY_RECORDS = {
    PartyKind.SEAT: "seats",
    PartyKind.PERSON: "people",
    PartyKind.BODY: "bodies",
    PartyKind.ORGANIZATION: "organizations",
}
"""The kind of record each kind of party points at (seats are inside bodies' records)."""


def party_name(register: Register, party: Party) -> str | None:
    """The name of whoever a :class:`Party` points at: a person's or organisation's name,
    a body's name, a seat's role; None when the id is unknown."""
    ref = party.ref
    if party.kind == PartyKind.SEAT:
        for body in register.bodies:
            for seat in body.seats:
                if seat.id == ref:
                    return seat.role
        return None
    record: Person | Organization | Body | None = register.index(PARTY_RECORDS[party.kind]).get(ref)
    return None if record is None else record.name


def decisions_with_action_status(
    register: Register, status: ActionStatus | None = None, *, overdue_at: dt.date | None = None
) -> list[Decision]:
    """Decisions by date (undated last), then id; with ``status``, only those that have a
    follow-up action with that status; with ``overdue_at``, only those that have an action
    overdue on that day (:func:`is_overdue`)."""
    found = [
        d
        for d in register.decisions
        if (status is None or any(a.status == status for a in d.actions))
        and (overdue_at is None or any(is_overdue(a, overdue_at) for a in d.actions))
    ]
    return sorted(found, key=lambda d: (d.decided_on is None, d.decided_on or dt.date.min, d.id))


# --------------------------------------------------------------------------- offices, both genders


class Labelled(Protocol):
    """An office or a seat: a ``role``, and its feminine form when the register gives both."""

    @property
    def role(self) -> str: ...

    @property
    def role_feminine(self) -> str | None: ...


def _label_key(label: str) -> str:
    return " ".join(label.casefold().split())


def office_forms(label: Labelled) -> tuple[str, ...]:
    """The forms an office or seat is written in: ``role``, then ``role_feminine`` when set."""
    if label.role_feminine is None:
        return (label.role,)
    return (label.role, label.role_feminine)


def same_office(label: Labelled, wanted: str) -> bool:
    """Whether ``wanted`` names the office or seat ``label`` in either of its forms, without
    regard to case or repeated spaces (``Adjointe au maire`` names the office whose ``role``
    is ``Adjoint au maire`` and ``role_feminine`` ``Adjointe au maire``)."""
    key = _label_key(wanted)
    return any(_label_key(form) == key for form in office_forms(label))


def office_form(label: Labelled, person: Person | None) -> str:
    """The form of an office or seat to name ``person`` by: ``role_feminine`` for a person
    whose ``gender`` is ``female`` when the register gives it, ``role`` otherwise.

    ``role`` is the form the register records: the masculine when it also records the
    feminine, else the one form it has. With both forms and a person of unknown gender (or
    no person: a place with no named holder), ``role`` is used, the masculine serving as the
    neutral form, as French administrative usage does; prefig never guesses a gender from a
    name or a civility.
    """
    if person is not None and person.gender == Gender.FEMALE and label.role_feminine:
        return label.role_feminine
    return label.role


def person_office(
    person: Person, organization: str | None, wanted: str, at: dt.date | None = None
) -> Office | None:
    """The office of ``person`` named ``wanted`` (either form, :func:`same_office`) in
    ``organization`` (any when None), held at ``at`` (at any time when None)."""
    for office in person.offices:
        if (
            same_office(office, wanted)
            and (organization is None or office.organization == organization)
            and in_period(office, at)
        ):
            return office
    return None


# --------------------------------------------------------------------------- members in office


@dataclass(frozen=True)
class MembersInOffice:
    """A body's members in office at a date (membres en exercice: the seats filled, whether
    the register names their holders or not, vacant places left out), seat by seat."""

    body: Body
    at: dt.date | None
    places: tuple[SeatAt, ...]
    """Every seat of the body, contributors and observers included, in the body's order."""

    @property
    def members(self) -> tuple[SeatAt, ...]:
        """The member seats (capacity ``member``): contributors and observers are not members."""
        return tuple(p for p in self.places if p.seat.capacity == Capacity.MEMBER)

    @property
    def voting(self) -> tuple[SeatAt, ...]:
        """The voting seats (:func:`votes`)."""
        return tuple(p for p in self.places if votes(p.seat))

    @property
    def named(self) -> tuple[tuple[Seat, Person], ...]:
        """Each member seat's named holders in office, with their seat."""
        return tuple((p.seat, person) for p in self.members for person in p.holders)

    @property
    def count(self) -> int | None:
        """How many members are in office (None when a member seat's count is unknown)."""
        return _sum_known(p.in_office for p in self.members)

    @property
    def voting_count(self) -> int | None:
        """How many voting members are in office: what a quorum is counted on."""
        return _sum_known(p.in_office for p in self.voting)

    @property
    def vacant(self) -> int:
        """How many member places are vacant."""
        return sum(p.vacant for p in self.members)


def _sum_known(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def members_in_office(register: Register, body: Body, at: dt.date | None) -> MembersInOffice:
    """The body's members in office at ``at`` (membres en exercice, CGCT L2121-17 for a
    conseil municipal, L4132-13 for a conseil régional): named holders in office, places
    the register does not name and that are not declared vacant; and the vacant places."""
    return MembersInOffice(body, at, tuple(composition_at(register, body, at)))


def quorum_needed(register: Register, body: Body, at: dt.date | None) -> int | None:
    """How many members present make the body's quorum at ``at``: its ``quorum`` fraction of
    the voting members in office (:func:`members_in_office`), vacant places left out. None
    when the body has no quorum rule or a voting seat's count is unknown."""
    if body.quorum is None:
        return None
    voting = members_in_office(register, body, at).voting_count
    if voting is None:
        return None
    return body.quorum.members_needed(voting)


# --------------------------------------------------------------------------- convenors


def convenors(register: Register, meeting: Meeting) -> list[Party]:
    """Who convenes ``meeting``: its own ``convened_by`` when it has one (a delegation, the
    oldest member for an installation sitting), else its body's; empty when neither says."""
    if meeting.convened_by:
        return list(meeting.convened_by)
    body: Body | None = register.index("bodies").get(meeting.body)
    return [] if body is None else list(body.convened_by)


def is_overdue(action: Action, as_of: dt.date) -> bool:
    """Whether ``action`` is overdue at ``as_of``: still ``open`` or ``in-progress`` after its
    ``due_date``, and its status not recorded since that date (``status_date``). The one
    definition used by rule PF501 and ``decisions list --overdue``."""
    return (
        action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        and action.due_date is not None
        and action.due_date < as_of
        and (action.status_date is None or action.status_date <= action.due_date)
    )


def overdue_actions(
    register: Register, as_of: dt.date, *, body: str | None = None
) -> Iterator[tuple[Decision, Action]]:
    """Actions overdue at ``as_of`` (:func:`is_overdue`), with their decision; ``body`` keeps
    those carried by a body, as :func:`open_actions` does."""
    for decision, action in open_actions(register, body=body):
        if is_overdue(action, as_of):
            yield decision, action
