"""Rebuild ``cases.json`` from a copy of the YAML test suite's data (one folder per case
holding ``in.yaml``, ``name`` and, for invalid YAML, ``error``).

    python tests/yaml-test-suite/vendor.py /path/to/yaml-test-suite/cases
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(cases: Path) -> None:
    out: dict[str, dict[str, object]] = {}
    for folder in sorted(p for p in cases.iterdir() if (p / "in.yaml").is_file()):
        out[folder.name] = {
            "name": (folder / "name").read_text("utf-8").strip(),
            "error": (folder / "error").exists(),
            "yaml": (folder / "in.yaml").read_bytes().decode("utf-8"),
        }
    target = Path(__file__).with_name("cases.json")
    target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(out)} cases written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
