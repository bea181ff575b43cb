"""A campaign of hostile merge requests: random registers, templates and histories, fed to every
command that reads them.

Whatever the register, its templates or its git history hold, prefig must end with exit 0, 1 or
2 (never 3, never a traceback), write nothing outside the output folder it was given, and print
nothing it read outside the register (a secret beside it, in ``.git/config``, behind a link).

The number of examples per test comes from ``PREFIG_CAMPAIGN_EXAMPLES`` (a few by default, so
that CI stays fast; raise it to hunt).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import REPO
from tests.security.conftest import GIB, GitRepo, run_limited
from tests.test_hardening_fuzz import paths

BASE = REPO / "tests" / "fixtures" / "render" / "full"
KINDS = sorted(p.stem for p in (BASE / "data").glob("*.yaml"))
PARSED = {
    kind: yaml.safe_load((BASE / "data" / f"{kind}.yaml").read_text("utf-8")) for kind in KINDS
}
# The e-mail commands go as far as the messages: a sender, and members with addresses.
PARSED["register"]["sender"] = {"name": "Greffe", "address": "greffe@example.org"}
for _person in PARSED["people"]:
    _person["email"] = f"{_person['id']}@example.org"
MEETING = "ce-2015-02-13"
SECRET = "SECRET-7f3a9c-do-not-print"
EXAMPLES = int(os.environ.get("PREFIG_CAMPAIGN_EXAMPLES", "8"))

# A failing example's files are long; their repr is what a failure has to show.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

CAMPAIGN = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# Every command that reads the register, with ``{out}`` where it writes.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "sarif"),
    ("meetings", "next"),
    ("meetings", "list"),
    ("meetings", "show", MEETING),
    ("meetings", "calendar", "--month", "2015-02"),
    ("meetings", "calendar"),
    ("bodies", "list"),
    ("bodies", "show", "commission-essai"),
    ("bodies", "graph", "--format", "dot"),
    ("bodies", "graph", "--format", "markdown"),
    ("people", "list"),
    ("people", "show", "claire-dupont"),
    ("decisions", "list"),
    ("decisions", "show", "calendrier-commun"),
    ("render", "agenda", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "notice", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "convocations", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "attendance-sheet", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "minutes", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "deliberations", MEETING, "--draft", "--force", "--out", "{out}"),
    ("render", "convocations", MEETING, "-f", "eml", "--draft", "--skip-missing", "--out", "{out}"),
    ("send", "convocations", MEETING, "--dry-run", "--skip-missing"),
    ("deliberations", "list"),
    ("templates", "list"),
    ("export", "ics", "--force", "--out", "{out}/meetings.ics"),
    ("export", "json", "--force", "--out", "{out}/register.json"),
    ("export", "oparl", "--force", "--out", "{out}/oparl.json"),
    ("export", "popolo", "--force", "--out", "{out}/popolo.json"),
)

# A number too long for Python's int(str) limit: dumped as a sentinel, then spelt out.
HUGE_INT = 7_777_777_777_777_777
HUGE_DIGITS = "9" * 5000

DAYS = st.sampled_from(
    [
        dt.date(9999, 12, 31),
        dt.date(1, 1, 1),
        dt.date(1799, 12, 31),
        dt.date(2200, 12, 31),
        dt.date(2201, 1, 1),
        "2015-02-30",
        "9999-12-31T23:59:59",
    ]
)
TIMES = st.sampled_from(["00:00", "23:59", "24:00", "25:99", "12:00:00.999999", "-1:00", "1e9"])
NUMBERS = st.sampled_from([0, -1, 2**63, -(2**63), HUGE_INT, 1e308, float("nan"), "1/0", "0/0"])
TEXTS = st.sampled_from(
    [
        "a\rb\r- injected item",
        "a\u2028- injected\u2029## heading",
        "x\x85y",
        "<script>alert(1)</script>",
        "[click](javascript:alert(1)) ![x](http://evil.invalid/x.png)",
        "{{ 7*7 }} {% include '.git/config' %}",
        '" onload="alert(1)',
        "\\\\server\\share",
        "x" * 20_001,
        "é" * 5000,
        "| a | b |\n|---|---|",
        "\t",
        "",
    ]
)
SLUGS = st.sampled_from(
    ["a" * 120, "a" * 121, "..", "../../etc", "con", "x/y", "aux", "-", "a" * 119 + "-"]
)
RANDOM = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | DAYS | TIMES | NUMBERS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=5,
)


def typed_values(key: Any) -> st.SearchStrategy[Any]:
    """Hostile values of the type a key expects, so that they get past validation and reach
    the commands, and random ones."""
    name = str(key)
    if "date" in name or name in {"start", "end", "due", "since", "until"}:
        return DAYS | RANDOM
    if "time" in name:
        return TIMES | RANDOM
    if name in {"level", "quorum", "count", "seats", "number", "sequence"}:
        return NUMBERS | RANDOM
    if name in {"id", "body", "meeting", "person", "organization", "location", "source"}:
        return SLUGS | TEXTS | RANDOM
    return TEXTS | RANDOM


def text_attack(draw: st.DrawFn, text: str) -> str:
    """A hostile rewrite of a file's text: bombs, tags, nesting, truncation, many keys."""
    attack = draw(st.sampled_from(["alias", "tag", "nest", "truncate", "anchor-bang", "keys"]))
    if attack == "alias":
        size = draw(st.sampled_from([10, 100_000]))
        count = draw(st.sampled_from([3, 300, 3000]))
        return f"- id: a\n  name: &s {'x' * size}\n  note: [{', '.join(['*s'] * count)}]\n"
    if attack == "tag":
        return f"- id: !!python/object:os.system {'&' * 5000}!\n"
    if attack == "nest":
        depth = draw(st.sampled_from([300, 3000]))
        return "- " * depth + "x\n"
    if attack == "truncate":
        return text[: draw(st.integers(min_value=0, max_value=len(text)))]
    if attack == "anchor-bang":
        return "- id: " + "&a " * 200 + "x\n"
    keys = "".join(f"  k{n}: {n}\n" for n in range(3000))
    return f"- id: many\n{keys}"


@st.composite
def hostile_registers(draw: st.DrawFn) -> dict[str, str]:
    """The text of every data file, some of them made hostile."""
    files: dict[str, str] = {}
    for kind in KINDS:
        data = json.loads(json.dumps(PARSED[kind], default=str))
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            path = draw(st.sampled_from([p for p in paths(data) if p]))
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = draw(typed_values(path[-1]))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
        text = text.replace(str(HUGE_INT), HUGE_DIGITS)
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            text = text_attack(draw, text)
        files[kind] = text
    return files


PLANTINGS = ("none", "templates-dot", "data-secret", "data-git", "out-name-secret")


def plant(root: Path, out: Path, planting: str) -> None:
    """Links a merge request could commit, aimed at a secret."""
    if planting == "templates-dot":
        shutil.rmtree(root / "templates", ignore_errors=True)
        (root / "templates").symlink_to(".")
        for name in ("agenda", "notice", "convocation"):
            (root / f"{name}.md.j2").write_text(
                '{% include ".git/config" %}{% include "../secret.txt" %}', "utf-8"
            )
    elif planting == "data-secret":
        (root / "data" / "sources.yaml").unlink()
        (root / "data" / "sources.yaml").symlink_to(root.parent / "secret.txt")
    elif planting == "data-git":
        (root / "data" / "venues.yaml").unlink()
        (root / "data" / "venues.yaml").symlink_to("../.git/config")
    elif planting == "out-name-secret":
        out.mkdir()
        (out / "meetings.ics").symlink_to(root.parent / "secret.txt")


def snapshot(top: Path, skip: Path) -> dict[str, tuple[int, int, int]]:
    """Size, modification time and mode of everything under ``top`` but ``skip``."""
    seen: dict[str, tuple[int, int, int]] = {}
    for folder, subfolders, files in os.walk(top):
        if Path(folder) == skip:
            subfolders.clear()
            continue
        for name in files + subfolders:
            path = Path(folder) / name
            if path == skip:
                continue
            info = path.lstat()
            seen[str(path.relative_to(top))] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return seen


def assert_clean(result: Result, command: tuple[str, ...]) -> None:
    shown = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), f"{command}: exit {result.exit_code}\n{shown[-2000:]}"
    assert "Traceback" not in shown, f"{command}\n{shown[-2000:]}"
    assert SECRET not in shown, f"{command} printed a secret\n{shown[-2000:]}"


def secret_workspace() -> tuple[tempfile.TemporaryDirectory[str], Path, Path]:
    """A folder holding a secret, and beside it a register whose ``.git/config`` holds one
    too; returns the holder, the register root and the output folder."""
    holder = tempfile.TemporaryDirectory()
    top = Path(holder.name)
    (top / "secret.txt").write_text(f"token: {SECRET}\n", "utf-8")
    root = top / "register"
    shutil.copytree(BASE, root)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = {SECRET}\n", "utf-8")
    return holder, root, top / "out"


@CAMPAIGN
@given(files=hostile_registers(), planting=st.sampled_from(PLANTINGS))
def test_hostile_registers_through_every_command(
    run: Callable[..., Result], files: dict[str, str], planting: str
) -> None:
    holder, root, out = secret_workspace()
    with holder:
        for kind, text in files.items():
            (root / "data" / f"{kind}.yaml").write_text(text, "utf-8", newline="")
        (root / "templates").mkdir()
        plant(root, out, planting)
        before = snapshot(root.parent, out)
        for command in COMMANDS:
            args = [part.replace("{out}", str(out)) for part in command]
            assert_clean(run("--register", str(root), *args), command)
        assert snapshot(root.parent, out) == before
        for written in out.rglob("*") if out.exists() else ():
            if written.is_file() and not written.is_symlink():
                assert SECRET.encode() not in written.read_bytes(), written


TEMPLATE_PIECES = st.sampled_from(
    [
        "{{ meeting.name }}",
        "{% for m in members %}{{ m }}{% endfor %}",
        '{{ ("x" * 1000)|join(",") }}',
        '{{ (["x" * 1000] * 1000)|join }}',
        "{{ ','.join(['y' * 100000] * 10000) }}",
        '{{ "{:>999999999}".format(1) }}',
        "{{ range(10**9)|list|tojson }}",
        "{{ lipsum(10000) }}",
        '{% set ns = namespace(s="a") %}{% for _ in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
        "{% endfor %}{{ ns.s|length }}",
        '{% include ".git/config" %}',
        '{% include "../secret.txt" %}',
        '{% include "/etc/passwd" %}',
        "{{ self.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}",
        "{{ '%s' % ('x' * 10**8) }}",
        '{{ "x"|center(10**9) }}',
        "{{ 'x'|indent(10**9) }}",
        "{% extends 'agenda.md.j2' %}",
        "{{",
        "{% endfor %}",
        "\x00\xff",
    ]
)


@st.composite
def hostile_templates(draw: st.DrawFn) -> bytes:
    if draw(st.integers(min_value=0, max_value=7)) == 0:
        return draw(st.binary(min_size=1, max_size=64))
    pieces = draw(st.lists(TEMPLATE_PIECES | st.text(max_size=20), min_size=1, max_size=4))
    return "\n".join(pieces).encode("utf-8", "surrogatepass")


@CAMPAIGN
@given(
    template=hostile_templates(),
    document=st.sampled_from(["agenda", "notice", "convocation"]),
)
def test_hostile_templates_through_every_document(template: bytes, document: str) -> None:
    holder, root, out = secret_workspace()
    with holder:
        (root / "templates").mkdir()
        (root / "templates" / f"{document}.md.j2").write_bytes(template)
        command = "convocations" if document == "convocation" else document
        before = snapshot(root.parent, out)
        outcome = run_limited(
            "--register",
            str(root),
            "render",
            command,
            MEETING,
            "--draft",
            "--out",
            str(out),
            memory=2 * GIB,
            cpu_seconds=60,
        )
        shown = outcome.stdout + outcome.stderr
        assert outcome.code in (0, 1, 2), f"exit {outcome.code}\n{shown[-2000:]}"
        assert "Traceback" not in shown, shown[-2000:]
        assert SECRET not in shown
        assert snapshot(root.parent, out) == before
        for written in out.rglob("*") if out.exists() else ():
            assert SECRET.encode() not in written.read_bytes(), written


@settings(CAMPAIGN, max_examples=max(EXAMPLES // 2, 2))
@given(files=hostile_registers(), links=st.booleans())
def test_hostile_history_through_diff_and_calendar(
    git_repo: GitRepo, files: dict[str, str], links: bool
) -> None:
    # ``git_repo`` sets up a git without user configuration; each example gets its own
    # repository beside it.
    with tempfile.TemporaryDirectory() as holder:
        planted = Path(holder) / "site-packages" / "planted.pth"
        planted.parent.mkdir()
        repo = GitRepo(Path(holder) / "repo")
        shutil.copytree(BASE / "data", repo.top / "data")
        repo.commit("base")
        repo.git("tag", "base")
        for kind, text in files.items():
            (repo.top / "data" / f"{kind}.yaml").write_text(text, "utf-8", newline="")
        if links:
            (repo.top / "data" / "bodies.yaml").unlink()
            (repo.top / "data" / "bodies.yaml").symlink_to(planted)
            (repo.top / "data" / "meetings.yaml").unlink()
            (repo.top / "data" / "meetings.yaml").symlink_to("bodies.yaml")
        repo.commit("hostile")
        repo.git("tag", "hostile")
        repo.git("checkout", "-q", "base")
        for args in (
            ("diff", "base", "hostile"),
            ("diff", "base...hostile", "--format", "markdown"),
            ("diff", "hostile", "base", "--format", "json"),
        ):
            outcome = run_limited("--register", str(repo.top), *args, cwd=repo.top)
            shown = outcome.stdout + outcome.stderr
            assert outcome.code in (0, 1, 2), f"{args}: exit {outcome.code}\n{shown[-2000:]}"
            assert "Traceback" not in shown, shown[-2000:]
            assert not planted.exists(), f"{args} wrote through a committed link"
        repo.git("checkout", "-q", "hostile")
        outcome = run_limited("--register", str(repo.top), "export", "ics", cwd=repo.top)
        shown = outcome.stdout + outcome.stderr
        assert outcome.code in (0, 1, 2), f"export ics: exit {outcome.code}\n{shown[-2000:]}"
        assert "Traceback" not in shown, shown[-2000:]
        assert not planted.exists()
