"""Formatters for ``prefig diff``, one per ``--format`` choice (see docs/diff.md).

Text is for a terminal (coloured only when wanted); markdown is ready to post as a comment on
a merge request; JSON is a stable, documented contract.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import TextIO

from prefig.diff import Change, DiffReport, Endpoint
from prefig.output.streams import carries_unicode
from prefig.render.markdown import code_span, escape_markdown

DiffWriter = Callable[[DiffReport, TextIO, bool], None]
"""(report, stream, colour) -> None."""

SECTION = {  # one heading per kind of change, in the order prefig.diff reports them
    "settings": "Settings",
    "body": "Bodies",
    "meeting": "Meetings",
    "decision": "Decisions",
    "organization": "Organisations",
    "person": "People",
    "venue": "Venues",
    "source": "Sources",
    "dispatch": "Dispatches",
}


def _sigil(change: Change) -> str:
    if change.level == "warning":
        return "!"
    if change.type.endswith("-added"):
        return "+"
    if change.type.endswith("-removed"):
        return "-"
    return "~"


def _records(report: DiffReport) -> Iterator[tuple[str, list[tuple[str, list[Change]]]]]:
    """(kind, [(record id, its changes)]) in report order."""
    for kind, of_kind in groupby(report.changes, key=lambda c: c.kind):
        yield kind, [(id_, list(changes)) for id_, changes in groupby(of_kind, lambda c: c.id)]


def _record_sigil(changes: list[Change]) -> str:
    first = changes[0].type
    if first.endswith("-added") and first.split("-")[0] == changes[0].kind:
        return "+"
    if first.endswith("-removed") and first.split("-")[0] == changes[0].kind:
        return "-"
    return "~"


def _summary(report: DiffReport) -> str:
    n, records, warnings = len(report.changes), report.records, report.warnings
    text = f"{n} change{'s' * (n != 1)} in {records} record{'s' * (records != 1)}"
    if warnings:
        text += f", {warnings} warning{'s' * (warnings != 1)}"
    return text


# --------------------------------------------------------------------------- text

_STYLE = {"+": "green", "-": "red", "~": "yellow", "!": "bold red"}


def write_text(report: DiffReport, stream: TextIO, colour: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=stream, no_color=not colour, force_terminal=colour, highlight=False, soft_wrap=True
    )
    console.print(
        f"[bold]{escape(report.base.label)} → {escape(report.head.label)}[/]"
        f" [dim](as of {report.as_of.isoformat()})[/]"
    )
    if not report.changes:
        console.print("No changes to the register.")
        return
    for kind, records in _records(report):
        console.print()
        console.print(f"[bold]{SECTION[kind]}[/]")
        for id_, changes in records:
            sigil = _record_sigil(changes)
            console.print(
                f"  [{_STYLE[sigil]}]{escape(sigil)}[/] [bold]{escape(changes[0].title)}[/]"
                f" [dim]({escape(id_)})[/]"
            )
            for change in changes:
                mark = _sigil(change)
                console.print(f"      [{_STYLE[mark]}]{escape(mark)}[/] {escape(change.message)}")
    console.print()
    console.print(_summary(report) + ".")


# --------------------------------------------------------------------------- markdown


def _endpoint(end: Endpoint) -> str:
    if end.revision is None:
        return "working tree"
    if end.names_commit:
        return code_span(str(end.short))
    return f"{code_span(end.revision)} ({end.short})" if end.commit else code_span(end.revision)


_MD_MARK = {"+": "➕", "-": "➖", "~": "✏️", "!": "⚠️"}


def write_markdown(report: DiffReport, stream: TextIO, colour: bool) -> None:
    base, head = _endpoint(report.base), _endpoint(report.head)
    lines = [f"### Register changes: {base} → {head}", ""]
    if not report.changes:
        lines.append("No changes to the register.")
        stream.write("\n".join(lines) + "\n")
        return
    lines.append(f"{_summary(report)} (notice periods judged as of {report.as_of.isoformat()}).")
    warnings = [c for c in report.changes if c.level == "warning"]
    if warnings:
        lines += ["", "**Needs attention**", ""]
        lines += [
            f"- ⚠️ **{escape_markdown(c.title)}** ({code_span(c.id)}): {escape_markdown(c.message)}"
            for c in warnings
        ]
    for kind, records in _records(report):
        lines += ["", f"#### {SECTION[kind]}", ""]
        for id_, changes in records:
            mark = _MD_MARK[_record_sigil(changes)]
            lines.append(f"- {mark} **{escape_markdown(changes[0].title)}** ({code_span(id_)})")
            lines += [f"  - {_MD_MARK[_sigil(c)]} {escape_markdown(c.message)}" for c in changes]
    stream.write("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- json


def write_json(report: DiffReport, stream: TextIO, colour: bool) -> None:
    json.dump(report.as_dict(), stream, ensure_ascii=not carries_unicode(stream), indent=2)
    stream.write("\n")


DIFF_WRITER_BY_NAME: dict[str, DiffWriter] = {
    "text": write_text,
    "markdown": write_markdown,
    "json": write_json,
}
