"""Text reports for people: one line per finding, ``file:line:col: CODE message``."""

from __future__ import annotations

from typing import TextIO

from prefig.check import Report
from prefig.diagnostics import Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def write_text(report: Report, stream: TextIO, colour: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=stream, no_color=not colour, force_terminal=colour, highlight=False, soft_wrap=True
    )
    for d in report.diagnostics:
        style = _STYLE[d.severity]
        console.print(
            f"[bold]{escape(str(d.location))}[/]: [{style}]{d.code}[/] "
            f"[{style}]{d.severity}[/] {escape(d.message)} [dim]\\[{d.name}][/]"
        )
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    if report.unreadable:
        console.print("[bold red]The register cannot be read; fix the errors above.[/]")
    elif not report.diagnostics:
        console.print(f"[green]All checks passed[/] ({len(report.files)} files).")
    else:
        console.print(
            f"Found {errors} error{'s' * (errors != 1)} and "
            f"{warnings} warning{'s' * (warnings != 1)}."
        )
