"""A postponed meeting's notice announces the date of the meeting that replaces it, when the
register knows it (``rescheduled_as``), and "sera annoncée" otherwise."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from tests.conftest import REPO

FULL = REPO / "tests" / "fixtures" / "render" / "full"
POSTPONED = """- id: ce-2015-02-13
  body: commission-essai
  date: 2015-02-13
  start_time: "10:30"
  location: hotel-de-region-lr
  status: postponed
{link}- id: ce-2015-03-05
  body: commission-essai
  date: 2015-03-05
  start_time: "18:30"
  location: hotel-de-region-lr
"""


def notice(run: Callable[..., Result], tmp_path: Path, link: str) -> str:
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    (root / "data" / "meetings.yaml").write_text(POSTPONED.format(link=link), "utf-8")
    out = tmp_path / "out"
    result = run("--register", str(root), "render", "notice", "ce-2015-02-13", "--out", str(out))
    assert result.exit_code == 0, result.output
    return (out / "ce-2015-02-13-notice.md").read_text("utf-8")


def test_the_notice_names_the_new_date(run: Callable[..., Result], tmp_path: Path) -> None:
    text = notice(run, tmp_path, "  rescheduled_as: ce-2015-03-05\n")
    assert "est reportée au jeudi 5 mars 2015 à 18 h 30." in text
    assert "sera annoncée" not in text


def test_without_a_replacement_the_date_is_to_come(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    text = notice(run, tmp_path, "")
    assert "est reportée ; la nouvelle date sera annoncée par un prochain avis." in text
