"""``prefig decisions ...``: decisions and their follow-up actions."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import AS_OF_HELP, FormatOption, JsonOption
from prefig.vocab import ActionStatus

app = typer.Typer(
    help="Decisions: list them, show one with its follow-up actions.", no_args_is_help=True
)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        ActionStatus | None,
        typer.Option("--status", help="Only decisions with a follow-up action in this status."),
    ] = None,
    overdue: Annotated[
        bool,
        typer.Option(
            "--overdue",
            help="Only decisions with an overdue action: open or in progress after its due "
            "date, as of --as-of (the actions rule PF501 reports).",
        ),
    ] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP)] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """List decisions by date, with the status of their follow-up actions.

    Example: prefig decisions list --overdue --as-of 2015-06-01
    """
    from prefig import views
    from prefig.cli.queries import emit, load, moment
    from prefig.output.queries import render_decision_list
    from prefig.query import decisions_with_action_status

    register = load(ctx)
    at = moment(register, as_of)
    decisions = decisions_with_action_status(
        register, status, overdue_at=at.date() if overdue else None
    )
    filters: views.DecisionFilters = {
        "status": status.value if status else None,
        "overdue": overdue,
    }
    view = views.decision_list(register, decisions, filters, as_of=at)
    emit(view, as_json, output, render_decision_list, register.settings.locale)


@app.command("show")
def show(
    ctx: typer.Context,
    decision_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The decision's id.", autocompletion=complete.decision_ids
        ),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP)] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show a decision: who took it, when, and its follow-up actions (those overdue as of
    --as-of marked so).

    Example: prefig decisions show saisine-ceser-2030
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup, moment
    from prefig.output.queries import render_decision

    register = load(ctx)
    decision = lookup(register.decisions, decision_id, "decision")
    emit(
        views.decision_detail(register, decision, as_of=moment(register, as_of)),
        as_json,
        output,
        render_decision,
        register.settings.locale,
    )
