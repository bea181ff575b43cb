"""Decisions: follow-up actions that are overdue."""

from __future__ import annotations

from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.model import ActionStatus
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
    active = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    for decision in ctx.register.decisions:
        for a, action in enumerate(decision.actions):
            if action.status not in active or action.due_date is None:
                continue
            if action.due_date >= ctx.as_of:
                continue
            if action.status_date is not None and action.status_date > action.due_date:
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
