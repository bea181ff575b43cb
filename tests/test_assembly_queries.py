"""Members in office, vacancies, quorum, offices in both genders and a meeting's own
convenor, on the fixture register of a 27-seat conseil municipal (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from prefig.check import check
from prefig.load import Register, load_register
from prefig.query import (
    convenors,
    is_overdue,
    members_in_office,
    office_form,
    overdue_actions,
    person_office,
    quorum_needed,
    same_office,
)

ASSEMBLY = Path(__file__).resolve().parent / "fixtures" / "assembly"


@pytest.fixture(scope="module")
def register() -> Register:
    result = load_register(ASSEMBLY)
    assert result.register is not None
    assert result.diagnostics == []
    return result.register


def test_the_fixture_checks_without_errors() -> None:
    report = check(ASSEMBLY, as_of=dt.date(2026, 12, 6))
    assert [d.code for d in report.diagnostics] == ["PF501"]  # the overdue action, on purpose


def test_members_in_office_leave_out_vacant_places(register: Register) -> None:
    council = register.index("bodies")["conseil-municipal"]
    total = sum(seat.count or 0 for seat in council.seats)
    assert total == 27
    now = members_in_office(register, council, dt.date(2026, 12, 17))
    assert (now.count, now.vacant, len(now.named)) == (25, 2, 24)
    conseillers = now.places[-1]
    assert (len(conseillers.holders), conseillers.unnamed, conseillers.vacant) == (17, 1, 2)
    # Before the resignations, every place was filled: the one who left on 30 June was
    # succeeded the next day, and Yves Colin sat until 11 October.
    before = members_in_office(register, council, dt.date(2026, 9, 24))
    assert (before.count, before.vacant) == (27, 0)
    assert (len(before.places[-1].holders), before.places[-1].unnamed) == (18, 2)


def test_the_quorum_counts_members_in_office(register: Register) -> None:
    council = register.index("bodies")["conseil-municipal"]
    # L2121-17: more than half of the members in office.
    assert quorum_needed(register, council, dt.date(2026, 9, 24)) == 14  # 27 in office
    assert quorum_needed(register, council, dt.date(2026, 12, 17)) == 13  # 25 in office


def test_contributors_are_not_members(register: Register) -> None:
    cao = register.index("bodies")["commission-appel-offres"]
    members = members_in_office(register, cao, dt.date(2026, 12, 10))
    assert (members.count, members.voting_count) == (6, 6)
    assert quorum_needed(register, cao, dt.date(2026, 12, 10)) == 4
    substitutes = [p.id for place in members.places for p in place.substitutes]
    assert len(substitutes) == 5


def test_an_office_is_named_in_its_holders_form(register: Register) -> None:
    people = register.index("people")
    seats = {s.id: s for s in register.index("bodies")["conseil-municipal"].seats}
    assert office_form(seats["cm-adjoint-2"], people["nadia-benali"]) == (
        "Adjointe au maire chargée de l'urbanisme"
    )
    assert office_form(seats["cm-adjoint-1"], people["bruno-lefevre"]) == (
        "Premier adjoint au maire chargé des finances"
    )
    # Unknown gender, or no named person: the masculine, the neutral form.
    assert office_form(seats["cm-conseillers"], people["dominique-arnaud"]) == (
        "Conseiller municipal"
    )
    assert office_form(seats["cm-conseillers"], None) == "Conseiller municipal"
    # One form only: that form, whoever holds it.
    assert office_form(seats["cm-maire"], people["helene-marchand"]) == "Maire"


def test_either_form_names_one_office(register: Register) -> None:
    nadia = register.index("people")["nadia-benali"]
    (office,) = nadia.offices
    assert same_office(office, "Adjoint au maire chargé de l'urbanisme")
    assert same_office(office, "adjointe au  maire chargée de l'urbanisme")
    assert not same_office(office, "Adjointe au maire chargée des finances")
    found = person_office(nadia, "commune-saint-exemple", "Adjoint au maire chargé de l'urbanisme")
    assert found is office
    assert person_office(nadia, "etat", "Adjoint au maire chargé de l'urbanisme") is None


def test_a_meeting_may_have_its_own_convenor(register: Register) -> None:
    meetings = register.index("meetings")
    assert [p.seat for p in convenors(register, meetings["cm-2027-03-11"])] == ["cm-adjoint-1"]
    assert [p.seat for p in convenors(register, meetings["cm-2026-12-17"])] == ["cm-maire"]


def test_overdue_actions_as_of_a_day(register: Register) -> None:
    found = [a.id for _, a in overdue_actions(register, dt.date(2026, 12, 6))]
    assert found == ["dm1-publication"]
    assert [a.id for _, a in overdue_actions(register, dt.date(2026, 10, 9))] == []
    decision = register.decisions[0]
    assert not is_overdue(decision.actions[0], dt.date(2027, 1, 1))  # done
