"""``prefig people ...``: the people the register names."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import FormatOption, JsonOption

app = typer.Typer(help="People: list them, show one's offices and seats.", no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """List the people named in the register, with their offices.

    Example: prefig people list
    """
    from prefig import views
    from prefig.cli.queries import emit, load
    from prefig.output.queries import render_people_list

    register = load(ctx)
    emit(
        views.people_list(register),
        as_json,
        output,
        render_people_list,
        register.settings.locale,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    person_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The person's id.", autocompletion=complete.person_ids),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Meetings not yet ended at this date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM) are "
            "upcoming. Default: now.",
        ),
    ] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show a person: offices, seats held on bodies, upcoming meetings.

    Example: prefig people show martin-malvy --as-of 2015-02-01
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup, moment
    from prefig.output.queries import render_person

    register = load(ctx)
    person = lookup(register.people, person_id, "person")
    view = views.person_detail(register, person, as_of=moment(register, as_of))
    emit(view, as_json, output, render_person, register.settings.locale)
