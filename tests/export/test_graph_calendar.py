"""``prefig bodies graph`` and ``prefig meetings calendar``: golden files, label escaping,
the default month, and lazy imports."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.export.graph import dot_string, markdown_cell, mermaid_text
from prefig.load import load_register
from prefig.monthgrid import default_month, parse_month
from tests.conftest import SHIPPED, Golden

Run = Callable[..., Result]


@pytest.mark.parametrize(
    ("fmt", "name"), [("mermaid", "graph.mmd"), ("dot", "graph.dot"), ("markdown", "graph.md")]
)
def test_graph_golden(run: Run, register_copy: Path, golden: Golden, fmt: str, name: str) -> None:
    result = run("--register", str(register_copy), "bodies", "graph", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"export/{name}", result.stdout)


def test_shipped_graph_golden(run: Run, golden: Golden) -> None:
    result = run("--register", str(SHIPPED), "bodies", "graph", "--format", "markdown")
    assert result.exit_code == 0, result.output
    golden("export/shipped-graph.md", result.stdout)


def test_graph_contents(run: Run, register_copy: Path) -> None:
    text = run("--register", str(register_copy), "bodies", "graph").stdout
    # Drawn from the upper body to the lower one, the arrow told by the label.
    assert 'b_comite_syndical ---|"prépare les délibérations de ↑"| b_bureau' in text
    assert 'b_bureau -->|"saisit"| o_commune_b' in text
    assert "b_commission_travaux -.- o_groupe_a" in text
    assert 'subgraph g3["Sans niveau"]' in text


def test_label_escaping() -> None:
    assert mermaid_text('Bureau "exécutif" | <b>#1 & co\nsuite') == (
        "Bureau #quot;exécutif#quot; | #lt;b#gt;#35;1 #amp; co suite"
    )
    assert dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c d"'
    assert markdown_cell("a | b \\ c\nd") == "a \\| b \\\\ c d"


def test_calendar_golden(run: Run, register_copy: Path, golden: Golden) -> None:
    result = run("--register", str(register_copy), "meetings", "calendar", "--month", "2015-02")
    assert result.exit_code == 0, result.output
    golden("export/calendar-2015-02.txt", result.stdout)
    assert "\x1b[" not in result.stdout  # plain when not a terminal


def test_calendar_default_month(register_copy: Path) -> None:
    register = load_register(register_copy).register
    assert register is not None
    paris = dt.timezone(dt.timedelta(hours=1))
    assert default_month(register, dt.datetime(2015, 2, 10, tzinfo=paris)) == (2015, 2)
    assert default_month(register, dt.datetime(2015, 3, 1, tzinfo=paris)) == (2015, 6)
    assert default_month(register, dt.datetime(2020, 1, 1, tzinfo=paris)) == (2015, 6)


def test_calendar_without_month_shows_the_last_meetings_month(run: Run) -> None:
    result = run("--register", str(SHIPPED), "meetings", "calendar")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("mars 2015\n")
    assert "10 Conférence des Présidents de Régions" in result.stdout


@pytest.mark.parametrize("value", ["2015-2", "2015-13", "15-02", "février", "2015-02-01"])
def test_calendar_bad_month(run: Run, register_copy: Path, value: str) -> None:
    result = run("--register", str(register_copy), "meetings", "calendar", "--month", value)
    assert result.exit_code == 2
    assert "YYYY-MM" in result.stderr
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(value)


def test_heavy_libraries_are_not_imported_at_start_up() -> None:
    code = (
        "import sys, prefig.cli; "
        "print(sorted(m for m in ('icalendar', 'babel', 'rich', 'prefig.export') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_only_the_calendar_imports_icalendar() -> None:
    code = (
        "import sys\n"
        "import prefig.export.jsonexport, prefig.export.oparl, prefig.export.popolo\n"
        "import prefig.export.graph, prefig.monthgrid, prefig.export.ics\n"
        "print('icalendar' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_calendar_on_a_terminal_draws_a_table(run: Run, register_copy: Path) -> None:
    args = ("--register", str(register_copy), "meetings", "calendar", "--month", "2015-02")
    result = run(*args, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "┃" in result.stdout and "lun." in result.stdout
    assert "Commission des travaux (reportée)" in result.stdout


def test_views_warn_about_unreadable_records(run: Run, register_copy: Path) -> None:
    meetings = register_copy / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    meetings.write_text(text.replace("date: 2015-02-03", "date: 3 février"), encoding="utf-8")
    for args in (("bodies", "graph"), ("meetings", "calendar", "--month", "2015-02")):
        result = run("--register", str(register_copy), *args)
        assert result.exit_code == 0, result.output
        assert "prefig: warning: 1 problem in the register; records that fail" in result.stderr
