"""``prefig meetings ...``: meetings in time."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import AS_OF_HELP, FormatOption, JsonOption
from prefig.vocab import MeetingStatus

app = typer.Typer(help="Meetings: the next ones, a list, one in detail.", no_args_is_help=True)


@app.command("next")
def next_(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            "-b",
            metavar="ID",
            help="Only meetings of this body (its id).",
            autocompletion=complete.body_ids,
        ),
    ] = None,
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", min=1, metavar="N", help="How many upcoming meetings to show."
        ),
    ] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP)] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="Also show postponed and cancelled meetings."),
    ] = False,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show the next meeting(s): body, date and time, venue, status, agenda, how long until.

    Postponed and cancelled meetings are left out (--all shows them). When nothing is
    upcoming, says so and shows the most recent meeting.

    Example: prefig meetings next --as-of 2015-02-01
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup, moment
    from prefig.output.queries import render_next
    from prefig.query import OFF_STATUSES, next_meetings, previous_meetings

    # What the view shows of a meeting: its body's name and its venue (not people,
    # decisions or sources, whose files are not read).
    register = load(ctx, kinds=("bodies", "venues", "meetings"))
    if body is not None:
        lookup(register.bodies, body, "body")
    at = moment(register, as_of)
    upcoming = next_meetings(register, at, body=body, count=count, include_off=show_all)
    past = previous_meetings(register, at, body=body, count=len(register.meetings))
    latest = next((m for m in past if show_all or m.status not in OFF_STATUSES), None)
    view = views.next_meetings(register, upcoming, latest, as_of=at, body=body)
    emit(view, as_json, output, render_next, register.settings.locale)


@app.command("list")
def list_(
    ctx: typer.Context,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help="Only meetings on or after this day (YYYY-MM-DD)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Only meetings on or before this day (YYYY-MM-DD)."
        ),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            "-b",
            metavar="ID",
            help="Only meetings of this body (its id).",
            autocompletion=complete.body_ids,
        ),
    ] = None,
    status: Annotated[
        MeetingStatus | None, typer.Option("--status", help="Only meetings with this status.")
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            "-p",
            metavar="ID",
            help="Only meetings of bodies this person sits on.",
            autocompletion=complete.person_ids,
        ),
    ] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """List meetings in time order, filtered by dates, body, status or person.

    Example: prefig meetings list --from 2015-02-01 --to 2015-03-31 --status planned
    """
    from prefig import views
    from prefig.cli.common import fail
    from prefig.cli.queries import day, emit, load, lookup
    from prefig.output.queries import render_meeting_list
    from prefig.query import filter_meetings

    start_day, end_day = day(start, "--from"), day(end, "--to")
    if start_day and end_day and start_day > end_day:
        fail(f"--from {start_day} is after --to {end_day}: no meeting can match.")
    register = load(ctx)
    if body is not None:
        lookup(register.bodies, body, "body")
    if person is not None:
        lookup(register.people, person, "person")
    meetings = filter_meetings(
        register,
        start=start_day,
        end=end_day,
        body=body,
        status=status,
        person=person,
    )
    filters: views.MeetingFilters = {
        "from": start_day.isoformat() if start_day else None,
        "to": end_day.isoformat() if end_day else None,
        "body": body,
        "status": status.value if status else None,
        "person": person,
    }
    view = views.meeting_list(register, meetings, filters)
    emit(view, as_json, output, render_meeting_list, register.settings.locale)


@app.command("show")
def show(
    ctx: typer.Context,
    meeting_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The meeting's id.", autocompletion=complete.meeting_ids),
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP)] = None,
    as_json: JsonOption = False,
    output: FormatOption = None,
) -> None:
    """Show one meeting in detail, with the decisions taken in it.

    Example: prefig meetings show cmpt-2015-02-13
    """
    from prefig import views
    from prefig.cli.queries import emit, load, lookup, moment
    from prefig.output.queries import render_meeting

    register = load(ctx)
    meeting = lookup(register.meetings, meeting_id, "meeting")
    view = views.meeting_detail(register, meeting, as_of=moment(register, as_of))
    emit(view, as_json, output, render_meeting, register.settings.locale)
