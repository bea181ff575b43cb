"""CI and editor integration: the pre-commit hook definition and the example workflow."""

from __future__ import annotations

import re
import shlex
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from typer.testing import Result

from tests.conftest import REPO

RULE_FIXTURES = Path(__file__).parent / "fixtures" / "rules"

# The keys of a hook in pre-commit's manifest (pre_commit/clientlib.py, MANIFEST_HOOK_DICT).
HOOK_KEYS = {
    "id": str,
    "name": str,
    "entry": str,
    "language": str,
    "alias": str,
    "files": str,
    "exclude": str,
    "types": list,
    "types_or": list,
    "exclude_types": list,
    "additional_dependencies": list,
    "args": list,
    "always_run": bool,
    "fail_fast": bool,
    "pass_filenames": bool,
    "description": str,
    "language_version": str,
    "log_file": str,
    "minimum_pre_commit_version": str,
    "require_serial": bool,
    "stages": list,
    "verbose": bool,
}
REQUIRED = {"id", "name", "entry", "language"}


def _hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_hook_file_is_a_valid_manifest() -> None:
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["prefig-check"]
    for hook in hooks:
        assert hook.keys() >= REQUIRED
        for key, value in hook.items():
            assert key in HOOK_KEYS, f"pre-commit does not know the hook key {key!r}"
            assert isinstance(value, HOOK_KEYS[key]), key
        assert hook["language"] == "python"


def test_hook_runs_on_data_files_only() -> None:
    (hook,) = _hooks()
    files = re.compile(str(hook["files"]))
    assert files.search("data/bodies.yaml")
    assert files.search("data/register.yml")
    assert not files.search("README.md")
    assert not files.search("tests/fixtures/rules/PF101/fail/data/bodies.yaml")
    # The whole register is checked at once: file names are not passed.
    assert hook["pass_filenames"] is False


def test_hook_entry_is_the_installed_command() -> None:
    (hook,) = _hooks()
    command, *_ = shlex.split(str(hook["entry"]))
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert scripts[command] == "prefig.cli:main"


@pytest.mark.parametrize(("variant", "exit_code"), [("pass", 0), ("fail", 1)])
def test_hook_entry_on_a_fixture(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, variant: str, exit_code: int
) -> None:
    """Run the entry as pre-commit does: from the repository root, with no file names."""
    (hook,) = _hooks()
    _, *args = shlex.split(str(hook["entry"]))
    monkeypatch.chdir(RULE_FIXTURES / "PF101" / variant)
    monkeypatch.delenv("PREFIG_REGISTER", raising=False)
    result = run(*args, *hook.get("args", []))  # type: ignore[misc]
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "PF101" in result.stdout


def test_example_workflow_is_a_valid_github_workflow() -> None:
    from check_jsonschema.cli.main_command import main

    workflow = REPO / "docs" / "examples" / "prefig-check.yml"
    result = CliRunner().invoke(
        main, ["--builtin-schema", "vendor.github-workflows", str(workflow)]
    )
    assert result.exit_code == 0, result.output
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    assert any(s.get("run") == "prefig check --format github" for s in steps)


def test_example_site_workflow_is_a_valid_github_workflow() -> None:
    from check_jsonschema.cli.main_command import main

    workflow = REPO / "docs" / "examples" / "prefig-site.yml"
    result = CliRunner().invoke(
        main, ["--builtin-schema", "vendor.github-workflows", str(workflow)]
    )
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    build = " ".join(s.get("run", "") for s in document["jobs"]["build"]["steps"])
    assert "prefig site build public" in build and "SOURCE_DATE_EPOCH" in build
    deploy = document["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy)
