"""The sittings fixture (tests/fixtures/sittings/): three held sittings of a 27-seat council,
one adjourned for want of quorum and its second convocation, proxies, a late arrival and an
early departure, a vote by show of hands and one by name. It checks clean, and the counts the
PF6xx rules rest on are those a clerk would write in the procès-verbal."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from prefig.check import check
from prefig.load import load_register
from prefig.sitting import present_at, quorum_at, represented_at
from tests.conftest import TESTS

SITTINGS = TESTS / "fixtures" / "sittings"
AS_OF = dt.date(2026, 11, 30)


def test_the_sittings_fixture_checks_clean() -> None:
    assert check(SITTINGS, as_of=AS_OF).diagnostics == []


def test_presence_follows_arrivals_and_departures() -> None:
    register = load_register(SITTINGS).register
    meeting = register.index("meetings")["cm-2026-09-24"]
    assert [len(present_at(meeting, i)) for i in range(3)] == [18, 19, 18]
    assert len(represented_at(meeting, 0)) == 2
    quorum = quorum_at(register, meeting, 2)
    assert (quorum.present, quorum.needed, quorum.reached) == (18, 14, True)


def test_without_its_second_convocation_the_sitting_lacks_quorum(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(SITTINGS, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(
        text.replace("  second_convocation_of: cm-2026-10-15\n", ""), encoding="utf-8"
    )
    found = [d.code for d in check(root, as_of=AS_OF).diagnostics]
    assert found == ["PF601", "PF601"]


def test_publication_deadlines_fall_due_with_the_reference_date(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(SITTINGS, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(
        text.replace("  deliberations_list_published_on: 2026-10-23\n", ""), encoding="utf-8"
    )
    assert check(root, as_of=dt.date(2026, 10, 28)).diagnostics == []
    assert [d.code for d in check(root, as_of=dt.date(2026, 10, 29)).diagnostics] == ["PF611"]
