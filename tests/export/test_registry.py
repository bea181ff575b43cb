"""The export registry: every format is a subcommand, documented, built lazily, and its
builder is usable without the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup

from prefig.cli import app
from prefig.export import EXPORT_BY_NAME, ExportError
from prefig.export.history import History, PassedOver
from prefig.export.ics import MAX_PASSED_OVER_SHOWN, export_ics, history_warnings
from prefig.export.oparl import DEFAULT_BASE_URL
from prefig.load import load_register


def test_every_format_is_a_subcommand_with_its_help() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    group = root.commands["export"]
    assert isinstance(group, TyperGroup)
    assert sorted(group.commands) == sorted(EXPORT_BY_NAME) == ["ics", "json", "oparl", "popolo"]
    for name, export_format in EXPORT_BY_NAME.items():
        command = group.commands[name]
        assert command.help is not None
        assert command.help.startswith(export_format.description.split("\n")[0])
        assert f"Example: prefig export {name}" in command.help
        flags = {flag for param in command.params for flag in getattr(param, "opts", [])}
        assert {"--out", "--force"} <= flags
        for option in export_format.options:
            assert f"--{option.name.replace('_', '-')}" in flags


def test_every_format_says_what_it_writes() -> None:
    for name, export_format in EXPORT_BY_NAME.items():
        assert export_format.name == name
        assert export_format.file_name and "/" not in export_format.file_name
        assert export_format.media_type in {"text/calendar", "application/json"}


def test_the_oparl_default_base_url_is_the_builders() -> None:
    (base_url,) = EXPORT_BY_NAME["oparl"].options
    assert base_url.default == DEFAULT_BASE_URL


def test_the_registry_imports_no_format() -> None:
    code = (
        "import sys, prefig.export\n"
        "print(sorted(m for m in sys.modules if m.startswith('prefig.export.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_builders_run_without_the_command_line(register_copy: Path) -> None:
    register = load_register(register_copy).register
    for name in ("json", "popolo"):
        exported = EXPORT_BY_NAME[name].build(register, {}, {})
        assert exported.data.startswith(b"{\n") and exported.warnings == ()
    oparl = EXPORT_BY_NAME["oparl"].build(register, {"base_url": "https://x.test/o"}, {})
    assert b'"https://x.test/o/system"' in oparl.data
    ics = EXPORT_BY_NAME["ics"].build(register, {"body": "bureau", "uid_domain": None}, {})
    assert ics.data.startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("options", "environ", "message"),
    [
        ({"body": "nobody"}, {}, "nobody"),
        ({"uid_domain": "a b"}, {}, "--uid-domain"),
        ({}, {"SOURCE_DATE_EPOCH": "soon"}, "SOURCE_DATE_EPOCH"),
    ],
)
def test_ics_refusals_are_export_errors(
    register_copy: Path, options: dict[str, str | None], environ: dict[str, str], message: str
) -> None:
    register = load_register(register_copy).register
    with pytest.raises(ExportError, match=message):
        export_ics(register, options, environ)


def test_oparl_refuses_a_bad_base_url_before_reading_the_register() -> None:
    check = EXPORT_BY_NAME["oparl"].check
    assert check is not None
    with pytest.raises(ExportError, match="--base-url"):
        check({"base_url": "ftp://example.org"})


def test_history_warnings() -> None:
    assert history_warnings(History()) == []
    old = PassedOver("0123456789abcdef", "data/meetings.yaml", 2_000, 1_000)
    many = History(shallow=True, passed_over=(old,) * (MAX_PASSED_OVER_SHOWN + 2))
    warnings = history_warnings(many)
    assert warnings[0].startswith("the repository is a shallow clone")
    assert warnings[1].startswith("data/meetings.yaml at commit 0123456789 is 2,000 bytes")
    assert len(warnings) == 1 + MAX_PASSED_OVER_SHOWN + 1
    assert warnings[-1] == "... and 2 more such versions."
