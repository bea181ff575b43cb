"""Latency of ``prefig meetings next`` against the floor of its stack, measured in one run.

The floor (``stack_floor.py``) is the least a Typer command costs when it validates one
Pydantic model, formats one date in French with Babel and prints with rich. This script runs
the floor and prefig alternately, ``--runs`` times each, in fresh processes, and reports the
median wall time of each and their ratio; prefig's own overhead (finding, loading and
validating the register, the query, the output) is what the ratio measures. The target is a
ratio of at most 1.2.

    python benchmarks/latency.py                       # 21 runs each, shipped register
    python benchmarks/latency.py --runs 41 --json      # machine-readable figures
    python benchmarks/latency.py --floor /path/to/stack_floor.py
    python benchmarks/latency.py --completion         # TAB after `prefig meetings show `

The floor is found from ``--floor``, else ``$PREFIG_STACK_FLOOR``, else
``../shared/bench/stack_floor.py`` relative to the repository. Both commands run with the
same interpreter (the one running this script), their output piped, ``NO_COLOR`` unset and
bytecode caching on (``PYTHONDONTWRITEBYTECODE`` unset, as for an installed prefig); one
warm-up run of each comes first and is not counted. Exit 0 when the ratio is within
``--max-ratio``, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FLOOR = REPO.parent / "shared" / "bench" / "stack_floor.py"
AS_OF = "2015-02-01"


def prefig_command() -> list[str]:
    """``prefig`` as installed next to this interpreter, else through ``-c`` (same code)."""
    script = Path(sys.executable).with_name("prefig")
    if script.exists():
        return [str(script)]
    found = shutil.which("prefig")
    if found:
        return [found]
    return [sys.executable, "-c", "from prefig.cli import main; main()"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
        )
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (21)")
    parser.add_argument("--floor", help="path of stack_floor.py")
    parser.add_argument("--max-ratio", type=float, default=1.2, help="target ratio (1.2)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="set FORCE_COLOR=1 for both commands, so that prefig renders with rich as on a "
        "terminal (the default measures piped output, which prefig writes as plain text)",
    )
    parser.add_argument(
        "--completion",
        action="store_true",
        help="time what bash runs on TAB after `prefig meetings show ` (the meeting ids, read "
        "from the register) instead of `prefig meetings next`",
    )
    args = parser.parse_args(argv)

    floor = Path(args.floor or os.environ.get("PREFIG_STACK_FLOOR") or DEFAULT_FLOOR)
    if not floor.is_file():
        sys.exit(f"stack floor not found at {floor}; pass --floor PATH or PREFIG_STACK_FLOOR.")
    # As installed: bytecode cached (pip writes .pyc files; the warm-up run writes them for
    # an editable install), no colour variables that would change what either prints.
    dropped = {"NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PREFIG_REGISTER"] = str(REPO)
    if args.terminal:
        env["FORCE_COLOR"] = "1"
    commands = {
        "floor": [sys.executable, str(floor), "next"],
        "prefig": [*prefig_command(), "meetings", "next", "--as-of", AS_OF],
    }
    if args.completion:
        line = "prefig meetings show "
        completion = {"COMP_WORDS": line, "COMP_CWORD": "3", "_PREFIG_COMPLETE": "complete_bash"}
        commands["prefig"] = ["env", *(f"{k}={v}" for k, v in completion.items())]
        commands["prefig"] += prefig_command()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the OS caches and the bytecode
        timed(command, env)
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command, env))

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["prefig"] / medians["floor"]
    figures = {
        "runs": args.runs,
        "output": "terminal (FORCE_COLOR=1)" if args.terminal else "piped",
        "measured": "completion" if args.completion else "meetings next",
        "median_seconds": {k: round(v, 4) for k, v in medians.items()},
        "min_seconds": {k: round(min(v), 4) for k, v in times.items()},
        "ratio": round(ratio, 3),
        "max_ratio": args.max_ratio,
        "commands": {k: " ".join(v) for k, v in commands.items()},
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"runs: {args.runs} each, alternating, output {figures['output']} "
            f"({figures['machine']}, Python {figures['python']})"
        )
        for name in commands:
            print(
                f"{name:>6}: median {medians[name] * 1000:6.1f} ms"
                f"  (min {min(times[name]) * 1000:6.1f} ms)  {figures['commands'][name]}"
            )
        verdict = "within" if ratio <= args.max_ratio else "ABOVE"
        print(f" ratio: {ratio:.3f} ({verdict} the target of {args.max_ratio})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
