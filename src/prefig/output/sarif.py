"""SARIF 2.1.0 reports, for code-scanning dashboards (GitHub code scanning and others).

Every code prefig can report is listed in ``tool.driver.rules`` with its summary and full
documentation; each finding is a result pointing at the file, line and column it concerns,
relative to the register root (``%SRCROOT%``).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Severity
from prefig.output.streams import carries_unicode

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptors() -> list[dict[str, Any]]:
    from prefig.load import LOADER_CODES
    from prefig.rules import FAMILIES, all_rules

    out: list[dict[str, Any]] = []
    for code, (name, summary) in LOADER_CODES.items():
        out.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": summary},
                "help": {"text": summary, "markdown": summary},
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": [FAMILIES["0"]]},
            }
        )
    for code, rule in all_rules().items():
        out.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.summary},
                "help": {"text": rule.doc, "markdown": rule.doc},
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                "properties": {"tags": [rule.family]},
            }
        )
    return sorted(out, key=lambda r: str(r["id"]))


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": d.location.file, "uriBaseId": "%SRCROOT%"}
    }
    if d.location.line is not None:
        region: dict[str, int] = {"startLine": d.location.line}
        if d.location.column is not None:
            region["startColumn"] = d.location.column
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": physical}],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.record is not None:
        result["properties"] = {"record": d.record}
    return result


def report_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report``: one run, every rule described, one result per finding."""
    from prefig import __version__

    rules = _rule_descriptors()
    index = {str(r["id"]): i for i, r in enumerate(rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "prefig",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The register's root folder."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for d in report.diagnostics],
                "invocations": [{"executionSuccessful": not report.unreadable}],
            }
        ],
    }


def write_sarif(report: Report, stream: TextIO) -> None:
    json.dump(report_sarif(report), stream, ensure_ascii=not carries_unicode(stream), indent=2)
    stream.write("\n")
