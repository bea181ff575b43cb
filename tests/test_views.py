"""The TypedDicts of prefig.views and the documented JSON Schema of query output say the same.

The schema (docs/json/queries.schema.json) is the contract that ``--json`` is validated
against (tests/cli/test_queries.py); the TypedDicts are what mypy checks the views and the text
output with. Every shape has the schema's keys, the same required ones, and its nested
shapes match the schema's nested objects.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from prefig import views
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "docs" / "json" / "queries.schema.json").read_text("utf-8"))
DEFS: dict[str, Any] = SCHEMA["$defs"]

SHAPES: dict[str, Any] = {
    "ref": views.Ref,
    "party": views.PartyView,
    "location": views.LocationView,
    "agenda_item": views.AgendaItemView,
    "meeting": views.MeetingView,
    "action": views.ActionView,
    "seat": views.SeatView,
    "body_summary": views.BodySummary,
    "body_detail": views.BodyDetail,
    "person_summary": views.PersonSummary,
    "person_detail": views.PersonDetail,
    "decision": views.DecisionView,
    "vote": views.VoteView,
    "deliberation": views.DeliberationView,
    "sitting": views.SittingView,
    "deliberation_entry": views.DeliberationEntry,
    "deliberation_detail": views.DeliberationDetail,
    "document-meetings-next": views.NextMeetingsDocument,
    "document-meetings": views.MeetingsDocument,
    "document-meeting": views.MeetingDocument,
    "document-bodies": views.BodiesDocument,
    "document-body": views.BodyDocument,
    "document-people": views.PeopleDocument,
    "document-person": views.PersonDocument,
    "document-decisions": views.DecisionsDocument,
    "document-decision": views.DecisionDocument,
    "document-deliberations": views.DeliberationsDocument,
    "document-deliberation": views.DeliberationDocument,
}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(DEFS[node["$ref"].rpartition("/")[2]])
    return node


def _objects(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The object schemas a property may hold (through refs, null alternatives, arrays)."""
    node = _resolve(node)
    if "oneOf" in node:
        return [o for alt in node["oneOf"] for o in _objects(alt)]
    if node.get("type") == "array":
        return _objects(node["items"])
    return [node] if node.get("type") == "object" or "properties" in node else []


def _typeddicts(annotation: Any) -> list[Any]:
    """The TypedDicts an annotation may hold (through ``| None``, lists, NotRequired)."""
    if is_typeddict(annotation):
        return [annotation]
    if get_origin(annotation) in (Union, types.UnionType, list, NotRequired):
        return [t for arg in get_args(annotation) for t in _typeddicts(arg)]
    return []


def _check(shape: Any, schema: dict[str, Any], where: str) -> None:
    schema = _resolve(schema)
    assert set(shape.__annotations__) == set(schema["properties"]), where
    assert set(shape.__required_keys__) == set(schema["required"]), where
    hints = get_type_hints(shape, vars(views))
    for key, annotation in hints.items():
        inner = _typeddicts(annotation)
        objects = _objects(schema["properties"][key])
        assert len(inner) == len(objects), f"{where}.{key}"
        for sub, obj in zip(inner, objects, strict=True):
            _check(sub, obj, f"{where}.{key}")


@pytest.mark.parametrize("name", sorted(DEFS))
def test_every_documented_shape_has_its_typeddict(name: str) -> None:
    _check(SHAPES[name], DEFS[name], name)


def test_every_document_kind_is_its_literal() -> None:
    for name, shape in SHAPES.items():
        if name.startswith("document-"):
            kind = get_type_hints(shape, vars(views))["kind"]
            assert get_origin(kind) is typing.Literal
            assert get_args(kind) == (name.removeprefix("document-"),)
