"""Time hostile files against a valid file of the same size, in one run, on the same machine.

    python benchmarks/hostile.py [--repeat 3]

Each hostile file is loaded with prefig's ``load_register`` (read, parse, validate, locate
the findings shown) in a register of its own, and so is a valid file of about the same size
(meetings as a register holds them); the script prints the medians of ``--repeat`` runs and
their ratio. The cases are those of issue 11 whose time was the problem:

- item 4: a value of 80,000 ``&`` then ``!`` (the tag pre-scan backtracked: 30 s);
- item 5: one record with 32,000 unknown keys, and a ``register.yaml`` with as many (a
  position was computed for every finding: 20 s);
- item 3: a 1 MB string aliased 3,000 and 100,000 times (3 GB, then a crash), refused once
  the aliases pass the character bound.

Exit 1 when a hostile file takes more than ``--max-ratio`` times its baseline (default 10),
or more than 2 seconds.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

from prefig.load import load_register

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loader import median_seconds

BODY = "- id: b\n  name: Comité\n  kind: political\n"


def baseline(size: int) -> str:
    """Valid meetings, about ``size`` characters of them."""
    out: list[str] = []
    total = n = 0
    while total < size:
        item = (
            f"- id: reunion-{n:06d}\n  body: b\n  date: 2015-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"  start_time: '10:00'\n  agenda:\n    - name: Point {n}\n"
        )
        out.append(item)
        total += len(item)
        n += 1
    return "".join(out)


def anchor_run() -> dict[str, str]:
    return {"bodies.yaml": BODY + "  note: " + "&" * 80_000 + "!\n"}


def unknown_keys_in_a_record() -> dict[str, str]:
    return {"bodies.yaml": BODY + "".join(f"  k{n}: 1\n" for n in range(32_000))}


def unknown_settings() -> dict[str, str]:
    return {"register.yaml": "name: Essai\n" + "".join(f"k{n}: 1\n" for n in range(32_000))}


def long_string_aliased(times: int) -> dict[str, str]:
    items = "".join("    - {name: *long}\n" for _ in range(times))
    meeting = f"- id: m\n  body: b\n  date: 2015-02-13\n  notes: &long {'x' * 1_000_000}\n"
    return {"meetings.yaml": f"{meeting}  agenda:\n{items}"}


def write(root: Path, files: dict[str, str]) -> int:
    """A register at ``root`` with ``files`` in data/; the size of those files."""
    data = root / "data"
    data.mkdir(parents=True)
    base = {"register.yaml": "name: Essai\n", "bodies.yaml": BODY, **files}
    for name, text in base.items():
        (data / name).write_text(text, "utf-8")
    return sum(len(text.encode("utf-8")) for text in files.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=10.0)
    args = parser.parse_args()

    cases: list[tuple[str, dict[str, str]]] = [
        ("80,000 `&` then `!` (item 4)", anchor_run()),
        ("32,000 unknown keys in a record (item 5)", unknown_keys_in_a_record()),
        ("32,000 unknown keys in register.yaml (item 5)", unknown_settings()),
        ("1 MB string aliased 3,000 times (item 3)", long_string_aliased(3_000)),
        ("1 MB string aliased 100,000 times (item 3)", long_string_aliased(100_000)),
    ]
    print(f"python {platform.python_version()}, {platform.machine()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"medians of {args.repeat} runs of load_register\n")
    print("| hostile file | size | time | valid file of that size | ratio | findings |")
    print("|---|---|---|---|---|---|")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, files) in enumerate(cases):
            hostile = Path(tmp) / f"hostile-{n}"
            size = write(hostile, files)
            valid = Path(tmp) / f"valid-{n}"
            write(valid, {"meetings.yaml": baseline(size)})
            found = load_register(hostile).diagnostics
            assert not load_register(valid).diagnostics, "the baseline must be valid"
            spent = median_seconds(lambda root=hostile: load_register(root), args.repeat)
            base = median_seconds(lambda root=valid: load_register(root), args.repeat)
            ratio = spent / base
            failed |= ratio > args.max_ratio or spent > 2.0
            codes = sorted({d.code for d in found})
            print(
                f"| {name} | {size / 1e6:.2f} MB | {spent:.3f} s | {base:.3f} s | "
                f"{ratio:.2f} | {len(found)} ({', '.join(codes)}) |"
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
