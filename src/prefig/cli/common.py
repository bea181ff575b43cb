"""What every command shares: the register option's state, errors, consoles, dates."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer

if TYPE_CHECKING:
    from collections.abc import Collection

    from rich.console import Console

    from prefig.diagnostics import Diagnostic
    from prefig.load import LoadResult, Register, RegisterRoot

EXIT_MISUSE = 2
EXIT_INTERNAL = 3


class OutputFormat(StrEnum):
    """``--format`` of the query commands, named as in ``check`` and ``diff``."""

    TEXT = "text"
    JSON = "json"


# Option texts the query commands share, so that they read the same everywhere.
JSON_HELP = "Print the result as JSON (stable shape, see docs/json.md); same as --format json."
FORMAT_HELP = (
    "text for people (tables on a terminal), json for programs (same as --json). Default: text."
)
JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
"""``--json`` on a query command (the same as ``--format json``)."""
FormatOption = Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)]
"""``--format text|json`` on a query command."""
AS_OF_HELP = (
    "Reference moment: a date (YYYY-MM-DD, midnight) or a date and time (YYYY-MM-DDTHH:MM) "
    "in the register's time zone. Default: now."
)


@dataclass
class State:
    register: str | None = None


def fail(message: str, code: int = EXIT_MISUSE) -> NoReturn:
    """Report ``message`` on stderr and exit with ``code`` (2 by default: misuse)."""
    error_console().print(f"prefig: error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


DUMB_TERMINALS = frozenset({"dumb", "unknown"})
"""``TERM`` values of terminals that understand no escape codes (Emacs' shell, some CI
logs): no colour there, as rich decides for its own consoles."""


def echo(text: str = "", *, nl: bool = True, stream: TextIO | None = None) -> None:
    """Write ``text`` (and a newline) on stdout in its own encoding.

    Unlike ``typer.echo``, which writes UTF-8 bytes behind an ASCII stream's back (taking it
    for a misconfigured locale), a character the stream cannot carry raises
    ``UnicodeEncodeError``, which the entry point reports (exit 2), as every command does
    (see :mod:`prefig.output.streams`).
    """
    out = stream if stream is not None else sys.stdout
    out.write(text + "\n" if nl else text)


def colour_wanted(stream: object) -> bool:
    """Colour only on a terminal, never with NO_COLOR set (https://no-color.org) nor on a
    dumb terminal (``TERM=dumb``, which wins over FORCE_COLOR, as in rich)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM", "").lower() in DUMB_TERMINALS:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def error_console() -> Console:
    from rich.console import Console

    return Console(
        stderr=True, no_color=not colour_wanted(sys.stderr), highlight=False, soft_wrap=True
    )


def register_root(ctx: typer.Context) -> RegisterRoot:
    from prefig.load import RegisterNotFoundError, find_register

    state = ctx.find_object(State) or State()
    try:
        return find_register(state.register)
    except RegisterNotFoundError as err:
        fail(str(err))


def _listing(diagnostics: list[Diagnostic]) -> str:
    lines = [f"{d.location}: {d.code} {d.message}" for d in diagnostics[:20]]
    if len(diagnostics) > len(lines):
        lines.append(f"... and {len(diagnostics) - len(lines)} more")
    return "\n  " + "\n  ".join(lines)


def load_or_fail(
    ctx: typer.Context,
    *,
    incomplete: str | None = None,
    kinds: Collection[str] | None = None,
) -> tuple[Register, LoadResult]:
    """The loaded register, or exit 2 listing the problems that keep it from being read.

    ``kinds``: read only the settings and these kinds of records (see ``load_register``),
    for a command that needs no others; the problems listed are then those of these files.

    The loader leaves out records that fail validation. By default the command goes on
    without them and stderr says so; with ``incomplete`` (why a partial register would
    mislead, e.g. "an export would leave them out") the command refuses, listing them.
    """
    from prefig.load import load_register

    root = register_root(ctx)
    result = load_register(root.path, kinds)
    if result.register is None or result.fatal:
        fail(
            f"the register at {root.path} cannot be read:{_listing(result.diagnostics)}"
            "\nRun `prefig check` for the full list."
        )
    problems = result.diagnostics
    if problems and incomplete:
        fail(
            f"the register has records that cannot be read, which {incomplete}:"
            f"{_listing(problems)}\nFix them first; `prefig check` lists every problem."
        )
    if problems:
        count = len(problems)
        sys.stderr.write(
            f"prefig: warning: {count} problem{'s' * (count != 1)} in the register; records "
            "that fail validation are left out. Run `prefig check` for details.\n"
        )
    return result.register, result


def parse_as_of(value: str | None, tz: str | None = None) -> dt.datetime | None:
    """``--as-of``: a date (``2015-02-01``, taken as midnight) or a date and time."""
    if value is None:
        return None
    try:
        if "T" in value or " " in value.strip():
            moment = dt.datetime.fromisoformat(value.strip())
        else:
            moment = dt.datetime.combine(dt.date.fromisoformat(value.strip()), dt.time())
    except ValueError:
        fail(f"--as-of {value!r} is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM).")
    if moment.tzinfo is None and tz:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo(tz))
    return moment
