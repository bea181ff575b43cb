"""The closed vocabularies of prefig.vocab: one enum for each, used by the model and the CLI."""

from __future__ import annotations

import enum
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from prefig import vocab
from prefig.model import Organization, Quorum, RuleSetting, Seat, Source
from prefig.schema import FILE_KINDS, file_schema

VOCABULARIES = [
    cls
    for _, cls in inspect.getmembers(vocab, inspect.isclass)
    if issubclass(cls, enum.StrEnum) and cls.__module__ == vocab.__name__
]


def _enums(node: Any) -> Iterator[list[str]]:
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for item in node:
            yield from _enums(item)


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_every_closed_field_of_the_schemas_is_a_vocabulary(kind: str) -> None:
    words = {tuple(member.value for member in cls) for cls in VOCABULARIES}
    for values in _enums(file_schema(kind)):
        # null in an optional field's enum (``"type": ["string", "null"]``) is no word
        assert tuple(v for v in values if v is not None) in words, values


def test_fields_give_the_members_of_their_vocabulary() -> None:
    seat = Seat(id="s", role="r", capacity="observer")
    assert seat.capacity is vocab.Capacity.OBSERVER
    assert Seat(id="s", role="r").capacity is vocab.Capacity.MEMBER
    assert Source(id="s", title="t").kind is vocab.SourceKind.OTHER
    assert RuleSetting(severity="info").severity is vocab.SeverityName.INFO
    org = Organization(id="o", name="O", classification="ceser")
    assert org.classification is vocab.OrganizationKind.CESER
    quorum = Quorum(numerator=1, denominator=2, comparison="at-least")
    assert quorum.comparison is vocab.QuorumComparison.AT_LEAST
    assert quorum.members_needed(4) == 2


def test_a_member_is_its_word() -> None:
    member = vocab.MeetingStatus.CANCELLED
    assert member == "cancelled"
    assert f"{member}" == str(member) == "cancelled"
    assert json.dumps({"status": member}) == '{"status": "cancelled"}'


def test_vocab_imports_nothing_but_the_standard_library() -> None:
    # The command line imports it at start-up to build --status: it must stay cheap.
    probe = (
        "import json, sys; before = set(sys.modules); import prefig.vocab; "
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert loaded - sys.stdlib_module_names == {"prefig"}
