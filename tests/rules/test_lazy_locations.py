"""A finding is located only when it is reported: exempted findings cost no positions."""

from __future__ import annotations

import datetime as dt

from prefig.check import check, run_rules
from prefig.load import load_register
from tests.conftest import SHIPPED

LATER = dt.date(2030, 1, 1)
"""A day after the shipped meetings, which are still planned: PF302 finds each of them, and
each is exempt from PF302 with its reason."""


def test_exempted_findings_never_compose_their_file() -> None:
    register = load_register(SHIPPED).register
    assert register is not None
    assert all("PF302" in m.exempt for m in register.meetings)
    assert run_rules(register, as_of=LATER, select=["PF302"]) == []
    assert register.files["meetings"]._source is None


def test_a_reported_finding_is_located_as_before() -> None:
    register = load_register(SHIPPED).register
    assert register is not None
    meeting = register.meetings[0]
    object.__setattr__(meeting, "exempt", {})  # the exemption removed: PF302 is reported
    found = run_rules(register, as_of=LATER, select=["PF302"])
    assert [(d.code, d.record, str(d.location)) for d in found] == [
        ("PF302", meeting.id, "data/meetings.yaml:10:11")  # at its status
    ]
    assert register.files["meetings"]._source is not None


def test_the_shipped_register_passes_later_too() -> None:
    assert check(SHIPPED, as_of=LATER, select=["PF302"]).diagnostics == []
