"""Documents readiness: what an upcoming meeting's convocation still lacks, and notice
periods."""

from __future__ import annotations

from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.model import Body, Meeting
from prefig.rules import Context, Finding, rule
from prefig.vocab import MeetingStatus

_WHAT = {
    "start_time": "a start time",
    "location": "a venue",
    "location.address": "the venue's address",
    "agenda": "an agenda",
    "convened_by": "who convenes the body (convened_by)",
}


def _upcoming(ctx: Context) -> Iterator[tuple[Meeting, Body | None]]:
    bodies = ctx.register.index("bodies")
    for meeting in ctx.register.meetings:
        if meeting.status == MeetingStatus.PLANNED and meeting.date >= ctx.as_of:
            yield meeting, bodies.get(meeting.body)


@rule("PF401", "convocation-incomplete", severity=Severity.WARNING)
def convocation_incomplete(ctx: Context) -> Iterator[Finding]:
    """An upcoming planned meeting lacks what its convocation needs.

    ## What it does
    For each `planned` meeting on or after the reference date (`--as-of`, today by default),
    lists what a convocation needs and the register does not say: a start time, a venue,
    the venue's address, an agenda, and who convenes the body. Past meetings are PF302's
    business.

    ## Why is this bad?
    A convocation sent with "heure à préciser" or without an agenda is not a convocation;
    the warning names what to find out before it goes.

    ## Example
    ```yaml
    - id: cpr-2015-03-10
      body: conference-presidents-regions
      date: 2015-03-10
      location: hotel-de-region-lr
    ```

    ## Use instead
    ```yaml
    - id: cpr-2015-03-10
      body: conference-presidents-regions
      date: 2015-03-10
      start_time: "10:00"
      location: hotel-de-region-lr     # with street_address and locality in venues.yaml
      agenda:
        - name: Calendrier de l'animation politique
    ```
    and `convened_by:` on the body.
    """
    from prefig.readiness import convocation_gaps

    for meeting, body in _upcoming(ctx):
        gaps = convocation_gaps(ctx.register, meeting, body)
        if not gaps:
            continue
        missing = ", ".join(_WHAT.get(g.field, g.field) for g in gaps)
        yield ctx.at(
            meeting,
            "id",
            message=f"meeting {meeting.id!r} of {meeting.date.isoformat()} is not ready to be "
            f"convened: it lacks {missing}.",
            hint="; ".join(g.label for g in gaps),
        )


@rule("PF402", "late-convocation")
def late_convocation(ctx: Context) -> Iterator[Finding]:
    """A convocation was sent later than the body's notice period allows.

    ## What it does
    Where a body declares `notice_period_days` and a meeting records `convened_on`, checks
    that the convocation was sent at least that many days before the meeting.

    ## Why is this bad?
    A body convened with less notice than its rules require may see its deliberations
    challenged. The notice period is a register setting on the body: the informal bodies of
    2015 are bound by no statute and declare none. For a regional council, the CGCT (article
    L4132-18) has the president send the councillors a report on each matter to be debated
    "douze jours au moins avant la réunion"; a register may hold its regional council, and
    the CESER that advises it, to those twelve days:
    ```yaml
    - id: conseil-regional
      name: Conseil régional
      kind: assembly
      notice_period_days: 12
    ```

    ## Example
    ```yaml
    # bodies.yaml: conseil-regional, notice_period_days: 12
    - id: pleniere-2015-06-25
      body: conseil-regional
      date: 2015-06-25
      convened_on: 2015-06-20     # 5 days before
    ```

    ## Use instead
    ```yaml
      convened_on: 2015-06-12     # 13 days before: in time
    ```
    """
    from prefig.readiness import convocation_deadline

    bodies = ctx.register.index("bodies")
    for meeting in ctx.register.meetings:
        body: Body | None = bodies.get(meeting.body)
        if body is None or meeting.convened_on is None or meeting.convened_on > meeting.date:
            continue  # a convocation dated after the meeting is PF404's
        deadline = convocation_deadline(body, meeting)
        if deadline is not None and meeting.convened_on > deadline:
            given = (meeting.date - meeting.convened_on).days
            yield ctx.at(
                meeting,
                "convened_on",
                message=f"meeting {meeting.id!r} was convened on "
                f"{meeting.convened_on.isoformat()}, {given} days before it; body "
                f"{body.id!r} requires {body.notice_period_days} days' notice (convene by "
                f"{deadline.isoformat()}).",
            )


@rule("PF403", "convocation-overdue", severity=Severity.WARNING)
def convocation_overdue(ctx: Context) -> Iterator[Finding]:
    """An upcoming meeting has not been convened and its notice period has already run out.

    ## What it does
    For each `planned` meeting on or after the reference date whose body declares
    `notice_period_days` and which has no `convened_on`, reports the meeting when the last
    day to convene it is already past.

    ## Why is this bad?
    The meeting can no longer be convened in time: it must be convened at once (and the
    date recorded), or moved.

    ## Example
    ```yaml
    # bodies.yaml: conseil-regional, notice_period_days: 12
    # prefig check --as-of 2015-06-20
    - {id: pleniere-2015-06-25, body: conseil-regional, date: 2015-06-25}
    ```

    ## Use instead
    ```yaml
    - {id: pleniere-2015-06-25, body: conseil-regional, date: 2015-06-25,
       convened_on: 2015-06-12}
    ```
    """
    from prefig.readiness import convocation_deadline

    for meeting, body in _upcoming(ctx):
        if body is None or meeting.convened_on is not None:
            continue
        deadline = convocation_deadline(body, meeting)
        if deadline is not None and deadline < ctx.as_of:
            yield ctx.at(
                meeting,
                "date",
                message=f"meeting {meeting.id!r} of {meeting.date.isoformat()} has not been "
                f"convened and the last day to give {body.notice_period_days} days' notice "
                f"was {deadline.isoformat()}; convene it now and record convened_on, or move "
                "it.",
            )


@rule("PF404", "convened-after-meeting")
def convened_after_meeting(ctx: Context) -> Iterator[Finding]:
    """A meeting's convocation is dated after the meeting.

    ## What it does
    Checks that `convened_on`, where a meeting records it, is on or before the meeting's
    `date`.

    ## Why is this bad?
    A convocation cannot be sent after the meeting it calls: one of the two dates is a typo
    (a swapped day and month, a wrong year), and notice periods (PF402) cannot be checked.

    ## Example
    ```yaml
    - id: pleniere-2015-06-25
      body: conseil-regional
      date: 2015-06-25
      convened_on: 2015-07-12
    ```

    ## Use instead
    ```yaml
      convened_on: 2015-06-12
    ```
    """
    for meeting in ctx.register.meetings:
        if meeting.convened_on is not None and meeting.convened_on > meeting.date:
            yield ctx.at(
                meeting,
                "convened_on",
                message=f"meeting {meeting.id!r} is convened on "
                f"{meeting.convened_on.isoformat()}, after its date "
                f"({meeting.date.isoformat()}); correct one of the two dates.",
            )
