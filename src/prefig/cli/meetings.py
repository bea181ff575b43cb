"""``prefig meetings ...``: meetings in time."""

from __future__ import annotations

import typer

app = typer.Typer(help="Meetings: the next ones, a list, one in detail.", no_args_is_help=True)
