"""The pre-commit hook, run by pre-commit itself in a throw-away repository whose register
sits below the repository root (the setup docs/ci.md describes).

The hook is this repository's own definition (.pre-commit-hooks.yaml), used as a ``local``
hook with ``language: system`` so that no network is needed: its ``prefig`` is this source
tree's, on PATH. Everything else (``files``, ``pass_filenames``, ``require_serial``, the
entry) is the manifest's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, TESTS

RULES = TESTS / "fixtures" / "rules" / "PF101"
SRC = REPO / "src"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _hook(**override: Any) -> dict[str, Any]:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {**hook, "language": "system", **override}


class Repository:
    """A git repository with a register at ``registers/2015`` and a pre-commit config."""

    def __init__(self, root: Path, hook: dict[str, Any]) -> None:
        self.root = root / "repo"
        self.bin = root / "bin"
        self.env = {
            **os.environ,
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "PRE_COMMIT_HOME": str(root / "cache"),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "NO_COLOR": "1",
        }
        self.env.pop("PREFIG_REGISTER", None)
        self.bin.mkdir(parents=True)
        launcher = self.bin / "prefig"
        launcher.write_text(
            f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(SRC)!r})\n"
            "from prefig.cli import main\nmain()\n",
            encoding="utf-8",
        )
        launcher.chmod(0o755)
        self.root.mkdir()
        self.git("init", "-q")
        config = {"repos": [{"repo": "local", "hooks": [hook]}]}
        (self.root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True, timeout=60)

    def register(self, variant: str, where: str = "registers/2015") -> None:
        target = self.root / where
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RULES / variant, target)

    def pre_commit(self) -> subprocess.CompletedProcess[str]:
        self.git("add", "-A")
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


def test_the_hook_checks_a_register_below_the_root(tmp_path: Path) -> None:
    repo = Repository(tmp_path, _hook())
    repo.register("fail")
    failed = repo.pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "prefig check" in failed.stdout and "Failed" in failed.stdout
    assert "PF101" in failed.stdout
    # Relative to the repository root, where pre-commit runs: the paths can be followed.
    assert "registers/2015/data/meetings.yaml:1:32: PF101" in failed.stdout
    repo.register("pass")
    passed = repo.pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_the_documented_files_override_watches_one_register(tmp_path: Path) -> None:
    """Another folder named data/ (not a register) makes the default pattern fail loudly;
    the documented override narrows the hook to the register."""
    stray = Repository(tmp_path / "a", _hook())
    stray.register("pass")
    notes = stray.root / "docs" / "data" / "notes.yaml"
    notes.parent.mkdir(parents=True)
    notes.write_text("a: 1\n", encoding="utf-8")
    refused = stray.pre_commit()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "- exit code: 2" in refused.stdout
    assert "docs/data/notes.yaml is in no register" in refused.stdout

    narrowed = Repository(tmp_path / "b", _hook(files="^registers/2015/data/"))
    narrowed.register("fail")
    shutil.copytree(notes.parent, narrowed.root / "docs" / "data")
    failed = narrowed.pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "registers/2015/data/bodies.yaml:6:49: PF101" in failed.stdout
    narrowed.register("pass")
    assert narrowed.pre_commit().returncode == 0


def test_nothing_to_check_when_no_data_file_changed(tmp_path: Path) -> None:
    repo = Repository(tmp_path, _hook())
    (repo.root / "README.md").write_text("x\n", encoding="utf-8")
    skipped = repo.pre_commit()
    assert skipped.returncode == 0
    assert "no files to check" in skipped.stdout


@pytest.mark.skipif(
    not os.environ.get("PREFIG_TEST_HOOK_INSTALL"),
    reason="installs prefig and its dependencies from the package index; "
    "set PREFIG_TEST_HOOK_INSTALL=1 to run",
)
def test_the_hook_as_published_installs_and_runs(tmp_path: Path) -> None:
    """The manifest as a register's repository uses it (``language: python``, this
    repository at its current commit), installed by pre-commit in its own environment."""
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    repo = Repository(tmp_path, _hook())
    config = {"repos": [{"repo": str(REPO), "rev": commit, "hooks": [{"id": "prefig-check"}]}]}
    (repo.root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    repo.bin.joinpath("prefig").unlink()  # the hook's own environment provides prefig
    repo.register("fail")
    failed = repo.pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "registers/2015/data/meetings.yaml:1:32: PF101" in failed.stdout
