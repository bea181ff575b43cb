"""The recipients of a meeting's convocations as a CSV table, for mail merge.

One row per letter, in the letters' order, with the register's text as it is (no Markdown
escaping: a spreadsheet or a word processor reads it), except that a cell a spreadsheet would
take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
prefixed with ``'``, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from prefig import query
from prefig.model import Person
from prefig.render.wording import civility, office_address, office_title

if TYPE_CHECKING:
    from prefig.render.context import Builder, Recipient

ADDRESS_LINES = 6
"""Postal address lines a row has room for (``Person.postal_address`` holds at most six)."""

COLUMNS = (
    "number",
    "file",
    "civility",
    "name",
    "addressed_to",
    "office",
    "capacity",
    "email",
    *(f"address_{n}" for n in range(1, ADDRESS_LINES + 1)),
)
"""The header row of ``MEETING-convocations.csv`` (documented in docs/templates.md)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def capacity(recipient: Recipient) -> str:
    """The capacity a recipient is convened in, in French: ``membre``, ``suppléant`` ..."""
    if recipient.kind == "substitute":
        return "suppléant"
    if recipient.seat.capacity == "member":
        return "membre" if query.votes(recipient.seat) else "membre sans voix délibérative"
    return {"contributor": "concours", "observer": "observateur"}[recipient.seat.capacity]


def row(recipient: Recipient, file: str) -> list[str]:
    """One recipient's row, in the order of :data:`COLUMNS`."""
    person: Person | None = recipient.person
    title = civility(person) if person else None
    name = person.name if person else ""
    addressed = (f"{title} {name}" if person and title else name) or office_address(
        recipient.seat, recipient.organization
    )
    lines = list(person.postal_address) if person else []
    return [
        str(recipient.number),
        file,
        title or "",
        name,
        addressed,
        office_title(query.office_form(recipient.seat, person), recipient.organization),
        capacity(recipient),
        (person.email or "") if person else "",
        *(lines + [""] * ADDRESS_LINES)[:ADDRESS_LINES],
    ]


def convocation_table(builder: Builder, files: Sequence[str]) -> str:
    """The CSV of the letters written to ``files`` (UTF-8, comma-separated, CRLF lines as RFC
    4180 writes them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for recipient, file in zip(builder.recipients(), files, strict=True):
        writer.writerow([_inert(cell) for cell in row(recipient, file)])
    return out.getvalue()


def _inert(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell
