"""Formatters for check reports, one per ``--format`` choice (see docs/output.md).

Text is for people; JSON, GitHub annotations and SARIF 2.1.0 are stable contracts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from prefig.check import Report

Reporter = Callable[[Report, TextIO, bool], None]
"""(report, stream, colour) -> None."""


def _text(report: Report, stream: TextIO, colour: bool) -> None:
    from prefig.output.text import write_text

    write_text(report, stream, colour)


def _json(report: Report, stream: TextIO, colour: bool) -> None:
    from prefig.output.machine import write_json

    write_json(report, stream)


def _github(report: Report, stream: TextIO, colour: bool) -> None:
    from prefig.output.machine import write_github

    write_github(report, stream)


def _sarif(report: Report, stream: TextIO, colour: bool) -> None:
    from prefig.output.sarif import write_sarif

    write_sarif(report, stream)


REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": _text,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
}
