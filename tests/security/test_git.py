"""Attacks through a register's git history (issue 11, items 1 and 7).

``prefig diff`` and ``prefig export ics`` read revisions that a merge request wrote: its
symbolic links must never be followed out of the register nor written through, and its past
versions are read under the same size bound as the working tree's files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.conftest import GIB, MIB, GitRepo, assert_clean_refusal, run_limited

SETTINGS = "name: Test\ntimezone: Europe/Paris\n"
BODIES = "- id: council\n  name: Council\n  kind: political\n"
MEETINGS = "- id: council-2030-01-10\n  body: council\n  date: 2030-01-10\n"


def _register(top: Path, meetings: str = MEETINGS) -> None:
    data = top / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "register.yaml").write_text(SETTINGS, "utf-8")
    (data / "bodies.yaml").write_text(BODIES, "utf-8")
    (data / "meetings.yaml").write_text(meetings, "utf-8")


def _relink(path: Path, target: str | Path) -> None:
    """Replace ``path`` by a symbolic link to ``target``."""
    if path.is_symlink() or path.exists():
        path.unlink()
    path.symlink_to(target)


def _merge_request(repo: GitRepo, links: dict[str, str | Path]) -> None:
    """Commit a valid register on main, then a branch ``mr`` whose data files are links."""
    _register(repo.top)
    repo.commit("register")
    repo.git("checkout", "-q", "-b", "mr")
    for name, target in links.items():
        _relink(repo.top / "data" / name, target)
    repo.commit("links")


# ------------------------------------------------------------------ item 1: committed links


def test_diff_does_not_write_through_an_absolute_link_pair(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    site_packages = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    site_packages.mkdir(parents=True)
    planted = site_packages / "zz-prefig.pth"
    _merge_request(git_repo, {"bodies.yaml": planted, "meetings.yaml": "bodies.yaml"})

    outcome = run_limited("diff", "main...HEAD", cwd=git_repo.top)

    assert not planted.exists()
    assert not planted.is_symlink()
    assert list(site_packages.iterdir()) == []
    assert_clean_refusal(outcome, "data/bodies.yaml", "outside the register", codes=(2,))


@pytest.mark.parametrize(
    ("links", "words"),
    [
        pytest.param(
            {"bodies.yaml": "../../secret.yaml"},
            ("data/bodies.yaml", "outside the register"),
            id="escape-through-dot-dot",
        ),
        pytest.param(
            {"bodies.yaml": "../data/../../repo/../secret.yaml"},
            ("data/bodies.yaml", "outside the register"),
            id="escape-back-and-forth",
        ),
        pytest.param(
            {
                "bodies.yaml": "meetings.yaml",
                "meetings.yaml": "venues.yaml",
                "venues.yaml": "bodies.yaml",
            },
            ("data/bodies.yaml", "loop"),
            id="loop",
        ),
        pytest.param(
            {"bodies.yaml": "bodies.yaml"},
            ("data/bodies.yaml", "loop"),
            id="link-to-itself",
        ),
        pytest.param(
            {"bodies.yaml": "../nowhere/bodies.yaml"},
            ("data/bodies.yaml", "does not have"),
            id="dangling",
        ),
        pytest.param(
            {"bodies.yaml": "register.yaml/bodies.yaml"},
            ("data/bodies.yaml", "does not have"),
            id="through-a-file",
        ),
        pytest.param(
            {"bodies.yaml": ".."},
            ("data/bodies.yaml", "folder"),
            id="link-to-a-folder",
        ),
        pytest.param(
            {"bodies.yaml": "/"},
            ("data/bodies.yaml", "outside the register"),
            id="absolute-folder",
        ),
    ],
)
def test_diff_refuses_a_link_that_does_not_stay_in_the_register(
    git_repo: GitRepo, links: dict[str, str], words: tuple[str, ...]
) -> None:
    secret = git_repo.top.parent / "secret.yaml"
    secret.write_text("- id: secret-body\n  name: TOKEN-1234\n  kind: political\n", "utf-8")

    _merge_request(git_repo, links)

    outcome = run_limited("diff", "main", "mr", cwd=git_repo.top)

    assert_clean_refusal(outcome, *words, codes=(2,))
    assert "TOKEN-1234" not in outcome.stdout + outcome.stderr


def test_diff_follows_relative_links_inside_the_register(git_repo: GitRepo) -> None:
    _register(git_repo.top)
    git_repo.commit("register")
    shared = git_repo.top / "shared"
    shared.mkdir()
    (shared / "bodies.yaml").write_text(BODIES, "utf-8")
    (shared / "meetings.yaml").write_text(
        MEETINGS + "- id: council-2030-02-10\n  body: council\n  date: 2030-02-10\n", "utf-8"
    )
    (shared / "alias.yaml").symlink_to("bodies.yaml")  # a chain: data -> shared -> shared
    (git_repo.top / "lib").symlink_to("shared")  # a link to a folder, crossed on the way
    _relink(git_repo.top / "data" / "bodies.yaml", "../shared/alias.yaml")
    _relink(git_repo.top / "data" / "meetings.yaml", "../lib/../data/../lib/meetings.yaml")
    git_repo.commit("links inside the register")

    outcome = run_limited("diff", "HEAD~1", "HEAD", "--format", "json", cwd=git_repo.top)

    assert outcome.code == 0, outcome.stderr
    report = json.loads(outcome.stdout)
    assert report["summary"]["changes"] == 1
    assert "council-2030-02-10" in outcome.stdout


def test_diff_refuses_a_link_out_of_a_register_in_a_subfolder(git_repo: GitRepo) -> None:
    """The register, not the repository, is what a link must stay in."""
    register = git_repo.top / "sub"
    _register(register)
    (git_repo.top / "other").mkdir()
    (git_repo.top / "other" / "bodies.yaml").write_text(BODIES, "utf-8")
    git_repo.commit("register")
    _relink(register / "data" / "bodies.yaml", "../../other/bodies.yaml")
    git_repo.commit("link out of the register")

    outcome = run_limited("diff", "HEAD~1", "HEAD", cwd=register)

    assert_clean_refusal(outcome, "data/bodies.yaml", "outside the register", codes=(2,))


def test_export_ics_history_neither_follows_nor_writes_links(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: leaked-2030-01-01\n  body: council\n  date: 2030-01-01\n", "utf-8")
    _register(git_repo.top)
    git_repo.commit("register")
    _relink(git_repo.top / "data" / "meetings.yaml", secret)
    _relink(git_repo.top / "data" / "venues.yaml", "../../../secret.yaml")
    _relink(git_repo.top / "data" / "bodies.yaml", "bodies.yaml")
    git_repo.commit("links")
    for name in ("meetings.yaml", "venues.yaml", "bodies.yaml"):
        (git_repo.top / "data" / name).unlink()
    _register(git_repo.top)
    git_repo.commit("back to files")
    before = sorted(p.name for p in tmp_path.iterdir())

    outcome = run_limited("export", "ics", cwd=git_repo.top)

    assert outcome.code == 0, outcome.stderr
    assert "leaked" not in outcome.stdout
    assert "council-2030-01-10" in outcome.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert secret.read_text("utf-8").startswith("- id: leaked")


# ------------------------------------------------------------------ item 7: oversized history

BIG_BYTES = 200 * MIB


def _baseline_peak(repo: GitRepo) -> int:
    """The peak of ``prefig check`` on the same register, which reads no history: what the
    child costs anyway (its peak also counts the test process it was forked from)."""
    outcome = run_limited("check", cwd=repo.top, memory=1 * GIB)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    return outcome.peak_bytes


@pytest.fixture(scope="module")
def big_history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    """A repository whose first commit has a 200 MB meetings.yaml (comment lines), then a
    valid register: built once, since writing the blob takes a second or two."""
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("big")
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        patch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        patch.setenv("HOME", str(home))
        for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES"):
            patch.delenv(var, raising=False)
        repo = GitRepo(home / "repo")
        _register(repo.top)
        line = b"# " + b"x" * 1021 + b"\n"
        with (repo.top / "data" / "meetings.yaml").open("wb") as stream:
            for _ in range(BIG_BYTES // (len(line) * 1024)):
                stream.write(line * 1024)
        repo.git("config", "core.compression", "0")
        repo.commit("a 200 MB meetings.yaml")
        _register(repo.top)
        repo.commit("register")
        yield repo


def test_export_ics_passes_over_an_oversized_past_version(big_history: GitRepo) -> None:
    first = big_history.git("rev-list", "--max-parents=0", "HEAD")

    outcome = run_limited("export", "ics", cwd=big_history.top, memory=1 * GIB)

    assert outcome.code == 0, outcome.stderr
    assert "council-2030-01-10" in outcome.stdout
    assert f"data/meetings.yaml at commit {first[:10]}" in outcome.stderr
    assert "not read" in outcome.stderr
    assert outcome.peak_bytes < _baseline_peak(big_history) + BIG_BYTES // 4, outcome.peak_bytes


def test_export_ics_size_bound_follows_the_environment(big_history: GitRepo) -> None:
    outcome = run_limited(
        "export", "ics", cwd=big_history.top, env={"PREFIG_MAX_FILE_BYTES": "100"}
    )
    assert outcome.code == 0, outcome.stderr  # the working tree's files are small enough
    assert "data/meetings.yaml at commit" in outcome.stderr
    assert "more than the 100 a data file may have" in outcome.stderr


def test_diff_refuses_an_oversized_file_at_a_revision(big_history: GitRepo) -> None:
    outcome = run_limited("diff", "HEAD~1", "HEAD", cwd=big_history.top, memory=1 * GIB)

    assert_clean_refusal(outcome, "HEAD~1", "data/meetings.yaml", "PF002", codes=(2,))
    assert outcome.peak_bytes < _baseline_peak(big_history) + BIG_BYTES // 4, outcome.peak_bytes
