"""The corpus of broken registers: each case under ``tests/fixtures/broken/<case>/`` is a small
register folder with an ``expected.json`` stating the exit code of ``prefig check`` and every
diagnostic it must report (code, file, line, column, words of the message).

Cases whose exit code is 0 are valid registers that a careless loader would reject (CRLF line
ends, a byte order mark, ``no``/``off``/``yes`` and ``10:00`` kept as strings).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from prefig.load import load_register
from tests.conftest import TESTS

BROKEN = TESTS / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _expected(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BROKEN / case / "expected.json").read_text("utf-8"))
    return data


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert sum(1 for c in CASES if _expected(c)["exit_code"] != 0) >= 25


@pytest.mark.parametrize("case", CASES)
def test_broken_register(case: str, run: Callable[..., Result]) -> None:
    expected = _expected(case)
    env = expected.get("env")
    args = ("--register", str(BROKEN / case), "check", "--as-of", "2015-02-01")

    # Paths relative to the register, as the expectations give them (not to this repository).
    result = run(*args, "--format", "json", "--path-base", str(BROKEN / case), env=env)
    assert result.exit_code == expected["exit_code"], result.output
    report = json.loads(result.stdout)
    got = [(d["code"], d["file"], d["line"], d["column"]) for d in report["diagnostics"]]
    want = [(d["code"], d["file"], d["line"], d["column"]) for d in expected["diagnostics"]]
    assert got == want
    for diagnostic, wanted in zip(report["diagnostics"], expected["diagnostics"], strict=True):
        for words in wanted["message_contains"]:
            assert words in diagnostic["message"]
    assert "Traceback" not in result.output

    text = run(*args, env=env)
    assert text.exit_code == expected["exit_code"]
    assert "Traceback" not in text.output
    for d in expected["diagnostics"]:
        where = d["file"] if d["line"] is None else f"{d['file']}:{d['line']}:{d['column']}"
        assert where in text.stdout


def test_yaml_12_scalars_stay_strings_and_times_parse() -> None:
    result = load_register(BROKEN / "yaml12-strings-valid")
    assert result.diagnostics == []
    register = result.register
    assert register is not None
    venue = register.venues[0]
    assert (venue.name, venue.room, venue.country) == ("no", "off", "yes")
    meeting = register.meetings[0]
    assert (meeting.start_time, meeting.end_time) == (dt.time(10, 0), dt.time(12, 30))
    assert (meeting.agenda[0].number, meeting.agenda[0].name) == ("no", "yes")


@pytest.mark.parametrize("case", ["crlf-valid", "bom-valid"])
def test_line_ends_and_byte_order_mark_change_nothing(case: str) -> None:
    result = load_register(BROKEN / case)
    assert result.diagnostics == []
    assert result.register is not None
    assert result.register.settings.name == "Registre de test"
    assert [b.name for b in result.register.bodies] == ["Comité de pilotage"]
