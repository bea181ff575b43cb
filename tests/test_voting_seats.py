"""One definition of a voting seat, shared by the parity rule, ``bodies show``, the quorum in
the letters and ``diff``: a member seat votes unless ``voting_right: false``; a contributor or
an observer never votes, whatever its ``voting_right`` says."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.load import load_register
from prefig.model import Seat
from prefig.query import counts_for_parity, seat_total, votes, voting_places
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "voting-seats"
BODY = "commission-paritaire"
MEETING = "cp-2015-03-02"


def seat(**fields: object) -> Seat:
    return Seat.model_validate({"id": "s", "role": "Membre", **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, True),
        ({"voting_right": True}, True),
        ({"voting_right": False}, False),
        ({"capacity": "contributor"}, False),
        ({"capacity": "contributor", "voting_right": True}, False),
        ({"capacity": "observer", "voting_right": True}, False),
    ],
)
def test_a_member_seat_votes_unless_the_register_says_not(
    fields: dict[str, object], expected: bool
) -> None:
    assert votes(seat(**fields)) is expected


def test_voting_places_skip_seats_without_a_vote_and_stay_unknown_on_an_unknown_count() -> None:
    seats = [seat(count=2), seat(voting_right=False, count=5), seat(capacity="contributor")]
    assert voting_places(seats) == 2
    assert voting_places([*seats, seat(count=None)]) is None
    assert voting_places([*seats, seat(count=None, voting_right=False)]) == 2
    assert seat_total(seats) == 8


def test_the_rule_the_view_the_quorum_and_the_letters_count_the_same_seats(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    register = load_register(FIXTURE).register
    assert register is not None
    body = register.index("bodies")[BODY]
    parity = body.parity[0]
    per_org = {
        org: seat_total(
            s for s in body.seats if s.on_behalf_of == org and counts_for_parity(s, parity)
        )
        for org in parity.between
    }
    # Two stated voters and one member whose voting right is unset, on each side.
    assert per_org == {"region-lr": 3, "region-mp": 3}

    checked = run("--register", str(FIXTURE), "check", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert not [d for d in json.loads(checked.stdout)["diagnostics"] if d["code"] == "PF201"]

    shown = json.loads(run("--register", str(FIXTURE), "bodies", "show", BODY, "--json").stdout)
    [shown_parity] = shown["body"]["parity"]
    assert [side["places"] for side in shown_parity["between"]] == [3, 3]

    out = tmp_path / "out"
    rendered = run(
        "--register", str(FIXTURE), "render", "convocations", MEETING, "--draft", "--out", str(out)
    )
    assert rendered.exit_code == 0, rendered.output
    letters = [p.read_text("utf-8") for p in sorted(out.glob("*.md"))]
    quorum = [
        line for text in letters for line in text.splitlines() if "délibère valablement" in line
    ]
    wanted = "4 de ses 6 membres en exercice ayant voix délibérative"
    assert quorum and all(wanted in q for q in quorum)


def test_a_contributor_given_a_vote_breaks_no_parity_and_diff_agrees(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    bodies = root / "data" / "bodies.yaml"
    # Give one side's unset member seat `voting_right: false`: 2 voters against 3.
    text = bodies.read_text("utf-8")
    bodies.write_text(
        text.replace(
            "    - id: cp-elu-mp-non-dit\n",
            "    - id: cp-elu-mp-non-dit\n      voting_right: false\n",
        ),
        "utf-8",
    )
    checked = run("--register", str(root), "check", "--format", "json")
    broken = [d for d in json.loads(checked.stdout)["diagnostics"] if d["code"] == "PF201"]
    assert len(broken) == 1 and "region-lr: 3, region-mp: 2" in broken[0]["message"]
    shown = json.loads(run("--register", str(root), "bodies", "show", BODY, "--json").stdout)
    assert [s["places"] for s in shown["body"]["parity"][0]["between"]] == [3, 2]
