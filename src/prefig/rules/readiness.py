"""Documents readiness: what an upcoming meeting's convocation still lacks, and notice
periods."""

from __future__ import annotations

from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.model import Body, Dispatch, Meeting
from prefig.notice import explain
from prefig.readiness import NoticeVerdict, notice_rule, notice_verdict
from prefig.rules import Context, Finding, rule
from prefig.vocab import MeetingStatus

_WHAT = {
    "start_time": "a start time",
    "location": "a venue",
    "location.address": "the venue's address",
    "agenda": "an agenda",
    "convened_by": "who convenes the body (convened_by)",
    "seats.addressees": "anyone to convene (no holder named, no address_as on a seat)",
}


def _first_dispatches(ctx: Context) -> dict[str, dict[str, Dispatch]]:
    """Meeting id -> person id -> the first dispatch recorded for them (``data/dispatches.yaml``):
    when each member was sent the convocation."""
    out: dict[str, dict[str, Dispatch]] = {}
    for dispatch in ctx.register.dispatches:
        sent = out.setdefault(dispatch.meeting, {})
        first = sent.get(dispatch.person)
        if first is None or dispatch.sent_at < first.sent_at:
            sent[dispatch.person] = dispatch
    return out


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
    Where a body sets a notice period (`notice`, or `notice_period_days` as plain days) and a
    meeting records `convened_on`, checks that the convocation gave that notice, counted as
    the period counts: plain days before the meeting, or *jours francs*, where neither the day
    the convocation is sent nor the day of the meeting counts. A meeting convened under
    `urgency` is held to the period's urgency floor instead (PF406 reminds that the assembly
    must rule on the urgency).

    Where the register records the convocations sent by e-mail (`data/dispatches.yaml`,
    written by `prefig send convocations`), each member's first dispatch is checked instead
    of `convened_on` (its day in the register's time zone), and each member sent too late is
    named.

    ## Why is this bad?
    A body convened with less notice than the law or its rules require may see every
    deliberation of the sitting annulled. Communes of 3,500 inhabitants or more give five
    jours francs (CGCT L2121-12): for a meeting on Thursday 10 December, the full days are 5,
    6, 7, 8 and 9 December, so the last day to send is **Friday 4 December**; a convocation
    sent on Saturday 5 December gives only four (6 to 9) and is late, although the meeting is
    five days later. Régions count twelve plain days (L4132-18).

    ## Example
    ```yaml
    # bodies.yaml: conseil-municipal, notice: cgct-commune-3500-plus
    - id: cm-2026-12-10
      body: conseil-municipal
      date: 2026-12-10
      convened_on: 2026-12-05     # four jours francs: 6, 7, 8, 9
    ```

    ## Use instead
    ```yaml
      convened_on: 2026-12-04     # five jours francs: 5 to 9 December
    ```
    """
    bodies = ctx.register.index("bodies")
    dispatched = _first_dispatches(ctx)
    for meeting in ctx.register.meetings:
        body: Body | None = bodies.get(meeting.body)
        if body is not None and meeting.id in dispatched:
            yield from _late_dispatches(ctx, body, meeting, dispatched[meeting.id])
            continue
        if body is None or meeting.convened_on is None or meeting.convened_on > meeting.date:
            continue  # a convocation dated after the meeting is PF404's
        verdict = notice_verdict(body, meeting)
        if verdict is not None and verdict.late:
            under = " under urgency" if verdict.urgency else ""
            yield ctx.at(
                meeting,
                "convened_on",
                message=f"meeting {meeting.id!r} was convened on "
                f"{meeting.convened_on.isoformat()}, giving {_days(verdict.given, verdict)}; "
                f"body {body.id!r} requires {verdict.describe()}{under}: convene by "
                f"{verdict.last_day.isoformat()}.",
            )


def _late_dispatches(
    ctx: Context, body: Body, meeting: Meeting, sent: dict[str, Dispatch]
) -> Iterator[Finding]:
    """PF402 for each member whose first recorded dispatch gave too little notice."""
    from prefig.query import zone

    tz = zone(ctx.register)
    for person, dispatch in sent.items():
        day = dispatch.sent_at.astimezone(tz).date()
        verdict = notice_verdict(body, meeting, sent_on=day)
        if verdict is None or not verdict.late:
            continue
        under = " under urgency" if verdict.urgency else ""
        yield ctx.at(
            dispatch,
            "sent_at",
            message=f"{person!r} was sent the convocation to meeting {meeting.id!r} on "
            f"{day.isoformat()}, giving {_days(verdict.given, verdict)}; body {body.id!r} "
            f"requires {verdict.describe()}{under}: send by {verdict.last_day.isoformat()}.",
        )


def _days(count: int | None, verdict: NoticeVerdict) -> str:
    clear = verdict.rule.counting == "clear"
    unit = ("clear day" if clear else "day") + ("" if count == 1 else "s")
    return f"{count} {unit}"


@rule("PF403", "convocation-overdue", severity=Severity.WARNING)
def convocation_overdue(ctx: Context) -> Iterator[Finding]:
    """An upcoming meeting has not been convened and its notice period has already run out.

    ## What it does
    For each `planned` meeting on or after the reference date whose body sets a notice period
    and which has no `convened_on`, reports the meeting when the last day to convene it, as
    the period counts (see PF402), is already past. A meeting whose convocations are recorded
    as sent by e-mail (`data/dispatches.yaml`) is reported only for the named members in
    office that no dispatch reached, and names them.

    ## Why is this bad?
    The meeting can no longer be convened in time: it must be moved, or convened under
    urgency where the law allows it (recorded with `urgency`). With five jours francs, a
    meeting on Monday 7 December had to be convened by Tuesday 1 December: on Wednesday 2
    December it is already too late, although five days remain.

    ## Example
    ```yaml
    # bodies.yaml: conseil-municipal, notice: cgct-commune-3500-plus
    # prefig check --as-of 2026-12-02
    - {id: cm-2026-12-07, body: conseil-municipal, date: 2026-12-07}
    ```

    ## Use instead
    ```yaml
    - {id: cm-2026-12-07, body: conseil-municipal, date: 2026-12-07,
       convened_on: 2026-12-01}
    ```
    """
    dispatched = _first_dispatches(ctx)
    for meeting, body in _upcoming(ctx):
        if body is None or meeting.convened_on is not None:
            continue
        verdict = notice_verdict(body, meeting)
        if verdict is None or verdict.last_day >= ctx.as_of:
            continue
        if meeting.id in dispatched:
            yield from _members_not_sent(ctx, body, meeting, dispatched[meeting.id], verdict)
        else:
            yield ctx.at(
                meeting,
                "date",
                message=f"meeting {meeting.id!r} of {meeting.date.isoformat()} has not been "
                f"convened and the last day to give {verdict.describe()} was "
                f"{verdict.last_day.isoformat()}; move it, or convene it under urgency where "
                "the law allows and record urgency and convened_on.",
            )


def _members_not_sent(
    ctx: Context,
    body: Body,
    meeting: Meeting,
    sent: dict[str, Dispatch],
    verdict: NoticeVerdict,
) -> Iterator[Finding]:
    """PF403 for a meeting convened by e-mail: the named members in office on its day whom no
    dispatch reached while the last day to convene them is past (no address, a refused
    recipient, a run cut short). Unnamed seats cannot be checked against dispatches."""
    from prefig.query import members_in_office

    named = members_in_office(ctx.register, body, meeting.date).named
    missing = sorted({person.id for _, person in named} - sent.keys())
    if missing:
        yield ctx.at(
            meeting,
            "date",
            message=f"meeting {meeting.id!r} of {meeting.date.isoformat()} was convened by "
            f"e-mail, but no convocation is recorded as sent to {', '.join(map(repr, missing))} "
            f"and the last day to give {verdict.describe()} was "
            f"{verdict.last_day.isoformat()}; convene them (prefig send convocations, or by "
            "post and record convened_on), or move the meeting.",
        )


@rule("PF406", "urgency-to-rule-on", severity=Severity.INFO)
def urgency_to_rule_on(ctx: Context) -> Iterator[Finding]:
    """A meeting convened under urgency: the assembly must rule on the urgency.

    ## What it does
    Reports every meeting that records `urgency`, to remind that the assembly rules on the
    urgency at the opening of the sitting, and says when the body's notice period allows no
    urgency at all (PF402 then applies the ordinary period).

    ## Why is this bad?
    Under urgency the mayor (or president) may shorten the notice to one jour franc, but the
    council "se prononce sur l'urgence" at the opening of the sitting and may send the matter
    to a later one (CGCT L2121-11, L2121-12): a sitting that skips this step is irregular.

    ## Example
    ```yaml
    - id: cm-2026-12-10
      body: conseil-municipal
      date: 2026-12-10
      convened_on: 2026-12-08
      urgency: {reason: Sinistre sur la voirie communale}
    ```

    ## Use instead
    Rule on the urgency at the opening of the sitting and record it in the minutes; this
    finding is a reminder, not an error.
    """
    bodies = ctx.register.index("bodies")
    for meeting in ctx.register.meetings:
        if meeting.urgency is None:
            continue
        body = bodies.get(meeting.body)
        rule_ = None if body is None else notice_rule(body)
        if rule_ is not None and rule_.urgency_days is None:
            message = (
                f"meeting {meeting.id!r} is convened under urgency, but the notice period of "
                f"{meeting.body!r} ({explain(rule_.days, rule_.counting, rule_.article)}) cannot "
                "be shortened; the ordinary "
                "period applies."
            )
        else:
            message = (
                f"meeting {meeting.id!r} is convened under urgency: the assembly must rule on "
                "the urgency at the opening of the sitting (CGCT L2121-11, L2121-12)."
            )
        yield ctx.at(meeting, "urgency", message=message)


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
