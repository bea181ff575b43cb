"""Notice periods as the law counts them, through the commands a clerk uses: ``check``,
``meetings show``, ``render`` and ``export ics`` agree on one verdict (jours francs here)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import icalendar
from typer.testing import Result

from tests.conftest import REPO

NOTICE = REPO / "tests" / "fixtures" / "notice"
Run = Callable[..., Result]


def test_check_counts_jours_francs(run: Run) -> None:
    result = run("--register", str(NOTICE), "check", "--as-of", "2026-12-02", "--format", "json")
    found = {
        (d["code"], d["record"]): d["message"] for d in json.loads(result.stdout)["diagnostics"]
    }
    # Sent on Saturday 5 December for Thursday 10: four jours francs (6 to 9), one short.
    assert "giving 4 clear days" in found["PF402", "cm-2026-12-10"]
    assert "convene by 2026-12-04" in found["PF402", "cm-2026-12-10"]
    # Monday 7 December, not convened by Wednesday 2: the last day was Tuesday 1 December.
    assert "was 2026-12-01" in found["PF403", "cm-2026-12-07"]
    # Thursday 17, sent on Friday 11: five jours francs (12 to 16); 19:00 to 00:30 is fine.
    assert not [key for key in found if key[1] == "cm-2026-12-17"]
    assert len(found) == 2


def test_meetings_show_gives_the_same_verdict(run: Run) -> None:
    result = run(
        "--register", str(NOTICE), "meetings", "show", "cm-2026-12-10",
        "--as-of", "2026-12-02", "--json",
    )  # fmt: skip
    notice = json.loads(result.stdout)["notice"]
    assert notice == {
        "required_days": 5,
        "counting": "clear",
        "article": "CGCT L2121-12",
        "urgency": False,
        "last_day": "2026-12-04",
        "given_days": 4,
        "late": True,
        "described": "5 clear days (jours francs, CGCT L2121-12)",
    }


def test_render_warns_with_the_same_deadline(run: Run, tmp_path: Path) -> None:
    result = run(
        "--register", str(NOTICE), "render", "convocations", "cm-2026-12-10",
        "--out", str(tmp_path), "--draft",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "requires 5 clear days (jours francs, CGCT L2121-12)" in result.stderr
    assert "had to be sent by 2026-12-04" in result.stderr


def test_a_sitting_past_midnight_ends_the_next_day(run: Run) -> None:
    result = run("--register", str(NOTICE), "export", "ics")
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("cm-2026-12-17@")]
    assert event.decoded("DTSTART").isoformat() == "2026-12-17T19:00:00+01:00"
    assert event.decoded("DTEND").isoformat() == "2026-12-18T00:30:00+01:00"


def test_meetings_show_says_the_verdict_in_text(run: Run) -> None:
    result = run(
        "--register", str(NOTICE), "meetings", "show", "cm-2026-12-10", "--as-of", "2026-12-02"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "5 clear days (jours francs, CGCT L2121-12): send by 2026-12-04; gave 4, late"
        in result.stdout
    )


def test_meetings_next_leaves_out_postponed_meetings_unless_all(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(NOTICE, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text("utf-8")
    meetings.write_text(
        text.replace("- id: cm-2026-12-07\n", "- id: cm-2026-12-07\n  status: postponed\n"),
        "utf-8",
    )
    args = ("--register", str(root), "meetings", "next", "--as-of", "2026-12-06", "--json")
    shown = json.loads(run(*args).stdout)["upcoming"]
    assert [m["id"] for m in shown] == ["cm-2026-12-10"]
    everything = json.loads(run(*args, "--all").stdout)["upcoming"]
    assert [m["id"] for m in everything] == ["cm-2026-12-07"]
