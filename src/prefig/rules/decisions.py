"""Decisions: follow-up actions that are overdue, and decisions that disagree with the
meeting they were taken at."""

from __future__ import annotations

from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.query import is_overdue
from prefig.rules import Context, Finding, rule


@rule("PF501", "overdue-action", severity=Severity.WARNING)
def overdue_action(ctx: Context) -> Iterator[Finding]:
    """An action's due date is past and its status has not changed since.

    ## What it does
    Reports each action that is still `open` or `in-progress` when its `due_date` is before
    the reference date (`--as-of`, today by default), unless its `status_date` shows the
    status was updated after the due date (someone looked at it and it is still going).

    ## Why is this bad?
    The follow-up of decisions is what the register is for; an action past due that nobody
    updated is either done and not recorded, or forgotten.

    ## Example
    ```yaml
    actions:
      - id: demander-rencontre-premier-ministre
        description: Demander à rencontrer le Premier ministre
        due_date: 2015-03-31
        status: open
    ```

    ## Use instead
    ```yaml
        status: done
        status_date: 2015-04-02
    ```
    """
    for decision in ctx.register.decisions:
        for a, action in enumerate(decision.actions):
            if not is_overdue(action, ctx.as_of) or action.due_date is None:
                continue
            yield ctx.at(
                decision,
                "actions",
                a,
                "due_date",
                message=f"action {action.id!r} was due on {action.due_date.isoformat()} and is "
                f"still {action.status}; record its status (done, dropped, or in-progress "
                "with status_date).",
            )


@rule("PF502", "decision-meeting-mismatch")
def decision_meeting_mismatch(ctx: Context) -> Iterator[Finding]:
    """A decision taken at a meeting gives another day or another body than the meeting's.

    ## What it does
    Where a decision names the `meeting` it was taken at, checks that its `decided_on` (when
    set) is the meeting's date and its `body` (when set) is the meeting's body.

    ## Why is this bad?
    The two records contradict each other: the decision would be listed under one body or
    day and its meeting under another. One of them names the wrong meeting, or a date or
    body was not updated when the meeting moved.

    ## Example
    ```yaml
    # meetings.yaml: copil-2015-03-10, body copil, date 2015-03-10
    - id: lancer-etude
      title: Lancer l'étude
      decided_by: [{body: copil}]
      meeting: copil-2015-03-10
      decided_on: 2015-03-01
    ```

    ## Use instead
    ```yaml
      meeting: copil-2015-03-10
      decided_on: 2015-03-10
    ```
    """
    meetings = ctx.register.index("meetings")
    for decision in ctx.register.decisions:
        meeting = meetings.get(decision.meeting) if decision.meeting else None
        if meeting is None:
            continue  # no meeting named, or a dangling one (PF101)
        if decision.decided_on is not None and decision.decided_on != meeting.date:
            yield ctx.at(
                decision,
                "decided_on",
                message=f"decision {decision.id!r} is dated {decision.decided_on.isoformat()} "
                f"but was taken at meeting {meeting.id!r} of {meeting.date.isoformat()}; "
                "correct the date or the meeting.",
            )
        if decision.body is not None and decision.body != meeting.body:
            yield ctx.at(
                decision,
                "body",
                message=f"decision {decision.id!r} names body {decision.body!r} but was taken "
                f"at meeting {meeting.id!r} of body {meeting.body!r}; correct the body or the "
                "meeting.",
            )
