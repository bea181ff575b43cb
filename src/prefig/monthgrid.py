"""A month of meetings as a grid of weeks (``prefig meetings calendar``): a view of the
register for people to look at, like :mod:`prefig.views`, not an export.

Weeks start on Monday (ISO 8601, as in France); month and day names come from Babel (CLDR)
in the register's locale. :func:`month_grid` builds the data, :func:`render_plain` writes it
as plain text (the CLI draws a table on a terminal from the same data).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from prefig.load import Register
from prefig.model import MAX_YEAR, MIN_YEAR, Meeting
from prefig.query import next_meetings, previous_meetings, sorted_meetings


@dataclass(frozen=True)
class Day:
    date: dt.date
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    title: str
    """``février 2015``: the month's name in the locale, as a heading."""
    weekdays: tuple[str, ...]
    """Abbreviated day names, Monday first: ``lun.``, ``mar.`` ..."""
    weeks: tuple[tuple[Day | None, ...], ...]
    """Seven cells a week; ``None`` for the days of the neighbouring months."""

    @property
    def days_with_meetings(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d is not None and d.meetings]


def default_month(register: Register, now: dt.datetime) -> tuple[int, int]:
    """The month of the next meeting, else of the last one, else ``now``'s month."""
    upcoming = next_meetings(register, now, include_off=True)
    if upcoming:
        return upcoming[0].date.year, upcoming[0].date.month
    past = previous_meetings(register, now)
    if past:
        return past[0].date.year, past[0].date.month
    return now.year, now.month


def parse_month(value: str) -> tuple[int, int]:
    """``YYYY-MM`` -> (year, month), or ValueError saying what is expected."""
    parts = value.strip().split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
        raise ValueError(f"{value!r} is not a month written YYYY-MM (e.g. 2015-02).")
    try:
        year, month = int(parts[0]), int(parts[1])
    except ValueError:
        raise ValueError(f"{value!r} is not a month written YYYY-MM (e.g. 2015-02).") from None
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} is not a month written YYYY-MM (e.g. 2015-02).")
    if not MIN_YEAR <= year <= MAX_YEAR:
        # The register's dates lie in these years; outside them the grid's first and last
        # weeks would run past what Python's dates can hold (9999-12).
        raise ValueError(f"{value!r} is not a month between {MIN_YEAR} and {MAX_YEAR}.")
    return year, month


def month_grid(
    register: Register, year: int, month: int, meetings: list[Meeting] | None = None
) -> MonthGrid:
    """The grid of ``year``-``month``; ``meetings``, when given, are the register's meetings
    already sorted (:func:`~prefig.query.sorted_meetings`), which spares sorting them again
    for each month of a calendar."""
    from babel.dates import format_skeleton, get_day_names

    locale = register.settings.locale
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in sorted_meetings(register) if meetings is None else meetings:
        if (meeting.date.year, meeting.date.month) == (year, month):
            by_day.setdefault(meeting.date, []).append(meeting)
    names = get_day_names("abbreviated", locale=locale)  # 0 is Monday in Babel
    weeks = tuple(
        tuple(Day(day, tuple(by_day.get(day, ()))) if day.month == month else None for day in week)
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    )
    title = format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)
    return MonthGrid(year, month, title, tuple(names[i] for i in range(7)), weeks)


CELL = 6


def render_plain(grid: MonthGrid, label: dict[str, str]) -> str:
    """The grid as text: a heading, day names, weeks (``13*`` marks a day with meetings),
    then the meetings of the month, one per line. ``label`` maps a meeting id to its text."""
    lines = [grid.title, ""]
    lines.append("".join(name.ljust(CELL) for name in grid.weekdays).rstrip())
    for week in grid.weeks:
        cells = []
        for day in week:
            if day is None:
                cells.append(" " * CELL)
            else:
                mark = "*" if day.meetings else " "
                cells.append(f"{day.date.day:>2}{mark}".ljust(CELL))
        lines.append("".join(cells).rstrip())
    days = grid.days_with_meetings
    if days:
        lines.append("")
        for day in days:
            for meeting in day.meetings:
                lines.append(f"{day.date.day:>2} {label[meeting.id]}")
    return "\n".join(lines) + "\n"
