"""Shell completion, as a shell asks for it: a child process with Typer's completion
variables (``_PREFIG_COMPLETE=complete_bash`` and ``COMP_WORDS``, ...), and the scripts
``--show-completion SHELL`` prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperArgument, TyperOption

from prefig.cli import app
from prefig.load import load_register
from prefig.rules import every_rule
from prefig.schema import FILE_KINDS
from tests.conftest import SHIPPED

PYTHON = [sys.executable, "-m", "prefig"]
SHIPPED_REGISTER = load_register(SHIPPED).register
assert SHIPPED_REGISTER is not None


def child_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")}
    env.pop("PREFIG_REGISTER", None)
    return {**env, **changes}


def bash(line: str, register: Path | None = SHIPPED, **env: str) -> list[str]:
    """What bash offers for ``line`` (the cursor at its end)."""
    words = line.split(" ")
    done = subprocess.run(
        PYTHON,
        env=child_env(
            COMP_WORDS=line,
            COMP_CWORD=str(len(words) - 1),
            _PREFIG_COMPLETE="complete_bash",
            **({"PREFIG_REGISTER": str(register)} if register else {}),
            **env,
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return [word for word in done.stdout.splitlines() if word]


def test_meeting_ids_complete_wherever_a_meeting_is_asked_for() -> None:
    ids = sorted(m.id for m in SHIPPED_REGISTER.meetings)
    assert len(ids) >= 2
    assert sorted(bash("prefig meetings show ")) == ids
    for document in ("agenda", "notice", "convocations", "minutes"):
        assert sorted(bash(f"prefig render {document} ")) == ids
    first = ids[0]
    assert bash(f"prefig meetings show {first[:4]}") == [i for i in ids if i.startswith(first[:4])]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("prefig bodies show ", "bodies"),
        ("prefig meetings list --body ", "bodies"),
        ("prefig meetings next -b ", "bodies"),
        ("prefig deliberations list --body ", "bodies"),
        ("prefig export ics --body ", "bodies"),
        ("prefig people show ", "people"),
        ("prefig meetings list --person ", "people"),
        ("prefig decisions show ", "decisions"),
    ],
)
def test_ids_complete_from_the_register(line: str, kind: str) -> None:
    expected = sorted(record.id for record in getattr(SHIPPED_REGISTER, kind))
    assert expected
    assert sorted(bash(line)) == expected


def test_rule_codes_complete_in_the_case_typed_and_after_a_comma() -> None:
    codes = list(every_rule())
    assert bash("prefig rules ") == codes
    assert bash("prefig rules PF3") == [c for c in codes if c.startswith("PF3")]
    assert bash("prefig rules pf30") == [c.lower() for c in codes if c.startswith("PF30")]
    assert bash("prefig check --select PF101,PF6") == [
        f"PF101,{c}" for c in codes if c.startswith("PF6")
    ]
    assert bash("prefig check --ignore PF00") == [c for c in codes if c.startswith("PF00")]


def test_file_kinds_and_template_names_complete() -> None:
    assert bash("prefig schema ") == list(FILE_KINDS)
    assert bash("prefig schema me") == ["meetings"]
    from prefig.render.catalog import packaged_names

    assert bash("prefig templates copy ") == packaged_names()


def test_the_register_option_on_the_line_is_the_one_read(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "data").mkdir(parents=True)
    (other / "data" / "register.yaml").write_text("name: Autre\n", "utf-8")
    (other / "data" / "bodies.yaml").write_text(
        "- id: bureau\n  name: Bureau\n- id: assemblee\n  name: Assemblée\n", "utf-8"
    )
    assert bash(f"prefig --register {other} bodies show ") == ["bureau", "assemblee"]
    assert bash(f"prefig -r {other} bodies show b") == ["bureau"]
    assert bash("prefig bodies show ", register=other) == ["bureau", "assemblee"]
    # after the command's name, where it wins over the one before
    assert bash(f"prefig bodies show --register {other} ") == ["bureau", "assemblee"]
    assert bash(f"prefig -r {SHIPPED} bodies show -r {other} a") == ["assemblee"]


def test_zsh_and_fish_show_what_each_id_is() -> None:
    meeting = SHIPPED_REGISTER.meetings[0]
    zsh = subprocess.run(
        PYTHON,
        env=child_env(
            _TYPER_COMPLETE_ARGS="prefig meetings show ",
            _PREFIG_COMPLETE="complete_zsh",
            PREFIG_REGISTER=str(SHIPPED),
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert f'"{meeting.id}":"{meeting.date.isoformat()} {meeting.body}"' in zsh.stdout
    body = SHIPPED_REGISTER.bodies[0]
    fish = subprocess.run(
        PYTHON,
        env=child_env(
            _TYPER_COMPLETE_ARGS="prefig bodies show ",
            _TYPER_COMPLETE_FISH_ACTION="get-args",
            _PREFIG_COMPLETE="complete_fish",
            PREFIG_REGISTER=str(SHIPPED),
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"{body.id}\t{' '.join(body.name.split())}" in fish.stdout.splitlines()


BROKEN = {
    "not YAML": "- id: [unclosed\n",
    "not a list": "id: bureau\nname: Bureau\n",
    "items that are not records": "- bureau\n- 3\n- [a, b]\n",
    "ids that are not text": "- id: [a]\n- id: {b: c}\n- id: 12\n",
    "not UTF-8": b"- id: bur\xe9au\n",
    "too deep": "- id: " + "[" * 5000 + "]" * 5000 + "\n",
    "an alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] \n" for i in range(20)),
}


@pytest.mark.parametrize("content", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_register_offers_nothing_and_says_nothing(
    tmp_path: Path, content: str | bytes
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "register.yaml").write_text("name: Test\n", "utf-8")
    path = tmp_path / "data" / "bodies.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    assert bash("prefig bodies show ", register=tmp_path) == []  # and stderr empty, exit 0


def test_a_missing_or_outside_register_offers_nothing(tmp_path: Path) -> None:
    assert bash("prefig bodies show ", register=tmp_path / "nowhere") == []
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: secret\n", "utf-8")
    root = tmp_path / "register"
    (root / "data").mkdir(parents=True)
    (root / "data" / "register.yaml").write_text("name: Test\n", "utf-8")
    (root / "data" / "bodies.yaml").symlink_to(outside)
    assert bash("prefig bodies show ", register=root) == []  # a link out is not followed


def test_a_file_over_the_size_bound_offers_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bodies.yaml").write_text("- id: bureau\n" * 100, "utf-8")
    assert bash("prefig bodies show ", register=tmp_path) == ["bureau"]
    assert bash("prefig bodies show ", register=tmp_path, PREFIG_MAX_FILE_BYTES="100") == []


def test_commands_still_complete_as_before() -> None:
    assert bash("prefig meet") == ["meetings"]
    assert bash("prefig meetings ") == ["next", "list", "show", "calendar"]
    assert bash("prefig check --format ") == ["text", "json", "github", "sarif"]


# --------------------------------------------------------------------------- the scripts

SCRIPT_MARKERS = {
    "bash": "complete -o default -F _prefig_completion prefig",
    "zsh": "#compdef prefig",
    "fish": "complete --command prefig",
    "powershell": "Register-ArgumentCompleter -Native -CommandName prefig",
}


@pytest.mark.parametrize("shell", list(SCRIPT_MARKERS))
def test_show_completion_honours_its_shell(shell: str) -> None:
    for line in (["--show-completion", shell], [f"--show-completion={shell}"]):
        done = subprocess.run(
            [*PYTHON, *line], env=child_env(), capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert SCRIPT_MARKERS[shell] in done.stdout
        others = [marker for name, marker in SCRIPT_MARKERS.items() if name != shell]
        assert not any(marker in done.stdout for marker in others)
        assert "_PREFIG_COMPLETE" in done.stdout
        assert f"complete_{shell}" in done.stdout


def test_show_completion_refuses_a_shell_it_does_not_know() -> None:
    done = subprocess.run(
        [*PYTHON, "--show-completion", "tcsh"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "'tcsh' is not a shell prefig completes; use one of bash, zsh, fish" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_show_completion_without_a_shell_detects_it() -> None:
    done = subprocess.run(
        ["bash", "-c", " ".join([*PYTHON, "--show-completion"])],
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert SCRIPT_MARKERS["bash"] in done.stdout


# --------------------------------------------------------------------------- every id

ID_METAVARS = {"ID", "MEETING", "MEETING-ID", "CODE", "[CODE]", "NUMBER", "[FILE-KIND]", "NAME"}
"""Metavars of arguments and options that take something the register or prefig names."""


def test_every_argument_that_takes_an_id_completes_it() -> None:
    root = typer.main.get_command(app)
    missing: list[str] = []

    def walk(command: object, path: str, ctx: typer.Context) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
                walk(sub, f"{path} {name}", typer.Context(sub, parent=ctx, info_name=name))
            return
        for param in command.params:  # type: ignore[attr-defined]
            takes_an_id = isinstance(param, TyperArgument | TyperOption) and (
                param.metavar in ID_METAVARS
            )
            if takes_an_id and param._custom_shell_complete is None:
                missing.append(f"{path} {param.metavar}")

    walk(root, "prefig", typer.Context(root, info_name="prefig"))
    assert missing == []


def test_install_completion_writes_the_script_of_the_shell_named(tmp_path: Path) -> None:
    done = subprocess.run(
        [*PYTHON, "--install-completion", "bash"],
        env=child_env(HOME=str(tmp_path)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "prefig.sh"
    assert SCRIPT_MARKERS["bash"] in script.read_text("utf-8")
    assert str(script) in (tmp_path / ".bashrc").read_text("utf-8") or (
        ".bash_completions/prefig.sh" in (tmp_path / ".bashrc").read_text("utf-8")
    )


def test_deliberation_numbers_complete_from_the_meetings_agendas(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bodies.yaml").write_text("[]\n", "utf-8")
    (tmp_path / "data" / "meetings.yaml").write_text(
        "- id: cm-2026-03-02\n"
        "  agenda:\n"
        "    - title: Budget\n"
        "      deliberation: {number: 2026-041}\n"
        "    - title: Compte administratif\n"
        '      deliberation: {number: "2026-042"}\n'
        "    - title: Questions diverses\n"
        "- id: cm-2026-04-06\n"
        "  agenda:\n"
        "    - deliberation: {number: 2026-050}\n",
        "utf-8",
    )
    assert bash("prefig deliberations show ", register=tmp_path) == [
        "2026-041",
        "2026-042",
        "2026-050",
    ]
    assert bash("prefig deliberations show 2026-04", register=tmp_path) == [
        "2026-041",
        "2026-042",
    ]
