"""``prefig check`` against check-jsonschema on synthetic registers of growing size.

For each size, a register is generated (``benchmarks/generate.py``), prefig's own JSON Schemas
are exported (``prefig.schema.file_schema``), and then, alternating, ``prefig check`` runs on
the register and ``check-jsonschema`` runs on each of its data files with the matching schema.
Each tool's wall time and peak resident memory (of the process, from ``wait4``) are taken over
several runs; the figures are medians and the ratios are of medians measured in the same run.

check-jsonschema validates each file against its schema (types, patterns, required and unknown
fields); prefig does that and also runs its register-wide rules (references, unique ids,
parity, dates ...) and keeps source positions for every finding.

Two kinds of register can be generated (``--kinds``): ``synthetic`` (regions, bodies and
meetings made up at scale, about 330 bytes a meeting) and ``shipped-clones`` (the shipped
register's meetings cloned with their sources and exemption notes, about 520 bytes a
meeting); see ``benchmarks/generate.py``.

With ``--baseline SRC`` (the ``src`` folder of another version of prefig, e.g. from ``git
worktree add /tmp/base main``), that version's ``prefig check`` runs too, alternating with
this one's on the same register, so that peaks and times before and after a change are
measured in the same run. prefig's peak is its own VmHWM, which it writes as it exits (the
figure of ``wait4`` would include the size of this script, which it was copied from).

Usage::

    python benchmarks/check_scale.py [--sizes 5000 10000 50000] [--runs 5]
        [--jsonschema-sizes 10000] [--kinds synthetic shipped-clones] [--baseline SRC]
        [--workdir /tmp/prefig-bench] [--json results.json]

Needs the ``bench`` extra (``pip install -e '.[bench]'``) for check-jsonschema.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import AS_OF as REGISTER_DAY  # sibling scripts, not a package
from generate import KINDS, clones_as_of, generate, generate_shipped_clones

SRC = Path(__file__).resolve().parent.parent / "src"
PEAK_ENV = "PREFIG_BENCH_PEAK"
PREFIG = f"""
import atexit, os
def peak(path=os.environ.pop("{PEAK_ENV}")):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(peak)
from prefig.cli import main
main()
"""
"""``prefig`` as run by this script: the CLI, which writes its peak resident size (kB) to
the file ``$PREFIG_BENCH_PEAK`` names as it exits."""

CHILD_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in {"PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR"}
}
"""Both tools run as installed: bytecode cached (an environment that forbids writing it would
make prefig's own modules compile on every run), plain output."""
AS_OF = REGISTER_DAY.isoformat()
"""A fixed reference date, so that date rules see the same register on every run."""


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Figures:
    tool: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return statistics.median(s.peak_mb for s in self.samples)


@dataclass(frozen=True)
class Command:
    """A program to run: its arguments, and what to add to its environment."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


def prefig_command(src: Path, root: Path, as_of: str, peak_file: Path) -> Command:
    """``prefig --register ROOT check --as-of AS_OF`` from the sources in ``src``."""
    argv = [sys.executable, "-c", PREFIG, "--register", str(root), "check", "--as-of", as_of]
    return Command(argv, {"PYTHONPATH": str(src), PEAK_ENV: str(peak_file)})


def measure(commands: list[Command], expect: int = 0) -> Sample:
    """Run ``commands`` one after another; total wall time and the largest peak RSS (the
    VmHWM a command wrote to ``$PREFIG_BENCH_PEAK``, else its ``wait4`` figure)."""
    total = 0.0
    peak_kb = 0
    for command in commands:
        peak_file = command.env.get(PEAK_ENV)
        if peak_file:
            Path(peak_file).unlink(missing_ok=True)
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**CHILD_ENV, **command.env},
        )
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        total += time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != expect:
            raise SystemExit(
                f"{' '.join(command.argv)} exited {process.returncode}:\n"
                + output.decode(errors="replace")[-2000:]
            )
        if peak_file:
            peak_kb = max(peak_kb, int(Path(peak_file).read_text()))
        else:
            peak_kb = max(peak_kb, usage.ru_maxrss)  # kilobytes on Linux
    return Sample(total, peak_kb / 1024)


def tool(name: str) -> str:
    """The console script ``name`` of the running interpreter's environment."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install the bench extra: pip install -e '.[bench]'")
    return found


def export_schemas(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(SRC))  # the schemas of the prefig being measured
    from prefig.schema import FILE_KINDS, file_schema

    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind in FILE_KINDS:
        path = folder / f"{kind}.json"
        path.write_text(json.dumps(file_schema(kind), indent=1), encoding="utf-8")
        out[kind] = path
    return out


def yaml_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in (root / "data").glob("*.yaml"))


def make_register(kind: str, root: Path, size: int) -> tuple[dict[str, int], str]:
    """Generate a register of ``kind``; its counts and the day to check it as of."""
    if root.exists():
        shutil.rmtree(root)
    if kind == "shipped-clones":
        return generate_shipped_clones(root, size), clones_as_of(size).isoformat()
    return generate(root, size), AS_OF


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 50_000])
    parser.add_argument(
        "--jsonschema-sizes",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes on which check-jsonschema also runs (it is slow)",
    )
    parser.add_argument(
        "--kinds", nargs="+", choices=KINDS, default=["synthetic"], help="kinds of register"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="the src folder of another version of prefig, run alternately with this one",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/prefig-bench"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "prefig" / "cli").is_dir():
        parser.error(f"--baseline {args.baseline}: no prefig sources there")

    schemas = export_schemas(args.workdir / "schemas")
    peak_file = args.workdir / "peak"
    results: list[dict[str, object]] = []
    for kind in args.kinds:
        by_size: dict[int, float] = {}
        for size in args.sizes:
            root = args.workdir / f"{kind}-{size}"
            counts, as_of = make_register(kind, root, size)
            prefig_cmd = [prefig_command(SRC, root, as_of, peak_file)]
            figures = [Figures("prefig check")]
            runs: list[tuple[Figures, list[Command]]] = [(figures[0], prefig_cmd)]
            if args.baseline is not None:
                figures.append(Figures("baseline prefig check"))
                base_cmd = [prefig_command(args.baseline, root, as_of, peak_file)]
                runs.append((figures[-1], base_cmd))
                measure(base_cmd)  # write the baseline's bytecode before the counted runs
            if size in args.jsonschema_sizes:
                cjs = tool("check-jsonschema")
                cjs_cmd = [
                    Command([cjs, "--schemafile", str(schemas[path.stem]), str(path)])
                    for path in sorted((root / "data").glob("*.yaml"))
                ]
                figures.append(Figures("check-jsonschema"))
                runs.append((figures[-1], cjs_cmd))
            measure(prefig_cmd)  # warm the file cache and the bytecode once
            for _ in range(args.runs):
                for fig, commands in runs:  # alternate, so that drift hits every tool alike
                    fig.samples.append(measure(commands))
            tools = {f.tool: f for f in figures}
            ours = tools["prefig check"]
            row: dict[str, object] = {
                "kind": kind,
                "meetings": size,
                "as_of": as_of,
                "counts": counts,
                "yaml_mb": round(yaml_bytes(root) / 1e6, 1),
                "runs": args.runs,
                "tools": {
                    f.tool: {
                        "median_s": round(f.seconds, 3),
                        "median_peak_mb": round(f.peak_mb, 1),
                        "samples": [asdict(s) for s in f.samples],
                    }
                    for f in figures
                },
            }
            notes = []
            if "check-jsonschema" in tools:
                cjs_fig = tools["check-jsonschema"]
                row["speed_ratio"] = round(cjs_fig.seconds / ours.seconds, 1)
                row["memory_ratio"] = round(cjs_fig.peak_mb / ours.peak_mb, 1)
                notes.append(f"check-jsonschema/prefig: {row['speed_ratio']}x time")
            if "baseline prefig check" in tools:
                base = tools["baseline prefig check"]
                row["peak_after_before"] = round(ours.peak_mb / base.peak_mb, 2)
                row["time_after_before"] = round(ours.seconds / base.seconds, 2)
                notes.append(
                    f"after/before: peak {row['peak_after_before']}x, "
                    f"time {row['time_after_before']}x"
                )
            results.append(row)
            by_size[size] = ours.seconds
            line = ", ".join(f"{f.tool} {f.seconds:.2f} s {f.peak_mb:.0f} MB" for f in figures)
            extra = f" ({'; '.join(notes)})" if notes else ""
            print(f"{kind} {size:>7,} meetings, {row['yaml_mb']} MB: {line}{extra}", flush=True)
            shutil.rmtree(root)
        if len(by_size) > 1:
            small, large = min(by_size), max(by_size)
            growth = by_size[large] / by_size[small]
            print(
                f"{kind}: prefig check time grows {growth:.1f}x from {small:,} to {large:,} "
                f"meetings ({large / small:.0f}x the data)"
            )
            results.append(
                {"kind": kind, "growth": {"from": small, "to": large, "ratio": round(growth, 2)}}
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
