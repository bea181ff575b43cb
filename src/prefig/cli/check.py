"""``prefig check``: validate the register and run its rules, as CI does on every edit."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import colour_wanted, fail, parse_as_of, register_root


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
) -> None:
    """Check the register: load every file, validate it, and run every rule.

    Example: prefig check --format github

    Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors found,
    2 the register cannot be read or the command is misused.
    """
    from prefig.check import check as run_check
    from prefig.check import known_codes
    from prefig.output import REPORTER_BY_NAME

    selected, ignored = _codes(select), _codes(ignore)
    known = known_codes()
    for code in (*selected, *ignored):
        if not any(k.startswith(code) for k in known):
            fail(f"{code} matches no rule code; `prefig rules` lists them.")
    root = register_root(ctx)
    moment = parse_as_of(as_of)
    report = run_check(
        root.path,
        as_of=moment.date() if moment else None,
        select=selected,
        ignore=ignored,
        strict=strict,
    )
    REPORTER_BY_NAME[output_format.value](report, sys.stdout, colour_wanted(sys.stdout))
    raise typer.Exit(report.exit_code)
