"""The command line as terminals meet it: ``python -m prefig``, colour (TERM=dumb, NO_COLOR,
a pipe) and a standard output whose encoding cannot carry the register's text.

Every case runs in a child process, with the streams a shell would give it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from prefig.cli import app
from tests.conftest import SHIPPED
from tests.security.conftest import GitRepo

PYTHON = [sys.executable, "-m", "prefig"]
MEETING = "cmpt-2015-02-13"
AS_OF = "2015-02-01"


def child_env(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.pop("PREFIG_REGISTER", None)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


# --------------------------------------------------------------------------- python -m prefig


def test_python_m_prefig_is_the_command_line_named_prefig() -> None:
    done = subprocess.run([*PYTHON, "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: prefig [OPTIONS] COMMAND [ARGS]...")


def test_python_m_prefig_keeps_the_exit_codes(tmp_path: Path) -> None:
    env = child_env(PREFIG_REGISTER=str(SHIPPED))
    unknown = subprocess.run(
        [*PYTHON, "meetings", "show", "no-such-meeting"], env=env, capture_output=True, text=True
    )
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("prefig: error:")
    misuse = subprocess.run([*PYTHON, "bodies", "list", "--bogus"], env=env, capture_output=True)
    assert misuse.returncode == 2
    assert b"No such option: --bogus" in misuse.stderr
    assert b"Usage: prefig bodies list" in misuse.stderr
    broken = tmp_path / "broken"
    (broken / "data").mkdir(parents=True)
    (broken / "data" / "bodies.yaml").write_text("- id: [\n", "utf-8")
    check = subprocess.run([*PYTHON, "--register", str(broken), "check"], capture_output=True)
    assert check.returncode == 2, check.stderr  # unreadable register
    assert subprocess.run([*PYTHON, "--version"], capture_output=True).stdout.startswith(b"prefig ")


# --------------------------------------------------------------------------- colour

COLOURED = [
    ("bodies", "list"),  # rich tables
    ("meetings", "next", "--as-of", "2015-02-01"),  # SGR codes written without rich
    ("meetings", "calendar", "--month", "2015-02"),  # rich grid
    ("check", "--as-of", "2015-02-01"),  # check report
]


def on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run ``args`` with stdin, stdout and stderr on a pseudo-terminal; exit code and output."""
    import pty

    leader, follower = pty.openpty()
    child = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return child.wait(), output


def colour_codes(output: bytes) -> set[int]:
    """The colour parameters (foreground and background) of the SGR sequences in ``output``."""
    import re

    found: set[int] = set()
    for params in re.findall(rb"\x1b\[([0-9;]*)m", output):
        numbers = [int(p) for p in params.split(b";") if p]
        found.update(n for n in numbers if 30 <= n <= 49 or 90 <= n <= 107)
    return found


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@needs_pty
@pytest.mark.parametrize("args", COLOURED, ids=" ".join)
def test_a_colour_terminal_gets_colour(args: tuple[str, ...]) -> None:
    # the other half of the tests below: these commands do colour a terminal
    code, output = on_a_terminal([*PYTHON, *args], child_env(PREFIG_REGISTER=str(SHIPPED)))
    assert code == 0, output
    assert b"\x1b[" in output  # bold and dim; colours too in check and calendar
    if args[0] == "check" or "calendar" in args:
        assert colour_codes(output)


@needs_pty
@pytest.mark.parametrize("args", COLOURED, ids=" ".join)
@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "dumb"},
        {"TERM": "dumb", "FORCE_COLOR": "1"},
        {"TERM": "unknown"},
        {"NO_COLOR": "1"},
    ],
    ids=["TERM=dumb", "TERM=dumb FORCE_COLOR", "TERM=unknown", "NO_COLOR"],
)
def test_no_colour_on_a_dumb_terminal_or_with_no_color(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    code, output = on_a_terminal(
        [*PYTHON, *args], {**child_env(PREFIG_REGISTER=str(SHIPPED)), **env}
    )
    assert code == 0, output
    if "NO_COLOR" in env:  # no colour, but bold and dim are no colours (https://no-color.org)
        assert colour_codes(output) == set(), output
    else:  # a dumb terminal understands no escape code at all
        assert b"\x1b" not in output


@pytest.mark.parametrize("args", COLOURED, ids=" ".join)
def test_no_colour_through_a_pipe(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [*PYTHON, *args], env=child_env(PREFIG_REGISTER=str(SHIPPED)), capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout + done.stderr


@needs_pty
def test_usage_errors_and_help_have_no_colour_on_a_dumb_terminal() -> None:
    env = child_env(PREFIG_REGISTER=str(SHIPPED), TERM="dumb")
    for args in (["--help"], ["bodies", "list", "--bogus"], ["meetings", "show", "nope"]):
        _, output = on_a_terminal([*PYTHON, *args], env)
        assert b"\x1b" not in output, args


# --------------------------------------------------------------------------- encodings


def command_paths() -> list[tuple[str, ...]]:
    """Every command of the app, as the words that name it (``("meetings", "next")``)."""
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...], ctx: typer.Context) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
                walk(sub, (*path, name), typer.Context(sub, parent=ctx, info_name=name))
        else:
            found.append(path)

    walk(root, (), typer.Context(root, info_name="prefig"))
    return found


MACHINE = "machine"
"""JSON for programs: every character, as ``\\u`` escapes on an ASCII stdout."""
FILE = "file"
"""A file format (iCalendar, the JSON exports): the same UTF-8 bytes whatever stdout's
encoding, as when written with --out."""
TEXT = "text"
"""Output for people with accents: written in stdout's encoding, so exit 2 on ASCII."""
PLAIN = "plain"
"""Output for people that is all ASCII here: the same on an ASCII stdout."""

CASES: dict[tuple[str, ...], tuple[list[str], str]] = {
    ("meetings", "next"): (["--as-of", "2015-02-01"], TEXT),
    ("meetings", "list"): ([], TEXT),
    ("meetings", "show"): ([MEETING, "--as-of", "2015-02-01"], TEXT),
    ("meetings", "calendar"): (["--month", "2015-02"], TEXT),
    ("bodies", "list"): ([], TEXT),
    ("bodies", "show"): (["conference-presidents-regions", "--as-of", "2015-02-01"], TEXT),
    ("bodies", "graph"): ([], TEXT),
    ("people", "list"): ([], TEXT),
    ("people", "show"): (["martin-malvy", "--as-of", "2015-02-01"], TEXT),
    ("decisions", "list"): (["--as-of", "2015-02-01"], TEXT),
    ("decisions", "show"): (["saisine-ceser-2030", "--as-of", "2015-02-01"], TEXT),
    ("deliberations", "list"): ([], PLAIN),
    ("deliberations", "show"): (["no-such-number"], PLAIN),
    ("check",): (["--as-of", "2015-02-01"], PLAIN),
    ("rules",): ([], TEXT),
    ("render", "agenda"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("render", "notice"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("render", "convocations"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("render", "attendance-sheet"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("render", "minutes"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("render", "deliberations"): ([MEETING, "--draft", "--as-of", "2015-02-01"], TEXT),
    ("send", "convocations"): ([MEETING, "--dry-run"], PLAIN),  # no sender: exit 2
    ("export", "ics"): ([], FILE),
    ("export", "json"): ([], FILE),
    ("export", "oparl"): ([], FILE),
    ("export", "popolo"): ([], FILE),
    ("site", "build"): (["{new}", "--base-url", "https://example.org/"], PLAIN),
    ("site", "serve"): (["{new}"], PLAIN),  # nothing built there: exit 2 before serving
    ("diff",): (["HEAD~1", "--as-of", "2015-02-01"], TEXT),
    ("schema",): (["bodies"], MACHINE),
    ("templates", "list"): ([], PLAIN),
    ("templates", "copy"): (["convocation.md.j2", "--force"], PLAIN),
    ("init",): (["{new}"], PLAIN),
}
"""One command line per command, and what its output is."""

MACHINE_OPTIONS: list[tuple[tuple[str, ...], list[str]]] = [
    (("meetings", "list"), ["--json"]),
    (("bodies", "show"), ["conference-presidents-regions", "--format", "json", "--as-of", AS_OF]),
    (("diff",), ["HEAD~1", "--format", "json", "--as-of", AS_OF]),
]
"""Machine formats of text commands (check's JSON and SARIF: tests/output/test_streams.py,
the shipped register has no findings)."""


def test_every_command_has_an_encoding_case() -> None:
    # a new command needs a line in CASES, so that it is tested on an ASCII stdout too
    assert sorted(command_paths()) == sorted(CASES)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the shipped register in a git repository of two commits (for ``diff``),
    with a name in its second commit that ASCII cannot carry."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    saved = {k: os.environ.get(k) for k in ("GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL")}
    os.environ.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    try:
        repo = GitRepo(tmp_path_factory.mktemp("encodings") / "repo")
        for folder in ("data", "sources"):
            shutil.copytree(SHIPPED / folder, repo.top / folder)
        repo.commit("base")
        bodies = repo.top / "data" / "bodies.yaml"
        bodies.write_text(
            bodies.read_text("utf-8").replace("Conférence", "Conférence des présidents", 1),
            "utf-8",
        )
        repo.commit("renamed")
        yield repo.top
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_with(
    encoding: str, path: tuple[str, ...], args: list[str], root: Path, tmp: Path
) -> subprocess.CompletedProcess[bytes]:
    new = tmp / encoding / "new"
    line = [*PYTHON, *path, *(a.replace("{new}", str(new)) for a in args)]
    env = child_env(PREFIG_REGISTER=str(root), PYTHONIOENCODING=encoding)
    return subprocess.run(line, env=env, capture_output=True, cwd=root, check=False)


def assert_no_traceback(stderr: bytes) -> None:
    assert b"Traceback" not in stderr
    assert b"internal error" not in stderr


@pytest.mark.parametrize(
    ("path", "args", "kind"),
    [(path, args, kind) for path, (args, kind) in CASES.items()]
    + [(path, args, MACHINE) for path, args in MACHINE_OPTIONS],
    ids=[" ".join(p) for p in CASES] + [" ".join((*p, *a)) for p, a in MACHINE_OPTIONS],
)
def test_an_ascii_stdout_gets_the_text_whole_or_exit_2(
    path: tuple[str, ...], args: list[str], kind: str, register: Path, tmp_path: Path
) -> None:
    utf8 = run_with("utf-8", path, args, register, tmp_path)
    ascii_ = run_with("ascii", path, args, register, tmp_path)
    assert_no_traceback(utf8.stderr)
    assert_no_traceback(ascii_.stderr)
    if kind == MACHINE:
        assert not utf8.stdout.isascii()
        assert ascii_.returncode == utf8.returncode, ascii_.stderr
        import json

        assert json.loads(ascii_.stdout) == json.loads(utf8.stdout)
        assert ascii_.stdout.isascii()
    elif kind == FILE:
        assert not utf8.stdout.isascii()
        assert (ascii_.returncode, ascii_.stdout) == (utf8.returncode, utf8.stdout)
    elif kind == PLAIN:
        # nothing the stream cannot carry: the same output, the same code
        assert utf8.stdout.isascii()
        assert ascii_.returncode == utf8.returncode
        assert ascii_.stdout.replace(b"/ascii/", b"/utf-8/") == utf8.stdout
    else:
        assert not utf8.stdout.isascii()
        assert ascii_.returncode == 2, (utf8.returncode, ascii_.stderr)
        assert ascii_.stdout.isascii()
        message = ascii_.stderr.decode("ascii").splitlines()[-1]
        assert message.startswith(
            "prefig: error: the output cannot be written in this terminal's encoding (ascii): "
            "it has no place for U+"
        ), ascii_.stderr
        assert "PYTHONIOENCODING=utf-8" in message
