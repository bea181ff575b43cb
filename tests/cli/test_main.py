"""The console entry point: only the command asked for is built, and nothing else changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prefig.cli import _command_asked_for, app, main
from tests.conftest import SHIPPED


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["meetings", "next", "--as-of", "2015-02-01"], ("meetings", "next")),
        (["--register", "x", "meetings", "show", "m-1"], ("meetings", "show")),
        # "meetings" is the register's path here; "next" names no command: whole tree kept
        (["-r", "meetings", "next"], ("next",)),
        (["--register=x", "check", "--strict"], ("check",)),
        (["-rx", "bodies", "list"], ("bodies", "list")),
        (["meetings", "--help"], ("meetings",)),
        (["--help"], ()),
        (["--version"], ()),
        ([], ()),
    ],
)
def test_command_asked_for(argv: list[str], expected: tuple[str, ...]) -> None:
    assert _command_asked_for(argv) == expected


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["prefig", *args])
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def _tree() -> list[tuple[str | None, list[str | None]]]:
    return [(None, [c.name for c in app.registered_commands])] + [
        (g.name, [c.name for c in g.typer_instance.registered_commands])
        for g in app.registered_groups
        if g.typer_instance is not None
    ]


def test_main_runs_the_command_and_restores_the_tree(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree()
    code, out, err = run_main(
        monkeypatch, capsys, "-r", str(SHIPPED), "meetings", "next", "--as-of", "2015-02-01"
    )
    assert (code, err) == (0, "")
    assert "vendredi 13 février 2015" in out
    assert _tree() == before


def test_main_help_lists_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "--help")
    assert code == 0
    for name in ("check", "meetings", "bodies", "people", "decisions"):
        assert f"  {name} " in out


def test_main_group_help_lists_its_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, "meetings", "--help")
    assert code == 0
    for name in ("next", "list", "show"):
        assert f"  {name} " in out


def test_main_unknown_subcommand_still_suggests(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "meetings", "nxt")
    assert code == 2
    assert out == ""
    assert "nxt" in err


def test_main_unknown_command_still_suggests(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(monkeypatch, capsys, "meetigns", "next")
    assert code == 2
    assert out == ""
    assert "meetings" in err


def test_what_is_alive_at_exit_is_frozen_before_the_last_collections() -> None:
    import subprocess
    import sys

    # Exit handlers run last registered first: this one, registered before main(), runs
    # after prefig's and sees what it froze.
    program = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'frozen={gc.get_freeze_count() > 0}'))\n"
        "from prefig.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, "--register", str(SHIPPED), "bodies", "list"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("frozen=True")


def test_meetings_next_does_not_read_the_files_it_does_not_show(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copytree(SHIPPED / "data", tmp_path / "data")
    (tmp_path / "data" / "people.yaml").write_text("- id: [broken\n", encoding="utf-8")
    args = ("--register", str(tmp_path), "meetings", "next", "--as-of", "2015-02-01")
    code, out, err = run_main(monkeypatch, capsys, *args)
    assert (code, err) == (0, "")
    assert "cmpt-2015-02-13" in out
    code, _, err = run_main(monkeypatch, capsys, "--register", str(tmp_path), "people", "list")
    assert code == 2 and "data/people.yaml" in err
