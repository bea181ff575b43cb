"""What happened at a sitting: who was present at each agenda item, who was represented, the
quorum, the deliberations in the register's order.

Pure functions over the records of :mod:`prefig.model`, shared by the rules of the PF6xx
family, the queries and the documents. An agenda item is found by its position; its number is
as written, else its rank (``1``, ``2`` ...), as the agenda prints it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from prefig.load import Register
from prefig.model import AgendaItem, Attendance, Deliberation, Meeting
from prefig.query import quorum_needed, sorted_meetings
from prefig.readiness import Gap
from prefig.vocab import AttendanceStatus, DeliberationOutcome, MeetingStatus

VOTED = frozenset({DeliberationOutcome.ADOPTED, DeliberationOutcome.REJECTED})
"""Outcomes of a deliberation the assembly voted on (withdrawn and postponed items are not
put to the vote)."""


def item_number(item: AgendaItem, index: int) -> str:
    """An agenda item's number: as written, else its rank on the agenda."""
    return item.number or str(index + 1)


def item_index(meeting: Meeting, number: str) -> int | None:
    """The position of the agenda item numbered ``number``, None when no item has it."""
    for index, item in enumerate(meeting.agenda):
        if item_number(item, index) == number:
            return index
    return None


def is_present_at(meeting: Meeting, entry: Attendance, index: int) -> bool:
    """Whether the member of ``entry`` was present at the item at ``index`` (0: the opening):
    present, arrived by then and not yet left. An item number the agenda does not have is
    ignored (the rules report it)."""
    if entry.status != AttendanceStatus.PRESENT:
        return False
    if entry.arrived_before_item is not None:
        arrived = item_index(meeting, entry.arrived_before_item)
        if arrived is not None and index < arrived:
            return False
    if entry.left_before_item is not None:
        left = item_index(meeting, entry.left_before_item)
        if left is not None and index >= left:
            return False
    return True


def present_at(meeting: Meeting, index: int) -> list[Attendance]:
    """The members present at the item at ``index`` (0 is also the opening of the sitting)."""
    return [e for e in meeting.attendance if is_present_at(meeting, e, index)]


def represented_at(meeting: Meeting, index: int) -> list[Attendance]:
    """The members represented at the item at ``index``: their proxy's holder is present."""
    present = {e.person for e in present_at(meeting, index)}
    return [
        e
        for e in meeting.attendance
        if e.status == AttendanceStatus.REPRESENTED and e.proxy_to in present
    ]


def with_status(meeting: Meeting, status: AttendanceStatus) -> list[Attendance]:
    """The attendance entries of ``status``, in the register's order."""
    return [e for e in meeting.attendance if e.status == status]


@dataclass(frozen=True)
class QuorumAt:
    """The quorum at one moment of a sitting."""

    index: int
    """Position of the agenda item (0: the opening)."""
    present: int
    """Members present."""
    needed: int | None
    """Members present the body's quorum needs; None when it has no quorum rule or its
    members in office are not all counted."""

    @property
    def reached(self) -> bool | None:
        """Whether the quorum was reached; None when it cannot be told."""
        return None if self.needed is None else self.present >= self.needed


def quorum_at(register: Register, meeting: Meeting, index: int) -> QuorumAt:
    """The quorum at the item at ``index`` of ``meeting``: proxies do not count towards it
    (CGCT L2121-17, L4132-13)."""
    body = register.index("bodies").get(meeting.body)
    needed = None if body is None else quorum_needed(register, body, meeting.date)
    return QuorumAt(index, len(present_at(meeting, index)), needed)


def deliberations(
    register: Register, meetings: list[Meeting] | None = None
) -> Iterator[tuple[Meeting, int, Deliberation]]:
    """Every deliberation, with its meeting and item position, in the order of the sittings
    and of their agendas."""
    for meeting in sorted_meetings(register, meetings):
        for index, item in enumerate(meeting.agenda):
            if item.deliberation is not None:
                yield meeting, index, item.deliberation


def deliberation_sequence(number: str) -> tuple[int, int]:
    """A deliberation number's year and rank: ``2026-042`` -> (2026, 42)."""
    year, rank = number.split("-", 1)
    return int(year), int(rank)


def is_held(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.HELD


def week_after(day: dt.date) -> dt.date:
    """The last day of the week that follows ``day`` (L2121-15, L2121-25: "dans la semaine")."""
    return day + dt.timedelta(days=7)


def sitting_gaps(meeting: Meeting) -> list[Gap]:
    """What the record of a sitting (its procès-verbal) lacks: who attended, who presided,
    the secretary (L2121-15), what came of each agenda item (a deliberation or a ``result``).
    Fields: ``attendance``, ``president``, ``secretary``, ``outcome.N`` (N the item's number)."""
    gaps: list[Gap] = []
    if not meeting.attendance:
        gaps.append(Gap("attendance", "présences à préciser"))
    if meeting.president is None:
        gaps.append(Gap("president", "président de séance à préciser"))
    if meeting.secretary is None:
        gaps.append(Gap("secretary", "secrétaire de séance à préciser"))
    for index, item in enumerate(meeting.agenda):
        if item.deliberation is None and item.result is None:
            number = item_number(item, index)
            gaps.append(Gap(f"outcome.{number}", f"suite donnée au point {number} à préciser"))
    return gaps


def filter_deliberations(
    register: Register,
    *,
    body: str | None = None,
    year: int | None = None,
    outcome: DeliberationOutcome | None = None,
    unpublished: bool = False,
) -> list[tuple[Meeting, int, Deliberation]]:
    """The deliberations (:func:`deliberations`) of ``body``, taken in ``year`` (the
    sitting's), with ``outcome``, and, with ``unpublished``, those without ``published_on``."""
    return [
        (meeting, index, deliberation)
        for meeting, index, deliberation in deliberations(register)
        if (body is None or meeting.body == body)
        and (year is None or meeting.date.year == year)
        and (outcome is None or deliberation.outcome == outcome)
        and not (unpublished and deliberation.published_on is not None)
    ]


def deliberation_by_number(register: Register, number: str) -> tuple[Meeting, int, Deliberation]:
    """The deliberation numbered ``number``, with its meeting and item position, or
    :class:`~prefig.query.UnknownIdError` naming the closest numbers."""
    from prefig.query import UnknownIdError, close_ids

    found = list(deliberations(register))
    for meeting, index, deliberation in found:
        if deliberation.number == number:
            return meeting, index, deliberation
    numbers = [d.number for _, _, d in found]
    raise UnknownIdError("deliberation", number, close_ids(number, numbers))
