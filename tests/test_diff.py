"""The comparison itself: two loaded registers -> typed changes (no git involved)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prefig.diff import CHANGE_TYPES, Change, diff_registers
from prefig.load import Register, load_register
from prefig.model import AgendaItem, Holder, Meeting, MeetingStatus, Seat

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
AS_OF = dt.date(2030, 3, 10)


def _load(name: str) -> Register:
    result = load_register(FIXTURES / name)
    assert result.diagnostics == []
    assert result.register is not None
    return result.register


@pytest.fixture
def base() -> Register:
    return _load("base")


def _edit(register: Register, kind: str, record_id: str, **update: Any) -> Register:
    """A copy of ``register`` with one record's fields replaced."""
    records = [
        r.model_copy(update=update) if r.id == record_id else r for r in getattr(register, kind)
    ]
    return dataclasses.replace(register, **{kind: records})


def _types(changes: list[Change]) -> list[tuple[str, str, str | None]]:
    return [(c.type, c.id, c.item) for c in changes]


def test_identical_registers_have_no_changes(base: Register) -> None:
    assert diff_registers(base, _load("base"), as_of=AS_OF) == []


def test_fixture_pair_reports_every_change_in_register_terms(base: Register) -> None:
    changes = diff_registers(base, _load("head"), as_of=AS_OF)
    assert _types(changes) == [
        ("body-renamed", "copil", None),
        ("seat-changed", "copil", "copil-elu-a"),
        ("parity-broken", "copil", "ville-a=ville-b"),
        ("body-changed", "comite-technique", None),
        ("holders-changed", "comite-technique", "ct-directeur"),
        ("seat-added", "comite-technique", "ct-secretaire"),
        ("body-added", "groupe-projet", None),
        ("body-removed", "groupe-ancien", None),
        ("meeting-moved", "copil-2030-03-20", None),
        ("notice-period-unmet", "copil-2030-03-20", None),
        ("agenda-item-added", "copil-2030-03-20", "Étude de faisabilité"),
        ("agenda-item-removed", "copil-2030-03-20", "Questions diverses"),
        ("meeting-cancelled", "ct-2030-04-02", None),
        ("meeting-added", "copil-2030-03-13", None),
        ("notice-period-unmet", "copil-2030-03-13", None),
        ("action-status-changed", "lancer-etude", "rediger-cahier-charges"),
        ("action-added", "lancer-etude", "choisir-bureau"),
        ("decision-added", "creer-groupe-projet", None),
        ("person-changed", "bruno-petit", None),
        ("person-added", "chloe-durand", None),
    ]
    assert {c.type for c in changes} <= set(CHANGE_TYPES)
    by_type = {c.type: c for c in changes}
    assert by_type["holders-changed"].message == (
        "seat ct-directeur: holders Bruno Petit → Chloé Durand"
    )
    assert by_type["meeting-moved"].message == (
        "moved: date 2030-03-20 → 2030-03-12; venue Salle du conseil de A → Salle des fêtes de B"
    )
    assert [f.as_dict() for f in by_type["meeting-moved"].fields] == [
        {"field": "date", "old": "2030-03-20", "new": "2030-03-12"},
        {"field": "location", "old": "salle-a", "new": "salle-b"},
    ]
    assert by_type["action-status-changed"].fields[0].as_dict() == {
        "field": "status",
        "old": "open",
        "new": "done",
    }
    assert by_type["parity-broken"].level == "warning"
    assert "ville-a: 3, ville-b: 2" in by_type["parity-broken"].message


def test_same_id_with_changed_fields_is_a_modification(base: Register) -> None:
    head = _edit(base, "meetings", "ct-2030-04-02", date=dt.date(2030, 4, 9), notes="Reportée.")
    changes = diff_registers(base, head, as_of=AS_OF)
    assert _types(changes) == [
        ("meeting-moved", "ct-2030-04-02", None),
        ("meeting-changed", "ct-2030-04-02", None),
    ]
    assert not any(c.type.endswith(("-added", "-removed")) for c in changes)


def test_a_new_id_is_a_removal_and_an_addition(base: Register) -> None:
    head = _edit(base, "venues", "salle-b", id="salle-b-bis")
    assert _types(diff_registers(base, head, as_of=AS_OF)) == [
        ("venue-added", "salle-b-bis", None),
        ("venue-removed", "salle-b", None),
    ]


def test_parity_restored(base: Register) -> None:
    broken = _load("head")
    copil = next(b for b in broken.bodies if b.id == "copil")
    seats = [s.model_copy(update={"count": 3}) for s in copil.seats]
    fixed = _edit(broken, "bodies", "copil", seats=seats)
    changes = [c for c in diff_registers(broken, fixed, as_of=AS_OF) if c.item != "copil-elu-b"]
    assert _types(changes) == [("parity-restored", "copil", "ville-a=ville-b")]
    assert changes[0].level == "info"


def test_parity_declared_on_a_new_body_is_judged(base: Register) -> None:
    copil = next(b for b in base.bodies if b.id == "copil")
    lopsided = copil.model_copy(
        update={"id": "copil-2", "seats": copil.seats[:1]},
    )
    head = dataclasses.replace(base, bodies=[*base.bodies, lopsided])
    assert _types(diff_registers(base, head, as_of=AS_OF)) == [
        ("body-added", "copil-2", None),
        ("parity-broken", "copil-2", "ville-a=ville-b"),
    ]


def test_substitutes_and_holder_periods(base: Register) -> None:
    ct = next(b for b in base.bodies if b.id == "comite-technique")
    seat = ct.seats[0].model_copy(
        update={
            "holders": [Holder(person="bruno-petit", end_date=dt.date(2030, 6, 30))],
            "substitutes": [Holder(person="alice-martin")],
        }
    )
    head = _edit(base, "bodies", "comite-technique", seats=[seat])
    (change,) = diff_registers(base, head, as_of=AS_OF)
    assert change.type == "holders-changed"
    assert change.message == (
        "seat ct-directeur: holders Bruno Petit → Bruno Petit (…–2030-06-30); "
        "substitutes none → Alice Martin"
    )
    assert [f.field for f in change.fields] == ["holders", "substitutes"]


def test_seat_removed_names_role_and_organisation(base: Register) -> None:
    copil = next(b for b in base.bodies if b.id == "copil")
    head = _edit(base, "bodies", "copil", seats=copil.seats[:1])
    changes = diff_registers(base, head, as_of=AS_OF)
    assert _types(changes) == [
        ("seat-removed", "copil", "copil-elu-b"),
        ("parity-broken", "copil", "ville-a=ville-b"),
    ]
    assert changes[0].message == "seat copil-elu-b removed (Élu, for Ville B, ×2)"


def test_meeting_status_changes_and_removal(base: Register) -> None:
    held = _edit(base, "meetings", "copil-2030-03-20", status=MeetingStatus.HELD)
    assert [c.message for c in diff_registers(base, held, as_of=AS_OF)] == ["status planned → held"]
    gone = dataclasses.replace(base, meetings=base.meetings[:2])
    (change,) = diff_registers(base, gone, as_of=AS_OF)
    assert (change.type, change.id) == ("meeting-removed", "copil-2030-05-15")
    assert change.message == "removed (was on 2030-05-15)"


def test_agenda_items_changed_and_reordered(base: Register) -> None:
    meeting = next(m for m in base.meetings if m.id == "copil-2030-03-20")
    first, second, third = meeting.agenda
    agenda = [second.model_copy(update={"result": "Adopté"}), first, third]
    head = _edit(base, "meetings", meeting.id, agenda=agenda)
    changes = diff_registers(base, head, as_of=AS_OF)
    assert _types(changes) == [
        ("agenda-item-changed", meeting.id, "Budget"),
        ("agenda-reordered", meeting.id, None),
    ]
    assert changes[0].message == "agenda item Budget: result unset → Adopté"


def _agenda_changes(base: Register, *items: AgendaItem) -> list[Change]:
    head = _edit(base, "meetings", "copil-2030-03-20", agenda=list(items))
    return diff_registers(base, head, as_of=AS_OF)


def test_agenda_item_renamed_in_place_is_a_change_of_its_name(base: Register) -> None:
    names = ("Approbation du compte rendu", "Budget rectificatif", "Questions diverses")
    (change,) = _agenda_changes(base, *(AgendaItem(name=n) for n in names))
    assert (change.type, change.item) == ("agenda-item-changed", "Budget rectificatif")
    assert change.message == "agenda item 2: name Budget → Budget rectificatif"
    assert change.fields[0].as_dict() == {
        "field": "name",
        "old": "Budget",
        "new": "Budget rectificatif",
    }


def test_agenda_items_keep_their_identity_by_name_when_numbers_shift(base: Register) -> None:
    numbered = _edit(
        base,
        "meetings",
        "copil-2030-03-20",
        agenda=[
            AgendaItem(number="1", name="Approbation du compte rendu"),
            AgendaItem(number="2", name="Budget"),
            AgendaItem(number="3", name="Questions diverses"),
        ],
    )
    head = _edit(
        numbered,
        "meetings",
        "copil-2030-03-20",
        agenda=[
            AgendaItem(number="1", name="Approbation du compte rendu"),
            AgendaItem(number="2", name="Étude de faisabilité"),
            AgendaItem(number="3", name="Budget"),
            AgendaItem(number="4", name="Questions diverses"),
        ],
    )
    changes = diff_registers(numbered, head, as_of=AS_OF)
    assert [(c.type, c.item, c.message) for c in changes] == [
        ("agenda-item-added", "Étude de faisabilité", "agenda item added: 2. Étude de faisabilité"),
        ("agenda-item-changed", "Budget", "agenda item Budget: number 2 → 3"),
        (
            "agenda-item-changed",
            "Questions diverses",
            "agenda item Questions diverses: number 3 → 4",
        ),
    ]


def test_agenda_item_replaced_elsewhere_is_removed_and_added(base: Register) -> None:
    names = ("Approbation du compte rendu", "Questions diverses", "Vote")
    changes = _agenda_changes(base, *(AgendaItem(name=n) for n in names))
    assert _types(changes) == [
        ("agenda-item-added", "copil-2030-03-20", "Vote"),
        ("agenda-item-removed", "copil-2030-03-20", "Budget"),
    ]


def test_agenda_renamed_and_reordered(base: Register) -> None:
    names = ("Budget", "Approbation du compte rendu", "Points divers")
    changes = _agenda_changes(base, *(AgendaItem(name=n) for n in names))
    assert [(c.type, c.message) for c in changes] == [
        ("agenda-item-changed", "agenda item 3: name Questions diverses → Points divers"),
        ("agenda-reordered", "agenda reordered"),
    ]
    assert changes[1].fields[0].as_dict() == {
        "field": "agenda",
        "old": ["Approbation du compte rendu", "Budget", "Questions diverses"],
        "new": ["Budget", "Approbation du compte rendu", "Points divers"],
    }
    # Moved and renamed at once, an item is one removed and one added.
    names = ("Questions diverses", "Budget", "Approbation du procès-verbal")
    assert [c.type for c in _agenda_changes(base, *(AgendaItem(name=n) for n in names))] == [
        "agenda-item-added",
        "agenda-item-removed",
        "agenda-reordered",
    ]


def test_agenda_item_numbers_are_shown(base: Register) -> None:
    meeting = next(m for m in base.meetings if m.id == "ct-2030-04-02")
    head = _edit(base, "meetings", meeting.id, agenda=[AgendaItem(number="2.a", name="Point")])
    (change,) = diff_registers(base, head, as_of=AS_OF)
    assert change.message == "agenda item added: 2.a. Point"


def _move(base: Register, day: dt.date, **update: Any) -> list[Change]:
    head = _edit(base, "meetings", "copil-2030-03-20", date=day, **update)
    return [c for c in diff_registers(base, head, as_of=AS_OF) if c.type == "notice-period-unmet"]


def test_moving_a_meeting_inside_its_notice_period_is_flagged(base: Register) -> None:
    (flag,) = _move(base, dt.date(2030, 3, 14))
    assert flag.level == "warning"
    assert flag.message == (
        "moved to 2030-03-14: the notice period of COPIL (5 days) can no longer be met "
        "(convocation due by 2030-03-09; as of 2030-03-10)"
    )
    assert [f.as_dict() for f in flag.fields] == [
        {"field": "date", "old": "2030-03-20", "new": "2030-03-14"},
        {"field": "convocation_deadline", "old": None, "new": "2030-03-09"},
    ]


def test_notice_period_still_possible_is_not_flagged(base: Register) -> None:
    assert _move(base, dt.date(2030, 3, 15)) == []  # deadline 2030-03-10 is today: still on time
    assert _move(base, dt.date(2030, 3, 25)) == []


def test_convocation_sent_in_time_with_the_move_settles_it(base: Register) -> None:
    assert _move(base, dt.date(2030, 3, 14), convened_on=dt.date(2030, 3, 8)) == []
    assert len(_move(base, dt.date(2030, 3, 14), convened_on=dt.date(2030, 3, 10))) == 1


def test_convocation_for_the_former_date_does_not_count(base: Register) -> None:
    sent = _edit(base, "meetings", "copil-2030-03-20", convened_on=dt.date(2030, 3, 1))
    head = _edit(sent, "meetings", "copil-2030-03-20", date=dt.date(2030, 3, 14))
    changes = diff_registers(sent, head, as_of=AS_OF)
    assert [c.type for c in changes] == ["meeting-moved", "notice-period-unmet"]


def test_past_cancelled_and_unbounded_meetings_are_not_flagged(base: Register) -> None:
    assert _move(base, dt.date(2030, 3, 1)) == []  # already past: a correction of history
    assert _move(base, dt.date(2030, 3, 12), status=MeetingStatus.CANCELLED) == []
    added = Meeting(id="ct-2030-03-11", body="comite-technique", date=dt.date(2030, 3, 11))
    head = dataclasses.replace(base, meetings=[*base.meetings, added])
    assert _types(diff_registers(base, head, as_of=AS_OF)) == [
        ("meeting-added", "ct-2030-03-11", None)  # comite-technique sets no notice period
    ]


def test_moving_only_the_time_raises_no_notice_flag(base: Register) -> None:
    head = _edit(base, "meetings", "copil-2030-03-20", start_time=dt.time(14, 30))
    (change,) = diff_registers(base, head, as_of=dt.date(2030, 3, 19))
    assert change.message == "moved: start time 10:00 → 14:30"


def test_decision_and_action_removal_and_changes(base: Register) -> None:
    decision = base.decisions[0]
    actions = [decision.actions[0].model_copy(update={"due_date": dt.date(2030, 6, 1)})]
    head = _edit(base, "decisions", decision.id, actions=actions, text="Texte adopté.")
    assert [c.message for c in diff_registers(base, head, as_of=AS_OF)] == [
        "text unset → Texte adopté.",
        "action rediger-cahier-charges: due_date unset → 2030-06-01",
        "action consulter-bureaux removed",
    ]
    gone = dataclasses.replace(base, decisions=[])
    assert _types(diff_registers(base, gone, as_of=AS_OF)) == [
        ("decision-removed", "lancer-etude", None)
    ]


def test_reference_records_and_settings(base: Register) -> None:
    head = _edit(base, "sources", "statuts", title="Statuts révisés")
    head = _edit(head, "organizations", "ville-b", name="Ville de B")
    head = dataclasses.replace(
        head, settings=head.settings.model_copy(update={"timezone": "Europe/Brussels"})
    )
    changes = diff_registers(base, head, as_of=AS_OF)
    assert [(c.type, c.message) for c in changes] == [
        ("settings-changed", "timezone Europe/Paris → Europe/Brussels"),
        ("organization-changed", "name Ville B → Ville de B"),
        ("source-changed", "title Statuts du groupement → Statuts révisés"),
    ]


def test_long_values_are_named_not_quoted(base: Register) -> None:
    head = _edit(base, "bodies", "comite-technique", mission="Une mission " * 20)
    (change,) = diff_registers(base, head, as_of=AS_OF)
    assert change.message == "mission changed"
    assert change.fields[0].new == "Une mission " * 20


def test_long_mappings_and_lists_say_what_changed_in_them(base: Register) -> None:
    reason = "Le communiqué ne dit pas qui la préside, ni sous quelle responsabilité. " * 2
    exempt = _edit(base, "bodies", "comite-technique", exempt={"PF203": reason})
    (change,) = diff_registers(base, exempt, as_of=AS_OF)
    assert change.message == "exempt: PF203 added"
    assert change.fields[0].old == {} and change.fields[0].new == {"PF203": reason}
    edited = _edit(exempt, "bodies", "comite-technique", exempt={"PF203": reason + "!", "PF9": ""})
    (change,) = diff_registers(exempt, edited, as_of=AS_OF)
    assert change.message == "exempt: PF9 added, PF203 changed"
    (change,) = diff_registers(exempt, base, as_of=AS_OF)
    assert change.message == "exempt: PF203 removed"
    notes = [f"Un texte assez long pour ne pas tenir sur une ligne, numéro {n}" for n in (1, 2)]
    head = _edit(base, "bodies", "comite-technique", objectives=notes)
    (change,) = diff_registers(base, head, as_of=AS_OF)
    assert change.message == "objectives changed (0 → 2 entries)"


def test_duplicate_ids_are_paired_in_order(base: Register) -> None:
    twice = [*base.venues, base.venues[0]]
    old = dataclasses.replace(base, venues=twice)
    new = dataclasses.replace(
        base, venues=[*base.venues, base.venues[0].model_copy(update={"name": "Autre salle"})]
    )
    assert _types(diff_registers(old, new, as_of=AS_OF)) == [("venue-changed", "salle-a", None)]


def test_seat_without_count_and_contributors_are_described(base: Register) -> None:
    seat = Seat(id="ct-experts", role="Expert", count=None, capacity="contributor")
    ct = next(b for b in base.bodies if b.id == "comite-technique")
    head = _edit(base, "bodies", ct.id, seats=[*ct.seats, seat])
    (change,) = diff_registers(base, head, as_of=AS_OF)
    assert change.message == "seat ct-experts added (Expert, count unset, contributor)"


def test_every_change_type_is_documented() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "diff.md").read_text(encoding="utf-8")
    missing = [t for t in CHANGE_TYPES if f"`{t}`" not in doc]
    assert missing == []


@settings(max_examples=40, deadline=None)
@given(
    shifts=st.lists(st.integers(min_value=-60, max_value=60), min_size=3, max_size=3),
    statuses=st.lists(st.sampled_from(list(MeetingStatus)), min_size=3, max_size=3),
)
def test_edited_meetings_are_never_added_or_removed(
    shifts: list[int], statuses: list[MeetingStatus]
) -> None:
    base = _load("base")
    head = base
    for meeting, shift, status in zip(base.meetings, shifts, statuses, strict=True):
        head = _edit(
            head,
            "meetings",
            meeting.id,
            date=meeting.date + dt.timedelta(days=shift),
            status=status,
        )
    changes = diff_registers(base, head, as_of=AS_OF)
    assert not any(c.type in {"meeting-added", "meeting-removed"} for c in changes)
    moved = {c.id for c in changes if c.type == "meeting-moved"}
    assert moved == {m.id for m, s in zip(base.meetings, shifts, strict=True) if s}
    cancelled = {c.id for c in changes if c.type == "meeting-cancelled"}
    assert cancelled == {
        m.id
        for m, s in zip(base.meetings, statuses, strict=True)
        if s == MeetingStatus.CANCELLED and m.status != s
    }
    assert diff_registers(head, head, as_of=AS_OF) == []


def test_a_postponement_names_the_meeting_that_replaces_it(base: Register) -> None:
    head = _edit(
        base,
        "meetings",
        "copil-2030-03-20",
        status=MeetingStatus.POSTPONED,
        rescheduled_as="copil-2030-05-15",
    )
    changes = diff_registers(base, head, as_of=dt.date(2030, 3, 10))
    (change,) = [c for c in changes if c.id == "copil-2030-03-20"]
    assert change.type == "meeting-status-changed"
    assert change.message.startswith("postponed to 2030-05-15")
    assert change.message.endswith("(copil-2030-05-15)")
    assert {"field": "rescheduled_as", "old": None, "new": "copil-2030-05-15"} in [
        f.as_dict() for f in change.fields
    ]


# --------------------------------------------------------------------------- sittings

SITTINGS = Path(__file__).parent / "fixtures" / "sittings"
SITTING = "cm-2026-09-24"


def _sittings() -> Register:
    result = load_register(SITTINGS)
    assert result.register is not None
    return result.register


def test_attendance_votes_and_outcomes_are_reported() -> None:
    base = _sittings()
    meeting = next(m for m in base.meetings if m.id == SITTING)
    attendance = [
        e.model_copy(update={"status": "excused"}) if e.person == "francois-caron" else e
        for e in meeting.attendance
        if e.person != "yves-colin"
    ]
    first, budget, grant = meeting.agenda
    assert budget.deliberation is not None and budget.deliberation.vote is not None
    assert grant.deliberation is not None
    vote = budget.deliberation.vote.model_copy(update={"in_favour": 16, "abstentions": 3})
    agenda = [
        first,
        budget.model_copy(
            update={"deliberation": budget.deliberation.model_copy(update={"vote": vote})}
        ),
        grant.model_copy(
            update={
                "deliberation": grant.deliberation.model_copy(
                    update={"outcome": "rejected", "published_on": None}
                )
            }
        ),
    ]
    head = _edit(base, "meetings", SITTING, attendance=attendance, agenda=agenda)
    changes = diff_registers(base, head, as_of=dt.date(2026, 12, 1))
    assert [(c.type, c.item, c.message) for c in changes] == [
        (
            "attendance-changed",
            "francois-caron",
            "attendance of François Caron: status absent → excused",
        ),
        ("attendance-changed", "yves-colin", "attendance of Yves Colin removed (was absent)"),
        (
            "vote-changed",
            budget.name,
            "deliberation 2026-031 (agenda item "
            + budget.name
            + "): vote 17 for, 2 against, 2 abstentions → 16 for, 2 against, 3 abstentions",
        ),
        (
            "outcome-changed",
            grant.name,
            "deliberation 2026-032 (agenda item " + grant.name + "): adopted → rejected",
        ),
        (
            "agenda-item-changed",
            grant.name,
            f"agenda item {grant.name}: deliberation published_on 2026-09-28 → unset",
        ),
    ]
    assert changes[3].fields[0].as_dict() == {
        "field": "deliberation.outcome",
        "old": "adopted",
        "new": "rejected",
    }
    assert {c.type for c in changes} <= set(CHANGE_TYPES)
