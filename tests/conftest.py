"""Shared fixtures: the shipped register and a CLI runner that fails loudly on exceptions."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

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


def empty_register(root: Path, settings: str = "name: Test\n") -> Path:
    """The smallest register at ``root``: settings and an empty list of bodies."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "register.yaml").write_text(settings, "utf-8")
    (root / "data" / "bodies.yaml").write_text("[]\n", "utf-8")
    return root


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; unexpected exceptions propagate and fail the test."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False, env=env)

    return invoke
