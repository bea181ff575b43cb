"""What happened at a sitting through the query commands, on tests/fixtures/sittings (three
held sittings of a 27-seat council), with --as-of for determinism."""

from __future__ import annotations

from tests.cli.test_queries import Run, as_json, query
from tests.conftest import TESTS

SITTINGS = TESTS / "fixtures" / "sittings"
AS_OF = ("--as-of", "2026-12-01")


def test_meeting_show_gives_the_sitting(run: Run) -> None:
    doc = as_json(run, SITTINGS, "meetings", "show", "cm-2026-09-24", *AS_OF)
    sitting = doc["sitting"]
    assert sitting["president"] == {"id": "helene-marchand", "name": "Hélène Marchand"}
    assert sitting["secretary"]["id"] == "nadia-benali"
    assert sitting["counts"] == {"present": 19, "represented": 2, "excused": 2, "absent": 2}
    # Lucie Bonnet arrived before item 2: 18 present at the opening
    assert sitting["quorum"] == {"present": 18, "needed": 14, "reached": True}
    proxies = {
        e["person"]["id"]: e["proxy_to"]["id"] for e in sitting["attendance"] if e["proxy_to"]
    }
    assert proxies == {"claire-morel": "bruno-lefevre", "jacques-robin": "martine-gauthier"}
    items = sitting["items"]
    assert [(i["number"], i["present"], i["represented"]) for i in items] == [
        ("1", 18, 2),
        ("2", 19, 2),
        ("3", 18, 2),
    ]
    budget = items[1]["deliberation"]
    assert budget["number"] == "2026-031"
    assert budget["outcome"] == "adopted"
    assert (budget["vote"]["in_favour"], budget["vote"]["against"]) == (17, 2)
    assert budget["enforceable_on"] == "2026-09-28"
    named = items[2]["deliberation"]["vote"]
    assert named["in_favour"] == 14
    assert named["did_not_take_part"] == [{"id": "lucie-bonnet", "name": "Lucie Bonnet"}]


def test_meeting_show_without_quorum(run: Run) -> None:
    doc = as_json(run, SITTINGS, "meetings", "show", "cm-2026-10-15", *AS_OF)
    assert doc["sitting"]["quorum"] == {"present": 10, "needed": 14, "reached": False}
    assert doc["sitting"]["secretary"] is None
    assert doc["sitting"]["items"][0]["deliberation"] is None


def test_meeting_show_text_of_the_sitting(run: Run) -> None:
    result = query(run, SITTINGS, "meetings", "show", "cm-2026-09-24", *AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Claire Morel représenté(e) par Bruno Lefèvre" in out
    assert "reached: 18 present, 14 needed" in out
    assert "17 for, 2 against, 2 abstentions" in out
    assert "14 for, 3 against, 2 abstentions, 1 not taking part" in out
    assert "Lucie Bonnet arrived before item 2" in out
    assert "Dominique Arnaud left before item 3" in out


def test_meeting_show_without_a_sitting_record_has_none(run: Run) -> None:
    doc = as_json(
        run, TESTS / "fixtures" / "queries" / "basic", "meetings", "show", "comite-2021-03-01"
    )
    assert doc["sitting"] is None


def test_deliberations_list_and_filters(run: Run) -> None:
    doc = as_json(run, SITTINGS, "deliberations", "list")
    assert [d["number"] for d in doc["deliberations"]] == [
        "2026-030",
        "2026-031",
        "2026-032",
        "2026-033",
        "2026-034",
    ]
    first = doc["deliberations"][0]
    assert first["meeting"] == {"id": "cm-2026-09-24", "date": "2026-09-24"}
    assert first["item"]["number"] == "1"
    doc = as_json(run, SITTINGS, "deliberations", "list", "--unpublished")
    assert [d["number"] for d in doc["deliberations"]] == ["2026-033"]
    assert doc["filters"] == {"body": None, "year": None, "outcome": None, "unpublished": True}
    doc = as_json(run, SITTINGS, "deliberations", "list", "--year", "2025")
    assert doc["deliberations"] == []
    doc = as_json(
        run, SITTINGS, "deliberations", "list", "--outcome", "rejected", "-b", "conseil-municipal"
    )
    assert doc["deliberations"] == []
    result = query(run, SITTINGS, "deliberations", "list")
    assert result.exit_code == 0
    assert "17 for, 2 against, 2 abstentions" in result.stdout


def test_deliberation_show(run: Run) -> None:
    doc = as_json(run, SITTINGS, "deliberations", "show", "2026-031")
    d = doc["deliberation"]
    assert d["meeting"]["id"] == "cm-2026-09-24"
    assert d["rapporteur"] == {"id": "bruno-lefevre", "name": "Bruno Lefèvre"}
    assert (d["transmitted_on"], d["published_on"]) == ("2026-09-28", "2026-09-28")
    assert d["decisions"] == [
        {
            "id": "delib-2026-09-24-dm1",
            "title": "Décision modificative n° 1 au budget principal 2026",
        }
    ]
    result = query(run, SITTINGS, "deliberations", "show", "2026-032")
    assert result.exit_code == 0
    assert "Did not take part  Lucie Bonnet" in result.stdout


def test_deliberation_show_unknown_number_suggests(run: Run) -> None:
    result = query(run, SITTINGS, "deliberations", "show", "2026-31")
    assert result.exit_code == 2
    assert "did you mean 2026-031" in result.stderr
