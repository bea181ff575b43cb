"""Fixtures of the export tests: a fresh copy of the export fixture register (outside any git
repository, so that SEQUENCE does not depend on this project's history) and golden files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "export"
GOLDEN = REPO / "tests" / "golden" / "export"
UPDATE = os.environ.get("PREFIG_UPDATE_GOLDEN") == "1"


@pytest.fixture
def register_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The export fixture register, copied to a folder that git will not look above."""
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.fixture
def golden() -> Callable[[str, str | bytes], None]:
    """Compare output with ``tests/golden/export/<name>``; PREFIG_UPDATE_GOLDEN=1 rewrites it."""

    def check(name: str, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        path = GOLDEN / name
        if UPDATE:
            path.write_bytes(data)
        assert path.exists(), f"{path} is missing; run with PREFIG_UPDATE_GOLDEN=1 to create it"
        assert data == path.read_bytes(), f"output differs from {path} (review, then update)"

    return check
