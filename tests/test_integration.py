"""CI and editor integration: the pre-commit hook definition and the example workflow."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def test_pre_commit_accepts_the_manifest() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "prefig-check"


def test_hook_runs_on_data_files_of_a_register_anywhere() -> None:
    (hook,) = _hooks()
    files = re.compile(str(hook["files"]))
    assert files.search("data/bodies.yaml")
    assert files.search("data/register.yml")
    assert files.search("registers/2015/data/meetings.yaml")
    assert not files.search("README.md")
    assert not files.search("metadata/bodies.yaml")
    assert not files.search("data/sources/notes.yaml")
    # The file names are passed: each one's register is found and checked whole.
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True


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
    """Run the entry as pre-commit does: from the repository root, with the file names."""
    (hook,) = _hooks()
    _, *args = shlex.split(str(hook["entry"]))
    monkeypatch.chdir(RULE_FIXTURES / "PF101")
    monkeypatch.delenv("PREFIG_REGISTER", raising=False)
    names = [f"{variant}/data/meetings.yaml", f"{variant}/data/bodies.yaml"]
    result = run(*args, *hook.get("args", []), *names)  # type: ignore[misc]
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "PF101" in result.stdout


def test_files_of_several_registers_are_checked_each_once(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(RULE_FIXTURES)
    monkeypatch.delenv("PREFIG_REGISTER", raising=False)
    names = ["PF101/fail/data/bodies.yaml", "PF101/pass/data/meetings.yaml"]
    result = run(
        "check", "--format", "json", "--path-base", str(REPO), *names,
        "PF101/fail/data/meetings.yaml",
    )  # fmt: skip
    assert result.exit_code == 1
    files = [d["file"] for d in json.loads(result.stdout)["diagnostics"]]
    # Relative to the repository root: which register each finding is in is plain.
    assert files == [
        "tests/fixtures/rules/PF101/fail/data/bodies.yaml",
        "tests/fixtures/rules/PF101/fail/data/bodies.yaml",
        "tests/fixtures/rules/PF101/fail/data/meetings.yaml",
    ]
    text = run("check", "--path-base", str(RULE_FIXTURES), *names)
    assert text.stdout.startswith("PF101/fail/data/bodies.yaml:6:49: PF101")


def test_registers_named_by_their_folders(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(RULE_FIXTURES / "PF101")
    result = run("check", "--format", "json", "--path-base", ".", "pass", "fail", "fail/data")
    assert result.exit_code == 1
    files = {d["file"] for d in json.loads(result.stdout)["diagnostics"]}
    assert files == {"fail/data/bodies.yaml", "fail/data/meetings.yaml"}


def test_a_file_in_no_register_is_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    stray = tmp_path / "data" / "notes.yaml"
    stray.parent.mkdir()
    stray.write_text("a: 1\n", encoding="utf-8")
    result = run("check", str(stray))
    assert result.exit_code == 2
    assert "is in no register" in result.stderr
    assert "files:" in result.stderr


WORKFLOW = REPO / "docs" / "examples" / "prefig-check.yml"


def _workflow() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict)
    return workflow


def _steps(job: str) -> list[dict[str, Any]]:
    steps = _workflow()["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def test_example_workflow_is_a_valid_github_workflow() -> None:
    from check_jsonschema.cli.main_command import main

    result = CliRunner().invoke(
        main, ["--builtin-schema", "vendor.github-workflows", str(WORKFLOW)]
    )
    assert result.exit_code == 0, result.output
    steps = _steps("check")
    assert any(s.get("run") == "prefig check --format github" for s in steps)


def test_example_workflow_installs_this_distribution_at_a_pinned_commit() -> None:
    """Not `pip install prefig` (another project): the requirement names this distribution
    and a git URL whose revision is the documented commit placeholder."""
    from packaging.requirements import Requirement

    name = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert name != "prefig"
    requirement = Requirement(_workflow()["env"]["PREFIG"])
    assert requirement.name == name
    assert requirement.url is not None
    assert requirement.url.startswith("git+")
    assert requirement.url.endswith("@PREFIG_COMMIT")
    comments = WORKFLOW.read_text(encoding="utf-8")
    assert "PREFIG_COMMIT with the full 40-character" in comments
    for job in ("check", "code-scanning"):
        installs = [s["run"] for s in _steps(job) if "pip install" in s.get("run", "")]
        assert installs == ['python -m pip install "$PREFIG"'], job


def test_example_workflow_fails_on_findings_and_still_uploads_the_sarif_log() -> None:
    for job in _workflow()["jobs"].values():
        assert "continue-on-error" not in job
        for step in job["steps"]:
            assert "continue-on-error" not in step, step
            assert "||" not in step.get("run", ""), f"a failure is hidden: {step['run']}"
    steps = _steps("code-scanning")
    (sarif,) = [i for i, s in enumerate(steps) if "--format sarif" in s.get("run", "")]
    (upload,) = [
        i
        for i, s in enumerate(steps)
        if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload > sarif
    assert str(steps[upload]["if"]).startswith("always()")
    output = shlex.split(steps[sarif]["run"])[-1]
    assert steps[upload]["with"]["sarif_file"] == output


def test_example_workflow_check_commands_on_a_failing_register(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands the workflow runs exit 1 on errors (failing their step) and still write
    a complete SARIF log for the upload step."""
    monkeypatch.chdir(RULE_FIXTURES / "PF101" / "fail")
    monkeypatch.delenv("PREFIG_REGISTER", raising=False)
    for job, fmt in (("check", "github"), ("code-scanning", "sarif")):
        (command,) = [s["run"] for s in _steps(job) if "prefig check" in s.get("run", "")]
        words = shlex.split(command)
        if ">" in words:
            words = words[: words.index(">")]
        assert words[:2] == ["prefig", "check"]
        assert words[words.index("--format") + 1] == fmt
        result = run(*words[1:])
        assert result.exit_code == 1, result.output
        assert "PF101" in result.stdout
        if fmt == "sarif":
            assert json.loads(result.stdout)["runs"][0]["results"]
