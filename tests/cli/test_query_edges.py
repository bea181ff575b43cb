"""Sharp edges of the query commands found in review: ids never cut on a narrow terminal,
contradictory options refused, moments in the register's time zone, "did you mean" for
abbreviations and fragments of ids."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.model import Body, Holder, Office
from prefig.output.tables import Doc, plain_text, write_doc
from prefig.query import in_period
from tests.conftest import SHIPPED, TESTS

BASIC = TESTS / "fixtures" / "queries" / "basic"
PLAIN = {"NO_COLOR": "", "FORCE_COLOR": ""}

Run = Callable[..., Result]


def query(run: Run, register: Path, *args: str) -> Result:
    return run("--register", str(register), *args, env=PLAIN)


def test_ids_are_never_cut_in_a_narrow_terminal_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    doc = Doc()
    doc.table(
        "4 bodies",
        ("Level", "Name", "Kind", "Id"),
        [("3", "Commission mixte des Vice-Présidents " * 2, "political", "commission-mixte-vp")],
    )
    out = io.StringIO()
    write_doc(doc, out, terminal=True, colour=False)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "commission-mixte-vp" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_from_after_to_is_misuse(run: Run) -> None:
    result = query(run, BASIC, "meetings", "list", "--from", "2021-10-01", "--to", "2021-09-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--from 2021-10-01 is after --to 2021-09-01" in result.stderr


def test_as_of_with_another_offset_is_shown_in_the_register_zone(run: Run) -> None:
    result = query(run, SHIPPED, "meetings", "next", "--as-of", "2015-02-12T23:30-05:00", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["as_of"] == "2015-02-13T05:30:00+01:00"


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [
        ("2015-02-13T09:00", "aujourd’hui"),  # untimed: the whole day, not "il y a 9 heures"
        ("2015-02-12T18:00", "demain"),
        ("2015-02-01", "dans 12 jours"),  # not rounded to "dans 2 semaines"
        ("2015-01-20", "dans 24 jours"),
        ("2015-01-01", "dans 6 semaines"),
    ],
)
def test_how_far_the_next_meeting_is(run: Run, as_of: str, shown: str) -> None:
    result = query(run, SHIPPED, "meetings", "next", "--as-of", as_of)
    assert result.exit_code == 0
    assert f"  {shown}\n" in result.stdout


def test_relative_of_timed_meetings_counts_days_then_weeks() -> None:
    from prefig.output.queries import relative

    day = 86_400
    assert relative(3 * 3600, "fr_FR") == "dans 3 heures"
    assert relative(12 * day + 3600, "fr_FR") == "dans 12 jours"
    assert relative(-12 * day, "en_GB") == "12 days ago"
    assert relative(40 * day, "fr_FR") == "dans 6 semaines"
    assert relative(45 * day, "fr_FR") == "dans 2 mois"
    assert relative(0, "fr_FR", days=-1) == "hier"


@pytest.mark.parametrize(
    ("args", "suggested"),
    [
        (("meetings", "next", "--body", "cmpt"), "comite-mixte-pilotage-technique"),
        (("bodies", "show", "pilotage"), "comite-mixte-pilotage-technique"),
        (("people", "show", "malvy"), "martin-malvy"),
    ],
)
def test_did_you_mean_abbreviations_and_fragments(
    run: Run, args: tuple[str, ...], suggested: str
) -> None:
    result = query(run, SHIPPED, *args)
    assert result.exit_code == 2
    assert f"did you mean {suggested}?" in result.stderr


QUERIES = [
    ("meetings", "next", "--as-of", "2015-02-01"),
    ("meetings", "list"),
    ("meetings", "show", "cmpt-2015-02-13", "--as-of", "2015-02-01"),
    ("bodies", "list"),
    ("bodies", "show", "comite-mixte-pilotage-technique", "--as-of", "2015-02-13"),
    ("people", "list"),
    ("people", "show", "martin-malvy", "--as-of", "2015-02-01"),
    ("decisions", "list", "--as-of", "2015-03-01"),
    ("decisions", "show", "saisine-ceser-2030", "--as-of", "2015-03-01"),
]


@pytest.mark.parametrize("args", QUERIES, ids=" ".join)
def test_format_json_is_the_same_as_json_as_in_check_and_diff(
    run: Run, args: tuple[str, ...]
) -> None:
    flag = query(run, SHIPPED, *args, "--json")
    option = query(run, SHIPPED, *args, "--format", "json")
    assert flag.exit_code == option.exit_code == 0
    assert option.stdout == flag.stdout
    json.loads(option.stdout)
    assert query(run, SHIPPED, *args, "-f", "text").stdout == query(run, SHIPPED, *args).stdout


def test_bodies_show_takes_as_of_like_every_query_and_at_still(run: Run) -> None:
    body = ("bodies", "show", "comite-mixte-pilotage-technique")
    at = query(run, SHIPPED, *body, "--at", "2015-02-13", "--json")
    as_of = query(run, SHIPPED, *body, "--as-of", "2015-02-13", "--json")
    assert at.exit_code == as_of.exit_code == 0
    assert at.stdout == as_of.stdout


def test_help_names_what_options_take_and_every_exit_code(run: Run) -> None:
    root = run("--help").stdout
    assert "--register PATH" in root
    assert "diff --exit-code" in root and "130 interrupted" in root
    assert "-b, --body ID" in run("meetings", "next", "--help").stdout
    assert "--as-of DATE" in run("people", "show", "--help").stdout


def test_next_of_a_body_without_meetings_speaks_of_that_body(run: Run) -> None:
    body = "commission-mixte-vice-presidents"
    result = query(run, SHIPPED, "meetings", "next", "--body", body, "--as-of", "2015-02-01")
    assert result.exit_code == 0
    assert "There is no earlier meeting of Commission mixte" in result.stdout
    assert "The register has no earlier meeting" not in result.stdout


def test_a_locale_babel_does_not_know_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for path in (BASIC / "data").iterdir():
        (data / path.name).write_text(path.read_text("utf-8"), "utf-8")
    settings = data / "register.yaml"
    settings.write_text(settings.read_text("utf-8").replace("fr_FR", "xx_XX"), "utf-8")
    result = query(run, tmp_path, "meetings", "next", "--as-of", "2021-09-01")
    assert result.exit_code == 2
    assert "is not a locale prefig can format dates in" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("with_table", [False, True], ids=["plain terminal", "rich"])
def test_long_field_values_wrap_under_themselves_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, with_table: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    doc = Doc()
    doc.fields([("Id", "comite"), ("Mission", "Piloter le projet commun des deux Régions " * 3)])
    if with_table:
        doc.table("Seats", ("Seat", "Id"), [("Expert", "comite-experts")])
    out = io.StringIO()
    write_doc(doc, out, terminal=True, colour=False)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()).splitlines()
    mission = next(i for i, line in enumerate(lines) if line.startswith("  Mission"))
    assert all(len(line) <= 60 for line in lines)
    # "  Mission  " is 11 wide: the value goes on under itself, not at the left edge.
    assert re.match(r" {11}\S", lines[mission + 1])
    assert re.match(r" {11}\S", lines[mission + 2])


def test_piped_text_is_never_wrapped() -> None:
    doc = Doc()
    doc.fields([("Mission", "mot " * 100)])
    assert len(plain_text(doc).splitlines()) == 1


def test_parties_of_the_same_name_are_told_apart_by_id(run: Run) -> None:
    result = query(run, SHIPPED, "bodies", "show", "comite-mixte-pilotage-technique")
    assert result.exit_code == 0
    responsible = next(line for line in result.stdout.splitlines() if "Responsible" in line)
    assert responsible.count("Directeur général des services (seat cmpt-") == 2


def test_json_and_format_text_together_are_misuse(run: Run) -> None:
    result = query(run, SHIPPED, "bodies", "list", "--json", "--format", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--json and --format text contradict" in result.stderr


def test_a_past_meeting_still_planned_says_its_day_has_passed(run: Run) -> None:
    result = query(run, SHIPPED, "meetings", "next", "--as-of", "2016-01-01")
    assert result.exit_code == 0
    assert "planned (its day has passed; the register does not say it was held)" in result.stdout
    upcoming = query(run, SHIPPED, "meetings", "next", "--as-of", "2015-02-13T09:00")
    assert "  Status  planned\n" in upcoming.stdout


def test_help_lists_the_everyday_queries_first(run: Run) -> None:
    listed = [
        line.split()[0]
        for line in run("--help").stdout.split("Commands:")[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ]
    assert listed[:6] == ["meetings", "bodies", "people", "decisions", "deliberations", "check"]
    assert {"render", "export", "diff", "rules", "schema", "init"} <= set(listed)


@pytest.mark.parametrize("json_output", [False, True], ids=["text", "json"])
def test_a_stdout_without_unicode_gets_json_escapes_or_exit_2(json_output: bool) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PREFIG_REGISTER": str(SHIPPED)}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", "from prefig.cli import main; main()"]
        + ["meetings", "next", "--as-of", "2015-02-01"]
        + (["--json"] if json_output else []),
        env=env,
        capture_output=True,
        check=False,
    )
    if json_output:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["upcoming"][0]["body"]["name"].startswith("Comité")
    else:  # never "Comit? mixte": the same exit 2 as every command (tests/cli/test_terminal.py)
        assert done.returncode == 2
        assert b"Comit?" not in done.stdout
        assert b"it has no place for U+00E9 (LATIN SMALL LETTER E WITH ACUTE)" in done.stderr


def test_any_command_on_an_ascii_stdout_says_so_with_exit_2() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PREFIG_REGISTER": str(SHIPPED)}
    done = subprocess.run(
        [sys.executable, "-c", "from prefig.cli import main; main()", "bodies", "graph"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert b"prefig: error: the output cannot be written in this terminal's encoding (ascii)" in (
        done.stderr
    )
    assert b"internal error" not in done.stderr


@pytest.mark.parametrize(
    ("start", "end", "day", "inside"),
    [
        (None, None, dt.date(2015, 2, 1), True),
        ("2015-02-01", None, dt.date(2015, 2, 1), True),  # both ends inclusive
        ("2015-02-01", None, dt.date(2015, 1, 31), False),
        (None, "2015-02-28", dt.date(2015, 2, 28), True),
        (None, "2015-02-28", dt.date(2015, 3, 1), False),
        ("2015-02-01", "2015-02-28", None, True),  # no day asked: in every period
    ],
)
def test_in_period_is_one_test_for_bodies_holders_and_offices(
    start: str | None, end: str | None, day: dt.date | None, inside: bool
) -> None:
    dates = {"start_date": start, "end_date": end}
    records = (
        Body(id="b", name="B", kind="other", **dates),
        Holder(person="p", **dates),
        Office(role="r", organization="o", **dates),
    )
    assert [in_period(r, day) for r in records] == [inside] * 3
