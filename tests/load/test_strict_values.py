"""Values a hand-edited register could have silently misread: the model refuses them, and the
JSON Schema (what editors and generic validators see) refuses them too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

from prefig.load import parse_yaml
from prefig.model import Clock, Day, Meeting
from prefig.schema import file_schema

MEETING = {"id": "m", "body": "comite", "date": dt.date(2015, 2, 13)}


@pytest.mark.parametrize("value", [0, 1423785600, 1423785600.0, "1423785600", "2015-2-13", True])
def test_a_day_is_written_as_a_day(value: Any) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        TypeAdapter(Day).validate_python(value)


@pytest.mark.parametrize("value", ["10:00Z", "10:00+01:00", "9:00", "36000", True])
def test_a_time_is_written_hh_mm_without_offset(value: Any) -> None:
    with pytest.raises(ValidationError, match="time of day"):
        TypeAdapter(Clock).validate_python(value)


def test_days_and_times_as_written_still_pass() -> None:
    assert TypeAdapter(Day).validate_python("2015-02-13") == dt.date(2015, 2, 13)
    assert TypeAdapter(Clock).validate_python("10:30") == dt.time(10, 30)
    assert TypeAdapter(Clock).validate_python("10:30:15") == dt.time(10, 30, 15)


@pytest.mark.parametrize(
    ("field", "value"),
    [("date", 0), ("start_time", "10:00Z"), ("date", "1423785600")],
)
def test_model_and_schema_agree_on_meeting_values(field: str, value: Any) -> None:
    item = {**MEETING, "date": "2015-02-13", field: value}
    with pytest.raises(ValidationError):
        Meeting.model_validate(item)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            [item], file_schema("meetings"), format_checker=jsonschema.FormatChecker()
        )


def test_model_and_schema_agree_on_a_quoted_count() -> None:
    seat = {"id": "s", "role": "Président", "count": "2"}
    body = {"id": "b", "name": "Comité", "kind": "political", "seats": [seat]}
    schema = file_schema("bodies")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([body], schema)
    jsonschema.validate([{**body, "seats": [{**seat, "count": 2}]}], schema)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !foo bar\n", "!foo"),
        ("a: &x !!binary aGk=\n", "!!binary"),
        ("- [1, !!set {x}]\n", "!!set"),
        ("a:\n  - !<tag:example.com,2000:x> y\n", "!<tag:example.com,2000:x>"),
    ],
)
def test_unsupported_tags_are_refused(text: str, tag: str) -> None:
    data, problems = parse_yaml(text, "data/venues.yaml")
    assert data is None
    assert [p.code for p in problems] == ["PF007"]
    assert f"the tag {tag} is not supported" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "a: Attention !\n",  # an exclamation mark in text is no tag
        'a: "!foo"\n',
        "a: x # !foo\n",
        "a: |\n  !foo\n",
        "a: !!str 2\n",  # core tags say what YAML 1.2 reads anyway
        "a: ! 3\n",
        "a: !<tag:yaml.org,2002:int> 3\n",
    ],
)
def test_exclamation_marks_that_are_not_unsupported_tags(text: str) -> None:
    data, problems = parse_yaml(text, "data/venues.yaml")
    assert problems == []
    assert isinstance(data, dict)


def test_exclamation_marks_in_text_do_not_send_the_file_to_the_scanner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import prefig.load.parse

    def scanner(text: str) -> None:
        raise AssertionError("scanned")

    monkeypatch.setattr(prefig.load.parse, "_unsupported_tag", scanner)
    text = "- id: a\n  note: Attention ! Réunion reportée !\n  name: 'Vite !'\n" * 100
    assert parse_yaml(text, "data/venues.yaml")[1] == []
