"""The loader's steps, each alone: validating a chunk, reading one file of records or the
settings, and the register's typed lookups by id."""

from __future__ import annotations

from pathlib import Path

from prefig.load import MAX_DIAGNOSTICS_PER_FILE, load_register
from prefig.load.files import DataFile, _validate_chunk, read_records, read_settings
from prefig.model import Body, Venue
from tests.conftest import SHIPPED, empty_register

VENUES = "- id: salle-a\n  name: A\n- id: salle-b\n  nom: B\n- id: salle-c\n  name: C\n"


def _venues_file(text: str = VENUES) -> DataFile:
    return DataFile("venues", "data/venues.yaml", text)


def test_a_chunk_gives_a_record_or_none_per_item_and_the_ids_written() -> None:
    items = [{"id": "salle-a", "name": "A"}, {"id": "salle-b", "nom": "B"}, {"id": "salle-c"}]
    validated = _validate_chunk("venues", items, 0, _venues_file(), room=10)
    assert [v.id if v else None for v in validated.items] == ["salle-a", None, None]
    assert validated.ids == {"salle-a", "salle-b", "salle-c"}
    assert [(d.code, d.path) for d in validated.diagnostics] == [
        ("PF011", ("venues", 1, "name")),
        ("PF010", ("venues", 1, "nom")),
        ("PF011", ("venues", 2, "name")),
    ]


def test_a_chunk_reports_no_more_than_it_has_room_for_and_counts_from_its_start() -> None:
    items = [{"id": f"salle-{n}"} for n in range(5)]
    validated = _validate_chunk("venues", items, 7, _venues_file(), room=2)
    assert validated.items == [None] * 5
    assert [d.path for d in validated.diagnostics] == [
        ("venues", 7, "name"),
        ("venues", 8, "name"),
    ]


def test_a_valid_chunk_gives_no_diagnostics() -> None:
    items = [{"id": "salle-a", "name": "A"}]
    validated = _validate_chunk("venues", items, 0, _venues_file(), room=0)
    assert [v.name for v in validated.items] == ["A"]
    assert validated.diagnostics == []


def test_records_of_one_file(tmp_path: Path) -> None:
    empty_register(tmp_path)
    (tmp_path / "data" / "venues.yaml").write_text(VENUES, encoding="utf-8")
    read = read_records(tmp_path, "venues")
    assert read.data_file is not None and read.data_file.relpath == "data/venues.yaml"
    assert [v.id if v else None for v in read.items] == ["salle-a", None, "salle-c"]
    assert read.ids == {"salle-a", "salle-b", "salle-c"}
    assert [d.code for d in read.diagnostics] == ["PF011", "PF010"]  # in the order found


def test_a_missing_file_gives_no_records_and_only_bodies_is_required(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    venues = read_records(tmp_path, "venues")
    assert (venues.data_file, venues.items, venues.ids, venues.diagnostics) == (
        None,
        [],
        None,
        [],
    )
    bodies = read_records(tmp_path, "bodies")
    assert [(d.code, d.message) for d in bodies.diagnostics] == [
        ("PF001", "data/bodies.yaml is missing.")
    ]


def test_a_file_without_a_list_is_read_but_not_validated(tmp_path: Path) -> None:
    empty_register(tmp_path)
    (tmp_path / "data" / "venues.yaml").write_text("", encoding="utf-8")
    read = read_records(tmp_path, "venues")
    assert read.data_file is not None  # located, so the diagnostic has a line
    assert read.ids is None
    assert [(d.code, d.location.line) for d in read.diagnostics] == [("PF006", 1)]


def test_a_file_that_does_not_parse_has_no_data_file(tmp_path: Path) -> None:
    empty_register(tmp_path)
    (tmp_path / "data" / "venues.yaml").write_text("- [\n", encoding="utf-8")
    read = read_records(tmp_path, "venues")
    assert read.data_file is None
    assert [d.code for d in read.diagnostics] == ["PF004"]


def test_settings(tmp_path: Path) -> None:
    empty_register(tmp_path, "name: Test\nlocale: fr\n")
    found = read_settings(tmp_path)
    assert found.settings is not None and found.settings.name == "Test"
    assert found.diagnostics == []


def test_settings_that_do_not_fit_are_capped(tmp_path: Path) -> None:
    fields = "".join(f"field{n}: x\n" for n in range(MAX_DIAGNOSTICS_PER_FILE + 20))
    empty_register(tmp_path, "name: Test\n" + fields)
    found = read_settings(tmp_path)
    assert found.settings is None and found.data_file is not None
    assert len(found.diagnostics) == MAX_DIAGNOSTICS_PER_FILE + 1


def test_index_is_typed_by_kind_and_follows_the_records() -> None:
    register = load_register(SHIPPED).register
    assert register is not None
    bodies: dict[str, Body] = register.index("bodies")
    assert list(bodies) == [b.id for b in register.bodies]
    assert register.index("bodies") is bodies  # built once
    venue = Venue(id="salle-nouvelle", name="Salle nouvelle")
    register.venues.append(venue)
    assert register.index("venues")["salle-nouvelle"] is venue
