"""``prefig bodies ...``: the governance bodies."""

from __future__ import annotations

import typer

app = typer.Typer(help="Bodies: list them, show one's composition.", no_args_is_help=True)
