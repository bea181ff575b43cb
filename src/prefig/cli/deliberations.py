"""``prefig deliberations ...``: the deliberations taken at the sittings."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import FormatOption, JsonOption
from prefig.vocab import DeliberationOutcome

app = typer.Typer(
    help="Deliberations: list them, show one with its vote and legal follow-up.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            "-b",
            metavar="ID",
            help="Only deliberations of this body (its id).",
            autocompletion=complete.body_ids,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="N", help="Only deliberations taken in this year."),
    ] = None,
    outcome: Annotated[
        DeliberationOutcome | None,
        typer.Option("--outcome", help="Only deliberations with this outcome."),
    ] = None,
    unpublished: Annotated[
        bool,
        typer.Option(
            "--unpublished", help="Only deliberations the register gives no publication date."
        ),
    ] = False,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """List deliberations in the order of the sittings and of their agendas.

    Example: prefig deliberations list --year 2026 --unpublished
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup
    from prefig.output.queries import render_deliberation_list
    from prefig.sitting import filter_deliberations

    register = load(ctx)
    if body is not None:
        lookup(register.bodies, body, "body")
    found = filter_deliberations(
        register, body=body, year=year, outcome=outcome, unpublished=unpublished
    )
    filters: views.DeliberationFilters = {
        "body": body,
        "year": year,
        "outcome": outcome.value if outcome else None,
        "unpublished": unpublished,
    }
    view = views.deliberation_list(register, found, filters)
    emit(view, as_json, output, render_deliberation_list, register.settings.locale)


@app.command("show")
def show(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            metavar="NUMBER",
            help="The deliberation's number.",
            autocompletion=complete.deliberation_numbers,
        ),
    ],
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show a deliberation: its sitting and agenda item, outcome, vote, rapporteur, legal
    follow-up dates and the decisions that point at it.

    Example: prefig deliberations show 2026-031
    """
    from prefig import views
    from prefig.cli.common import fail
    from prefig.cli.queries import emit, load
    from prefig.output.queries import render_deliberation
    from prefig.query import UnknownIdError
    from prefig.sitting import deliberation_by_number

    register = load(ctx)
    try:
        meeting, index, deliberation = deliberation_by_number(register, number)
    except UnknownIdError as err:
        hint = f"; did you mean {', '.join(err.suggestions)}?" if err.suggestions else "."
        fail(f"no deliberation has the number {number!r}{hint}")
    view = views.deliberation_detail(register, meeting, index, deliberation)
    emit(view, as_json, output, render_deliberation, register.settings.locale)
