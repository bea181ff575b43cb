"""``prefig export json|oparl|popolo``: golden files, the JSON document's contract, the OParl
objects validated against the OParl 1.1 JSON schemas, Popolo's references."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from typer.testing import Result

from prefig.model import RECORD_MODELS
from tests.conftest import REPO, SHIPPED, Golden

Run = Callable[..., Result]
SCHEMAS = REPO / "tests" / "oparl-1.1"
SITTINGS = REPO / "tests" / "fixtures" / "sittings"


def export(run: Run, root: Path, *args: str) -> Any:
    result = run("--register", str(root), "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("kind", ["json", "oparl", "popolo"])
def test_golden(run: Run, register_copy: Path, golden: Golden, kind: str) -> None:
    golden(f"export/{kind}.json", export(run, register_copy, kind))


def test_json_document_contract(run: Run, register_copy: Path) -> None:
    document = json.loads(export(run, register_copy, "json"))
    assert list(document) == ["format", "version", "register", *RECORD_MODELS]
    assert (document["format"], document["version"]) == ("prefig-register", 1)
    meeting = document["meetings"][0]
    assert list(meeting)[:4] == ["id", "sources", "note", "exempt"]
    assert meeting["start_time"] == "18:30:00"
    assert document["meetings"][1]["start_time"] is None  # unset fields are present, null
    assert [b["id"] for b in document["bodies"]] == [
        "comite-syndical",
        "bureau",
        "commission-travaux",
    ]


# --------------------------------------------------------------------------- OParl


def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value and moment.tzinfo is not None


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("url")(_is_url)
FORMATS.checks("date-time")(_is_datetime)
FORMATS.checks("date")(_is_date)


def validate(obj: dict[str, Any]) -> Iterator[str]:
    """Validate an OParl object against the schema its ``type`` names, then every object
    embedded in it against the schema its property names (the ``schema`` keyword of the
    OParl schemas, which JSON Schema itself does not follow)."""
    name = obj["type"].rsplit("/", 1)[1]
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=FORMATS).validate(obj)
    yield name
    for key, spec in schema["properties"].items():
        value = obj.get(key)
        if value is None:
            continue
        if spec.get("type") == "object" and "schema" in spec:
            yield from validate(value)
        items = spec.get("items", {})
        if spec.get("type") == "array" and items.get("type") == "object" and "schema" in items:
            for item in value:
                yield from validate(item)


@pytest.mark.parametrize("root_name", ["fixture", "shipped", "sittings"])
def test_oparl_objects_are_valid(run: Run, register_copy: Path, root_name: str) -> None:
    root = {"fixture": register_copy, "shipped": SHIPPED, "sittings": SITTINGS}[root_name]
    document = json.loads(export(run, root, "oparl"))
    seen: set[str] = set()
    for key, value in document.items():
        for obj in value if isinstance(value, list) else [value]:
            assert obj["type"].endswith("/" + key[0].upper() + key[1:])
            seen.update(validate(obj))
    expected = {"System", "Body", "Organization", "Person", "Membership", "Meeting", "Location"}
    assert expected <= seen
    if root_name == "fixture":
        assert "AgendaItem" in seen
    if root_name == "sittings":
        assert {"Paper", "Consultation"} <= seen
        papers = {p["reference"]: p for p in document["paper"]}
        items = {i["id"]: i for i in document["agendaItem"]}
        for paper in papers.values():
            (consultation,) = paper["consultation"]
            assert items[consultation["agendaItem"]]["consultation"] == consultation["id"]


def test_oparl_validation_catches_a_bad_object() -> None:
    bad = {"id": "urn:x", "type": "https://schema.oparl.org/1.1/Meeting", "start": "2015-01-20"}
    with pytest.raises(jsonschema.ValidationError):
        list(validate(bad))


def test_oparl_references_resolve(run: Run, register_copy: Path) -> None:
    document = json.loads(export(run, register_copy, "oparl"))
    ids = {o["id"] for key in ("organization", "person", "meeting") for o in document[key]}
    for membership in document["membership"]:
        assert {membership["person"], membership["organization"], membership["onBehalfOf"]} <= ids
    cancelled = next(m for m in document["meeting"] if m["id"].endswith("/cs-2015-02-24"))
    assert cancelled["cancelled"] is True
    assert cancelled["start"] == "2015-02-24T09:00:00+01:00"
    all_day = next(m for m in document["meeting"] if m["id"].endswith("/bureau-2015-02-03"))
    assert (all_day["start"], all_day["end"]) == (
        "2015-02-03T00:00:00+01:00",
        "2015-02-04T00:00:00+01:00",
    )


BASE = "https://example.invalid/oparl"
LIST_KEYS = {"organization", "person", "meeting", "paper", "membership", "locationList"}


def _embedded(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every OParl object embedded in ``obj``, at any depth."""
    for value in obj.values():
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict) and "type" in inner:
                yield inner
                yield from _embedded(inner)


def _urls(value: Any) -> Iterator[str]:
    if isinstance(value, str) and value.startswith(BASE):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item)


def _oparl_consistency(document: dict[str, Any]) -> None:
    """Ids unique, embedded objects equal to the listed ones, every URL an object or a list,
    and references that go both ways agreeing."""
    objects: dict[str, dict[str, Any]] = {}
    for value in document.values():
        for obj in value if isinstance(value, list) else [value]:
            assert obj["id"] not in objects, f"{obj['id']} listed twice"
            objects[obj["id"]] = obj
    for obj in list(objects.values()):
        for inner in _embedded(obj):
            assert objects.get(inner["id"]) == inner, f"{inner['id']} embedded, not listed alike"
    body = document["body"]
    lists = {document["system"]["body"]} | {
        v for k, v in body.items() if k in LIST_KEYS or k == "agendaItem"
    }
    for obj in objects.values():
        for key, value in obj.items():
            if key in ("id", "type") or (obj is body and key in (*LIST_KEYS, "agendaItem")):
                continue
            for url in _urls(value):
                assert url in objects or url in lists, f"{obj['id']} {key}: {url} leads nowhere"
    for membership in document["membership"]:
        organization = objects[membership["organization"]]
        assert membership["id"] in organization["membership"]
        assert membership in objects[membership["person"]]["membership"]
    for organization in document["organization"]:
        for url in organization.get("membership", []):
            assert objects[url]["organization"] == organization["id"]
    for meeting in document["meeting"]:
        if "location" in meeting:
            assert meeting["id"] in meeting["location"]["meetings"]
        for item in meeting.get("agendaItem", []):
            assert item["meeting"] == meeting["id"]
    for location in document["location"]:
        for url in location.get("meetings", []):
            assert objects[url]["location"]["id"] == location["id"]


@pytest.mark.parametrize("root_name", ["fixture", "shipped"])
def test_oparl_ids_and_references_are_consistent(
    run: Run, register_copy: Path, root_name: str
) -> None:
    root = register_copy if root_name == "fixture" else SHIPPED
    _oparl_consistency(json.loads(export(run, root, "oparl")))


def test_a_seat_held_twice_by_one_person_gives_two_memberships(
    run: Run, register_copy: Path
) -> None:
    bodies = register_copy / "data" / "bodies.yaml"
    text = bodies.read_text(encoding="utf-8")
    once = "holders: [{person: bruno-durand}]"
    assert once in text
    twice = (
        "holders: [{person: bruno-durand, end_date: 2014-12-31},"
        " {person: bruno-durand, start_date: 2015-03-01}]"
    )
    bodies.write_text(text.replace(once, twice), encoding="utf-8")
    oparl = json.loads(export(run, register_copy, "oparl"))
    _oparl_consistency(oparl)
    held = [m["id"] for m in oparl["membership"] if "/cs-delegue-b/bruno-durand" in m["id"]]
    assert held == [
        f"{BASE}/membership/comite-syndical/cs-delegue-b/bruno-durand",
        f"{BASE}/membership/comite-syndical/cs-delegue-b/bruno-durand/term-2",
    ]
    for obj in oparl["membership"]:
        list(validate(obj))
    popolo = json.loads(export(run, register_copy, "popolo"))
    ids = [m["id"] for m in popolo["memberships"]]
    assert len(ids) == len(set(ids))
    assert "cs-delegue-b--bruno-durand-term-2" in ids


def test_oparl_base_url(run: Run, register_copy: Path) -> None:
    text = export(run, register_copy, "oparl", "--base-url", "https://data.example.org/o/")
    assert '"https://data.example.org/o/meeting/cs-2015-01-20"' in text
    assert "example.invalid" not in text
    bad = run("--register", str(register_copy), "export", "oparl", "--base-url", "urn:x")
    assert bad.exit_code == 2
    assert "must be an absolute http:// or https:// URL" in bad.stderr


# --------------------------------------------------------------------------- Popolo


def test_popolo_references_resolve(run: Run, register_copy: Path) -> None:
    document = json.loads(export(run, register_copy, "popolo"))
    assert list(document) == [
        "persons", "organizations", "posts", "memberships", "events", "motions", "vote_events",
    ]  # fmt: skip
    people = {p["id"] for p in document["persons"]}
    orgs = {o["id"] for o in document["organizations"]}
    posts = {p["id"] for p in document["posts"]}
    for membership in document["memberships"]:
        assert membership["person_id"] in people
        assert membership["organization_id"] in orgs
        assert membership.get("post_id", next(iter(posts))) in posts
        assert membership.get("on_behalf_of_id", next(iter(orgs))) in orgs
    events = {e["id"]: e for e in document["events"]}
    assert events["bureau-2015-02-03"]["start_date"] == "2015-02-03"
    assert events["cs-2015-06-30"]["start_date"] == "2015-06-30T18:00:00+02:00"
    assert events["cs-2015-02-24"]["status"] == "cancelled"
    assert all(e["organization_id"] in orgs for e in events.values())


def test_popolo_of_the_shipped_register_is_consistent(run: Run) -> None:
    document = json.loads(export(run, SHIPPED, "popolo"))
    ids = [item["id"] for items in document.values() for item in items]
    assert len(ids) == len(set(ids))
    orgs = {o["id"] for o in document["organizations"]}
    people = {p["id"] for p in document["persons"]}
    posts = {p["id"] for p in document["posts"]}
    assert {p["organization_id"] for p in document["posts"]} <= orgs
    for membership in document["memberships"]:
        assert membership["person_id"] in people and membership["organization_id"] in orgs
        assert membership.get("post_id") in posts | {None}
        assert membership.get("on_behalf_of_id") in orgs | {None}
    assert [e["start_date"] for e in document["events"]] == ["2015-02-13", "2015-03-10"]
    assert {e["organization_id"] for e in document["events"]} <= orgs


def test_out_and_force_for_documents(run: Run, register_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "popolo.json"
    target.write_text("mine", encoding="utf-8")
    args = ("--register", str(register_copy), "export", "popolo", "--out", str(target))
    assert run(*args).exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(*args, "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["persons"]


def test_oparl_maps_attendance_and_deliberations(run: Run) -> None:
    sittings = REPO / "tests" / "fixtures" / "sittings"
    document = json.loads(export(run, sittings, "oparl"))
    for value in document.values():
        for obj in value if isinstance(value, list) else [value]:
            list(validate(obj))
    meeting = next(m for m in document["meeting"] if m["id"].endswith("/cm-2026-09-24"))
    participants = {p.rsplit("/", 1)[1] for p in meeting["participant"]}
    assert len(participants) == 19
    assert {"lucie-bonnet", "dominique-arnaud"} <= participants
    assert "claire-morel" not in participants  # represented, not present
    people = {p["id"] for p in document["person"]}
    assert set(meeting["participant"]) <= people
    results = [item["result"] for item in meeting["agendaItem"]]
    assert results == [
        "Délibération 2026-030 : adoptée à l'unanimité",
        "Délibération 2026-031 : adoptée (17 pour, 2 contre, 2 abstentions)",
        "Délibération 2026-032 : adoptée (14 pour, 3 contre, 2 abstentions)",
    ]
