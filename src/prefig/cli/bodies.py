"""``prefig bodies ...``: the governance bodies."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import FormatOption, JsonOption

app = typer.Typer(help="Bodies: list them, show one's composition.", no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """List the bodies in the order of the register, with their level and kind.

    Example: prefig bodies list --json
    """
    from prefig import views
    from prefig.cli.queries import emit, load
    from prefig.output.queries import render_body_list

    register = load(ctx)
    emit(
        views.body_list(register),
        as_json,
        output,
        render_body_list,
        register.settings.locale,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    body_id: Annotated[
        str, typer.Argument(metavar="ID", help="The body's id.", autocompletion=complete.body_ids)
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            "--at",
            metavar="DATE",
            help="Show the composition as it stood on this date (YYYY-MM-DD, or a date and "
            "time YYYY-MM-DDTHH:MM); meetings ended by then are past. Default: now.",
        ),
    ] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show a body: mission, objectives, composition by organisation, parity, cadence,
    relations, past and upcoming meetings, open follow-up actions.

    Example: prefig bodies show comite-mixte-pilotage-technique --as-of 2015-02-13
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup, moment
    from prefig.output.queries import render_body

    register = load(ctx)
    body = lookup(register.bodies, body_id, "body")
    view = views.body_detail(register, body, as_of=moment(register, at))
    emit(view, as_json, output, render_body, register.settings.locale)
