"""Dates and calendar: periods that end before they start, meetings that end before they begin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel

from prefig.rules import Context, Finding, rule


def _periods(ctx: Context) -> Iterator[tuple[BaseModel, tuple[str | int, ...], object, object]]:
    reg = ctx.register
    for body in reg.bodies:
        yield body, (), body.start_date, body.end_date
        for s, seat in enumerate(body.seats):
            for group in ("holders", "substitutes"):
                for h, holder in enumerate(getattr(seat, group)):
                    yield body, ("seats", s, group, h), holder.start_date, holder.end_date
    for person in reg.people:
        for o, office in enumerate(person.offices):
            yield person, ("offices", o), office.start_date, office.end_date
    for meeting in reg.meetings:
        yield meeting, (), meeting.start_time, meeting.end_time


@rule("PF301", "end-before-start")
def end_before_start(ctx: Context) -> Iterator[Finding]:
    """Something ends before it starts: a meeting's end time, a body's, a seat holder's or an
    office's end date.

    ## What it does
    Checks that `end_time` is after `start_time` on every meeting, and that `end_date` is on
    or after `start_date` on bodies, seat holders, substitutes and offices.

    ## Why is this bad?
    An inverted period is a typo (a swapped pair, a wrong year); calendars and composition
    "as it stood at a date" would be wrong.

    ## Example
    ```yaml
    - id: copil-2015-02-13
      date: 2015-02-13
      start_time: "14:00"
      end_time: "12:00"
    ```

    ## Use instead
    ```yaml
      start_time: "10:00"
      end_time: "12:00"
    ```
    """
    for record, path, start, end in _periods(ctx):
        if start is None or end is None:
            continue
        if isinstance(start, dt.time) and isinstance(end, dt.time):
            if end <= start:
                yield ctx.at(
                    record,
                    *path,
                    "end_time",
                    message=f"end_time {end:%H:%M} is not after start_time {start:%H:%M}; "
                    "swap or correct them.",
                )
        elif isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            yield ctx.at(
                record,
                *path,
                "end_date",
                message=f"end_date {end.isoformat()} is before start_date "
                f"{start.isoformat()}; swap or correct them.",
            )
