"""PF204 counts declared vacancies as places taken; PF101 follows a meeting's convened_by."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefig.check import check
from tests.conftest import empty_register

BODY = """\
- id: conseil
  name: Conseil
  kind: assembly
  responsible: [{person: claire-dupont}]
  seats:
    - id: conseillers
      role: Conseiller
      role_feminine: Conseillère
      count: 2
      holders:
        - {person: claire-dupont}
        - {person: jean-martin, end_date: 2026-03-31}
      vacancies:
        - {since: VACANT_SINCE}
"""
PEOPLE = """\
- {id: claire-dupont, name: Claire Dupont, gender: female}
- {id: jean-martin, name: Jean Martin}
"""


def _register(root: Path, since: str, meetings: str = "[]\n") -> Path:
    empty_register(root)
    (root / "data" / "bodies.yaml").write_text(BODY.replace("VACANT_SINCE", since), "utf-8")
    (root / "data" / "people.yaml").write_text(PEOPLE, "utf-8")
    (root / "data" / "meetings.yaml").write_text(meetings, "utf-8")
    return root


def _findings(root: Path) -> list[tuple[str, str]]:
    report = check(root, as_of=dt.date(2026, 6, 1))
    return [(d.code, d.message) for d in report.diagnostics if d.code != "PF203"]


def test_a_vacancy_after_the_holder_left_fits(tmp_path: Path) -> None:
    assert _findings(_register(tmp_path, "2026-04-01")) == []


def test_a_vacancy_while_the_holder_sits_overfills_the_seat(tmp_path: Path) -> None:
    ((code, message),) = _findings(_register(tmp_path, "2026-03-01"))
    assert code == "PF204"
    assert "2 holders in office on 2026-03-01 (claire-dupont, jean-martin)" in message
    assert "and 1 vacant place" in message


def test_a_meetings_convenor_must_exist(tmp_path: Path) -> None:
    meetings = (
        "- {id: m1, body: conseil, date: 2026-05-01, status: held,"
        " convened_by: [{person: nobody}]}\n"
    )
    found = _findings(_register(tmp_path, "2026-04-01", meetings))
    assert [code for code, _ in found] == ["PF101"]
    assert "nobody" in found[0][1]
