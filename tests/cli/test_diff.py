"""``prefig diff`` end to end: small git repositories built in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.gitread import GitReadError, Repository, load_at, locate, resolve
from tests.conftest import TESTS, Golden
from tests.security.conftest import GitRepo as ThrowAwayRepo

FIXTURES = TESTS / "fixtures" / "diff"
AS_OF = "2030-03-10"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


class GitRepo(ThrowAwayRepo):
    """A throw-away repository whose register sits in ``sub/register``."""

    def __init__(self, top: Path) -> None:
        super().__init__(top)
        self.root = top / "sub" / "register"
        self.root.mkdir(parents=True)

    def put(self, fixture: str) -> None:
        """Make the register's data/ exactly the fixture's."""
        shutil.rmtree(self.root / "data", ignore_errors=True)
        shutil.copytree(FIXTURES / fixture / "data", self.root / "data")

    def write(self, name: str, text: str) -> None:
        (self.root / "data" / name).write_text(text, encoding="utf-8")

    def commit(self, message: str, tag: str | None = None) -> str:
        sha = super().commit(message)
        if tag:
            self.git("tag", tag)
        return sha


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    # No system or user configuration may change what git does here.
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    made = GitRepo(tmp_path / "repo")
    made.put("base")
    made.commit("base", tag="v1")
    return made


def _diff(run: Callable[..., Result], repo: GitRepo, *args: str) -> Result:
    return run("--register", str(repo.root), "diff", "--as-of", AS_OF, *args)


def _normalise(text: str, **commits: str) -> str:
    for name, sha in commits.items():
        text = text.replace(sha, f"<{name}>").replace(sha[:10], f"<{name}>")
    return text


# --------------------------------------------------------------------------- which sides


def test_clean_working_tree_has_no_changes(run: Callable[..., Result], repo: GitRepo) -> None:
    result = _diff(run, repo, "--exit-code")
    assert result.exit_code == 0, result.output
    assert "No changes to the register." in result.stdout
    assert result.stdout.startswith("HEAD (")


def test_working_tree_against_head(run: Callable[..., Result], repo: GitRepo) -> None:
    repo.put("head")
    result = _diff(run, repo, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["head"] == {"revision": None, "commit": None, "label": "working tree"}
    assert report["base"]["revision"] == "HEAD"
    assert report["summary"]["changes"] == 20
    assert _diff(run, repo, "--exit-code").exit_code == 1


def test_ranges_as_git_diff_reads_them(run: Callable[..., Result], repo: GitRepo) -> None:
    """A..B is A B; A...B starts where B forked from A: what a merge request changes."""
    fork = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("venues.yaml", "- id: salle-a\n  name: Salle du conseil de A\n")
    feature = repo.commit("feature: salle-b removed")
    repo.git("checkout", "-q", "-")
    repo.write("venues.yaml", "- id: salle-a\n  name: Salle A\n- id: salle-b\n  name: B\n")
    repo.commit("main: venues renamed")

    def changes(*args: str) -> list[tuple[str, str]]:
        result = _diff(run, repo, *args, "--format", "json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout)
        return [(c["type"], c["id"]) for c in report["changes"]]

    assert changes("HEAD..feature") == changes("HEAD", "feature")
    assert changes("HEAD..feature") == [("venue-changed", "salle-a"), ("venue-removed", "salle-b")]
    assert changes("HEAD...feature") == [("venue-removed", "salle-b")]
    assert changes("...feature") == [("venue-removed", "salle-b")]
    text = _diff(run, repo, "HEAD...feature").stdout.splitlines()[0]
    assert text.startswith(f"merge-base HEAD feature ({fork[:10]}) → feature ({feature[:10]})")

    repo.git("checkout", "-q", "--orphan", "alone")
    repo.commit("unrelated history")
    result = _diff(run, repo, "feature...alone")
    assert result.exit_code == 2
    assert "feature and alone have no common ancestor" in result.stderr
    both = _diff(run, repo, "v1..feature", "HEAD")
    assert both.exit_code == 2
    assert "'v1..feature' is a range: give a range, or two revisions, not both." in both.stderr


def test_working_tree_against_base(run: Callable[..., Result], repo: GitRepo) -> None:
    repo.put("head")
    repo.commit("head")
    assert "No changes" in _diff(run, repo).stdout  # the working tree is HEAD
    repo.write("venues.yaml", "- id: salle-a\n  name: Salle A\n")
    result = _diff(run, repo, "v1", "--format", "json")
    assert result.exit_code == 0, result.output
    types = {c["type"] for c in json.loads(result.stdout)["changes"]}
    assert {"body-renamed", "venue-changed", "venue-removed"} <= types


def test_two_revisions_text(run: Callable[..., Result], golden: Golden, repo: GitRepo) -> None:
    repo.put("head")
    head = repo.commit("head")
    base = repo.git("rev-parse", "v1")
    repo.put("base")  # the working tree plays no part
    result = _diff(run, repo, "v1", "HEAD", "--exit-code")
    assert result.exit_code == 1, result.output
    golden("diff/two-revisions.txt", _normalise(result.stdout, base=base, head=head))
    assert "\x1b[" not in result.stdout
    by_sha = _diff(run, repo, base[:12], head[:12], "--format", "json")
    assert json.loads(by_sha.stdout)["head"] == {
        "revision": head[:12],
        "commit": head,
        "label": head[:10],
    }
    # A commit id is not shown twice.
    text = _diff(run, repo, base[:7], head)
    assert text.stdout.splitlines()[0].startswith(f"{base[:10]} → {head[:10]} (as of ")
    markdown = _diff(run, repo, base[:7], "HEAD", "--format", "markdown")
    assert markdown.stdout.startswith(f"### Register changes: `{base[:10]}` → `HEAD` ({head[:10]})")


@pytest.mark.parametrize(("fmt", "suffix"), [("markdown", "md"), ("json", "json")])
def test_two_revisions_golden(
    run: Callable[..., Result], golden: Golden, repo: GitRepo, fmt: str, suffix: str
) -> None:
    repo.put("head")
    head = repo.commit("head", tag="v2")
    base = repo.git("rev-parse", "v1")
    result = _diff(run, repo, "v1", "v2", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"diff/two-revisions.{suffix}", _normalise(result.stdout, base=base, head=head))


def test_notice_period_flag_in_markdown(run: Callable[..., Result], repo: GitRepo) -> None:
    repo.put("head")
    result = _diff(run, repo, "--format", "markdown")
    attention = result.stdout.split("**Needs attention**")[1].split("####")[0]
    assert "the notice period of COPIL (5 days) can no longer be met" in attention
    assert "(`copil-2030-03-20`): moved to 2030-03-12" in attention
    later = _diff(run, repo, "--format", "json", "--as-of", "2030-03-01")
    assert json.loads(later.stdout)["summary"]["warnings"] == 1  # the parity only


def test_colour_only_when_wanted(
    run: Callable[..., Result], repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.put("head")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in _diff(run, repo).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in _diff(run, repo).stdout


def test_markdown_with_no_changes(run: Callable[..., Result], repo: GitRepo) -> None:
    result = _diff(run, repo, "--format", "markdown")
    assert result.stdout.endswith("→ working tree\n\nNo changes to the register.\n")


# --------------------------------------------------------------------------- what cannot be read


def test_unknown_revision(run: Callable[..., Result], repo: GitRepo) -> None:
    result = _diff(run, repo, "no-such-branch")
    assert result.exit_code == 2
    assert "revision 'no-such-branch': unknown revision" in result.stderr
    assert "shallow" not in result.stderr
    assert result.stdout == ""


def test_unknown_revision_in_a_shallow_clone_says_so(
    run: Callable[..., Result], repo: GitRepo, tmp_path: Path
) -> None:
    repo.put("head")
    repo.commit("head")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.top.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    result = run("--register", str(clone / "sub" / "register"), "diff", "HEAD~1")
    assert result.exit_code == 2
    assert "unknown revision" in result.stderr
    assert "the repository is a shallow clone: fetch more history" in result.stderr


def test_register_invalid_at_one_revision_is_reported(
    run: Callable[..., Result], repo: GitRepo
) -> None:
    repo.write("meetings.yaml", "- id: copil-2030-03-20\n  body: copil\n  date: 20 mars\n")
    bad = repo.commit("bad dates")
    repo.write("bodies.yaml", "- id: copil\n  name: [unclosed\n")
    repo.commit("bad yaml")
    repo.put("head")
    result = _diff(run, repo, "v1", "HEAD~1")
    assert result.exit_code == 2
    assert f"the register at HEAD~1 ({bad[:10]}) is invalid, so it cannot be compared:" in (
        result.stderr
    )
    assert "data/meetings.yaml:3:9: PF012 date:" in result.stderr
    result = _diff(run, repo, "HEAD")
    assert result.exit_code == 2
    assert "the register at HEAD (" in result.stderr
    assert "cannot be read:\n  data/bodies.yaml:" in result.stderr
    assert "PF004 invalid YAML" in result.stderr
    assert "`prefig check` (on a checkout of that revision) lists every problem." in result.stderr


def test_register_invalid_in_the_working_tree(run: Callable[..., Result], repo: GitRepo) -> None:
    repo.write("register.yaml", "name: [\n")
    result = _diff(run, repo)
    assert result.exit_code == 2
    assert "the register at the working tree cannot be read:" in result.stderr
    assert result.stderr.endswith("\n`prefig check` lists every problem.\n")


def test_register_absent_at_a_revision(run: Callable[..., Result], repo: GitRepo) -> None:
    (repo.top / "README").write_text("x\n", encoding="utf-8")
    repo.git("checkout", "-q", "--orphan", "other")
    repo.git("rm", "-rq", "--cached", ".")
    repo.git("add", "README")
    repo.git("commit", "-q", "-m", "unrelated")
    result = _diff(run, repo, "other", "v1")
    assert result.exit_code == 2
    assert "revision 'other': the register is not in this revision: it has no sub/register/" in (
        result.stderr
    )


def test_not_a_git_repository(run: Callable[..., Result], tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(FIXTURES / "base", root)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run("--register", str(root), "diff", env=env)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_repository_without_commits(run: Callable[..., Result], tmp_path: Path) -> None:
    top = tmp_path / "empty"
    shutil.copytree(FIXTURES / "base", top)
    subprocess.run(["git", "init", "-q"], cwd=top, check=True)
    result = run("--register", str(top), "diff")
    assert result.exit_code == 2
    assert "revision 'HEAD': the repository has no commit yet" in result.stderr


def test_two_revisions_need_no_register_in_the_working_tree(
    run: Callable[..., Result], repo: GitRepo
) -> None:
    repo.put("head")
    repo.commit("head")
    shutil.rmtree(repo.root / "data")
    result = _diff(run, repo, "v1", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["changes"] == 20
    assert _diff(run, repo, "v1").exit_code == 2  # the working tree is needed, and absent


# --------------------------------------------------------------------------- reading through git


def _repository(repo: GitRepo) -> Repository:
    found = locate(repo.root)
    assert found.prefix == "sub/register/"
    assert found.toplevel.resolve() == repo.top.resolve()
    return found


def test_symbolic_links_are_judged_as_in_a_checkout(repo: GitRepo) -> None:
    (repo.root / "data" / "venues.yaml").unlink()
    (repo.root / "shared").mkdir()
    (repo.root / "shared" / "venues.yaml").write_text("- id: salle-z\n  name: Z\n", "utf-8")
    (repo.root / "data" / "venues.yaml").symlink_to("../shared/venues.yaml")
    (repo.root / "data" / "people.yaml").unlink()
    (repo.root / "data" / "people.yaml").symlink_to("/etc/hostname")
    repo.commit("links")
    found = _repository(repo)
    result = load_at(found, resolve(found, "HEAD"))
    assert result.register is not None
    assert [v.id for v in result.register.venues] == ["salle-z"]
    assert [d.code for d in result.diagnostics] == ["PF001"]
    assert "outside the register" in result.diagnostics[0].message


def test_files_over_the_size_limit_are_not_read(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFIG_MAX_FILE_BYTES", "100")
    found = _repository(repo)
    result = load_at(found, resolve(found, "v1"))
    assert {d.code for d in result.diagnostics} == {"PF002"}
    size = (FIXTURES / "base" / "data" / "bodies.yaml").stat().st_size
    assert f"data/bodies.yaml is {size} bytes" in next(
        d.message for d in result.diagnostics if d.location.file == "data/bodies.yaml"
    )


def test_revision_names_are_not_options(repo: GitRepo) -> None:
    found = _repository(repo)
    with pytest.raises(GitReadError, match="not a revision name"):
        resolve(found, "--output=x")
    with pytest.raises(GitReadError, match="unknown revision"):
        resolve(found, "v1:sub")


def test_repository_is_the_registers_even_inside_a_hook(
    run: Callable[..., Result], repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    repo.put("head")
    result = _diff(run, repo, "v1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["changes"] == 20


def test_without_git(
    run: Callable[..., Result], repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = _diff(run, repo)
    assert result.exit_code == 2
    assert "git is not installed or not on PATH" in result.stderr
