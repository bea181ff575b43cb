"""``prefig site build`` on a large register: a full build, then a rebuild after one meeting
changed, against ``prefig check`` on the same register in the same run.

A register is generated (``benchmarks/generate.py``, 10,000 meetings by default). Then, for
each run, alternating:

* ``prefig check`` on the register (the baseline: reading and checking it);
* a full build into an empty folder;
* a rebuild into the same folder after one meeting's name changed in ``meetings.yaml``:
  its time, the files it rewrote (from the manifest: those whose bytes differ), and
  whether they are exactly the files whose bytes changed;
* the meeting is put back (another rebuild, not timed).

Figures are medians over the runs; ratios are of medians measured in the same run. Every
command runs as a child process, as a user would run it, with ``--today`` fixed and
``SOURCE_DATE_EPOCH`` set so that the builds are reproducible.

Usage::

    python benchmarks/site.py [--meetings 10000] [--runs 3] [--workdir /tmp/prefig-site-bench]
        [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import AS_OF as REGISTER_DAY  # a sibling script, not a package
from generate import generate

SRC = Path(__file__).resolve().parent.parent / "src"
PREFIG = [sys.executable, "-c", "from prefig.cli import main; main()"]
CHILD_ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}},
    "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    "SOURCE_DATE_EPOCH": "1609459200",  # 2021-01-01T00:00:00Z
}
TODAY = REGISTER_DAY.isoformat()
BASE_URL = "https://example.org/conseil/"
MANIFEST = ".prefig-site.json"


def timed(command: list[str]) -> float:
    """Run ``command``; its wall time in seconds, or stop with its output if it failed."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=CHILD_ENV, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} exited {done.returncode}:\n"
            + done.stderr.decode(errors="replace")[-2000:]
        )
    return seconds


def manifest(out: Path) -> dict[str, str]:
    files = json.loads((out / MANIFEST).read_text("utf-8"))["files"]
    return {name: entry["sha256"] for name, entry in files.items()}


def rewritten_since(out: Path, before: dict[str, int]) -> set[str]:
    """The files of the site whose modification time changed since ``before``."""
    return {name for name in manifest(out) if (out / name).stat().st_mtime_ns != before.get(name)}


def mtimes(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in manifest(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/prefig-site-bench"))
    parser.add_argument("--json", type=Path, help="Write the figures as JSON here.")
    args = parser.parse_args(argv)

    root = args.workdir / "register"
    out = args.workdir / "site"
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    counts = generate(root, args.meetings)
    meetings_file = root / "data" / "meetings.yaml"
    original = meetings_file.read_text("utf-8")
    # One meeting, halfway through the file: the first item of its agenda is renamed.
    cut = original.index("\n- id: ", len(original) // 2)
    at = original.index('\n  agenda: [{name: "', cut) + len('\n  agenda: [{name: "')
    changed = original[:at] + "Point renommé pour la mesure : " + original[at:]

    check = [*PREFIG, "--register", str(root), "check", "--as-of", TODAY]
    build = [
        *PREFIG,
        "--register",
        str(root),
        "site",
        "build",
        str(out),
        "--today",
        TODAY,
        "--base-url",
        BASE_URL,
    ]
    check_s, full_s, rebuild_s, rewritten, files = [], [], [], [], 0
    for run in range(args.runs):
        check_s.append(timed(check))
        if out.exists():
            shutil.rmtree(out)
        full_s.append(timed(build))
        files = len(manifest(out))
        before_hashes, before_times = manifest(out), mtimes(out)
        meetings_file.write_text(changed, "utf-8")
        rebuild_s.append(timed(build))
        after = manifest(out)
        differ = {n for n in after if before_hashes.get(n) != after[n]}
        touched = rewritten_since(out, before_times)
        if touched != differ:
            raise SystemExit(
                f"run {run + 1}: the rebuild rewrote {len(touched)} files but "
                f"{len(differ)} changed: {sorted(touched ^ differ)[:10]}"
            )
        rewritten.append(len(touched))
        meetings_file.write_text(original, "utf-8")
        timed(build)  # back to the register as generated, for the next run

    figures = {
        "meetings": args.meetings,
        "register": counts,
        "runs": args.runs,
        "files": files,
        "check_s": round(statistics.median(check_s), 2),
        "full_build_s": round(statistics.median(full_s), 2),
        "rebuild_s": round(statistics.median(rebuild_s), 2),
        "rewritten_after_one_change": int(statistics.median(rewritten)),
        "full_build_vs_check": round(statistics.median(full_s) / statistics.median(check_s), 2),
        "rebuild_vs_check": round(statistics.median(rebuild_s) / statistics.median(check_s), 2),
    }
    print(
        f"{args.meetings:,} meetings, {files:,} files; medians of {args.runs} runs:\n"
        f"  prefig check       {figures['check_s']:>7.2f} s\n"
        f"  full build         {figures['full_build_s']:>7.2f} s "
        f"({figures['full_build_vs_check']}x check)\n"
        f"  rebuild, 1 change  {figures['rebuild_s']:>7.2f} s "
        f"({figures['rebuild_vs_check']}x check), "
        f"{figures['rewritten_after_one_change']} files rewritten "
        "(exactly those whose bytes changed)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
