"""Hostile files: each ends with a clear message and a documented exit code, in bounded time
and memory, never with a traceback."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.load import (
    MAX_ALIAS_EVENTS,
    MAX_BLOCK_NESTING,
    MAX_FILE_BYTES,
    load_register,
    paused_gc,
)
from tests.conftest import SHIPPED, TESTS

FIXTURES = TESTS / "fixtures" / "hardening"
Run = Callable[..., Result]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A copy of the shipped register, to be damaged by each test."""
    root = tmp_path / "register"
    shutil.copytree(SHIPPED / "data", root / "data")
    return root


def check_json(run: Run, root: Path) -> tuple[int, list[dict[str, object]]]:
    result = run("--register", str(root), "check", "--format", "json")
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def only(diagnostics: list[dict[str, object]]) -> dict[str, object]:
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_alias_bomb_is_refused_by_its_expansion(run: Run, register: Path) -> None:
    shutil.copy(FIXTURES / "alias-bomb.yaml", register / "data" / "meetings.yaml")
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF004"
    assert "aliases in this file expand to more than" in str(found["message"])
    assert f"{MAX_ALIAS_EVENTS:,}" in str(found["message"])


def test_alias_bomb_memory_stays_bounded(register: Path) -> None:
    shutil.copy(FIXTURES / "alias-bomb.yaml", register / "data" / "meetings.yaml")
    tracemalloc.start()
    try:
        result = load_register(register)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in result.diagnostics] == ["PF004"]
    # The expansion stops at MAX_ALIAS_EVENTS replayed events (about 70 MB of Python objects
    # at most); a billion laughs expanded in full would be gigabytes.
    assert peak < 100 * 2**20


def test_oversized_file_is_refused_without_being_read(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = register / "data" / "meetings.yaml"
    with big.open("wb") as stream:  # a sparse 200 MB file: no disk, no memory
        stream.truncate(200 * 2**20)
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy)
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF002"
    assert found["file"] == "data/meetings.yaml"
    assert f"{200 * 2**20:,} bytes" in str(found["message"])
    assert f"{MAX_FILE_BYTES:,}" in str(found["message"])
    assert big not in opened


def test_binary_garbage_is_an_encoding_error(run: Run, register: Path) -> None:
    garbage = bytes((i * 151 + 17) % 256 for i in range(4096))
    (register / "data" / "venues.yaml").write_bytes(b"- id: x\n  name: \xff" + garbage)
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF003"
    assert (found["line"], found["column"]) == (2, 9)
    assert "0xff is not valid UTF-8" in str(found["message"])


def test_control_characters_are_a_syntax_error(run: Run, register: Path) -> None:
    (register / "data" / "venues.yaml").write_text("- id: x\n  name: a\x00\x07b\n")
    code, diagnostics = check_json(run, register)
    assert code == 2
    assert only(diagnostics)["code"] == "PF004"


def test_symlink_outside_the_register_is_refused(run: Run, register: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("[]\n")
    venues = register / "data" / "venues.yaml"
    venues.unlink()
    venues.symlink_to(outside)
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF001"
    assert "symbolic link" in str(found["message"])
    assert "outside the register" in str(found["message"])


def test_symlink_inside_the_register_is_followed(run: Run, register: Path) -> None:
    venues = register / "data" / "venues.yaml"
    venues.rename(register / "venues-copy.yaml")
    venues.symlink_to(register / "venues-copy.yaml")
    code, diagnostics = check_json(run, register)
    assert (code, diagnostics) == (0, [])


def test_dangling_symlink_is_not_a_regular_file(run: Run, register: Path) -> None:
    venues = register / "data" / "venues.yaml"
    venues.unlink()
    venues.symlink_to(register / "data" / "nowhere.yaml")
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF001"
    assert "not a regular file" in str(found["message"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_refused_without_blocking(run: Run, register: Path) -> None:
    venues = register / "data" / "venues.yaml"
    venues.unlink()
    os.mkfifo(venues)  # opening it for reading would block forever
    code, diagnostics = check_json(run, register)
    assert code == 2
    assert "not a regular file" in str(only(diagnostics)["message"])


def test_unreadable_file_is_a_clean_error(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, for whom chmod 000 blocks nothing: make the read itself fail.
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "people.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF001"
    assert str(found["message"]).startswith("data/people.yaml cannot be read: Permission denied;")


def test_register_that_is_a_file(run: Run, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "register"
    not_a_folder.write_text("name: x\n")
    result = run("--register", str(not_a_folder), "check")
    assert result.exit_code == 2
    assert "which is a file" in result.stderr
    assert "Traceback" not in result.output


def test_data_folder_that_is_a_file(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "register"
    root.mkdir()
    (root / "data").write_text("bodies: []\n")
    result = run("--register", str(root), "check")
    assert result.exit_code == 2
    assert "which is a folder without data/bodies.yaml" in result.stderr


def test_data_file_that_is_a_folder(run: Run, register: Path) -> None:
    people = register / "data" / "people.yaml"
    people.unlink()
    people.mkdir()
    code, diagnostics = check_json(run, register)
    assert code == 2
    assert str(only(diagnostics)["message"]).startswith("data/people.yaml is a folder, not a file;")


def test_flow_nesting_10000_deep_is_a_syntax_error(run: Run, register: Path) -> None:
    (register / "data" / "venues.yaml").write_text("[" * 10_000 + "]" * 10_000 + "\n")
    code, diagnostics = check_json(run, register)
    assert code == 2
    found = only(diagnostics)
    assert found["code"] == "PF004"
    assert "recursion limit" in str(found["message"])


def test_block_nesting_near_the_limit_is_a_finding(run: Run, register: Path) -> None:
    # Compact block sequences ("- - - x") nest 990 levels in 2 KB; the wrong value is quoted
    # in the message, shortened, never repr'd whole (which would exhaust Python's stack).
    meetings = register / "data" / "meetings.yaml"
    meetings.write_text(
        meetings.read_text(encoding="utf-8") + "\n- id: deep\n"
        "  body: conference-presidents-regions\n  date: 2015-04-01\n"
        "  note:\n    " + "- " * 990 + "x\n",
        encoding="utf-8",
    )
    code, diagnostics = check_json(run, register)
    assert code == 1
    found = only(diagnostics)
    assert found["code"] == "PF012"
    assert found["record"] == "deep"
    assert str(found["message"]).startswith("note: expected text, got [[[...]]];")


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_block_nesting_past_the_limit_is_refused(register: Path, depth: int) -> None:
    # 100,000 levels overflowed the parser's stack and killed the process: run it apart.
    (register / "data" / "venues.yaml").write_text(
        "- id: x\n  name: y\n  note:\n    " + "- " * depth + "x\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-c", "from prefig.cli import main; main()", "-r", str(register),
         "check"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stdout.startswith(
        "data/venues.yaml:4:1: PF004 error this line is indented or nested more than "
        f"{MAX_BLOCK_NESTING:,} levels deep"
    )


def test_invalid_record_past_the_first_chunk_keeps_its_index(
    run: Run, register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("prefig.load.files.VALIDATION_CHUNK", 1)
    meetings = register / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8").replace("status: planned", "status: 42", 2)
    meetings.write_text(text, encoding="utf-8")
    code, diagnostics = check_json(run, register)
    assert code == 1
    assert [(d["code"], d["record"], d["path"]) for d in diagnostics] == [
        ("PF012", "cmpt-2015-02-13", ["meetings", 0, "status"]),
        ("PF012", "cpr-2015-03-10", ["meetings", 1, "status"]),
    ]


def test_loading_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    load_register(SHIPPED)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        load_register(SHIPPED)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_loading_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import prefig.load.assemble

    def interrupted(root: Path, kinds: tuple[str, ...]) -> None:
        assert not gc.isenabled()
        raise KeyboardInterrupt

    monkeypatch.setattr(prefig.load.assemble, "_load_register", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_register(SHIPPED)
    assert gc.isenabled()


def test_nested_pauses_restore_the_outermost_state() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_loading_leaves_the_callers_frozen_objects_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        load_register(SHIPPED)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
