"""Hostile templates and Markdown: a template never reads .git/ or leaves its folder through a
symbolic link, never builds more than its bounds allow, and a binary one is refused where its
first bad byte is; a register name never injects Markdown or HTML into a merge-request comment
or a page (issue 11, items 2, 6, 8 and 10).

Each size vector runs in a child process under a 512 MiB address-space limit: a regression
makes the child die or exit non-zero, and its peak memory must stay far below the limit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.security.conftest import MIB, GitRepo, Outcome, assert_clean_refusal, run_limited

FULL = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"
TOKEN = "ci-token-3f9a1c"


def register_at(top: Path) -> Path:
    shutil.copytree(FULL / "data", top / "data")
    return top


def render(register: Path, *extra: str, memory: int = 512 * MIB) -> Outcome:
    return run_limited(
        "--register", str(register), "render", "agenda", MEETING, *extra, memory=memory
    )


def assert_refused(outcome: Outcome, *words: str) -> None:
    assert_clean_refusal(outcome, *words, codes=(2,))
    assert outcome.stdout == ""
    assert TOKEN not in outcome.stderr


# --------------------------------------------------------------------------- item 2


@pytest.fixture
def repo_with_token(git_repo: GitRepo) -> GitRepo:
    """A register at the top of a repository whose .git/config holds a CI token."""
    register_at(git_repo.top)
    git_repo.git("config", "--local", "http.extraheader", f"Authorization: {TOKEN}")
    return git_repo


def test_templates_linked_to_the_register_itself_is_refused(repo_with_token: GitRepo) -> None:
    top = repo_with_token.top
    (top / "templates").symlink_to(".")
    (top / "agenda.md.j2").write_text('{% include ".git/config" %}\n', "utf-8")
    repo_with_token.commit("templates -> .")
    assert_refused(render(top), "templates leads to", "the register's own folder")


@pytest.mark.parametrize(
    "name", [".git/config", "./.git//config", "sub/../.git/config", "sub/.git/config"]
)
def test_no_spelling_of_git_is_readable(repo_with_token: GitRepo, name: str) -> None:
    top = repo_with_token.top
    (top / "templates").mkdir()
    (top / "templates" / "agenda.md.j2").write_text(f'{{% include "{name}" %}}\n', "utf-8")
    (top / "templates" / ".git").symlink_to(top / ".git")
    repo_with_token.commit("include .git")
    assert_refused(render(top), "agenda.md.j2:1", "under .git/", "ever readable")


def test_a_link_to_git_inside_the_templates_is_refused(repo_with_token: GitRepo) -> None:
    top = repo_with_token.top
    (top / "templates").mkdir()
    (top / "templates" / "agenda.md.j2").write_text('{% include "g/config" %}\n', "utf-8")
    (top / "templates" / "g").symlink_to("../.git")
    repo_with_token.commit("templates/g -> ../.git")
    assert_refused(render(top), "agenda.md.j2:1", "symbolic link", "outside")


def test_templates_linked_out_of_the_register_is_refused(tmp_path: Path) -> None:
    register = register_at(tmp_path / "reg")
    (tmp_path / "elsewhere").mkdir()
    (register / "templates").symlink_to(tmp_path / "elsewhere")
    assert_refused(render(register), "not inside the register")


# --------------------------------------------------------------------------- item 8


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "agenda.md.j2:1: byte 0x89 at column 1"),
        (b"ok\n{{ 1 }} \xff\xfe rest\n", "agenda.md.j2:2: byte 0xff at column 9 (offset 11)"),
    ],
)
def test_binary_template_is_a_located_refusal(tmp_path: Path, raw: bytes, where: str) -> None:
    register = register_at(tmp_path / "reg")
    (register / "templates").mkdir()
    (register / "templates" / "agenda.md.j2").write_bytes(raw)
    assert_refused(render(register), where, "not valid UTF-8")


def test_oversized_template_is_refused(tmp_path: Path) -> None:
    register = register_at(tmp_path / "reg")
    (register / "templates").mkdir()
    (register / "templates" / "agenda.md.j2").write_text("x" * (2 * MIB), "utf-8")
    assert_refused(render(register), "larger than the 1,048,576 bytes")


# --------------------------------------------------------------------------- item 6

BIG = '("x" * 100000)'
BIG_LIST = '(["x" * 100000] * 100000)'
VECTORS = {
    "join filter": f"{{{{ {BIG_LIST}|join }}}}",
    "str.join": f"{{{{ ''.join({BIG_LIST}) }}}}",
    "str.format": "{{ ('{0}' * 30000).format(" + BIG + ") }}",
    "str.format_map": "{{ ('{a}' * 30000).format_map({'a': " + BIG + "}) }}",
    "format widths": "{{ ('{:>100000}' * 9000).format(*range(9000)) }}",
    "percent": "{{ ('%s' * 50000) % ((" + BIG + ",) * 50000) }}",
    "format filter": "{{ ('%s' * 50000)|format(*((" + BIG + ",) * 50000)) }}",
    "tojson": f"{{{{ {BIG_LIST}|tojson }}}}",
    "tojson indent": "{{ ([[[1] * 100000]] * 10)|tojson(indent=100000) }}",
    "string filter": f"{{{{ {BIG_LIST}|string|length }}}}",
    "pprint": f"{{{{ {BIG_LIST}|pprint|length }}}}",
    "escape": f"{{{{ {BIG_LIST}|e|length }}}}",
    "urlencode": f"{{{{ {BIG_LIST}|urlencode|length }}}}",
    "urlize": "{{ ('a.fr ' * 20000)|urlize(target='x' * 60000) }}",
    "indent width": "{{ ('\\n' * 100000)|indent(100000) }}",
    "center": f"{{{{ {BIG_LIST}|map('center', 100000)|join }}}}",
    "sum of lists": "{{ ([[1] * 100000] * 100000)|sum(start=[])|length }}",
    "list of a long string": "{% set ns = namespace(s='x') %}{% for i in range(23) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|list|length }}",
    "upper": "{% set ns = namespace(s='x') %}{% for i in range(23) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s.upper()|length }}",
    "expandtabs": "{{ ('\\t' * 100000).expandtabs(100000) }}",
    "encode": "{{ 'x'.encode() * 1000000000 }}",
    "to_bytes": "{{ (1).to_bytes(1000000000, 'big') }}",
    "power": "{% set ns = namespace(n=10) %}{% for i in range(8) %}"
    "{% set ns.n = ns.n ** 64 %}{% endfor %}{{ ns.n > 0 }}",
    "product": "{% set ns = namespace(n=10**60) %}{% for i in range(40) %}"
    "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 0 }}",
    "tilde on a list": f"{{{{ ({BIG_LIST} ~ '')|length }}}}",
    "macro doubling": "{% macro d(x) %}{{ x }}{{ x }}{% endmacro %}"
    "{{ d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(d(" + BIG + "))))))))))))))))))))|length }}",
    "set block doubling": "{% set ns = namespace(s='x' * 100000) %}{% for i in range(30) %}"
    "{% set s %}{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = s %}{% endfor %}",
    "caller doubling": "{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}"
    "{% set ns = namespace(s='x' * 100000) %}{% for i in range(30) %}"
    "{% set ns.s %}{% call twice() %}{{ ns.s }}{% endcall %}{% endset %}{% endfor %}",
    "namespace accumulation": "{% set ns = namespace(a=[]) %}{% for i in range(100000) %}"
    "{% set ns.a = ns.a + ['x' * 1000 ~ i] %}{% endfor %}",
    "retained copies": "{% set ns = namespace(s='x') %}{% for i in range(23) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    + "".join(f"{{% set ns.v{i} = ns.s ~ {i} %}}" for i in range(30)),
    "lipsum": "{{ lipsum(100000, False, 100000, 100000)|length }}",
    "output": "{% for i in range(100000) %}{% for j in range(100000) %}" + BIG + "{% endfor %}"
    "{% endfor %}",
}


@pytest.mark.parametrize("source", list(VECTORS.values()), ids=list(VECTORS))
def test_templates_cannot_build_without_bound(tmp_path: Path, source: str) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "agenda.md.j2").write_text(source + "\n", "utf-8")
    outcome = render(register_at(tmp_path / "reg"), "--templates", str(folder))
    assert_refused(outcome, "agenda.md.j2")
    assert outcome.peak_bytes < 256 * MIB, f"peak {outcome.peak_bytes / MIB:.0f} MiB"


# --------------------------------------------------------------------------- item 10

HOSTILE = (
    "Bureau\r- injected item\u2028## heading\u2029> quote\x85[link](https://evil.example)"
    "\r\n<script>alert(1)</script> ![img](x) 1. ordered"
)


# Names are one line (the loader refuses a line break in them); free text such as a mission
# may hold every line break YAML knows.
SHORT_HOSTILE = "Bureau\r- injected item\u2028## heading\x85> quote\u20291. ordered"
HOSTILE_NAME = "Bureau ## heading > quote [link](https://evil.example) <script>x</script> ![i](x)"


def hostile_bodies(text: str, field: str = "name", value: str = HOSTILE) -> str:
    """``bodies.yaml`` with the first body's ``field`` set to ``value`` (a double-quoted
    scalar)."""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    quoted = quoted.replace("\n", "\\n").replace("\u2028", "\\L").replace("\u2029", "\\P")
    quoted = quoted.replace("\x85", "\\N")
    old = {
        "name": "name: Commission mixte d'essai des deux Régions",
        "mission": "mission: Suivre les travaux *communs* des deux Régions.",
    }[field]
    assert old in text
    return text.replace(old, f'{field}: "{quoted}"', 1)


def assert_inert(markdown: str) -> None:
    """No list item, heading, quote, link, image or HTML comes from the hostile name."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "blockquote_open"}
    assert "ordered_list_open" not in kinds
    texts = [t.content for t in tokens if t.type == "inline"]
    assert not any(text.startswith(("injected", "heading", "quote")) for text in texts)
    assert "\r" not in markdown and "\u2028" not in markdown and "\x85" not in markdown


def test_diff_markdown_escapes_hostile_names(git_repo: GitRepo) -> None:
    register_at(git_repo.top)
    git_repo.commit("base")
    bodies = git_repo.top / "data" / "bodies.yaml"
    bodies.write_text(hostile_bodies(bodies.read_text("utf-8"), "mission", SHORT_HOSTILE), "utf-8")
    git_repo.commit("hostile mission")
    outcome = run_limited(
        "--register", str(git_repo.top), "diff", "HEAD~1", "HEAD", "--format", "markdown",
        cwd=git_repo.top,
    )  # fmt: skip
    assert outcome.code in (0, 1), outcome.stderr
    assert "injected item" in outcome.stdout
    items = [line for line in outcome.stdout.splitlines() if line.lstrip().startswith("- ")]
    assert not any("injected" in line.split("injected")[0][-3:] for line in items)
    assert_inert(outcome.stdout)


def test_graph_markdown_escapes_hostile_names(tmp_path: Path) -> None:
    register = register_at(tmp_path / "reg")
    bodies = register / "data" / "bodies.yaml"
    text = hostile_bodies(bodies.read_text("utf-8"), value=HOSTILE_NAME)
    bodies.write_text(text, "utf-8")
    outcome = run_limited("--register", str(register), "bodies", "graph", "--format", "markdown")
    assert outcome.code == 0, outcome.stderr
    assert "evil.example" in outcome.stdout
    assert_inert(outcome.stdout)
    table = outcome.stdout[outcome.stdout.index("\n\n| ") :]
    assert len(table.strip().splitlines()) == 2 + len(
        [line for line in text.splitlines() if line.startswith("- id:")]
    )


def test_filters_jinja_passes_a_context_still_work(tmp_path: Path) -> None:
    """``map`` takes the context and ``sum`` the environment first: the bounds wrap both."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    source = "{{ [1, 2]|sum }}{{ ['a', 'b']|map('upper')|join('-') }}{{ '{:>3}'.format(7) }}\n"
    (folder / "agenda.md.j2").write_text(source, "utf-8")
    outcome = render(register_at(tmp_path / "reg"), "--templates", str(folder))
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout == "3A-B  7\n"


def test_a_name_with_a_line_break_never_reaches_markdown(tmp_path: Path) -> None:
    register = register_at(tmp_path / "reg")
    bodies = register / "data" / "bodies.yaml"
    bodies.write_text(hostile_bodies(bodies.read_text("utf-8")), "utf-8")
    outcome = run_limited("--register", str(register), "bodies", "graph", "--format", "markdown")
    assert "injected item" not in outcome.stdout
    checked = run_limited("--register", str(register), "check")
    assert_clean_refusal(checked, "data/bodies.yaml:", "PF012", "line break")
