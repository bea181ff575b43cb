"""The loader's codes are rules: in the one registry, documented like every rule, listed and
explained by `prefig rules`, and not run over the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.check import check
from prefig.load import CONFIGURABLE_LOADER_CODES, FATAL_CODES, LOADER_CODES
from prefig.rules import REGISTRY, Origin, all_rules, every_rule
from prefig.rules.doc import SECTIONS, missing_sections, rules_markdown
from tests.conftest import SHIPPED, empty_register


def test_every_loader_code_is_a_loader_rule_and_only_those() -> None:
    loader = {code: r for code, r in every_rule().items() if r.origin is Origin.LOADER}
    assert list(loader) == list(LOADER_CODES)
    for code, r in loader.items():
        assert (r.name, r.summary) == LOADER_CODES[code]
        assert r.func is None
        assert r.family == "loading"
    assert REGISTRY.keys() >= loader.keys()


@pytest.mark.parametrize("code", list(LOADER_CODES))
def test_every_loader_rule_is_documented(code: str) -> None:
    r = every_rule()[code]
    assert missing_sections(r) == [], f"{code} lacks {missing_sections(r)}; needs {SECTIONS}"
    assert f"### {code}\n" in rules_markdown()


def test_check_runs_only_the_rules_over_the_register() -> None:
    assert not set(all_rules()) & set(LOADER_CODES)
    assert set(every_rule()) == set(all_rules()) | set(LOADER_CODES)
    assert all(r.origin is Origin.REGISTER and r.func for r in all_rules().values())


def test_unreadable_and_configurable_follow_the_loader() -> None:
    rules = every_rule()
    assert {c for c, r in rules.items() if r.unreadable} == FATAL_CODES & set(rules)
    configurable = {c for c in LOADER_CODES if rules[c].configurable}
    assert configurable == CONFIGURABLE_LOADER_CODES
    assert all(rules[c].configurable for c in all_rules())


def test_a_loader_rule_finds_nothing_in_a_register() -> None:
    from prefig.load import load_register
    from prefig.rules import Context

    register = load_register(SHIPPED).register
    assert register is not None
    assert list(every_rule()["PF010"].run(Context(register, dt.date(2015, 1, 1)))) == []


def test_rules_explains_a_loading_code_in_full(run: Callable[..., Result]) -> None:
    result = run("rules", "PF001")
    assert result.exit_code == 0
    assert result.stdout.startswith("PF001 unreadable-file (error, loading)\n")
    for section in SECTIONS:
        assert section in result.stdout
    assert run("rules", "unreadable-file").stdout == result.stdout


def test_select_and_ignore_treat_loader_codes_as_before(tmp_path: Path) -> None:
    root = empty_register(tmp_path)
    (root / "data" / "venues.yaml").write_text("- id: salle-a\n", encoding="utf-8")
    (root / "data" / "notes.txt").write_text("", encoding="utf-8")
    as_of = dt.date(2015, 1, 1)
    assert [d.code for d in check(root, as_of=as_of).diagnostics] == ["PF013", "PF011"]
    assert [d.code for d in check(root, as_of=as_of, ignore=["PF0"]).diagnostics] == []
    assert [d.code for d in check(root, as_of=as_of, select=["PF011"]).diagnostics] == ["PF011"]
    (root / "data" / "bodies.yaml").write_text("{", encoding="utf-8")
    unreadable = check(root, as_of=as_of, ignore=["PF0"])
    assert [d.code for d in unreadable.diagnostics] == ["PF004"]
    assert unreadable.exit_code == 2
