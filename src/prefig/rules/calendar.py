"""Dates and calendar: inverted periods, meetings left planned, clashes and gaps in a cadence."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from pydantic import BaseModel

from prefig.diagnostics import Severity
from prefig.model import Body, Meeting
from prefig.rules import Context, Finding, rule
from prefig.vocab import MeetingStatus

_LIVE = (MeetingStatus.PLANNED, MeetingStatus.HELD)
"""Statuses of meetings that take (or took) place: cancelled and postponed ones do not clash."""


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


# A meeting whose end time is before its start time ends the next day (a council sitting
# from 19:00 to 00:30); past this many hours it is more likely a typo than a night sitting.
MAX_NIGHT_SITTING = dt.timedelta(hours=12)


def _meeting_times(meeting: Meeting, start: dt.time, end: dt.time) -> str | None:
    """What is wrong with a meeting's times, if anything."""
    from prefig.query import meeting_end_day

    began = dt.datetime.combine(meeting.date, start)
    ended = dt.datetime.combine(meeting_end_day(meeting), end)
    if ended <= began:
        return (
            f"end_time {end:%H:%M} is not after start_time {start:%H:%M} on the day it ends; "
            "swap or correct them."
        )
    if meeting.end_date is None and end < start and ended - began > MAX_NIGHT_SITTING:
        return (
            f"end_time {end:%H:%M} is before start_time {start:%H:%M}, so the meeting would end "
            "the next day, more than 12 hours later; correct the times, or set end_date if it "
            "really runs that long."
        )
    return None


@rule("PF301", "end-before-start")
def end_before_start(ctx: Context) -> Iterator[Finding]:
    """Something ends before it starts: a meeting's end time, a body's, a seat holder's or an
    office's end date.

    ## What it does
    Checks that a meeting ends after it starts, and that `end_date` is on or after
    `start_date` on bodies, seat holders, substitutes and offices. A meeting's `end_time`
    before its `start_time` means it ends the next day (a sitting from 19:00 to 00:30), up to
    12 hours after it starts; beyond that, or when `end_date` says it ends the same day, the
    times are reported. A session over several days sets `end_date`.

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
            assert isinstance(record, Meeting)
            message = _meeting_times(record, start, end)
            if message is not None:
                yield ctx.at(record, *path, "end_time", message=message)
        elif isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            yield ctx.at(
                record,
                *path,
                "end_date",
                message=f"end_date {end.isoformat()} is before start_date "
                f"{start.isoformat()}; swap or correct them.",
            )


@rule("PF302", "meeting-not-closed", severity=Severity.WARNING)
def meeting_not_closed(ctx: Context) -> Iterator[Finding]:
    """A meeting whose day is past is still `planned`: never marked held, cancelled or
    postponed.

    ## What it does
    Compares each `planned` meeting's date with the reference date (`--as-of`, today by
    default) and reports those whose day is over.

    ## Why is this bad?
    The register is the memory of what happened: a meeting left `planned` after its day
    reads as if it were still to come, and follow-up (minutes, decisions) is never recorded.

    ## Example
    ```yaml
    - id: cmpt-2015-02-13
      date: 2015-02-13
      status: planned
    ```

    ## Use instead
    ```yaml
      status: held      # or cancelled, or postponed
    ```
    When the source does not say whether it was held, keep `planned` and say so:
    ```yaml
      exempt:
        PF302: "le communiqué annonce la réunion mais ne dit pas si elle s'est tenue"
    ```
    """
    for meeting in ctx.register.meetings:
        if meeting.status == MeetingStatus.PLANNED and meeting.date < ctx.as_of:
            yield ctx.at(
                meeting,
                "status",
                message=f"meeting {meeting.id!r} of {meeting.date.isoformat()} is past "
                f"(as of {ctx.as_of.isoformat()}) but still planned; set status to held, "
                "cancelled or postponed.",
            )


def _live_by_body_and_day(ctx: Context) -> dict[tuple[str, dt.date], list[Meeting]]:
    from prefig.query import sorted_meetings

    out: dict[tuple[str, dt.date], list[Meeting]] = {}
    for meeting in sorted_meetings(ctx.register):
        if meeting.status in _LIVE:
            out.setdefault((meeting.body, meeting.date), []).append(meeting)
    return out


@rule("PF303", "same-day-meetings", severity=Severity.WARNING)
def same_day_meetings(ctx: Context) -> Iterator[Finding]:
    """A body has two meetings on one day.

    ## What it does
    Reports every meeting of a body after the first on the same day, leaving out cancelled
    and postponed meetings.

    ## Why is this bad?
    A second meeting on the same day is most often a record copied and not re-dated, or a
    meeting entered twice under two ids; calendars and convocations would show it twice.

    ## Example
    ```yaml
    - {id: cpr-2015-03-10, body: conference-presidents-regions, date: 2015-03-10}
    - {id: cpr-2015-03-10-bis, body: conference-presidents-regions, date: 2015-03-10}
    ```

    ## Use instead
    Remove the duplicate or correct its date. A body that really sits twice in a day (a
    morning and an afternoon session) can exempt the second meeting:
    `exempt: {PF303: "séance du matin et séance de l'après-midi"}`.
    """
    for (body, day), meetings in _live_by_body_and_day(ctx).items():
        first = meetings[0]
        for meeting in meetings[1:]:
            yield ctx.at(
                meeting,
                "date",
                message=f"body {body!r} already meets on {day.isoformat()} "
                f"({first.id!r}); remove the duplicate or correct the date.",
            )


_PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
_PERIOD_DAYS = {"weekly": 7, "fortnightly": 14}


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cadence_limit(frequency: str, after: dt.date) -> dt.date | None:
    """The last day the next meeting may fall on to keep ``frequency`` after ``after``."""
    if frequency in _PERIOD_MONTHS:
        return _add_months(after, _PERIOD_MONTHS[frequency])
    if frequency in _PERIOD_DAYS:
        return after + dt.timedelta(days=_PERIOD_DAYS[frequency])
    return None


def _dropped_meeting_days(ctx: Context) -> list[tuple[str | None, dt.date | None]]:
    """``(body, day)`` of each meeting the loader left out for failing validation, each None
    where the item does not write it readably."""
    out: list[tuple[str | None, dt.date | None]] = []
    for item in ctx.register.dropped_of("meetings"):
        try:
            day: dt.date | None = dt.date.fromisoformat(item.fields.get("date", ""))
        except ValueError:
            day = None
        out.append((item.fields.get("body"), day))
    return out


def _dropped_between(
    dropped: list[tuple[str | None, dt.date | None]], body: str, after: dt.date, before: dt.date
) -> bool:
    """Whether a meeting left out by the loader may be the one between ``after`` and
    ``before``: it is of ``body`` (or its body cannot be read) and falls between them (or its
    date cannot be read). The loader has reported it; a gap it would fill is no finding."""
    return any(
        (of is None or of == body) and (day is None or after < day < before) for of, day in dropped
    )


@rule("PF304", "cadence-gap", severity=Severity.WARNING)
def cadence_gap(ctx: Context) -> Iterator[Finding]:
    """Two consecutive meetings of a body are further apart than its cadence.

    ## What it does
    For a body with a `cadence` (`monthly`, and likewise `weekly`, `fortnightly`,
    `quarterly`, `half-yearly`, `yearly`), reports a meeting that falls more than one period
    after the body's previous meeting (one calendar month for `monthly`: after a meeting on
    31 January, the next is due by 28 February, or 29 in a leap year). Cancelled and postponed
    meetings do not count; `as-needed` is never checked. A gap that a meeting the loader
    left out (it failed validation, and is reported as such) may fill is not reported: the
    meeting is there, only not yet valid.

    ## Why is this bad?
    Either a meeting is missing from the register, or the body no longer keeps its stated
    rhythm and its `cadence` should say so.

    ## Example
    ```yaml
    # bodies.yaml: conference-presidents-regions, cadence: {frequency: monthly}
    - {id: cpr-2015-03-10, body: conference-presidents-regions, date: 2015-03-10}
    - {id: cpr-2015-05-12, body: conference-presidents-regions, date: 2015-05-12}
    ```

    ## Use instead
    Record the April meeting (or the fact it was cancelled), or correct the cadence.
    """
    by_body: dict[str, list[Meeting]] = {}
    for (body_id, _day), meetings in _live_by_body_and_day(ctx).items():
        by_body.setdefault(body_id, []).append(meetings[0])
    dropped = _dropped_meeting_days(ctx)
    for body in ctx.register.bodies:
        if body.cadence is None:
            continue
        meetings = by_body.get(body.id, [])
        for before, meeting in itertools.pairwise(meetings):
            limit = cadence_limit(body.cadence.frequency, before.date)
            if limit is not None and meeting.date > limit:
                if _dropped_between(dropped, body.id, before.date, meeting.date):
                    continue
                yield ctx.at(
                    meeting,
                    "date",
                    message=f"body {body.id!r} meets {body.cadence.frequency} but "
                    f"{meeting.id!r} ({meeting.date.isoformat()}) comes "
                    f"{(meeting.date - before.date).days} days after {before.id!r} "
                    f"({before.date.isoformat()}); record the meeting in between or correct "
                    "the cadence.",
                )


@rule("PF305", "meeting-outside-body-period")
def meeting_outside_body_period(ctx: Context) -> Iterator[Finding]:
    """A meeting is dated before its body was set up or after it ended.

    ## What it does
    Checks each meeting's date against its body's `start_date` and `end_date`.

    ## Why is this bad?
    A body cannot meet before it exists or after it is dissolved: the meeting's date (often
    its year) or the body's period is wrong.

    ## Example
    ```yaml
    # bodies.yaml: comite-mixte-pilotage-technique, start_date: 2015-02-05
    - {id: cmpt-2014-02-13, body: comite-mixte-pilotage-technique, date: 2014-02-13}
    ```

    ## Use instead
    ```yaml
    - {id: cmpt-2015-02-13, body: comite-mixte-pilotage-technique, date: 2015-02-13}
    ```
    """
    from prefig.query import in_period

    bodies = ctx.register.index("bodies")
    for meeting in ctx.register.meetings:
        body: Body | None = bodies.get(meeting.body)
        if body is None or in_period(body, meeting.date):
            continue
        if body.start_date and body.end_date and body.end_date < body.start_date:
            continue  # the body's period is inverted: PF301 reports that, once
        day = meeting.date.isoformat()
        if body.start_date is not None and meeting.date < body.start_date:
            what = f"before body {body.id!r} was set up ({body.start_date.isoformat()})"
            fix = "correct the date (its year?) or the body's start_date"
        else:
            assert body.end_date is not None  # in_period: else the day is in the period
            what = f"after body {body.id!r} ended ({body.end_date.isoformat()})"
            fix = "correct the date, or the body's end_date if it still met then"
        yield ctx.at(
            meeting,
            "date",
            message=f"meeting {meeting.id!r} is dated {day}, {what}; {fix}.",
        )


def _members_on(ctx: Context, body: Body, day: dt.date) -> set[str]:
    """Ids of the people holding or substituting a seat of ``body`` on ``day``: those of
    ``composition_at(register, body, day)``, without building the composition (this runs for
    every body meeting on a busy day)."""
    from prefig.query import in_period

    people = ctx.register.index("people")
    return {
        holder.person
        for seat in body.seats
        for holder in (*seat.holders, *seat.substitutes)
        if holder.person in people and in_period(holder, day)
    }


def _span(ctx: Context, meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    from prefig.query import meeting_end, meeting_start

    start, end = meeting_start(ctx.register, meeting), meeting_end(ctx.register, meeting)
    # A meeting with a start time and no end time occupies at least its start.
    return start, max(end, start + dt.timedelta(minutes=1))


@rule("PF306", "overlapping-meetings")
def overlapping_meetings(ctx: Context) -> Iterator[Finding]:
    """Two meetings of different bodies overlap in time and share a venue or a member.

    ## What it does
    For each pair of meetings of different bodies on the same day (cancelled and postponed
    ones left out) whose times overlap, reports the later one when both are at the same
    venue, or when a person holds or substitutes a seat in both bodies on that day. A
    meeting with no time of day takes its whole day; one with a start time and no end time
    takes its start. Two meetings of the same body are PF303's business.

    ## Why is this bad?
    A room cannot host two meetings at once, and a member cannot sit in two places: one of
    the dates, times or venues is wrong, or a clash is being planned.

    ## Example
    ```yaml
    - {id: cpr-2015-03-10, body: conference-presidents-regions, date: 2015-03-10,
       start_time: "10:00", end_time: "12:00", location: hotel-de-region-lr}
    - {id: cmvp-2015-03-10, body: commission-mixte-vice-presidents, date: 2015-03-10,
       start_time: "11:00", location: hotel-de-region-lr}
    ```

    ## Use instead
    ```yaml
    - {id: cmvp-2015-03-10, body: commission-mixte-vice-presidents, date: 2015-03-10,
       start_time: "14:00", location: hotel-de-region-lr}
    ```
    """
    from prefig.query import sorted_meetings

    bodies = ctx.register.index("bodies")
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in sorted_meetings(ctx.register):
        if meeting.status in _LIVE:
            by_day.setdefault(meeting.date, []).append(meeting)
    for day, meetings in by_day.items():
        if len(meetings) < 2:
            continue
        members: dict[str, set[str]] = {}
        # Each meeting's span once, not once per pair: a busy day holds many meetings.
        spans = [_span(ctx, meeting) for meeting in meetings]
        for i, later in enumerate(meetings):
            later_start, later_end = spans[i]
            for j, earlier in enumerate(meetings[:i]):
                if earlier.body == later.body:
                    continue
                start, end = spans[j]
                if not (start < later_end and later_start < end):
                    continue
                shared: list[str] = []
                if later.location is not None and later.location == earlier.location:
                    shared.append(f"venue {later.location!r}")
                for body_id in (earlier.body, later.body):
                    if body_id not in members:
                        body: Body | None = bodies.get(body_id)
                        members[body_id] = _members_on(ctx, body, day) if body else set()
                common = sorted(members[earlier.body] & members[later.body])
                if common:
                    shared.append(f"member{'s' * (len(common) > 1)} {', '.join(common)}")
                if shared:
                    yield ctx.at(
                        later,
                        "location"
                        if later.location and later.location == earlier.location
                        else "date",
                        message=f"meeting {later.id!r} overlaps {earlier.id!r} on "
                        f"{day.isoformat()} and shares {' and '.join(shared)}; move one of "
                        "them.",
                    )


@rule("PF307", "bad-rescheduling")
def bad_rescheduling(ctx: Context) -> Iterator[Finding]:
    """A postponed meeting names a replacement that cannot be it.

    ## What it does
    Where a meeting records `rescheduled_as` (the meeting that replaces it), checks that it is
    itself `postponed`, and that the replacement is a meeting of the same body, later than
    it. An unknown id is PF101's.

    ## Why is this bad?
    The notice of a postponed meeting announces the new date from `rescheduled_as`
    ("reportée au jeudi 14 janvier 2027"), and `diff` follows the postponement through it: a
    replacement of another body, or earlier, announces a wrong date to the public.

    ## Example
    ```yaml
    - {id: cm-2026-12-10, body: conseil-municipal, date: 2026-12-10, status: postponed,
       rescheduled_as: cm-2026-12-03}
    ```

    ## Use instead
    ```yaml
    - {id: cm-2026-12-10, body: conseil-municipal, date: 2026-12-10, status: postponed,
       rescheduled_as: cm-2027-01-14}
    ```
    """
    meetings = ctx.register.index("meetings")
    for meeting in ctx.register.meetings:
        if meeting.rescheduled_as is None:
            continue
        target = meetings.get(meeting.rescheduled_as)
        problem = None
        if meeting.status != MeetingStatus.POSTPONED:
            problem = f"is {meeting.status}, and only a postponed meeting is rescheduled"
        elif target is None:
            continue  # PF101
        elif target.body != meeting.body:
            problem = f"is replaced by {target.id!r}, a meeting of another body ({target.body!r})"
        elif target.date <= meeting.date:
            problem = (
                f"is replaced by {target.id!r} of {target.date.isoformat()}, which is not later "
                f"than {meeting.date.isoformat()}"
            )
        if problem is not None:
            yield ctx.at(
                meeting,
                "rescheduled_as",
                message=f"meeting {meeting.id!r} {problem}; point rescheduled_as at the later "
                "meeting of the same body that replaces it.",
            )


@rule("PF308", "bad-second-convocation")
def bad_second_convocation(ctx: Context) -> Iterator[Finding]:
    """A second convocation does not follow the sitting that lacked its quorum as the law says.

    ## What it does
    Where a meeting records `second_convocation_of` (the sitting that lacked its quorum),
    checks that both are meetings of the same body, that the first was held (and lacked its
    quorum) before the second, and, where the body's notice period is a CGCT preset, the
    interval: at least three days for communes and EPCI (L2121-17), exactly three days for
    régions (L4132-13) and départements (L3121-14).

    ## Why is this bad?
    A second convocation deliberates without quorum: only if it follows a first, regularly
    convened sitting that lacked it, at the interval the law sets. Otherwise its
    deliberations can be annulled for want of quorum.

    ## Example
    ```yaml
    # bodies.yaml: conseil-municipal, notice: cgct-commune-3500-plus
    - {id: cm-2026-12-10, body: conseil-municipal, date: 2026-12-10, status: held}
    - {id: cm-2026-12-12, body: conseil-municipal, date: 2026-12-12,
       second_convocation_of: cm-2026-12-10}
    ```

    ## Use instead
    ```yaml
    - {id: cm-2026-12-14, body: conseil-municipal, date: 2026-12-14,
       second_convocation_of: cm-2026-12-10}
    ```
    """
    from prefig.readiness import notice_rule

    meetings = ctx.register.index("meetings")
    bodies = ctx.register.index("bodies")
    for meeting in ctx.register.meetings:
        first = meetings.get(meeting.second_convocation_of or "")
        if first is None:
            continue  # none, or PF101
        body = bodies.get(meeting.body)
        rule_ = None if body is None else notice_rule(body)
        again = None if rule_ is None else rule_.second_convocation
        problem = None
        if first.body != meeting.body:
            problem = f"follows {first.id!r}, a meeting of another body ({first.body!r})"
        elif first.date >= meeting.date:
            problem = f"follows {first.id!r} of {first.date.isoformat()}, which is not earlier"
        elif first.status != MeetingStatus.HELD:
            problem = (
                f"follows {first.id!r}, which is {first.status}: a second convocation follows a "
                "sitting held without its quorum"
            )
        elif again is not None and not again.allows(first.date, meeting.date):
            interval = (meeting.date - first.date).days
            problem = f"is {interval} days after {first.id!r}; the law says: {again.describe()}"
        if problem is not None:
            yield ctx.at(
                meeting,
                "second_convocation_of",
                message=f"second convocation {meeting.id!r} {problem}; correct the dates or "
                "second_convocation_of.",
            )
