"""``prefig bodies graph`` and ``prefig meetings calendar``: the governance as a diagram and
the meetings of a month as a grid. :mod:`prefig.cli` adds them to the ``bodies`` and
``meetings`` groups, with the other commands."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from prefig.load import Register
    from prefig.monthgrid import MonthGrid


def _load(ctx: typer.Context) -> Register:
    """The loaded register; records that cannot be read are left out of the picture, and
    stderr says so."""
    from prefig.cli.common import load_or_fail

    register, _ = load_or_fail(ctx)
    return register


class GraphFormat(StrEnum):
    MERMAID = "mermaid"
    DOT = "dot"
    SVG = "svg"
    MARKDOWN = "markdown"


def graph(
    ctx: typer.Context,
    output_format: Annotated[
        GraphFormat,
        typer.Option("--format", "-f", help="Diagram format.", case_sensitive=False),
    ] = GraphFormat.MERMAID,
) -> None:
    """The governance as a diagram: bodies by level (level 1 at the top), their relations,
    and the organisations that sit on each, one colour per organisation. Mermaid renders in
    Markdown on code forges; dot is for Graphviz; svg is drawn by Graphviz's dot, which must
    be installed (exit 2 otherwise); markdown is a page with the Mermaid block and a table.

    Example: prefig bodies graph --format svg > gouvernance.svg
    """
    import sys

    from prefig.cli.common import EXIT_INTERNAL, fail
    from prefig.export.graph import (
        DiagramError,
        governance_graph,
        render_svg,
        to_dot,
        to_markdown,
        to_mermaid,
    )

    register = _load(ctx)
    built = governance_graph(register)
    if output_format is GraphFormat.SVG:
        try:
            svg = render_svg(to_dot(built))
        except DiagramError as err:
            fail(f"{err}; `--format dot` writes the diagram for another Graphviz.", EXIT_INTERNAL)
        if svg is None:
            fail(
                "--format svg needs Graphviz's `dot` on the PATH, and it is not there: install "
                "Graphviz (apt-get install graphviz, brew install graphviz, "
                "https://graphviz.org/download/), or use --format mermaid or --format dot."
            )
        text = svg if svg.endswith("\n") else svg + "\n"
    elif output_format is GraphFormat.DOT:
        text = to_dot(built)
    elif output_format is GraphFormat.MARKDOWN:
        text = to_markdown(built, register)
    else:
        text = to_mermaid(built)
    sys.stdout.write(text)


def _meeting_label(register: Register, meeting_id: str) -> str:
    from prefig.export.events import venue_text
    from prefig.i18n import format_clock
    from prefig.model import MeetingStatus

    meeting = next(m for m in register.meetings if m.id == meeting_id)
    bodies_by_id = {b.id: b for b in register.bodies}
    venues = {v.id: v for v in register.venues}
    owner = bodies_by_id.get(meeting.body)
    parts = []
    if meeting.start_time is not None:
        parts.append(format_clock(meeting.start_time, register.settings.locale))
    parts.append(meeting.name or (owner.name if owner else meeting.body))
    venue = venues.get(meeting.location or "")
    text = " ".join(parts) + (f", {venue_text(venue)}" if venue else "")
    if meeting.status is not MeetingStatus.PLANNED:
        from prefig.vocab import MEETING_STATUS_WORDS

        french = register.settings.locale.startswith("fr")
        text += f" ({MEETING_STATUS_WORDS[meeting.status] if french else meeting.status.value})"
    return text


def _rich_grid(grid: MonthGrid, register: Register, labels: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    bodies_by_id = {b.id: b for b in register.bodies}
    table = Table(title=grid.title, show_lines=True, expand=False)
    for name in grid.weekdays:
        table.add_column(name, width=12, vertical="top")
    for week in grid.weeks:
        row = []
        for day in week:
            if day is None:
                row.append(Text(""))
                continue
            cell = Text(str(day.date.day), style="bold" if day.meetings else "dim")
            for meeting in day.meetings:
                owner = bodies_by_id.get(meeting.body)
                short = owner.short_name or owner.name if owner else meeting.body
                cell.append(f"\n{short}", style="cyan")
            row.append(cell)
        table.add_row(*row)
    console = Console(highlight=False)
    console.print(table)
    for day in grid.days_with_meetings:
        for meeting in day.meetings:
            console.print(f"{day.date.day:>2} {labels[meeting.id]}", markup=False)


def calendar(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option(
            help="The month to show, YYYY-MM (default: the month of the next meeting, "
            "else of the last one).",
            metavar="YYYY-MM",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Reference moment the default month is taken from (the month of the next "
            "meeting after it, else of the last one before it): a date (YYYY-MM-DD) or a date "
            "and time (YYYY-MM-DDTHH:MM) in the register's time zone. Default: now.",
        ),
    ] = None,
) -> None:
    """The meetings of a month as a grid of weeks (Monday first), with the meetings listed
    under it. Plain text when the output is not a terminal.

    Example: prefig meetings calendar --month 2015-02
    """
    import sys

    from prefig.cli.common import colour_wanted, fail
    from prefig.cli.queries import moment
    from prefig.monthgrid import default_month, month_grid, parse_month, render_plain

    if month is not None:
        try:
            year, number = parse_month(month)
        except ValueError as err:
            fail(f"--month {err}")
    register = _load(ctx)
    if month is None:
        year, number = default_month(register, moment(register, as_of))
    grid = month_grid(register, year, number)
    labels = {
        m.id: _meeting_label(register, m.id) for d in grid.days_with_meetings for m in d.meetings
    }
    if colour_wanted(sys.stdout):
        _rich_grid(grid, register, labels)
    else:
        sys.stdout.write(render_plain(grid, labels))
