"""``prefig export ics`` over a git history, against the same export outside git, in one run.

A register of ``--meetings`` meetings is generated (``benchmarks/generate.py``) and committed,
then ``--commits`` commits each move one meeting's start time. The export reads that history
(SEQUENCE, LAST-MODIFIED); the baseline is the same register copied outside any repository,
where no history is read. Both run alternately, ``--runs`` times each, in fresh processes;
the figures are medians of wall time and of peak resident memory (``wait4``), and the ratio
is of medians measured in the same run. ``--other-src`` adds a third command: the same export
over the history with another checkout's ``src`` first on ``PYTHONPATH`` (an older prefig).

    python benchmarks/history.py [--meetings 2000] [--commits 50] [--runs 7]
        [--other-src ../main/src] [--workdir /tmp/prefig-history] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # a sibling script, not a package

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(top: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=top, env={**os.environ, **GIT_ENV}, check=True)


def build(workdir: Path, meetings: int, commits: int) -> tuple[Path, Path]:
    """A register with ``commits`` commits of history, and a copy of it outside git."""
    shutil.rmtree(workdir, ignore_errors=True)
    repo = workdir / "repo"
    generate(repo, meetings)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "register")
    path = repo / "data" / "meetings.yaml"
    for n in range(commits):
        text = path.read_text("utf-8")
        found = list(re.finditer(r'start_time: "(\d\d):(\d\d)"', text))[n % 40]
        moved = f'start_time: "{(int(found.group(1)) + 1) % 24:02}:{found.group(2)}"'
        path.write_text(text[: found.start()] + moved + text[found.end() :], "utf-8")
        git(repo, "commit", "-q", "-am", f"move meeting {n}")
    plain = workdir / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    return repo, plain


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident bytes of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        assert process.stderr is not None
        sys.exit(f"{' '.join(command)} failed:\n{process.stderr.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--other-src", type=Path, help="another prefig's src folder")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/prefig-history"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()

    repo, plain = build(options.workdir, options.meetings, options.commits)
    command = [sys.executable, "-c", "from prefig.cli import main; main()", "export", "ics"]
    env = {**os.environ, **GIT_ENV, "NO_COLOR": "1"}
    cases = {"outside git": (plain, env), "history": (repo, env)}
    if options.other_src is not None:
        other = str(options.other_src.resolve())
        cases["history, other src"] = (repo, {**env, "PYTHONPATH": other})
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
    for cwd, case_env in cases.values():  # one warm-up run each, not counted
        measure(command, cwd, case_env)
    for _ in range(options.runs):
        for name, (cwd, case_env) in cases.items():
            runs[name].append(measure(command, cwd, case_env))
    figures = {
        name: {
            "seconds": statistics.median(t for t, _ in done),
            "peak_mib": statistics.median(m for _, m in done) / 2**20,
        }
        for name, done in runs.items()
    }
    base = figures["outside git"]["seconds"]
    for values in figures.values():
        values["ratio"] = values["seconds"] / base
    if options.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{options.meetings} meetings, {options.commits} commits, {options.runs} runs")
        for name, values in figures.items():
            print(
                f"  {name:<20} {values['seconds']:6.2f} s  {values['peak_mib']:6.0f} MiB"
                f"  x{values['ratio']:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
