"""``--register`` after a command's name (``prefig check -r X``), on every command, and its
precedence: after the command, then before it, then ``PREFIG_REGISTER``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import Result

from prefig.cli import app
from tests.conftest import TESTS

FAILING = TESTS / "fixtures" / "rules" / "PF101" / "fail"
OUTPUT = TESTS / "fixtures" / "output" / "register"


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


ROOT = typer.main.get_command(app)
assert isinstance(ROOT, TyperGroup)
BELOW_ROOT = [(path, command) for path, command in _commands(ROOT) if path]


@pytest.mark.parametrize("path", [p for p, _ in BELOW_ROOT], ids=" ".join)
def test_every_command_and_group_takes_register_after_its_name(
    run: Callable[..., Result], path: tuple[str, ...]
) -> None:
    command = dict(BELOW_ROOT)[path]
    (option,) = [p for p in command.params if "--register" in p.opts]
    assert option.secondary_opts == [] and "-r" in option.opts
    # No command's own option takes -r or --register: it would shadow the shared one.
    assert [p for p in command.params if {"-r", "--register"} & set(p.opts)] == [option]
    help_text = run(*path, "--help").stdout
    assert "--register" in help_text and "-r" in help_text


def test_check_register_after_the_command(run: Callable[..., Result]) -> None:
    for args in (
        ("check", "--register", str(FAILING)),
        ("check", "-r", str(FAILING)),
        ("check", f"--register={FAILING}"),
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "PF101" in result.stdout


def test_a_group_takes_it_before_its_subcommand(run: Callable[..., Result]) -> None:
    before = run("--register", str(OUTPUT), "meetings", "list", "--json")
    for args in (
        ("meetings", "list", "-r", str(OUTPUT), "--json"),
        ("meetings", "-r", str(OUTPUT), "list", "--json"),
    ):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.stdout == before.stdout


def test_after_the_command_wins_over_before_it_and_over_the_environment(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing")
    env = {"PREFIG_REGISTER": missing}
    assert run("check", env=env).exit_code == 2  # the environment alone: not there
    assert run("--register", str(FAILING), "check", env=env).exit_code == 1
    assert run("--register", missing, "check", "-r", str(FAILING)).exit_code == 1
    result = run("--register", str(FAILING), "check", "-r", missing)
    assert result.exit_code == 2
    assert "missing, which does not exist" in result.stderr
    # The subcommand's option wins over its group's.
    ok = run("meetings", "-r", missing, "list", "-r", str(OUTPUT))
    assert ok.exit_code == 0, ok.output


def test_completion_offers_it_after_a_command() -> None:
    """The shell completion (bash protocol) lists --register among check's options."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "_PREFIG_COMPLETE": "complete_bash",
        "COMP_WORDS": "prefig check --reg",
        "COMP_CWORD": "2",
        "PYTHONPATH": str(TESTS.parent / "src"),
    }
    done = subprocess.run(
        # Typer names the completion variable after the program: prefig, not -c.
        [
            sys.executable,
            "-c",
            "import sys; sys.argv[0] = 'prefig'; import prefig.cli as c; c.main()",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert "--register" in done.stdout.split(), done.stdout + done.stderr


def test_a_copied_register_is_found_after_the_command(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FAILING, tmp_path / "reg")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PREFIG_REGISTER", raising=False)
    result = run("check", "-r", "reg", "--format", "json")
    assert result.exit_code == 1
    assert '"file": "data/meetings.yaml"' in result.stdout
