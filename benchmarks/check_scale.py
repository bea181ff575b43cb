"""``prefig check`` against check-jsonschema on synthetic registers of growing size.

For each size, a register is generated (``benchmarks/generate.py``), prefig's own JSON Schemas
are exported (``prefig.schema.file_schema``), and then, alternating, ``prefig check`` runs on
the register and ``check-jsonschema`` runs on each of its data files with the matching schema.
Each tool's wall time and peak resident memory (of the process, from ``wait4``) are taken over
several runs; the figures are medians and the ratios are of medians measured in the same run.

check-jsonschema validates each file against its schema (types, patterns, required and unknown
fields); prefig does that and also runs its register-wide rules (references, unique ids,
parity, dates ...) and keeps source positions for every finding.

Usage::

    python benchmarks/check_scale.py [--sizes 5000 10000 50000] [--runs 5]
        [--jsonschema-sizes 10000] [--workdir /tmp/prefig-bench] [--json results.json]

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

from generate import AS_OF as REGISTER_DAY  # a sibling script, not a package
from generate import generate

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


def measure(commands: list[list[str]], expect: int = 0) -> Sample:
    """Run ``commands`` one after another; total wall time and the largest peak RSS."""
    total = 0.0
    peak_kb = 0
    for command in commands:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=CHILD_ENV
        )
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        total += time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != expect:
            raise SystemExit(
                f"{' '.join(command)} exited {process.returncode}:\n"
                + output.decode(errors="replace")[-2000:]
            )
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
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/prefig-bench"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    prefig = tool("prefig")
    schemas = export_schemas(args.workdir / "schemas")
    results = []
    for size in args.sizes:
        root = args.workdir / f"register-{size}"
        if root.exists():
            shutil.rmtree(root)
        counts = generate(root, size)
        prefig_cmd = [[prefig, "--register", str(root), "check", "--as-of", AS_OF]]
        figures = [Figures("prefig check")]
        runs: list[tuple[Figures, list[list[str]]]] = [(figures[0], prefig_cmd)]
        if size in args.jsonschema_sizes:
            cjs = tool("check-jsonschema")
            cjs_cmd = [
                [cjs, "--schemafile", str(schemas[path.stem]), str(path)]
                for path in sorted((root / "data").glob("*.yaml"))
            ]
            figures.append(Figures("check-jsonschema"))
            runs.append((figures[1], cjs_cmd))
        measure(prefig_cmd)  # warm the file cache and the bytecode once
        for _ in range(args.runs):
            for fig, commands in runs:  # alternate, so that drift hits both tools alike
                fig.samples.append(measure(commands))
        row = {
            "meetings": size,
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
        if len(figures) == 2:
            row["speed_ratio"] = round(figures[1].seconds / figures[0].seconds, 1)
            row["memory_ratio"] = round(figures[1].peak_mb / figures[0].peak_mb, 1)
        results.append(row)
        line = ", ".join(f"{f.tool} {f.seconds:.2f} s {f.peak_mb:.0f} MB" for f in figures)
        extra = (
            f" (check-jsonschema/prefig: {row['speed_ratio']}x time)" if len(figures) == 2 else ""
        )
        print(f"{size:>7,} meetings, {row['yaml_mb']} MB: {line}{extra}", flush=True)
        shutil.rmtree(root)

    by_size = {r["meetings"]: r["tools"]["prefig check"]["median_s"] for r in results}
    if len(by_size) > 1:
        small, large = min(by_size), max(by_size)
        growth = by_size[large] / by_size[small]
        print(
            f"prefig check time grows {growth:.1f}x from {small:,} to {large:,} meetings "
            f"({large / small:.0f}x the data)"
        )
        results.append({"growth": {"from": small, "to": large, "ratio": round(growth, 2)}})
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
