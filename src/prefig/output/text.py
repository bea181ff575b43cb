"""Text reports for people: one line per finding, ``file:line:col: CODE message``.

The lines are written as they are, with the few terminal (SGR) codes their styles need when
colour is wanted: no layout engine is needed, which spares importing rich (about 14 ms of
every `prefig check`). Windows consoles, which may not understand those codes, go through
rich. Either way the text is the register's text as written (no markup, no emoji codes such
as ``:warning:`` are interpreted), except that control characters, which a double-quoted YAML
string may hold (``"\\e[2J"``), are shown as U+FFFD rather than sent to the terminal.
"""

from __future__ import annotations

import sys
from typing import TextIO

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Severity
from prefig.output.tables import clean, printable_path, sgr_styled

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

Span = tuple[str, str]
"""A piece of a line and its style (``""`` for none)."""


def _lines(report: Report) -> list[list[Span]]:
    out: list[list[Span]] = []
    for d in report.diagnostics:
        out.append(_finding(d))
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    if report.unreadable:
        out.append([("The register cannot be read; fix the errors above.", "bold red")])
    elif not report.diagnostics:
        files = len(report.files)
        out.append([("All checks passed", "green"), (f" ({files} file{'s' * (files != 1)}).", "")])
    else:
        summary = (
            f"Found {errors} error{'s' * (errors != 1)} and "
            f"{warnings} warning{'s' * (warnings != 1)}."
        )
        out.append([(summary, "")])
    return out


def _finding(d: Diagnostic) -> list[Span]:
    style = _STYLE[d.severity]
    return [
        (printable_path(str(d.location)), "bold"),
        (": ", ""),
        (d.code, style),
        (" ", ""),
        (str(d.severity), style),
        (f" {d.message} ", ""),
        (f"[{d.name}]", "dim"),
    ]


def write_text(report: Report, stream: TextIO, colour: bool) -> None:
    lines = [[(clean(text), style) for text, style in spans] for spans in _lines(report)]
    if colour and sys.platform == "win32":
        _write_rich(lines, stream)
        return
    for spans in lines:
        stream.write("".join(sgr_styled(t, s) if colour else t for t, s in spans) + "\n")


def _write_rich(lines: list[list[Span]], stream: TextIO) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream, force_terminal=True, highlight=False, soft_wrap=True, emoji=False
    )
    for spans in lines:
        console.print(Text.assemble(*spans))
