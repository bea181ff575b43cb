"""``prefig diff``: what a change to the register does to the governance, between revisions."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prefig.cli.common import EXIT_MISUSE, State, colour_wanted, fail, parse_as_of

if TYPE_CHECKING:
    from prefig.gitread import Repository
    from prefig.load import LoadResult

EXIT_CHANGES = 1


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


def _root(ctx: typer.Context, both_revisions: bool) -> Path:
    """The register root; comparing two revisions needs no register in the working tree, only
    the folder where it sits in the repository."""
    from prefig.load import RegisterNotFoundError, find_register

    state = ctx.find_object(State) or State()
    try:
        return find_register(state.register).path
    except RegisterNotFoundError as err:
        if both_revisions:
            folder = Path(state.register).expanduser() if state.register else Path.cwd()
            if folder.is_dir():
                return folder
        fail(str(err))


def _today(timezone: str) -> dt.date:
    """Today in the register's time zone (the machine's, if the zone is unknown)."""
    from zoneinfo import ZoneInfo

    try:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    except (LookupError, ValueError, OSError):  # ZoneInfoNotFoundError is a LookupError
        return dt.date.today()


def _unreadable(where: str, result: LoadResult) -> str | None:
    """Why the register at ``where`` cannot be compared, or None when it can."""
    if result.register is not None and not result.diagnostics:
        return None
    lines = [f"{d.location}: {d.code} {d.message}" for d in result.diagnostics[:10]]
    more = len(result.diagnostics) - len(lines)
    if more > 0:
        lines.append(f"... and {more} more")
    if not lines:
        lines.append("its settings (data/register.yaml) cannot be read")
    state = "cannot be read" if result.fatal else "is invalid, so it cannot be compared"
    return f"the register at {where} {state}:\n  " + "\n  ".join(lines)


def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare from (default: HEAD).", metavar="BASE", show_default=False
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="Revision to compare to (default: the working tree).",
            metavar="HEAD",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.TEXT,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit with 1 when there are changes (like git diff)."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Day notice periods are judged at (default: today).", metavar="DATE"
        ),
    ] = None,
) -> None:
    """Show what a change does to the register: bodies, seats, parity, meetings, decisions.

    Compares the register in the working tree with HEAD, the working tree with BASE, or
    revision BASE with revision HEAD, reading the revisions through git. BASE may be a range
    as git diff reads it: A..B is A B; A...B compares B with where it forked from A (what a
    merge request changes). Records are matched by id.

    Examples: prefig diff; prefig diff main; prefig diff main...HEAD --format markdown

    Exit codes: 0 compared (with or without changes), 1 changes found with --exit-code,
    2 a revision or the register at a revision cannot be read.
    """
    from prefig.diff import DiffReport, Endpoint, diff_registers
    from prefig.gitread import GitReadError, load_at, locate, merge_base, resolve, split_range
    from prefig.load import load_register
    from prefig.output.diff import DIFF_WRITER_BY_NAME

    span = split_range(base) if base is not None else None
    if span is not None:
        if head is not None:
            fail(f"{base!r} is a range: give a range, or two revisions, not both.", EXIT_MISUSE)
        base, head = span[0], span[1]
    root = _root(ctx, both_revisions=head is not None)
    try:
        repo: Repository = locate(root)
        sides = [resolve(repo, spec) for spec in (base or "HEAD", head) if spec is not None]
        if span is not None and span[2]:  # A...B: from where B forked from A
            sides[0] = merge_base(repo, sides[0], sides[1])
        results = [(str(rev), load_at(repo, rev)) for rev in sides]
    except GitReadError as err:
        fail(f"cannot compare: {err}", EXIT_MISUSE)
    if head is None:
        results.append(("the working tree", load_register(root)))
    unreadable = [(where, p) for where, result in results if (p := _unreadable(where, result))]
    if unreadable:
        at_revision = any(where != "the working tree" for where, _ in unreadable)
        hint = " (on a checkout of that revision)" if at_revision else ""
        problems = "\n".join(p for _, p in unreadable)
        fail(f"{problems}\n`prefig check`{hint} lists every problem.")
    (_, base_result), (_, head_result) = results
    assert base_result.register is not None and head_result.register is not None
    before, after = base_result.register, head_result.register
    moment = parse_as_of(as_of)
    day = moment.date() if moment is not None else _today(after.settings.timezone)
    report = DiffReport(
        base=Endpoint(sides[0].spec, sides[0].commit),
        head=Endpoint(sides[1].spec, sides[1].commit) if head is not None else Endpoint(),
        as_of=day,
        changes=tuple(diff_registers(before, after, as_of=day)),
    )
    DIFF_WRITER_BY_NAME[output_format.value](report, sys.stdout, colour_wanted(sys.stdout))
    raise typer.Exit(EXIT_CHANGES if exit_code and report.changes else 0)
