"""``find_register``: --register, PREFIG_REGISTER, walking up like git, and what it says when
there is nothing to find."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.load import ENV_VAR, MARKER, RegisterNotFoundError, find_register
from tests.conftest import empty_register


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "registre"
    empty_register(root)
    (root / "docs" / "deep").mkdir(parents=True)
    return root


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_explicit_path(register: Path) -> None:
    found = find_register(register, cwd=Path("/"))
    assert (found.path, found.how) == (register, "--register")


def test_environment_variable(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(register))
    found = find_register(None, cwd=Path("/"))
    assert (found.path, found.how) == (register, ENV_VAR)


def test_explicit_path_wins_over_environment(
    register: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere"))
    assert find_register(register).how == "--register"


def test_empty_environment_variable_is_ignored(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    assert find_register(None, cwd=register).how.startswith("found from")


def test_walks_up_from_a_subfolder(register: Path) -> None:
    found = find_register(None, cwd=register / "docs" / "deep")
    assert found.path == register.resolve()
    assert found.how == f"found from {(register / 'docs' / 'deep').resolve()}"


def test_a_file_given_instead_of_the_folder(register: Path) -> None:
    with pytest.raises(RegisterNotFoundError) as err:
        find_register(register / "data" / "bodies.yaml")
    message = str(err.value)
    assert "which is a file" in message
    assert f"did you mean {register}" in message


def test_the_data_folder_given_instead_of_the_root(register: Path) -> None:
    with pytest.raises(RegisterNotFoundError) as err:
        find_register(register / "data")
    assert f"did you mean {register}" in str(err.value)


def test_a_folder_without_a_register(tmp_path: Path) -> None:
    with pytest.raises(RegisterNotFoundError) as err:
        find_register(tmp_path)
    message = str(err.value)
    assert f"a folder without {MARKER}" in message
    assert "prefig init" in message


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(RegisterNotFoundError, match="which does not exist"):
        find_register(tmp_path / "nowhere")


def test_nothing_found_names_where_it_looked(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    with pytest.raises(RegisterNotFoundError) as err:
        find_register(None, cwd=start)
    message = str(err.value)
    assert f"looked for {MARKER} in {start.resolve()} and every folder above it" in message
    assert "--register PATH" in message
    assert f"{ENV_VAR}=PATH" in message


def test_cli_reports_a_missing_register_without_traceback(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    result = run("--register", str(tmp_path / "nowhere"), "check")
    assert result.exit_code == 2
    assert "prefig: error: --register names" in result.stderr
    assert "Traceback" not in result.output


def test_cli_uses_the_environment_variable(register: Path, run: Callable[..., Result]) -> None:
    result = run("check", env={ENV_VAR: str(register)})
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.stdout
