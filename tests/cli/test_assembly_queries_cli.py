"""``bodies show`` (quorum, notice, members in office, substitutes), ``people show`` (ended
seats with their dates, offices in the holder's form), ``--as-of`` on ``meetings calendar``
and ``decisions show``, ``decisions list --overdue``: on the 27-seat assembly fixture."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_queries import Run, as_json, query

ASSEMBLY = Path(__file__).resolve().parent.parent / "fixtures" / "assembly"


def test_bodies_show_gives_quorum_notice_and_members_in_office(run: Run) -> None:
    doc = as_json(run, ASSEMBLY, "bodies", "show", "conseil-municipal", "--as-of", "2026-12-17")
    body = doc["body"]
    assert (body["members_in_office"], body["vacant"]) == (25, 2)
    assert body["quorum"]["needed"] == 13
    assert body["notice_period_days"] == 5
    seats = {s["id"]: s for g in body["composition"] for s in g["seats"]}
    assert (seats["cm-conseillers"]["unnamed"], seats["cm-conseillers"]["vacant"]) == (1, 2)
    assert seats["cm-adjoint-2"]["role"] == "Adjointe au maire chargée de l'urbanisme"
    assert seats["cm-conseillers"]["role"] == "Conseiller municipal"
    text = query(run, ASSEMBLY, "bodies", "show", "conseil-municipal", "--as-of", "2026-12-17")
    assert "Notice period      5 days" in text.stdout
    assert "Members in office  25, 2 vacant" in text.stdout
    assert "13 members present (more than 1/2 of the voting members in office" in text.stdout
    assert "20 (1 unnamed, 2 vacant)" in text.stdout


def test_bodies_show_before_the_vacancies(run: Run) -> None:
    doc = as_json(run, ASSEMBLY, "bodies", "show", "conseil-municipal", "--as-of", "2026-09-24")
    assert (doc["body"]["members_in_office"], doc["body"]["vacant"]) == (27, 0)
    assert doc["body"]["quorum"]["needed"] == 14


def test_bodies_show_lists_substitutes(run: Run) -> None:
    result = query(
        run, ASSEMBLY, "bodies", "show", "commission-appel-offres", "--as-of", "2026-12-10"
    )
    assert "Substitutes" in result.stdout
    assert "Sylvie Garnier, Jacques Robin" in result.stdout


def test_people_show_gives_the_dates_of_ended_seats(run: Run) -> None:
    result = query(run, ASSEMBLY, "people", "show", "yves-colin")
    line = next(x for x in result.stdout.splitlines() if "cm-conseillers" in x)
    assert "dimanche 22 mars 2026" in line
    assert "dimanche 11 octobre 2026" in line
    doc = as_json(run, ASSEMBLY, "people", "show", "nadia-benali")
    assert doc["person"]["offices"][0]["role"] == "Adjointe au maire chargée de l'urbanisme"


def test_decisions_list_overdue_as_of(run: Run) -> None:
    doc = as_json(run, ASSEMBLY, "decisions", "list", "--overdue", "--as-of", "2026-12-06")
    assert doc["filters"] == {"status": None, "overdue": True}
    (decision,) = doc["decisions"]
    overdue = [a["id"] for a in decision["actions"] if a["overdue"]]
    assert overdue == ["dm1-publication"]
    doc = as_json(run, ASSEMBLY, "decisions", "list", "--overdue", "--as-of", "2026-10-09")
    assert doc["decisions"] == []


def test_decisions_show_as_of(run: Run) -> None:
    args = ("decisions", "show", "delib-2026-09-24-dm1")
    late = as_json(run, ASSEMBLY, *args, "--as-of", "2026-12-06")
    early = as_json(run, ASSEMBLY, *args, "--as-of", "2026-10-01")
    assert [a["overdue"] for a in late["decision"]["actions"]] == [False, True, False]
    assert [a["overdue"] for a in early["decision"]["actions"]] == [False, False, False]
    text = query(run, ASSEMBLY, *args, "--as-of", "2026-12-06").stdout
    assert "open (overdue)" in text


def test_meetings_calendar_as_of_picks_the_month(run: Run) -> None:
    result = query(run, ASSEMBLY, "meetings", "calendar", "--as-of", "2027-02-01")
    assert result.stdout.startswith("mars 2027")
    result = query(run, ASSEMBLY, "meetings", "calendar", "--as-of", "2026-12-11")
    assert result.stdout.startswith("décembre 2026")
