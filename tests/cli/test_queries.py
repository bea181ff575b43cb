"""Query commands through the CLI runner, on fixture registers, with --as-of for determinism.

Text output is compared with golden files in tests/golden/queries/ (regenerate with
PREFIG_UPDATE_GOLDEN=1 and review the diff); JSON output is validated against the documented
schema, docs/json/queries.schema.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import REPO, SHIPPED, TESTS, Golden, empty_register

FIXTURES = TESTS / "fixtures" / "queries"
BASIC = FIXTURES / "basic"
SCHEMA = json.loads((REPO / "docs" / "json" / "queries.schema.json").read_text("utf-8"))
PLAIN = {"NO_COLOR": "", "FORCE_COLOR": ""}

Run = Callable[..., Result]


def query(run: Run, register: Path, *args: str) -> Result:
    return run("--register", str(register), *args, env=PLAIN)


def as_json(run: Run, register: Path, *args: str) -> dict[str, Any]:
    result = query(run, register, *args, "--json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(
        {**SCHEMA, "$ref": f"#/$defs/document-{document['kind']}"},
        format_checker=jsonschema.FormatChecker(),
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    return document


# --------------------------------------------------------------------------- meetings next


def test_next_on_the_shipped_register_as_of_february_2015(run: Run) -> None:
    result = query(run, SHIPPED, "meetings", "next", "--as-of", "2015-02-01")
    assert result.exit_code == 0
    assert "Comité mixte de pilotage technique" in result.stdout
    assert "vendredi 13 février 2015" in result.stdout
    assert "Hôtel de Région Languedoc-Roussillon" in result.stdout
    assert "dans 12 jours" in result.stdout
    assert result.stderr == ""


def test_next_with_nothing_ahead_says_so_and_shows_the_latest(run: Run) -> None:
    result = query(run, SHIPPED, "meetings", "next", "--as-of", "2026-01-01")
    assert result.exit_code == 0
    assert "No upcoming meeting after jeudi 1er janvier 2026" in result.stdout
    assert "mardi 10 mars 2015" in result.stdout
    assert "Conférence des Présidents de Régions" in result.stdout


def test_next_count_and_body(run: Run) -> None:
    doc = as_json(run, BASIC, "meetings", "next", "--as-of", "2021-09-01", "--count", "5")
    # the cancelled meeting of 1 October is not "next"
    assert [m["id"] for m in doc["upcoming"]] == ["comite-2021-09-15", "conseil-2021-09-20"]
    assert doc["upcoming"][0]["start"] == "2021-09-15T14:30:00+02:00"
    assert doc["upcoming"][0]["seconds_until_start"] == 14 * 86400 + 14 * 3600 + 30 * 60
    assert doc["latest_past"]["id"] == "comite-2021-03-01"
    doc = as_json(run, BASIC, "meetings", "next", "--as-of", "2021-09-01", "--body", "conseil")
    assert [m["id"] for m in doc["upcoming"]] == ["conseil-2021-09-20"]
    assert doc["body"] == {"id": "conseil", "name": "Conseil consultatif"}


def test_next_as_of_a_date_and_time(run: Run) -> None:
    doc = as_json(run, BASIC, "meetings", "next", "--as-of", "2021-09-15T15:00")
    # still under way: no end time, so it lasts as long as its start
    assert [m["id"] for m in doc["upcoming"]] == ["conseil-2021-09-20"]
    assert doc["as_of"] == "2021-09-15T15:00:00+02:00"


def test_latest_past_skips_cancelled_meetings(run: Run) -> None:
    doc = as_json(run, BASIC, "meetings", "next", "--as-of", "2022-01-01")
    assert doc["upcoming"] == []
    assert doc["latest_past"]["id"] == "conseil-2021-09-20"


def test_next_on_a_register_without_meetings(run: Run, tmp_path: Path) -> None:
    empty_register(tmp_path, "name: Vide\n")
    result = query(run, tmp_path, "meetings", "next", "--as-of", "2021-01-01")
    assert result.exit_code == 0
    assert "No upcoming meeting" in result.stdout
    assert "no earlier meeting either" in result.stdout


# --------------------------------------------------------------------------- golden text


GOLDEN_CASES = {
    "meetings-next": ("meetings", "next", "--as-of", "2021-09-01", "--count", "2"),
    "meetings-next-none": ("meetings", "next", "--as-of", "2022-01-01"),
    "meetings-list": ("meetings", "list"),
    "meetings-show": ("meetings", "show", "comite-2021-03-01", "--as-of", "2021-09-01"),
    "bodies-list": ("bodies", "list"),
    "bodies-show": ("bodies", "show", "comite", "--at", "2021-08-01"),
    "people-list": ("people", "list"),
    "people-show": ("people", "show", "chloe-roux", "--as-of", "2021-09-01"),
    "decisions-list": ("decisions", "list"),
    "decisions-show": ("decisions", "show", "charte"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_text_output_matches_golden(run: Run, golden: Golden, name: str) -> None:
    result = query(run, BASIC, *GOLDEN_CASES[name])
    assert result.exit_code == 0, result.output
    golden(f"queries/{name}.txt", result.stdout)
    assert "\x1b[" not in result.stdout


# --------------------------------------------------------------------------- lists and filters


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["comite-2021-03-01", "comite-2021-09-15", "conseil-2021-09-20", "comite-2021-10-01"]),
        (
            ("--from", "2021-09-15", "--to", "2021-09-20"),
            ["comite-2021-09-15", "conseil-2021-09-20"],
        ),
        (("--body", "conseil"), ["conseil-2021-09-20"]),
        (("--status", "cancelled"), ["comite-2021-10-01"]),
        # Bruno Petit sat on the comité until 30 June 2021
        (("--person", "bruno-petit"), ["comite-2021-03-01"]),
        (("--person", "chloe-roux"), ["comite-2021-09-15", "comite-2021-10-01"]),
    ],
)
def test_meetings_list_filters(run: Run, args: tuple[str, ...], expected: list[str]) -> None:
    doc = as_json(run, BASIC, "meetings", "list", *args)
    assert [m["id"] for m in doc["meetings"]] == expected


def test_meeting_show(run: Run) -> None:
    doc = as_json(run, BASIC, "meetings", "show", "comite-2021-03-01", "--as-of", "2021-09-01")
    meeting = doc["meeting"]
    assert meeting["start"] == "2021-03-01T10:00:00+01:00"
    assert meeting["end"] == "2021-03-01T12:00:00+01:00"
    assert [i["number"] for i in meeting["agenda"]] == ["1", "2.a"]
    assert meeting["location"]["locality"] == "Toulouse"
    assert doc["decisions"] == [
        {"id": "lancer-etude", "title": "Lancer une étude de rapprochement"}
    ]


def test_body_show_composition_at_a_date(run: Run) -> None:
    before = as_json(run, BASIC, "bodies", "show", "comite", "--at", "2021-05-01")["body"]
    after = as_json(run, BASIC, "bodies", "show", "comite", "--at", "2021-08-01")["body"]

    def holders(body: dict[str, Any]) -> dict[str, list[str]]:
        return {
            s["id"]: [h["id"] for h in s["holders"]]
            for group in body["composition"]
            for s in group["seats"]
        }

    assert holders(before)["comite-pres-b"] == ["bruno-petit"]
    assert holders(after)["comite-pres-b"] == ["chloe-roux"]
    groups = {(g["organization"] or {}).get("id"): g["places"] for g in after["composition"]}
    assert groups == {"org-a": None, "org-b": 1, None: 2}
    assert after["parity"][0]["between"] == [
        {"id": "org-a", "name": "Région A", "places": None},
        {"id": "org-b", "name": "Région B", "places": 1},
    ]


def test_body_show_meetings_and_open_actions(run: Run) -> None:
    doc = as_json(run, BASIC, "bodies", "show", "comite", "--at", "2021-09-01")
    assert [m["id"] for m in doc["past_meetings"]] == ["comite-2021-03-01"]
    assert [m["id"] for m in doc["upcoming_meetings"]] == ["comite-2021-09-15", "comite-2021-10-01"]
    assert [a["id"] for a in doc["open_actions"]] == ["rendre-etude"]


def test_shipped_bodies_show_unset_counts_as_not_set(run: Run) -> None:
    result = query(
        run, SHIPPED, "bodies", "show", "commission-mixte-vice-presidents", "--at", "2015-02-13"
    )
    assert result.exit_code == 0
    assert "not set" in result.stdout
    assert "Martin Malvy" in result.stdout
    doc = as_json(
        run, SHIPPED, "bodies", "show", "comite-mixte-pilotage-technique", "--at", "2015-02-01"
    )
    assert [m["id"] for m in doc["upcoming_meetings"]] == ["cmpt-2015-02-13"]
    assert doc["body"]["objectives"][0] == "la mutualisation des ressources"


def test_people(run: Run) -> None:
    doc = as_json(run, BASIC, "people", "list")
    assert [p["id"] for p in doc["people"]] == ["alice-martin", "bruno-petit", "chloe-roux"]
    doc = as_json(run, BASIC, "people", "show", "bruno-petit", "--as-of", "2021-01-01")
    assert doc["person"]["seats"][0]["end_date"] == "2021-06-30"
    # his seat ends before the September meetings
    assert [m["id"] for m in doc["upcoming_meetings"]] == ["comite-2021-03-01"]


def test_decisions(run: Run) -> None:
    doc = as_json(run, BASIC, "decisions", "list", "--status", "in-progress")
    assert [d["id"] for d in doc["decisions"]] == ["charte"]
    assert doc["filters"] == {"status": "in-progress", "overdue": False}
    doc = as_json(run, BASIC, "decisions", "show", "lancer-etude")
    actions = doc["decision"]["actions"]
    assert [a["status"] for a in actions] == ["done", "open"]
    assert actions[0]["actors"] == [
        {"kind": "seat", "id": "comite-pres-a", "name": "Présidente de Région"}
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("meetings", "next", "--as-of", "2015-02-01"),
        ("meetings", "list"),
        ("meetings", "show", "cpr-2015-03-10"),
        ("bodies", "list"),
        ("bodies", "show", "conference-mixte-presidents"),
        ("people", "list"),
        ("people", "show", "martin-malvy"),
        ("decisions", "list"),
        ("decisions", "show", "saisine-ceser-2030"),
    ],
)
def test_json_of_every_query_on_the_shipped_register_fits_the_schema(
    run: Run, args: tuple[str, ...]
) -> None:
    doc = as_json(run, SHIPPED, *args)
    assert doc["version"] == 1


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meetings", "show", "comite-2021-03-1"), "did you mean comite-2021-03-01"),
        (("bodies", "show", "comit"), "did you mean comite"),
        (("people", "show", "alice"), "no person has the id 'alice'"),
        (("decisions", "show", "chartre"), "did you mean charte"),
        (("meetings", "next", "--body", "conseill"), "did you mean conseil"),
        (("meetings", "list", "--person", "chloe"), "no person has the id"),
        (("meetings", "next", "--as-of", "1er mars"), "is not a date"),
        (("meetings", "list", "--from", "2021-13-01"), "--from '2021-13-01' is not a date"),
    ],
)
def test_unknown_ids_and_bad_dates_exit_2_on_stderr(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    result = query(run, BASIC, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("prefig: error: ")


def test_bad_status_is_a_usage_error(run: Run) -> None:
    result = query(run, BASIC, "meetings", "list", "--status", "done")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_invalid_records_are_left_out_with_a_warning(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("register", "bodies", "organizations"):
        (data / f"{name}.yaml").write_text((BASIC / "data" / f"{name}.yaml").read_text("utf-8"))
    (data / "meetings.yaml").write_text(
        "- {id: ok, body: conseil, date: 2021-09-20}\n- {id: bad, body: conseil, date: someday}\n",
        "utf-8",
    )
    result = query(run, tmp_path, "meetings", "list", "--json")
    assert result.exit_code == 0
    assert [m["id"] for m in json.loads(result.stdout)["meetings"]] == ["ok"]
    assert "prefig: warning: 1 problem in the register" in result.stderr


def test_unreadable_register_exits_2(run: Run, tmp_path: Path) -> None:
    empty_register(tmp_path, "name: [unclosed\n")
    result = query(run, tmp_path, "meetings", "next")
    assert result.exit_code == 2
    assert "cannot be read" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- colour


def test_colour_only_when_forced_and_never_with_no_color(run: Run) -> None:
    args = ("--register", str(BASIC), "bodies", "show", "comite", "--at", "2021-08-01")
    coloured = run(*args, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert coloured.exit_code == 0
    assert "\x1b[" in coloured.stdout
    assert "Chloé Roux" in coloured.stdout
    plain = run(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert "Chloé Roux" in plain.stdout


def test_json_is_never_coloured(run: Run) -> None:
    result = run("--register", str(BASIC), "meetings", "list", "--json", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    json.loads(result.stdout)


def test_register_text_cannot_drive_the_terminal_or_the_markup(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "register.yaml").write_text("name: Essai\n", "utf-8")
    (data / "bodies.yaml").write_text(
        '- {id: b, name: "Comité [/bold] \\u2063[31mrouge", kind: other}\n', "utf-8"
    )
    (data / "meetings.yaml").write_text("- {id: m, body: b, date: 2021-09-20}\n", "utf-8")
    for env in (PLAIN, {"FORCE_COLOR": "1", "NO_COLOR": ""}):
        for args in (("bodies", "list"), ("meetings", "next", "--as-of", "2021-09-01")):
            result = run("--register", str(tmp_path), *args, env=env)
            assert result.exit_code == 0, result.output
            assert "Comité [/bold] \u2063[31mrouge" in result.stdout
    # An escape character never gets that far: the loader refuses it (tests/security).
    (data / "bodies.yaml").write_text(
        '- {id: b, name: "Comité \\e[31mrouge", kind: other}\n', "utf-8"
    )
    result = run("--register", str(tmp_path), "bodies", "list", env=PLAIN)
    assert result.exit_code == 2
    assert "U+001B" in result.output
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        # 8 days and 19 hours before a meeting of 15 September at 14:30: eight calendar days.
        ("2021-09-06T19:30", "dans 9 jours"),
        ("2021-09-07T19:30", "dans 8 jours"),
        # The day before, whatever the hour: tomorrow, not "dans 2 jours" nor hours.
        ("2021-09-14", "demain"),
        ("2021-09-14T20:00", "demain"),
        # The same day: hours.
        ("2021-09-15T10:00", "dans 4 heures"),
    ],
)
def test_distances_are_in_calendar_days(run: Run, as_of: str, said: str) -> None:
    result = query(run, BASIC, "meetings", "next", "--as-of", as_of)
    assert f"Starts  {said}" in result.stdout
