"""File paths in machine output are relative to the repository root (or ``--path-base``);
SARIF URIs are percent-encoded, whole-file findings still placed, fingerprints stable."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from prefig.check import Report
from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.output.sarif import FINGERPRINT, artifact_uri, report_sarif
from tests.conftest import TESTS, validate_sarif

FAILING = TESTS / "fixtures" / "rules" / "PF101" / "fail"


def _repository(tmp_path: Path, below: str) -> Path:
    """A work tree (its ``.git``) with the failing register at ``below``."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    register = tmp_path / "repo" / below
    shutil.copytree(FAILING, register)
    return register


def _files(result: Result, fmt: str) -> set[str]:
    if fmt == "json":
        return {d["file"] for d in json.loads(result.stdout)["diagnostics"]}
    if fmt == "sarif":
        log = validate_sarif(result.stdout)
        return {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]
        }
    return {line.split("file=")[1].split(",")[0] for line in result.stdout.splitlines()}


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_machine_paths_are_relative_to_the_repository_root(
    run: Callable[..., Result], tmp_path: Path, fmt: str
) -> None:
    register = _repository(tmp_path, "registers/2015")
    result = run("check", "-r", str(register), "--format", fmt)
    assert result.exit_code == 1, result.output
    assert _files(result, fmt) == {
        "registers/2015/data/bodies.yaml",
        "registers/2015/data/meetings.yaml",
    }


def test_text_for_people_stays_relative_to_the_register(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    register = _repository(tmp_path, "registers/2015")
    result = run("check", "-r", str(register))
    assert result.stdout.startswith("data/bodies.yaml:6:49: PF101")
    based = run("check", "-r", str(register), "--path-base", str(tmp_path))
    assert based.stdout.startswith("repo/registers/2015/data/bodies.yaml:6:49: PF101")


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_path_base_wins_and_works_outside_a_repository(
    run: Callable[..., Result], tmp_path: Path, fmt: str
) -> None:
    register = _repository(tmp_path, "registers/2015")
    result = run("check", "-r", str(register), "--format", fmt, "--path-base", str(register))
    assert _files(result, fmt) == {"data/bodies.yaml", "data/meetings.yaml"}
    outside = tmp_path / "plain"
    shutil.copytree(FAILING, outside)
    assert _files(run("check", "-r", str(outside), "--format", fmt), fmt) == {
        "data/bodies.yaml",
        "data/meetings.yaml",
    }
    # A base that is not above the register: the path climbs out of it.
    elsewhere = tmp_path / "repo" / "docs"
    elsewhere.mkdir()
    climbed = run("check", "-r", str(register), "-f", fmt, "--path-base", str(elsewhere))
    assert "../registers/2015/data/meetings.yaml" in _files(climbed, fmt)


def test_path_base_must_be_a_folder(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("check", "-r", str(FAILING), "--path-base", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "--path-base" in result.stderr


def test_sarif_uris_are_percent_encoded(run: Callable[..., Result], tmp_path: Path) -> None:
    """A register under a folder whose name has a space, ``#``, ``%`` and accents."""
    register = _repository(tmp_path, "registres/séance #2 à 100%")
    result = run("check", "-r", str(register), "--format", "sarif")
    uris = _files(result, "sarif")  # validated with the uri-reference format
    assert "registres/s%C3%A9ance%20%232%20%C3%A0%20100%25/data/meetings.yaml" in uris
    # The annotations and JSON keep the path as it is (they are not URIs).
    assert "registres/séance #2 à 100%/data/meetings.yaml" in _files(
        run("check", "-r", str(register), "--format", "json"), "json"
    )


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("data/meetings.yaml", "data/meetings.yaml"),
        ("a b/data/x.yaml", "a%20b/data/x.yaml"),
        ("x:y/data/x.yaml", "x%3Ay/data/x.yaml"),  # not read as a URI scheme
        ("Œuvre/ß/data/x.yaml", "%C5%92uvre/%C3%9F/data/x.yaml"),
        ("../up/data/x.yaml", "../up/data/x.yaml"),
        ("a?b[c]/data/x.yaml", "a%3Fb%5Bc%5D/data/x.yaml"),
        ("a\\b/data/x.yaml", "a%5Cb/data/x.yaml"),  # a backslash in a POSIX name
        ("caf\udce9/data/x.yaml", "caf%E9/data/x.yaml"),  # a Latin-1 name on disk
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def _diagnostic(line: int | None, *, record: str | None = "m-1", index: int = 0) -> Diagnostic:
    return Diagnostic(
        code="PF101",
        name="dangling-reference",
        severity=Severity.ERROR,
        message="'x' is not the id of any record.",
        location=Location("data/meetings.yaml", line, 3 if line else None),
        record=record,
        path=("meetings", index, "body") if record else (),
    )


def test_a_whole_file_finding_is_placed_on_its_first_line() -> None:
    log = report_sarif(Report([_diagnostic(None, record=None)]))
    validate_sarif(json.dumps(log))
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert result["properties"] == {"wholeFile": True}


def test_fingerprints_are_stable_across_line_moves_and_distinguish_findings() -> None:
    def fingerprint(d: Diagnostic) -> str:
        (result,) = report_sarif(Report([d]))["runs"][0]["results"]
        value = result["partialFingerprints"][FINGERPRINT]
        assert isinstance(value, str)
        return value

    first = fingerprint(_diagnostic(12))
    assert fingerprint(_diagnostic(40)) == first  # the record moved down the file
    assert fingerprint(_diagnostic(40, index=5)) == first  # and in its list
    assert fingerprint(_diagnostic(12, record="m-2")) != first
    assert fingerprint(replace(_diagnostic(12), location=Location("data/x.yaml", 12))) != first
    assert fingerprint(replace(_diagnostic(12), code="PF102")) != first
    # Without record or path, two findings of a code in a file differ by their messages.
    parse = _diagnostic(3, record=None)
    assert fingerprint(parse) == fingerprint(
        replace(parse, location=Location("data/meetings.yaml", 9))
    )
    assert fingerprint(parse) != fingerprint(replace(parse, message="another problem"))


def test_fingerprints_are_the_same_from_one_run_to_the_next(run: Callable[..., Result]) -> None:
    def fingerprints() -> list[str]:
        result = run("check", "-r", str(FAILING), "--format", "sarif")
        results = validate_sarif(result.stdout)["runs"][0]["results"]
        return [r["partialFingerprints"][FINGERPRINT] for r in results]

    once = fingerprints()
    assert once == fingerprints()
    assert len(set(once)) == len(once)


def test_the_repository_url_is_the_one_the_distribution_declares() -> None:
    import tomllib

    from prefig import REPOSITORY_URL

    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["urls"]["Repository"] == REPOSITORY_URL


@given(st.lists(st.text(min_size=1).filter(lambda s: "/" not in s), min_size=1, max_size=4))
def test_any_file_name_makes_a_valid_uri_reference_that_decodes_back(parts: list[str]) -> None:
    import rfc3987  # type: ignore[import-untyped]  # no type hints; the test extra has it

    path = "/".join(parts)
    uri = artifact_uri(path)
    assert rfc3987.match(uri, rule="relative_ref"), uri
    assert unquote(uri, errors="surrogateescape") == path


def test_a_register_under_a_folder_name_that_is_not_utf8(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    name = os.fsdecode(b"caf\xe9")  # Latin-1 on disk: a surrogate escape in Python
    try:
        register = _repository(tmp_path, name)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    result = run("check", "-r", str(register), "--format", "sarif")
    assert result.exit_code == 1, result.output
    assert _files(result, "sarif") == {"caf%E9/data/bodies.yaml", "caf%E9/data/meetings.yaml"}
    # Text, JSON and annotations are UTF-8: the byte that is not is shown as U+FFFD.
    for fmt in ("json", "github"):
        shown = run("check", "-r", str(register), "--format", fmt)
        assert shown.exit_code == 1, shown.output
        assert _files(shown, fmt) == {"caf\ufffd/data/bodies.yaml", "caf\ufffd/data/meetings.yaml"}
    text = run("check", "-r", str(register), "--path-base", str(tmp_path / "repo"))
    assert text.stdout.startswith("caf\ufffd/data/bodies.yaml:6:49: PF101")
