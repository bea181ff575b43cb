"""The text report of `prefig check`: written without rich, byte for byte what rich wrote, and
safe to show whatever the register's text holds."""

from __future__ import annotations

import io

import pytest

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.output import text as text_output
from tests.test_startup_imports import modules_loaded


def _report(message: str, severity: Severity = Severity.ERROR) -> Report:
    where = Location("data/bodies.yaml", 3, 7)
    return Report([Diagnostic("PF101", "dangling-reference", severity, message, where)])


def _written(report: Report, colour: bool) -> str:
    stream = io.StringIO()
    text_output.write_text(report, stream, colour)
    return stream.getvalue()


@pytest.mark.parametrize("colour", ["NO_COLOR", "FORCE_COLOR"])
def test_check_does_not_import_rich(colour: str) -> None:
    loaded = modules_loaded("check", "--as-of", "2015-02-01", env={colour: "1"})
    assert "prefig.rules" in loaded
    assert "rich" not in loaded


@pytest.mark.parametrize("severity", list(Severity))
def test_coloured_lines_are_the_bytes_rich_writes(
    monkeypatch: pytest.MonkeyPatch, severity: Severity
) -> None:
    report = _report("'comite-x' [is] not the id; did you mean 'comite'?", severity)
    mine = _written(report, True)
    assert "\x1b[" in mine
    monkeypatch.setattr(text_output.sys, "platform", "win32")  # the path through rich
    assert _written(report, True) == mine


def test_plain_lines() -> None:
    report = _report("'comite-x' [is] not the id; did you mean 'comite'?")
    assert _written(report, False) == (
        "data/bodies.yaml:3:7: PF101 error 'comite-x' [is] not the id; did you mean 'comite'? "
        "[dangling-reference]\nFound 1 error and 0 warnings.\n"
    )
    assert _written(Report([], files=["data/bodies.yaml"]), False) == (
        "All checks passed (1 file).\n"
    )


@pytest.mark.parametrize("colour", [False, True])
def test_register_text_is_shown_as_written_and_controls_are_neutralised(colour: bool) -> None:
    out = _written(_report("name 'Réunion :warning: [bold]x[/]\x1b[2J\x07'"), colour)
    assert ":warning: [bold]x[/]" in out
    assert "\x1b[2J" not in out
    assert "\x07" not in out
    assert "\ufffd[2J\ufffd" in out
