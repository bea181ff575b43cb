"""Every case of the official YAML test suite, fed to the loader as a data file.

Cases the suite marks as invalid must be rejected with a clean, located PF004/PF005/PF006
diagnostic; no case, valid or not, may make the loader or ``prefig check`` raise.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from prefig.check import check
from prefig.load import FATAL_CODES, load_register
from prefig.output.text import write_text
from tests.conftest import TESTS, empty_register

SUITE = TESTS / "yaml-test-suite" / "cases.json"
CASES: dict[str, dict[str, Any]] = json.loads(SUITE.read_text("utf-8"))
SYNTAX_CODES = {"PF004", "PF005", "PF006"}
DATA_FILE = "data/venues.yaml"


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return empty_register(tmp_path_factory.mktemp("suite"), "name: Suite\n")


def _feed(root: Path, case: str) -> None:
    (root / DATA_FILE).write_bytes(CASES[case]["yaml"].encode("utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_never_raises(case: str, register: Path) -> None:
    _feed(register, case)
    result = load_register(register)
    syntax = [d for d in result.diagnostics if d.code in SYNTAX_CODES]
    if CASES[case]["error"]:
        assert syntax, f"{case} ({CASES[case]['name']}) is invalid YAML but was accepted"
        for d in syntax:
            assert d.location.file == DATA_FILE
            assert d.location.line is not None and d.location.line >= 1
            assert d.message
    report = check(register, loaded=result)
    assert report.unreadable == result.fatal
    out = io.StringIO()
    write_text(report, out, colour=False)
    assert "Traceback" not in out.getvalue()


def test_counts() -> None:
    """How many cases the loader gets right: every invalid one rejected, and every valid
    one accepted but the two that yaml-rs rejects (see docs/loader.md) and G4RS, whose
    ``"\\b"`` escape makes a control character that prefig refuses on purpose."""
    from prefig.load import parse_yaml

    rejected_invalid = accepted_valid = 0
    for case in CASES.values():
        _, problems = parse_yaml(case["yaml"], DATA_FILE)
        # PF006 on a valid stream only says "several documents": the YAML itself was read.
        read = not any(d.code in {"PF004", "PF005"} for d in problems)
        if case["error"]:
            rejected_invalid += not read or any(d.code in FATAL_CODES for d in problems)
        else:
            accepted_valid += read
    invalid = sum(1 for c in CASES.values() if c["error"])
    assert (len(CASES), invalid) == (402, 94)
    assert rejected_invalid == 94
    assert accepted_valid == 305
