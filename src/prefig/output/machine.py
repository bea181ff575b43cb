"""Machine-readable reports: JSON (a documented, stable shape) and GitHub annotations."""

from __future__ import annotations

import json
from typing import TextIO

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Severity
from prefig.output.streams import carries_unicode
from prefig.output.tables import printable_path

JSON_VERSION = 1


def _diagnostic_dict(d: Diagnostic) -> dict[str, object]:
    fields = d.as_dict()
    fields["file"] = printable_path(d.location.file)
    return fields


def report_dict(report: Report) -> dict[str, object]:
    return {
        "version": JSON_VERSION,
        "exit_code": report.exit_code,
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "unreadable": report.unreadable,
        },
        "diagnostics": [_diagnostic_dict(d) for d in report.diagnostics],
    }


def write_json(report: Report, stream: TextIO) -> None:
    json.dump(report_dict(report), stream, ensure_ascii=not carries_unicode(stream), indent=2)
    stream.write("\n")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, stream: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per finding, on its line."""
    for d in report.diagnostics:
        props = [f"file={_escape_property(printable_path(d.location.file))}"]
        if d.location.line is not None:
            props.append(f"line={d.location.line}")
        if d.location.column is not None:
            props.append(f"col={d.location.column}")
        props.append(f"title={_escape_property(f'{d.code} {d.name}')}")
        stream.write(
            f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_escape_data(d.message)}\n"
        )
