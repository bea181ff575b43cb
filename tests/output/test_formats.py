"""Every `prefig check --format` has a golden file, on one fixture register with an invalid
value, a dangling reference and a warning (tests/golden/check/).

Regenerate with PREFIG_UPDATE_GOLDEN=1, then review the diff.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig import REPOSITORY_URL
from prefig.output import REPORTER_BY_NAME
from tests.conftest import REPO, TESTS, Golden, validate_sarif

REGISTER = TESTS / "fixtures" / "output" / "register"
SUFFIX = {"text": "txt", "json": "json", "github": "txt", "sarif": "sarif"}


def _check(run: Callable[..., Result], fmt: str) -> Result:
    # --path-base: the golden files do not depend on where the repository is checked out
    # (or whether it is a git work tree at all).
    return run(
        "--register", str(REGISTER), "check", "--as-of", "2015-06-01", "--format", fmt,
        "--path-base", str(REGISTER), env={"NO_COLOR": "1"},
    )  # fmt: skip


def _rule_anchors() -> set[str]:
    """The anchors GitHub gives the headings of docs/rules.md (lower case, spaces to -)."""
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    return {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in text.splitlines()
        if line.startswith("#")
    }


def test_every_format_has_a_golden_file() -> None:
    assert set(REPORTER_BY_NAME) == set(SUFFIX)


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_golden(run: Callable[..., Result], golden: Golden, fmt: str) -> None:
    result = _check(run, fmt)
    assert result.exit_code == 1
    golden(f"check/{fmt}.{SUFFIX[fmt]}", result.stdout)


def test_sarif_describes_every_rule_and_locates_every_result(run: Callable[..., Result]) -> None:
    from prefig.check import known_codes

    log = validate_sarif(_check(run, "sarif").stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("/sarif-schema-2.1.0.json")
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["informationUri"] == REPOSITORY_URL
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(known_codes())
    anchors = _rule_anchors()
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"], r["id"]
        assert r["defaultConfiguration"]["level"] in {"error", "warning", "note"}
        page, anchor = r["helpUri"].split("#")
        assert page == f"{REPOSITORY_URL}/blob/main/docs/rules.md"
        assert anchor in anchors, f"docs/rules.md has no section #{anchor}"
    results = sarif_run["results"]
    assert [r["ruleId"] for r in results] == ["PF012", "PF101", "PF302"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].startswith("data/")
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1
        (fingerprint,) = result["partialFingerprints"].values()
        assert re.fullmatch("[0-9a-f]{64}", fingerprint)
    assert results[2]["level"] == "warning"
    help_text = next(r for r in rules if r["id"] == "PF302")["help"]["markdown"]
    assert "## Use instead" in help_text


def test_sarif_of_an_unreadable_register(tmp_path: Path, run: Callable[..., Result]) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "register.yaml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "data" / "bodies.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    result = run("--register", str(tmp_path), "check", "--format", "sarif")
    assert result.exit_code == 2
    log = validate_sarif(result.stdout)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": False}]
    assert log["runs"][0]["results"][0]["ruleId"] == "PF004"
