"""What the query commands (meetings, bodies, people, decisions) share: loading the register,
the reference moment, id lookups that exit 2 with "did you mean", and writing a view as JSON
or as text. Imported inside command functions only, so it may import the core."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

import typer

from prefig.cli.common import colour_wanted, fail, load_or_fail, parse_as_of

if TYPE_CHECKING:
    from prefig.load import Register
    from prefig.output.tables import Doc

T = TypeVar("T")
V = TypeVar("V", bound=Mapping[str, object])
"""A view of :mod:`prefig.views`: one of its documents."""


def load(ctx: typer.Context, kinds: Collection[str] | None = None) -> Register:
    """The register, loaded and validated; exit 2 when it cannot be read. Records that fail
    validation are left out, with a warning on stderr pointing at ``prefig check``. With
    ``kinds``, only the settings and those kinds of records are read."""
    register, _ = load_or_fail(ctx, kinds=kinds)
    return register


def moment(register: Register, as_of: str | None) -> dt.datetime:
    """``--as-of`` as an aware datetime in the register's time zone, else now there."""
    from prefig.query import zone

    parsed = parse_as_of(as_of, register.settings.timezone)
    if parsed is not None:
        # A moment given with another offset (2015-02-01T10:00+09:00) is shown, and its
        # day taken, in the register's zone, as the output says.
        return parsed.astimezone(zone(register))
    return dt.datetime.now(zone(register)).replace(microsecond=0)


def day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail(f"{option} {value!r} is not a date (YYYY-MM-DD).")


def lookup(records: Iterable[T], ident: str, kind: str) -> T:
    """The record with ``ident``, or exit 2 naming the closest ids."""
    from prefig.query import UnknownIdError, by_id

    try:
        return by_id(records, ident, kind)
    except UnknownIdError as err:
        fail(str(err))


def emit(
    view: V,
    as_json: bool,
    output: str | None,
    render: Callable[[V, str], Doc],
    locale: str,
) -> None:
    """Write ``view`` on stdout: as JSON (``--json`` or ``--format json``), or rendered as
    text (rich on a terminal)."""
    if as_json and output == "text":
        fail("--json and --format text contradict each other; give one of them.")
    out = sys.stdout
    if as_json or output == "json":
        import json

        from prefig.output.streams import carries_unicode

        # JSON carries every character, as escapes on a stream that cannot (ASCII).
        out.write(json.dumps(view, ensure_ascii=not carries_unicode(out), indent=2) + "\n")
        return
    # Text on a stream that cannot carry the register's accents stops with exit 2 (see
    # prefig.output.streams), as in every command.
    from prefig.output.tables import write_doc

    doc = render(view, locale)
    isatty = getattr(out, "isatty", None)
    terminal = bool(isatty and isatty()) or colour_wanted(out)
    write_doc(doc, out, terminal=terminal, colour=colour_wanted(out))
