"""Attacks on what prefig writes and on the process around it (issue 11, items 11 to 14).

Each test runs the real command in a child process: documents that would share a name,
renders racing into one folder, files left behind by SIGTERM, modes and special files, and a
reader that goes away or a standard output that is closed.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from benchmarks.generate import generate
from typer.testing import Result

from prefig import fsutil
from tests.security.conftest import GitRepo, Outcome, assert_clean_refusal, run_limited

FULL = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"
LONG = MEETING + "-" + "x" * (120 - len(MEETING) - 1)
LETTERS = 6
"""Six convocation letters, the index and its CSV table, for the meeting of ``FULL``."""


def spawn(*args: str, **popen: object) -> subprocess.Popen[bytes]:
    """``prefig args`` in a child process that the test drives itself."""
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-c", "from prefig.cli import main; main()", *args]
    return subprocess.Popen(command, env=env, **popen)  # type: ignore[call-overload]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def long_id(tmp_path: Path) -> Path:
    """The full register, its meeting renamed to a valid id of 120 characters."""
    root = tmp_path / "long"
    shutil.copytree(FULL, root)
    for path in (root / "data").glob("*.yaml"):
        path.write_text(path.read_text("utf-8").replace(MEETING, LONG), "utf-8")
    return root


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated register of 4,000 meetings: a 4 MB JSON export, and thousands of
    warnings when checked after its day."""
    root = tmp_path_factory.mktemp("big")
    generate(root, 4_000)
    return root


# --------------------------------------------------------------------------- item 11


def test_long_meeting_id_gives_every_document_its_own_file(long_id: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_limited(
        "-r", str(long_id), "render", "convocations", LONG, "--draft", "--out", str(out)
    )
    assert done.code == 0, done.stderr
    names = files(out)
    assert len(names) == LETTERS == done.stderr.count("wrote ")
    assert all(len(name) <= fsutil.MAX_NAME + len(".md") for name in names)
    assert all(name.startswith(LONG[:40]) for name in names)
    assert sum("convocations-index" in name for name in names) == 1


def test_render_refused_by_one_existing_file_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{MEETING}-convocations-index.md").write_text("by hand\n", "utf-8")
    done = run_limited(
        "-r", str(FULL), "render", "convocations", MEETING, "--draft", "--out", str(out)
    )
    assert_clean_refusal(done, "nothing was written", "--force", codes=(2,))
    assert files(out) == [f"{MEETING}-convocations-index.md"]


@pytest.mark.parametrize("force", [False, True])
def test_render_failing_midway_leaves_the_folder_as_it_was(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    # The disk fills up while the fifth letter is flushed: the four placed or staged before
    # it are removed, and with --force the letters that were there come back.
    out = tmp_path / "out"
    args = ["-r", str(FULL), "render", "convocations", MEETING, "--draft", "--out", str(out)]
    if force:
        assert run(*args).exit_code == 0
        for path in out.iterdir():
            path.write_text(f"before {path.name}\n", "utf-8")
    before = {p.name: p.read_text("utf-8") for p in out.iterdir()} if force else {}
    real_fsync, calls = os.fsync, []

    def disk_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", disk_full)
    failed = run(*args, *(["--force"] if force else []))
    assert failed.exit_code == 2, failed.output
    assert "No space left on device" in failed.stderr
    assert "nothing was written" in failed.stderr
    after = {p.name: p.read_text("utf-8") for p in out.iterdir()} if out.exists() else {}
    assert after == before


def test_duplicate_document_names_are_refused_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(fsutil.WriteRefusedError, match="would be one file"):
        fsutil.write_files(out, [("a.md", "1"), ("b.md", "2"), ("A.md", "3")])
    assert not out.exists() or files(out) == []


# --------------------------------------------------------------------------- item 12


def test_render_into_a_folder_another_prefig_writes_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # as a render running there holds it
        done = run_limited(
            "-r", str(FULL), "render", "convocations", MEETING, "--draft", "--out", str(out)
        )
    finally:
        os.close(holder)
    assert_clean_refusal(done, "another prefig is writing into", codes=(2,))
    assert files(out) == []


@pytest.mark.parametrize("force", [False, True])
def test_two_concurrent_renders_never_mix_their_letters(tmp_path: Path, force: bool) -> None:
    # The two renders date their letters differently. Whichever order the processes run in,
    # the folder ends with the letters of one of them only; without --force one is refused.
    out = tmp_path / "out"
    days = ("2015-02-01", "2015-02-02")
    for attempt in range(2):
        shutil.rmtree(out, ignore_errors=True)
        children = [
            spawn(
                *("-r", str(FULL), "render", "convocations", MEETING, "--draft"),
                *("--as-of", day, "--out", str(out), *(["--force"] if force else [])),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for day in days
        ]
        errors = [child.communicate(timeout=60)[1].decode() for child in children]
        codes = [child.returncode for child in children]
        assert all(code in (0, 2) for code in codes), (attempt, codes, errors)
        assert "Traceback" not in "".join(errors)
        if not force:
            assert sorted(codes) == [0, 2], (attempt, codes, errors)
        texts = [p.read_text("utf-8") for p in out.iterdir()]
        assert len(texts) == LETTERS, files(out)
        # 1 or 2 février 2015, written in every letter: all from one render.
        dated = {
            day for day in ("1er février 2015", "2 février 2015") if any(day in t for t in texts)
        }
        assert len(dated) == 1, (attempt, dated)


def test_export_without_force_never_replaces_a_file_that_appears(tmp_path: Path) -> None:
    # Two exports into one new file: the second finds the name taken and is refused.
    out = tmp_path / "register.json"
    children = [
        spawn("-r", str(FULL), "export", fmt, "--out", str(out), stderr=subprocess.PIPE)
        for fmt in ("json", "popolo")
    ]
    for child in children:
        child.communicate(timeout=60)
    assert sorted(child.returncode for child in children) == [0, 2]
    assert files(tmp_path) == ["register.json"]


# --------------------------------------------------------------------------- item 13


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_written_files_follow_the_umask_and_keep_the_mode_they_had(
    tmp_path: Path, umask_022: None
) -> None:
    exported = tmp_path / "register.json"
    assert run_limited("-r", str(FULL), "export", "json", "--out", str(exported)).code == 0
    assert stat.S_IMODE(exported.stat().st_mode) == 0o644
    exported.chmod(0o640)
    assert (
        run_limited("-r", str(FULL), "export", "json", "--out", str(exported), "--force").code == 0
    )
    assert stat.S_IMODE(exported.stat().st_mode) == 0o640
    out = tmp_path / "out"
    assert run_limited("-r", str(FULL), "render", "agenda", MEETING, "--out", str(out)).code == 0
    assert [stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()] == [0o644]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
    return path


def _link(path: Path) -> Path:
    (path.parent / "real.json").write_text("{}\n", "utf-8")
    path.symlink_to("real.json")
    return path


@pytest.mark.parametrize(
    "make",
    [lambda _: Path(os.devnull), _fifo, _socket, _link],
    ids=["device", "fifo", "socket", "symlink"],
)
def test_out_on_anything_but_a_regular_file_is_refused_even_with_force(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    target = make(tmp_path / "target")
    kind = os.lstat(target).st_mode
    done = run_limited("-r", str(FULL), "export", "json", "--out", str(target), "--force")
    assert_clean_refusal(done, "not a regular file", "even with --force", codes=(2,))
    assert os.lstat(target).st_mode == kind
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_sigterm_during_an_export_leaves_no_temporary_file(big: Path, tmp_path: Path) -> None:
    # SIGTERM as soon as the temporary file appears; should the export finish first, try
    # again. Whenever the signal lands, no temporary file is left and the export is either
    # absent or whole.
    out = tmp_path / "out" / "register.json"
    out.parent.mkdir()
    for _ in range(10):
        child = spawn("-r", str(big), "export", "json", "--out", str(out), stderr=subprocess.PIPE)
        caught = False
        while child.poll() is None and not caught:
            caught = any(p.name.endswith(".tmp") for p in out.parent.iterdir())
            if caught:
                child.send_signal(signal.SIGTERM)
        stderr = child.communicate(timeout=60)[1].decode()
        assert child.returncode in (0, 143), stderr
        assert [p for p in out.parent.iterdir() if p != out] == []
        if out.exists():
            json.loads(out.read_text("utf-8"))
            out.unlink()
        elif caught:
            assert (child.returncode, stderr) == (143, "prefig: terminated\n")
            return
    pytest.fail("SIGTERM never reached an export while it was writing, in ten tries")


# --------------------------------------------------------------------------- item 14


def _read_one_line_then_leave(*args: str, cwd: Path | None = None) -> Outcome:
    """Run ``prefig args | head -1``: read one line, close the pipe, wait."""
    child = spawn(*args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    first = child.stdout.readline()
    child.stdout.close()
    stderr = child.communicate(timeout=120)[1]
    return Outcome(child.returncode, first.decode(), stderr.decode(), 0)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--as-of", "2030-01-01"), 0),  # warnings only
        (("check", "--as-of", "2030-01-01", "--strict"), 1),  # warnings as errors
        (("export", "json"), 0),
        (("meetings", "list"), 0),
        (("meetings", "list", "--json"), 0),
    ],
    ids=["check", "check-strict", "export", "meetings-list", "meetings-list-json"],
)
def test_reader_that_leaves_is_not_a_finding(
    big: Path, args: tuple[str, ...], expected: int
) -> None:
    done = _read_one_line_then_leave("-r", str(big), *args)
    assert done.stdout
    assert (done.code, done.stderr) == (expected, "")


def test_diff_to_a_reader_that_leaves_keeps_its_exit_code(git_repo: GitRepo, big: Path) -> None:
    shutil.copytree(big / "data", git_repo.top / "data")
    git_repo.commit("the register")
    meetings = git_repo.top / "data" / "meetings.yaml"
    meetings.write_text(meetings.read_text("utf-8").replace("planned", "cancelled"), "utf-8")
    git_repo.commit("cancel the meetings")
    done = _read_one_line_then_leave("diff", "HEAD~1", "HEAD", "--exit-code", cwd=git_repo.top)
    assert done.stdout
    assert (done.code, done.stderr) == (1, "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [(("check",), 0), (("check", "--as-of", "2030-01-01", "--strict"), 1)],
    ids=["check", "check-strict"],
)
def test_closed_stdout_runs_and_exits_with_the_findings_code(
    big: Path, tmp_path: Path, args: tuple[str, ...], expected: int
) -> None:
    # prefig check >&- : as with >/dev/null, the exit code alone tells the findings; and no
    # file opened meanwhile becomes descriptor 1.
    child = spawn("-r", str(big), *args, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    stderr = child.communicate(timeout=120)[1]
    assert (child.returncode, stderr.decode()) == (expected, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("check",), ("export", "json")], ids=["small", "large"])
def test_stdout_on_a_full_disk_is_a_clean_error(big: Path, args: tuple[str, ...]) -> None:
    with Path("/dev/full").open("wb") as full:
        child = spawn("-r", str(big), *args, stdout=full, stderr=subprocess.PIPE)
        stderr = child.communicate(timeout=120)[1].decode()
    assert (child.returncode, stderr) == (
        2,
        "prefig: error: cannot write to standard output: No space left on device.\n",
    )
