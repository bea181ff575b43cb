"""Shared fixtures: the shipped register, a CLI runner that fails loudly on exceptions, and the
one comparison with golden files (``tests/golden/``; ``PREFIG_UPDATE_GOLDEN=1`` rewrites them)."""

from __future__ import annotations

import difflib
import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from prefig.cli import app

# In CI, property tests run with a fixed seed so that a run is reproducible and a landing is
# never decided by chance; locally they explore (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO
TESTS = REPO / "tests"
GOLDEN = TESTS / "golden"
UPDATE_GOLDEN = os.environ.get("PREFIG_UPDATE_GOLDEN", "") not in ("", "0")
REGENERATE = "run with PREFIG_UPDATE_GOLDEN=1 to write it, then review the diff"

Golden = Callable[[str, str | bytes], None]


def empty_register(root: Path, settings: str = "name: Test\n") -> Path:
    """The smallest register at ``root``: settings and an empty list of bodies."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "register.yaml").write_text(settings, "utf-8")
    (root / "data" / "bodies.yaml").write_text("[]\n", "utf-8")
    return root


SARIF_SCHEMA = TESTS / "sarif-2.1.0" / "sarif-schema-2.1.0.json"


def validate_sarif(text: str) -> dict[str, Any]:
    """The SARIF log in ``text``, after validating it against the official SARIF 2.1.0 schema
    with format checking (``uri``, ``uri-reference``: a path with a space is not a URI)."""
    import jsonschema

    checker = jsonschema.FormatChecker()
    # Without rfc3987 (the test extra), jsonschema skips the URI formats silently.
    assert {"uri", "uri-reference"} <= set(checker.checkers), "install the test extra"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(text)
    validator = jsonschema.Draft4Validator(schema, format_checker=checker)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)
    ]
    assert not errors, "the SARIF log is invalid:\n" + "\n".join(errors)
    assert isinstance(log, dict)
    return log


def _asks_for_sarif(args: list[str]) -> bool:
    pairs = itertools.pairwise(args)
    return "--format=sarif" in args or any(
        a in ("--format", "-f") and b == "sarif" for a, b in pairs
    )


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; unexpected exceptions propagate and fail the test. Every SARIF
    log a command prints is validated against the SARIF 2.1.0 schema."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, list(args), catch_exceptions=False, env=env)
        if _asks_for_sarif(list(args)) and result.stdout.strip():
            validate_sarif(result.stdout)
        return result

    return invoke


def compare_golden(path: Path, actual: str | bytes, *, hint: str = REGENERATE) -> None:
    """Fail unless ``path`` holds exactly ``actual`` (text is written as UTF-8, byte for byte).

    With PREFIG_UPDATE_GOLDEN=1 the file is first rewritten if it differs, so that a run
    changes only what changed. ``hint`` says how to regenerate a file that has its own generator.
    """
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    shown_path = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if UPDATE_GOLDEN and (not path.is_file() or path.read_bytes() != data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if not path.is_file():
        pytest.fail(f"{shown_path} is missing; {hint}", pytrace=False)
    stored = path.read_bytes()
    if stored == data:
        return
    lines = difflib.unified_diff(
        stored.decode("utf-8", "replace").splitlines(keepends=True),
        data.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=str(shown_path),
        tofile="actual",
    )
    shown = "".join(lines) or "(the bytes differ, the decoded text does not)\n"
    pytest.fail(f"output differs from {shown_path}; {hint}\n{shown}", pytrace=False)


@pytest.fixture
def golden() -> Golden:
    """``golden(name, actual)``: compare ``actual`` with ``tests/golden/<name>``."""

    def check(name: str, actual: str | bytes) -> None:
        compare_golden(GOLDEN / name, actual)

    return check
