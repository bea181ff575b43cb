"""Every command documents itself: help text, an example, and --help that works."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import Result

from prefig import __version__
from prefig.cli import app


def _leaves(group: TyperGroup, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, TyperGroup):
            yield from _leaves(command, (*path, name))
        else:
            yield (*path, name), command


ROOT = typer.main.get_command(app)
assert isinstance(ROOT, TyperGroup)
COMMANDS = list(_leaves(ROOT))


def test_the_query_commands_are_registered() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {
        "meetings next",
        "meetings list",
        "meetings show",
        "bodies list",
        "bodies show",
        "people list",
        "people show",
        "decisions list",
        "decisions show",
        "deliberations list",
        "deliberations show",
    } <= paths


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_every_command_has_help_and_an_example(
    run: Callable[..., Result], path: tuple[str, ...]
) -> None:
    command = dict(COMMANDS)[path]
    assert command.help and command.help.strip()
    # "Example: prefig meetings next ..." (or "Examples: ..." listing several)
    assert re.search(rf"Examples?: prefig {' '.join(path)}\b", command.help)
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "prefig " + " ".join(path) in result.stdout


def test_version(run: Callable[..., Result]) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"prefig {__version__}"
