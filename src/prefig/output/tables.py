"""Query output for people: a small document of headings, fields and tables, written with
rich (tables, colour) on a terminal and as plain aligned text when piped.

Commands describe *what* to show with a :class:`Doc`; :func:`write_doc` decides *how*. The
plain writer needs nothing beyond the standard library, so a piped query never imports rich.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NamedTuple, TextIO

# Named tuples rather than dataclasses: they cost a fifth as much to define, and this module
# is on the start-up path of every query.


class Heading(NamedTuple):
    text: str
    style: str = "bold"


class Line(NamedTuple):
    text: str
    style: str | None = None


class Fields(NamedTuple):
    """Labelled values, one a line: ``Venue  Hôtel de Région``."""

    pairs: tuple[tuple[str, str], ...]


ID_COLUMN = "Id"
"""The column of record ids: never wrapped nor cut on a terminal, since ids are what the
next command is typed with."""


class Table(NamedTuple):
    title: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Line | Fields | Table


class Doc:
    """What a query shows, in order; blank lines between blocks are the writers' business."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def heading(self, text: str, style: str = "bold") -> None:
        self.blocks.append(Heading(text, style))

    def line(self, text: str, style: str | None = None) -> None:
        self.blocks.append(Line(text, style))

    def fields(self, pairs: Sequence[tuple[str, str]]) -> None:
        if pairs:
            self.blocks.append(Fields(tuple(pairs)))

    def table(
        self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]]
    ) -> None:
        self.blocks.append(Table(title, tuple(columns), tuple(tuple(r) for r in rows)))


def write_doc(doc: Doc, stream: TextIO, *, terminal: bool, colour: bool) -> None:
    """Rich on a terminal (colour unless ``colour`` is False, as with NO_COLOR), plain text
    otherwise.

    A document without tables (``meetings next``, the command run most) needs no layout: on
    a POSIX terminal it is written as plain text with the few SGR codes its styles need,
    which spares loading rich (a tenth of the command's start-up). Windows consoles, which
    may not understand those codes, always go through rich.
    """
    if not terminal:
        stream.write(plain_text(doc))
    elif sys.platform != "win32" and not any(isinstance(b, Table) for b in doc.blocks):
        import shutil

        stream.write(plain_text(doc, sgr=colour, width=shutil.get_terminal_size().columns))
    else:
        _write_rich(doc, stream, colour)


# --------------------------------------------------------------------------- plain


def _pad(text: str, width: int) -> str:
    return text + " " * (width - len(text))


SGR_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
"""Select Graphic Rendition codes of the style words that prefig's text output uses (query
documents here, check reports in :mod:`prefig.output.text`)."""


CONTROLS = {c: "\ufffd" for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in (9, 10)}
"""Control characters a register's text might carry (YAML's "\\e" is an escape): shown as
U+FFFD rather than sent to the terminal."""


def clean(text: str) -> str:
    """``text`` with its control characters (but tab and line feed) shown as U+FFFD."""
    return text.translate(CONTROLS)


def printable_path(path: str) -> str:
    """``path`` as UTF-8 text: the bytes of a name that is not UTF-8 on disk (which Python
    keeps as surrogate escapes, and no UTF-8 output can carry) shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def sgr_styled(text: str, style: str) -> str:
    """``text`` wrapped in the terminal codes of ``style`` (words such as ``bold red``)."""
    codes = ";".join(SGR_CODES[word] for word in style.split() if word in SGR_CODES)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def _styled(text: str, style: str | None, colour: bool) -> str:
    text = clean(text)
    return sgr_styled(text, style) if colour and style else text


def plain_text(doc: Doc, *, sgr: bool = False, width: int | None = None) -> str:
    """The document as plain text: aligned fields, tables as space-separated columns; with
    ``sgr``, headings, lines and field labels carry their styles as terminal codes; with
    ``width`` (a terminal's), long field values wrap under themselves."""
    out: list[str] = []
    for block in doc.blocks:
        if out and isinstance(block, Heading | Table):
            out.append("")
        if isinstance(block, Heading | Line):
            out.append(_styled(block.text, block.style, sgr))
        elif isinstance(block, Fields):
            out += [
                (_styled(label, "dim", sgr) + clean(text)).rstrip()
                for label, text in _field_lines(block.pairs, width)
            ]
        else:
            if block.title:
                out.append(clean(block.title))
            if not block.rows:
                out.append("  (none)")
            else:
                widths = [
                    max(len(c), *(len(r[i]) for r in block.rows))
                    for i, c in enumerate(block.columns)
                ]
                for row in (block.columns, *block.rows):
                    cells = [clean(_pad(cell, widths[i])) for i, cell in enumerate(row)]
                    out.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- rich


def _field_lines(
    pairs: tuple[tuple[str, str], ...], columns: int | None = None
) -> list[tuple[str, str]]:
    """(label, text) lines: labels padded to one width, values continued under themselves;
    with ``columns``, long values are wrapped to fit, rather than left for the terminal to
    wrap at its left edge, under the labels."""
    width = max(len(label) for label, _ in pairs)
    indent = width + 4
    out: list[tuple[str, str]] = []
    for label, value in pairs:
        lines = value.splitlines() or [""]
        if columns is not None and columns - indent >= 20:
            import textwrap

            lines = [
                part
                for line in lines
                for part in textwrap.wrap(
                    line, columns - indent, break_long_words=False, break_on_hyphens=False
                )
                or [""]
            ]
        out.append((f"  {_pad(label, width)}  ", lines[0]))
        out += [(" " * indent, more) for more in lines[1:]]
    return out


def _write_rich(doc: Doc, stream: TextIO, colour: bool) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(
        file=stream, force_terminal=True, no_color=not colour, highlight=False, soft_wrap=False
    )
    # Text blocks are gathered and printed in one call (one markup parse, one render); only
    # tables go through rich.table, so that meetings next never imports it.
    lines: list[str] = []
    for index, block in enumerate(doc.blocks):
        if index and isinstance(block, Heading | Table):
            lines.append("")
        if isinstance(block, Heading):
            lines.append(f"[{block.style}]{escape(clean(block.text))}[/]")
        elif isinstance(block, Line):
            text = escape(clean(block.text))
            lines.append(f"[{block.style}]{text}[/]" if block.style else text)
        elif isinstance(block, Fields):
            lines += [
                f"[dim]{escape(label)}[/]{escape(clean(text))}"
                for label, text in _field_lines(block.pairs, console.width)
            ]
        elif not block.rows:
            lines.append(f"[bold]{escape(clean(block.title or ''))}[/]  [dim](none)[/]")
        else:
            from rich.table import Table as RichTable
            from rich.text import Text

            if lines:
                console.print("\n".join(lines))
                lines = []
            # Cells and titles are Text, not markup: "[...]" in the register stays as written.
            table = RichTable(
                title=Text(clean(block.title)) if block.title else None,
                title_justify="left",
                title_style="bold",
            )
            for i, column in enumerate(block.columns):
                if column == ID_COLUMN:
                    widest = max(len(column), *(len(row[i]) for row in block.rows))
                    table.add_column(column, no_wrap=True, min_width=widest)
                else:
                    table.add_column(column)
            for row in block.rows:
                table.add_row(*(Text(clean(cell)) for cell in row))
            console.print(table)
    if lines:
        console.print("\n".join(lines))
