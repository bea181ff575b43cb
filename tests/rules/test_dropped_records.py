"""A record that fails validation is reported once, by the loader, and rules that reason
about absence do not report the gap it would have filled (issue 14)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from prefig.check import check
from prefig.load import load_register

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "dropped"
AS_OF = dt.date(2026, 6, 1)


def _codes(root: Path) -> list[tuple[str, int | None]]:
    report = check(root, as_of=AS_OF)
    return [(d.code, d.location.line) for d in report.diagnostics]


def test_the_loader_says_which_records_it_dropped() -> None:
    result = load_register(FIXTURE)
    assert result.register is not None
    (dropped,) = result.register.dropped
    assert (dropped.kind, dropped.index, dropped.id) == ("meetings", 1, "bureau-2026-04-14")
    assert dropped.fields["body"] == "bureau"
    assert dropped.fields["date"] == "2026-04-14"
    assert result.register.dropped_of("bodies") == []


def test_a_dropped_meeting_makes_no_cadence_gap() -> None:
    # The unknown field is reported (PF010); the bureau's March-May gap that the dropped April
    # meeting fills is not; the commission's real gap still is; the decision taken at the
    # dropped meeting is no dangling reference (PF101).
    assert _codes(FIXTURE) == [("PF010", 2), ("PF304", 5)]


def test_a_dropped_meeting_without_a_readable_date_covers_its_body(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(FIXTURE, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text("utf-8").replace("date: 2026-04-14", "date: 14 avril")
    meetings.write_text(text, "utf-8")
    codes = [code for code, _ in _codes(root)]
    assert codes.count("PF304") == 1  # the commission's, not the bureau's


def test_a_dropped_meeting_of_another_body_covers_nothing(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(FIXTURE, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text("utf-8")
    text = text.replace("body: bureau, date: 2026-04-14", "body: commission, date: 2026-04-14")
    meetings.write_text(text, "utf-8")
    # Now the bureau's gap is real and the commission's is covered.
    assert _codes(root) == [("PF010", 2), ("PF304", 3)]
