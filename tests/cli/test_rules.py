"""`prefig rules [CODE]` and docs/rules.md, generated from the rule docstrings."""

from __future__ import annotations

from collections.abc import Callable

from typer.testing import Result

from prefig.check import known_codes
from prefig.rules.doc import rules_markdown
from tests.conftest import REPO, compare_golden


def test_rules_lists_every_code(run: Callable[..., Result]) -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == list(known_codes())


def test_rules_code_explains_one(run: Callable[..., Result]) -> None:
    result = run("rules", "pf302")
    assert result.exit_code == 0
    assert result.stdout.startswith("PF302 meeting-not-closed (warning, dates and calendar)")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in result.stdout
    assert run("rules", "meeting-not-closed").stdout == result.stdout
    loader = run("rules", "PF005")
    assert loader.exit_code == 0
    assert "duplicate-key" in loader.stdout


def test_rules_unknown_code_suggests(run: Callable[..., Result]) -> None:
    result = run("rules", "PF3O2")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr
    assert "PF302" in result.stderr


def test_docs_rules_md_is_up_to_date(run: Callable[..., Result]) -> None:
    compare_golden(
        REPO / "docs" / "rules.md",
        rules_markdown(),
        hint="run `prefig rules --markdown > docs/rules.md`",
    )
    assert run("rules", "--markdown").stdout == rules_markdown()
    assert "12" in rules_markdown().split("### PF402", 1)[1].split("### PF403", 1)[0]


def test_a_loading_code_points_to_the_loader_docs(run: Callable[..., Result]) -> None:
    result = run("rules", "PF013")
    assert result.exit_code == 0
    assert result.stdout.startswith("PF013 unexpected-file (error, loading)")
    assert "docs/loader.md" in result.stdout
