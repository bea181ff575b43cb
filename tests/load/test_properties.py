"""Properties of the loader on open-ended input (Hypothesis).

Whatever a data file holds, loading and checking it never raises, and every diagnostic points
inside the file; a valid register built from strategies loads without a loader or reference
diagnostic, and one broken reference in it gives exactly one finding, on the line where it is
written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefig.check import check
from prefig.load import load_register
from tests.conftest import empty_register

FAST = settings(
    max_examples=int(os.environ.get("PREFIG_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""A hundred examples per property keeps the suite fast; set PREFIG_HYPOTHESIS_EXAMPLES to
search harder."""

# Characters that mean something to YAML, and some that do not.
YAMLISH = st.text(
    alphabet=st.sampled_from([*"-:?,[]{}#&*!|>'\"%@` \t\n\r\\~.0123456789abcé", "\ufeff"]),
    max_size=120,
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return empty_register(tmp_path_factory.mktemp("properties"))


def _load_and_check(root: Path, payload: bytes) -> None:
    data_file = root / "data" / "meetings.yaml"
    data_file.write_bytes(payload)
    result = load_register(root)
    report = check(root, as_of=dt.date(2015, 2, 1), loaded=result)
    assert report.exit_code in {0, 1, 2}
    lines = len(re.split(rb"\r\n|\r|\n", payload))
    for d in result.diagnostics:
        assert d.message
        if d.location.file == "data/meetings.yaml" and d.location.line is not None:
            assert 1 <= d.location.line <= lines
            assert d.location.column is None or d.location.column >= 1


@FAST
@given(text=YAMLISH)
def test_any_yaml_like_text_never_raises(root: Path, text: str) -> None:
    _load_and_check(root, text.encode("utf-8"))


@FAST
@given(text=st.text(max_size=200))
def test_any_text_never_raises(root: Path, text: str) -> None:
    _load_and_check(root, text.encode("utf-8", "surrogatepass"))


@FAST
@given(payload=st.binary(max_size=200))
def test_any_bytes_never_raise(root: Path, payload: bytes) -> None:
    _load_and_check(root, payload)


@FAST
@given(
    prefix=st.text(alphabet="ab é\n:-", max_size=40),
    bad=st.sampled_from([b"\xe9", b"\xff", b"\xc3", b"\x80"]),
)
def test_encoding_error_points_at_the_bad_byte(root: Path, prefix: str, bad: bytes) -> None:
    (root / "data" / "meetings.yaml").write_bytes(prefix.encode("utf-8") + bad + b"x")
    (diagnostic,) = load_register(root).diagnostics
    assert diagnostic.code == "PF003"
    lines = prefix.split("\n")
    assert (diagnostic.location.line, diagnostic.location.column) == (
        len(lines),
        len(lines[-1]) + 1,
    )


SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
TRICKY = st.sampled_from(["no", "off", "yes", "10:00", "null", "~", "0x1F", "1e3", "- a", "#"])
NAME = st.one_of(TRICKY, st.text(alphabet=string.ascii_letters + " éàç'", min_size=1))


@st.composite
def registers(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    ids = draw(st.lists(SLUG, min_size=3, max_size=8, unique=True))
    body, venue, *meeting_ids = ids
    return {
        "bodies": [{"id": body, "name": draw(NAME), "kind": "political"}],
        "venues": [{"id": venue, "name": draw(NAME), "room": draw(NAME)}],
        "meetings": [
            {
                "id": mid,
                "body": body,
                "date": draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
                "location": venue,
                "start_time": "10:00",
                "notes": draw(NAME),
            }
            for mid in meeting_ids
        ],
    }


def _scalar(value: object) -> str:
    # JSON strings are YAML 1.2 double-quoted scalars; days are written bare, as people do.
    return value.isoformat() if isinstance(value, dt.date) else json.dumps(value)


def _write(root: Path, files: dict[str, list[dict[str, Any]]]) -> None:
    """Block-style YAML as a person writes it (PyYAML's dumper quotes for YAML 1.1: it
    would leave ``1e3`` bare, which YAML 1.2 reads as a number)."""
    for kind, records in files.items():
        lines = []
        for record in records:
            for n, (key, value) in enumerate(record.items()):
                lines.append(f"{'- ' if n == 0 else '  '}{key}: {_scalar(value)}")
        (root / "data" / f"{kind}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


@FAST
@given(files=registers())
def test_valid_registers_give_no_diagnostic(root: Path, files: dict[str, Any]) -> None:
    _write(root, files)
    result = load_register(root)
    assert result.diagnostics == []
    assert result.register is not None
    assert [v.name for v in result.register.venues] == [v["name"] for v in files["venues"]]
    # Loading and references only: the calendar and readiness rules have their own opinions
    # about random dates, which are not what this property is about.
    report = check(root, as_of=dt.date(2015, 2, 1), loaded=result, select=("PF0", "PF1"))
    assert report.diagnostics == []


@FAST
@given(files=registers(), which=st.integers(min_value=0))
def test_one_broken_reference_gives_one_finding(
    root: Path, files: dict[str, Any], which: int
) -> None:
    meetings = files["meetings"]
    broken = meetings[which % len(meetings)]
    broken["location"] = "nowhere-" + broken["location"]
    _write(root, files)
    report = check(root, as_of=dt.date(2015, 2, 1), select=("PF0", "PF1"))
    (finding,) = report.diagnostics
    assert (finding.code, finding.record) == ("PF101", broken["id"])
    assert finding.location.line is not None
    text = (root / "data" / "meetings.yaml").read_text("utf-8").splitlines()
    assert broken["location"] in text[finding.location.line - 1]
