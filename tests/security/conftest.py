"""What the attack tests share: a CLI that runs in a child process under resource limits, and
throw-away git repositories.

Bombs run in a child process with ``resource.setrlimit`` bounds on address space and CPU time,
so that a regression fails the test (the child dies or exits non-zero) instead of taking the
machine down. Memory is measured, never wall-clock time: the child's peak resident size comes
from ``wait4``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class Outcome:
    """What a child ``prefig`` did: exit code (negative: killed by that signal), output, and
    its peak resident memory in bytes."""

    code: int
    stdout: str
    stderr: str
    peak_bytes: int


# The child sets its own limits, then, as it exits, copies its peak resident size (VmHWM,
# which counts only its own program) to a file: ``wait4``'s ru_maxrss would include the size
# of the pytest process the child was copied from before it started Python.
_LIMITED = """
import atexit, os, resource as r
r.setrlimit(r.RLIMIT_AS, ({memory}, {memory}))
r.setrlimit(r.RLIMIT_CPU, ({cpu}, {cpu}))
r.setrlimit(r.RLIMIT_CORE, (0, 0))
def peak(path=os.environ.pop("PREFIG_TEST_PEAK")):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(peak)
from prefig.cli import main
main()
"""


def run_limited(
    *args: str,
    memory: int = 2 * GIB,
    cpu_seconds: int = 120,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
) -> Outcome:
    """Run ``prefig args`` in a child Python with its address space capped at ``memory``
    bytes and its CPU time at ``cpu_seconds``."""

    child_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    child_env.pop("FORCE_COLOR", None)
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as holder,
    ):
        peak_file = Path(holder) / "peak"
        child_env["PREFIG_TEST_PEAK"] = str(peak_file)
        process = subprocess.Popen(
            [sys.executable, "-c", _LIMITED.format(memory=memory, cpu=cpu_seconds), *args],
            cwd=cwd,
            env=child_env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        # wait4 rather than wait: its peak resident size is the fallback when the child died
        # before it could write its own (killed by a signal).
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            int(peak_file.read_text() if peak_file.exists() else usage.ru_maxrss) * 1024,
        )


def assert_clean_refusal(outcome: Outcome, *words: str, codes: tuple[int, ...] = (1, 2)) -> None:
    """A documented refusal: exit 1 or 2, no traceback, no internal error, and each of
    ``words`` in stderr or stdout."""
    shown = outcome.stdout + outcome.stderr
    assert outcome.code in codes, f"exit {outcome.code}\n{shown[-3000:]}"
    assert "Traceback" not in shown, shown[-3000:]
    assert "internal error" not in shown, shown[-3000:]
    for word in words:
        assert word in shown, f"{word!r} not in:\n{shown[-3000:]}"


class GitRepo:
    """A throw-away git repository with a register at its top."""

    def __init__(self, top: Path) -> None:
        self.top = top
        top.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
            cwd=self.top,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty repository in ``tmp_path/repo``, with no system or user git configuration."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES"):
        monkeypatch.delenv(var, raising=False)
    return GitRepo(tmp_path / "repo")
