"""Popolo carries the deliberations of a sitting as motions and their votes as vote events:
counts per option and, where the register names them, each member's vote."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

from tests.conftest import REPO

SITTINGS = REPO / "tests" / "fixtures" / "sittings"


def test_deliberations_are_motions_and_votes_are_vote_events(run: Callable[..., Result]) -> None:
    result = run("--register", str(SITTINGS), "export", "popolo")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    motions = {m["identifier"]: m for m in document["motions"]}
    events = {v["identifier"]: v for v in document["vote_events"]}
    assert set(events) <= set(motions)
    adopted = events["2026-031"]
    assert adopted["result"] == "pass"
    assert adopted["legislative_session_id"] == "cm-2026-09-24"
    assert adopted["motion_id"] == motions["2026-031"]["id"]
    assert adopted["counts"] == [
        {"option": "yes", "value": 17},
        {"option": "no", "value": 2},
        {"option": "abstain", "value": 2},
    ]
    named = events["2026-032"]
    options = {vote["option"] for vote in named["votes"]}
    assert options == {"yes", "no", "abstain", "not voting"}
    assert sum(c["value"] for c in named["counts"]) == len(named["votes"])
    people = {p["id"] for p in document["persons"]}
    assert {vote["voter_id"] for vote in named["votes"]} <= people
