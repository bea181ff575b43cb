"""Time the YAML loaders prefig could use, in one run, on the same machine.

    python benchmarks/loader.py [--records 50000] [--repeat 3]

1. A generated register-like file (``meetings.yaml``, 50,000 records, about 10 MB): parse
   time of yaml-rs (as prefig calls it: duplicate keys rejected, aliases bounded) and of
   PyYAML's ``CSafeLoader``, then prefig's whole ``load_register`` on a register holding it
   (parse and validation into models).
2. The 402 cases of the YAML test suite (``tests/yaml-test-suite/cases.json``): how many
   invalid cases each loader rejects and how many valid ones it accepts, and the time to go
   through all of them.

Prints medians of ``--repeat`` runs and the yaml-rs/PyYAML ratios, as a Markdown table that
``docs/loader.md`` records.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from prefig.load import MAX_ALIAS_DEPTH, MAX_ALIAS_EVENTS, load_register
from prefig.load.assemble import _load_register

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO / "tests" / "yaml-test-suite" / "cases.json"
WORDS = ["comité", "réunion", "région", "union", "moyens", "convergence", "procédures"]


def register_like(records: int) -> str:
    """Meetings as a register holds them: ids, references, dates, times, agenda, sources."""
    rng = random.Random(2015)
    out = []
    for n in range(records):
        words = " ".join(rng.choice(WORDS) for _ in range(3))
        out.append(
            f"- id: reunion-{n:06d}\n"
            f"  body: comite-{n % 40:02d}\n"
            f"  date: {2015 + n % 20}-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"  start_time: {8 + n % 10:02d}:00\n"
            f"  location: salle-{n % 25:02d}\n"
            f"  status: {rng.choice(['planned', 'held', 'cancelled'])}\n"
            f"  agenda:\n    - name: {words.capitalize()}\n"
            "  sources: [{source: compte-rendu}]\n"
        )
    return "".join(out)


def rs_load(text: str) -> Any:
    limits = yaml_rs.AliasLimits(
        max_total_replayed_events=MAX_ALIAS_EVENTS, max_replay_stack_depth=MAX_ALIAS_DEPTH
    )
    return yaml_rs.loads(
        text, alias_limits=limits, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
    )


def pyyaml_load(text: str) -> Any:
    return list(yaml.load_all(text, Loader=yaml.CSafeLoader))


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def suite_counts(load: Callable[[str], Any], cases: dict[str, Any]) -> tuple[int, int]:
    rejected = accepted = 0
    for case in cases.values():
        try:
            load(case["yaml"])
        except Exception:  # every loader failure counts as "rejected"
            rejected += case["error"]
        else:
            accepted += not case["error"]
    return rejected, accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    text = register_like(args.records)
    size = len(text.encode("utf-8"))
    rs = median_seconds(lambda: rs_load(text), args.repeat)
    py = median_seconds(lambda: pyyaml_load(text), args.repeat)
    rs_first, py_first = rs_load(text)[2], pyyaml_load(text)[0][2]  # start_time: 10:00

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        (root / "data" / "register.yaml").write_text("name: Bench\n", "utf-8")
        (root / "data" / "bodies.yaml").write_text("[]\n", "utf-8")
        (root / "data" / "meetings.yaml").write_text(text, "utf-8")
        result = load_register(root)
        assert result.register is not None and len(result.register.meetings) == args.records
        whole = median_seconds(lambda: load_register(root), args.repeat)
        # The same without pausing the cycle collector, to show what the pause is worth.
        whole_gc = median_seconds(lambda: _load_register(root), args.repeat)

    cases = json.loads(SUITE.read_text("utf-8"))
    invalid = sum(1 for c in cases.values() if c["error"])
    valid = len(cases) - invalid
    rs_counts = suite_counts(rs_load, cases)
    py_counts = suite_counts(pyyaml_load, cases)
    rs_suite = median_seconds(lambda: suite_counts(rs_load, cases), args.repeat)
    py_suite = median_seconds(lambda: suite_counts(pyyaml_load, cases), args.repeat)

    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpus")
    libyaml = yaml.__with_libyaml__
    print(f"yaml-rs {yaml_rs.__version__}, PyYAML {yaml.__version__} (libyaml {libyaml})")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"file: {args.records:,} records, {size / 1e6:.1f} MB; medians of {args.repeat} runs\n")
    print(
        "| loader | parse the file | test suite (402 cases) | invalid rejected | valid accepted |"
    )
    print("|---|---|---|---|---|")
    for name, file_s, suite_s, (rej, acc) in (
        ("PyYAML `CSafeLoader`", py, py_suite, py_counts),
        ("yaml-rs (as prefig calls it)", rs, rs_suite, rs_counts),
    ):
        print(
            f"| {name} | {file_s:.2f} s | {suite_s * 1000:.0f} ms | "
            f"{rej} / {invalid} | {acc} / {valid} |"
        )
    print(
        f"\nPyYAML / yaml-rs: {py / rs:.1f}x on the file, {py_suite / rs_suite:.1f}x on the suite"
    )
    print(
        f"prefig load_register on that file (read, parse, validate): {whole:.2f} s "
        f"({whole_gc:.2f} s without pausing the cycle collector)"
    )
    print(
        f"`start_time: 10:00` reads as {rs_first['start_time']!r} with yaml-rs, "
        f"{py_first['start_time']!r} with PyYAML (YAML 1.1 sexagesimal)"
    )


if __name__ == "__main__":
    main()
