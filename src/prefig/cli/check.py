"""``prefig check``: validate the register and run its rules, as CI does on every edit."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import colour_wanted, fail, parse_as_of, register_root

if TYPE_CHECKING:
    import datetime as dt

    from prefig.check import Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


def _codes(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out += [v.strip().upper() for v in value.split(",") if v.strip()]
    return out


def check(
    ctx: typer.Context,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = Format.TEXT,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these codes or prefixes (PF101, PF3); repeatable or comma-separated.",
            metavar="CODE",
            autocompletion=complete.rule_codes,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            help="Skip these codes or prefixes; repeatable.",
            metavar="CODE",
            autocompletion=complete.rule_codes,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Reference day of the date rules, YYYY-MM-DD (a date and time is taken at "
            "its day). Default: today in the register's time zone.",
            metavar="DATE",
        ),
    ] = None,
    path_base: Annotated[
        Path | None,
        typer.Option(
            "--path-base",
            help="Folder that file paths are relative to in json, github and sarif output "
            "(and in text output when given). Default: the root of the git work tree the "
            "register is in, else the register's root.",
            metavar="DIR",
            file_okay=False,
        ),
    ] = None,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders of registers (as pre-commit passes them): the register "
            "of each is checked whole, once. Default: the register of --register.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Check the register: load every file, validate it, and run every rule.

    Example: prefig check --format github

    Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found,
    2 the register cannot be read or the command is misused.
    """
    from prefig.check import known_codes
    from prefig.output import REPORTER_BY_NAME

    selected, ignored = _codes(select), _codes(ignore)
    known = known_codes()
    for code in (*selected, *ignored):
        if not any(k.startswith(code) for k in known):
            fail(f"{code} matches no rule code; `prefig rules` lists them.")
    if path_base is not None and not path_base.is_dir():
        fail(f"--path-base {path_base} is not a folder.")
    roots = _registers_of(files) if files else [register_root(ctx).path]
    moment = parse_as_of(as_of)
    # Paths for machines are seen from the repository root (or --path-base), where
    # dashboards, annotations and editors look for them; so are those of a check of named
    # files (as pre-commit runs it, from the repository root). Text for people otherwise
    # keeps them relative to the register, unless --path-base is given.
    rebase = output_format is not Format.TEXT or path_base is not None or bool(files)
    reports = [
        _checked(root, path_base, rebase, moment, selected, ignored, strict) for root in roots
    ]
    report = reports[0] if len(reports) == 1 else _combined(reports)
    REPORTER_BY_NAME[output_format.value](report, sys.stdout, colour_wanted(sys.stdout))
    raise typer.Exit(report.exit_code)


def _registers_of(files: list[Path]) -> list[Path]:
    """The register roots of ``files``, each once, in order."""
    from prefig.load import MARKER, register_of

    roots: dict[Path, None] = {}
    for file in files:
        root = register_of(file)
        if root is None:
            fail(
                f"{file} is in no register (no {MARKER} in its folder or any above it). "
                "Name only files of a register; for pre-commit, narrow the hook's `files:` "
                "pattern to the register's data folder (see docs/ci.md)."
            )
        roots.setdefault(root.resolve(), None)
    return list(roots)


def _checked(
    root: Path,
    path_base: Path | None,
    rebase: bool,
    moment: dt.datetime | None,
    select: list[str],
    ignore: list[str],
    strict: bool,
) -> Report:
    from prefig.check import check as run_check
    from prefig.load import relative_location, work_tree_root

    report = run_check(
        root, as_of=moment.date() if moment else None, select=select, ignore=ignore, strict=strict
    )
    if not rebase:
        return report
    base = path_base or work_tree_root(root) or root
    return report.seen_from(relative_location(root, base))


def _combined(reports: list[Report]) -> Report:
    from prefig.check import Report

    return Report(
        diagnostics=[d for r in reports for d in r.diagnostics],
        unreadable=any(r.unreadable for r in reports),
        files=[f for r in reports for f in r.files],
    )
