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
    Organization,
    Parity,
    Party,
    Person,
    Seat,
)
from prefig.vocab import ActionStatus, Capacity, MeetingStatus, ParityBasis, PartyKind

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
    """A seat as it stood at a date: its holders then, and the places left unnamed."""

    seat: Seat
    holders: tuple[Person, ...]
    substitutes: tuple[Person, ...]

    @property
    def unnamed(self) -> int | None:
        """How many places of the seat have no named holder (None: the count is unknown)."""
        if self.seat.count is None:
            return None
        return max(self.seat.count - len(self.holders), 0)


def composition_at(register: Register, body: Body, at: dt.date | None = None) -> list[SeatAt]:
    """The body's seats with the holders in office at ``at`` (every holder when None)."""
    people = register.index("people")
    out = []
    for seat in body.seats:
        holders = tuple(
            people[h.person] for h in seat.holders if in_period(h, at) and h.person in people
        )
        subs = tuple(
            people[h.person] for h in seat.substitutes if in_period(h, at) and h.person in people
        )
        out.append(SeatAt(seat, holders, subs))
    return out


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
    register: Register, status: ActionStatus | None = None
) -> list[Decision]:
    """Decisions by date (undated last), then id; with ``status``, only those that have a
    follow-up action with that status."""
    found = [
        d
        for d in register.decisions
        if status is None or any(a.status == status for a in d.actions)
    ]
    return sorted(found, key=lambda d: (d.decided_on is None, d.decided_on or dt.date.min, d.id))
