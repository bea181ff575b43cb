"""Random mutations of a valid register never end in a traceback: only findings (exit 1), a
clean error (exit 2), or, when the mutation happens to be harmless, success.

Mutations are made on the parsed records (types swapped, keys removed, added or renamed, ids
changed or duplicated, unicode and control characters, very long strings, deep nesting) and on
the text (lines duplicated, so keys too, or deleted, characters inserted, files truncated).
Examples are few and small so that the suite stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from prefig.cli import main
from tests.conftest import SHIPPED

KINDS = sorted(p.stem for p in (SHIPPED / "data").glob("*.yaml"))
ORIGINAL = {kind: (SHIPPED / "data" / f"{kind}.yaml").read_text(encoding="utf-8") for kind in KINDS}
PARSED = {kind: yaml.safe_load(text) for kind, text in ORIGINAL.items()}
ALL_IDS = sorted(
    {r["id"] for data in PARSED.values() if isinstance(data, list) for r in data if "id" in r}
)

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["10:00", "25:99", "2015-02-30", "no", "~", "PF999", "x" * 30_000]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside ``node``."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def nest(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """One structural mutation of ``data`` at a random place."""
    path = draw(st.sampled_from(list(paths(data))))
    operation = draw(
        st.sampled_from(["replace", "remove", "add-key", "rename-id", "duplicate-id", "nest"])
    )
    if not path:
        return draw(values) if operation == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if operation == "replace":
        parent[last] = draw(values)
    elif operation == "remove":
        del parent[last]
    elif operation == "add-key" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = draw(values)
    elif operation in {"rename-id", "duplicate-id"} and isinstance(parent, dict):
        parent["id"] = (
            draw(st.text(max_size=20))
            if operation == "rename-id"
            else draw(st.sampled_from(ALL_IDS))
        )
    elif operation == "nest":
        parent[last] = nest(draw(st.integers(min_value=1, max_value=300)))
    return data


def write_register(files: dict[str, str]) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    holder = tempfile.TemporaryDirectory()
    root = Path(holder.name)
    shutil.copytree(SHIPPED / "data", root / "data")
    for kind, text in files.items():
        (root / "data" / f"{kind}.yaml").write_text(text, encoding="utf-8")
    return holder, root


def assert_clean_outcome(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code in (0, 1):
        report = json.loads(result.stdout)
        assert (result.exit_code == 1) == any(
            d["severity"] == "error" for d in report["diagnostics"]
        )
        for diagnostic in report["diagnostics"]:
            assert diagnostic["code"].startswith("PF")
            assert diagnostic["file"].startswith("data/")
            assert diagnostic["line"] is None or diagnostic["line"] >= 1
    else:
        assert result.stdout or result.stderr


@FUZZ
@given(kind=st.sampled_from(KINDS), data=st.data())
def test_structural_mutations_give_findings_not_tracebacks(
    run: Callable[..., Result], kind: str, data: st.DataObject
) -> None:
    mutated = mutate(json.loads(json.dumps(PARSED[kind], default=str)), data.draw)
    text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False, width=200)
    holder, root = write_register({kind: text})
    with holder:
        assert_clean_outcome(run("--register", str(root), "check", "--format", "json"))


@st.composite
def text_mutations(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(KINDS))
    lines = ORIGINAL[kind].splitlines(keepends=True)
    operation = draw(st.sampled_from(["duplicate-line", "delete-line", "insert", "truncate"]))
    at = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
    if operation == "duplicate-line":  # a key written twice, or a list item doubled
        lines.insert(at, lines[at])
    elif operation == "delete-line":
        del lines[at]
    elif operation == "insert":
        line = lines[at]
        column = draw(st.integers(min_value=0, max_value=len(line)))
        lines[at] = line[:column] + draw(st.text(min_size=1, max_size=6)) + line[column:]
    else:
        text = "".join(lines)
        return kind, text[: draw(st.integers(min_value=0, max_value=len(text)))]
    return kind, "".join(lines)


@FUZZ
@given(mutation=text_mutations())
def test_text_mutations_give_findings_not_tracebacks(
    run: Callable[..., Result], mutation: tuple[str, str]
) -> None:
    kind, text = mutation
    holder, root = write_register({kind: text})
    with holder:
        assert_clean_outcome(run("--register", str(root), "check", "--format", "json"))


@settings(FUZZ, max_examples=15)
@given(mutation=text_mutations())
def test_main_never_reports_an_internal_error(
    mutation: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kind, text = mutation
    holder, root = write_register({kind: text})
    with holder:
        monkeypatch.setattr(sys, "argv", ["prefig", "--register", str(root), "check"])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
    assert exit_info.value.code in (0, 1, 2), captured.err
    assert "internal error" not in captured.err
