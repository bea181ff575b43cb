"""SARIF 2.1.0 reports, for code-scanning dashboards (GitHub code scanning and others).

Every code prefig can report is listed in ``tool.driver.rules`` with its summary, full
documentation and a link to it (``helpUri``); each finding is a result pointing at the file,
line and column it concerns. File paths are those of the report (relative to the repository
root or ``--path-base``, see :mod:`prefig.cli.check`), written as percent-encoded URI
references (RFC 3986) relative to ``%SRCROOT%``. Each result carries a
``partialFingerprints`` entry that identifies the finding across runs, whatever line it
moves to. The log validates against the official SARIF 2.1.0 schema with format checking
(tests/sarif-2.1.0/).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO
from urllib.parse import quote

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Severity
from prefig.output.streams import carries_unicode

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
FINGERPRINT = "prefigFinding/v1"
"""The ``partialFingerprints`` key; its version changes whenever what it hashes does."""

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_help_uri(code: str) -> str:
    """The documentation of ``code``: its section of docs/rules.md."""
    from prefig import REPOSITORY_URL

    return f"{REPOSITORY_URL}/blob/main/docs/rules.md#{code.lower()}"


def artifact_uri(path: str) -> str:
    """``path`` (``/``-separated, relative) as a URI reference: every character outside
    RFC 3986's unreserved set percent-encoded as UTF-8, ``/`` kept as the separator (a
    backslash is part of a name, not a separator: report paths always use ``/``).

    ``data/séance #2.yaml`` -> ``data/s%C3%A9ance%20%232.yaml``. A name that is not UTF-8
    on disk (its bytes kept by Python as surrogate escapes) is encoded byte for byte.
    """
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def fingerprint(d: Diagnostic) -> str:
    """A hash of what identifies a finding whatever line it is on: its code, its file, and
    the record and the path inside the file's data that it concerns.

    With a record id, the path is taken inside the record (``location``, not
    ``meetings[3].location``), so that a record moved in its list keeps its fingerprints.
    A finding with neither (a file that cannot be parsed) is told from others of its code
    in the same file by its message.
    """
    path = list(d.path)
    if d.record is not None:
        index = next((i for i, part in enumerate(path) if isinstance(part, int)), None)
        if index is not None:
            path = path[index + 1 :]
    parts = [d.code, d.location.file, d.record or "", json.dumps(path)]
    if d.record is None and not d.path:
        parts.append(d.message)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


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
                "helpUri": rule_help_uri(code),
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
                "helpUri": rule_help_uri(code),
                "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                "properties": {"tags": [rule.family]},
            }
        )
    return sorted(out, key=lambda r: str(r["id"]))


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    # A finding about a whole file (no line) points at its first line: SARIF lets a
    # region-less location stand for the whole artifact (2.1.0, 3.29.4), but GitHub code
    # scanning places a result only by region.startLine. properties.wholeFile says which.
    region: dict[str, int] = {"startLine": d.location.line or 1}
    if d.location.line is not None and d.location.column is not None:
        region["startColumn"] = d.location.column
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": artifact_uri(d.location.file), "uriBaseId": "%SRCROOT%"},
        "region": region,
    }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT: fingerprint(d)},
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    properties: dict[str, Any] = {}
    if d.record is not None:
        properties["record"] = d.record
    if d.location.line is None:
        properties["wholeFile"] = True
    if properties:
        result["properties"] = properties
    return result


def report_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log of ``report``: one run, every rule described, one result per finding."""
    from prefig import REPOSITORY_URL, __version__

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
                        "informationUri": REPOSITORY_URL,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {
                        "description": {
                            "text": "The root of the repository the register is in (or the "
                            "folder given with --path-base); result paths are relative to it."
                        }
                    }
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
