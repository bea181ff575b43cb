"""Fixtures of the export tests: a fresh copy of the export fixture register (outside any git
repository, so that SEQUENCE does not depend on this project's history). Golden files are
compared with the ``golden`` fixture of tests/conftest.py, under tests/golden/export/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "export"


@pytest.fixture
def register_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The export fixture register, copied to a folder that git will not look above."""
    root = tmp_path / "register"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root
