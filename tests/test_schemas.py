"""The JSON Schemas: committed and current, printed by `prefig schema`, and in agreement with
`prefig check` through a generic validator (check-jsonschema): what prefig accepts the schema
accepts, and a type error fails both.

Regenerate schemas/ with PREFIG_UPDATE_GOLDEN=1 (or `prefig schema --write schemas --force`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from typer.testing import Result

from prefig.check import check
from prefig.schema import FILE_KINDS, schema_file_name, schema_text
from tests.conftest import REPO, SHIPPED, compare_golden

SCHEMAS = REPO / "schemas"
RULE_FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def _file_name(kind: str) -> str:
    return "register.yaml" if kind == "register" else f"{kind}.yaml"


def jsonschema_check(kind: str, files: list[Path]) -> tuple[int, str]:
    """Run check-jsonschema (in-process) on ``files`` against the committed schema of ``kind``."""
    from check_jsonschema.cli.main_command import main

    result = CliRunner().invoke(
        main,
        ["--schemafile", str(SCHEMAS / schema_file_name(kind)), *map(str, files)],
        catch_exceptions=False,
    )
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_committed_schema_is_current(kind: str) -> None:
    compare_golden(
        SCHEMAS / schema_file_name(kind),
        schema_text(kind),
        hint="run `prefig schema --write schemas --force`",
    )


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_shipped_files_name_their_schema(kind: str) -> None:
    first = (SHIPPED / "data" / _file_name(kind)).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{schema_file_name(kind)}"
    assert (SHIPPED / "data" / "../schemas" / schema_file_name(kind)).is_file()


def test_schema_command(run: Callable[..., Result], tmp_path: Path) -> None:
    bodies = run("schema", "bodies")
    assert bodies.exit_code == 0
    assert bodies.stdout == (SCHEMAS / "bodies.schema.json").read_text(encoding="utf-8")
    assert run("schema", "data/bodies.yaml").stdout == bodies.stdout
    listing = run("schema")
    assert listing.exit_code == 0
    assert all(kind in listing.stdout for kind in FILE_KINDS)
    unknown = run("schema", "body")
    assert unknown.exit_code == 2
    assert "not a file kind" in unknown.stderr
    assert "did you mean bodies?" in unknown.stderr

    out = tmp_path / "schemas"
    assert run("schema", "--write", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(map(schema_file_name, FILE_KINDS))
    again = run("schema", "--write", str(out))
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert run("schema", "--write", str(out), "--force").exit_code == 0

    # one schema already there: refused before any other is written
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / schema_file_name("meetings")).write_text("{}", encoding="utf-8")
    refused = run("schema", "--write", str(partial))
    assert refused.exit_code == 2
    assert [p.name for p in partial.iterdir()] == [schema_file_name("meetings")]


def _valid_files() -> dict[str, list[Path]]:
    """Every data file prefig loads without a loader finding: the shipped register and the
    rule fixtures (passing and failing: their findings are about the register as a whole)."""
    roots = [SHIPPED, *sorted(p.parent.parent for p in RULE_FIXTURES.glob("*/*/data/*.yaml"))]
    out: dict[str, list[Path]] = {kind: [] for kind in FILE_KINDS}
    for root in dict.fromkeys(roots):
        for kind in FILE_KINDS:
            path = root / "data" / _file_name(kind)
            if path.is_file():
                out[kind].append(path)
    return out


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_what_prefig_loads_the_schema_accepts(kind: str) -> None:
    files = _valid_files()[kind]
    assert files
    roots = {f.parent.parent for f in files}
    for root in roots:
        loader = [d for d in check(root).diagnostics if d.code < "PF100"]
        assert loader == [], f"{root} does not load cleanly"
    code, output = jsonschema_check(kind, files)
    assert code == 0, output


BAD = {
    "count-not-a-number": ("bodies", "seats:\n    - {id: s, role: Membre, count: three}\n"),
    "count-as-string": ("bodies", "seats:\n    - {id: s, role: Membre, count: '3'}\n"),
    "voting-right-yes": ("bodies", "seats:\n    - {id: s, role: Membre, voting_right: yes}\n"),
    "unknown-field": ("bodies", "chair: Martin Malvy\n"),
    "level-out-of-range": ("bodies", "level: 0\n"),
    "start-time-25h": ("meetings", 'start_time: "25:00"\n'),
    "start-time-number": ("meetings", "start_time: 10\n"),
    "date-with-time": ("meetings", "date: 2015-02-13T10:00\n"),
    "status-not-in-enum": ("meetings", "status: done\n"),
    "location-not-a-slug": ("meetings", "location: Hôtel de Région\n"),
}
BASE = {
    "bodies": "- id: copil\n  name: Comité\n  kind: administrative\n"
    "  responsible: [{organization: region-a}]\n  ",
    "meetings": "- id: copil-2015-02-13\n  body: copil\n  date: 2015-02-13\n  status: held\n  ",
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_type_error_fails_both(case: str, tmp_path: Path) -> None:
    kind, bad = BAD[case]
    root = tmp_path / "reg"
    shutil.copytree(RULE_FIXTURES / "PF302" / "pass", root)
    path = root / "data" / _file_name(kind)
    text = BASE[kind]
    if kind == "meetings" and bad.startswith(("date:", "status:")):
        key = bad.split(":")[0]
        text = "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith(f"  {key}:")
        )
    path.write_text(text + bad, encoding="utf-8")
    if kind == "meetings":
        (root / "data" / "bodies.yaml").write_text(BASE["bodies"].rstrip(" "), encoding="utf-8")

    report = check(root)
    assert report.exit_code == 1
    assert {d.code for d in report.diagnostics} & {"PF010", "PF011", "PF012"}, report.diagnostics
    code, output = jsonschema_check(kind, [path])
    assert code == 1, output
