"""Shared fixtures: the shipped register and a CLI runner that fails loudly on exceptions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from prefig.cli import app

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; unexpected exceptions propagate and fail the test."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), catch_exceptions=False, env=env)

    return invoke
