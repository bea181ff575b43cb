"""``prefig rules [CODE]``: list the checks, or explain one."""

from __future__ import annotations

from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import echo, fail


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE]",
            help="A code such as PF302.",
            show_default=False,
            autocompletion=complete.rule_codes,
        ),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print every rule's documentation as Markdown.")
    ] = False,
) -> None:
    """List every check prefig runs, or explain one: what it does, why, an example, the fix.

    Example: prefig rules PF302
    """
    from prefig.rules import Origin, every_rule
    from prefig.rules.doc import rule_heading, rules_markdown

    registry = every_rule()
    if markdown:
        echo(rules_markdown(), nl=False)
        return
    if code is None:
        for known, r in registry.items():
            echo(f"{known}  {r.severity!s:<7}  {r.name:<28}  {r.summary}")
        return
    wanted = code.strip().upper()
    if wanted in registry:
        r = registry[wanted]
        echo(rule_heading(r))
        echo("")
        echo(r.doc)
        if r.origin is Origin.LOADER:
            echo("")
            echo("How the loader reads each file, bound by bound: docs/loader.md.")
        return
    by_name = {r.name: c for c, r in registry.items()}
    if code.strip().lower() in by_name:
        return rules(by_name[code.strip().lower()], markdown=False)
    import difflib

    close = difflib.get_close_matches(wanted, list(registry), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `prefig rules` lists them."
    fail(f"{code!r} is not a rule code{hint}")
