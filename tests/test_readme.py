"""Every prefig command the README shows works on the shipped register.

Commands that need a git history of their own (``diff`` against revisions) or write files
(``--out``, ``init``, ``schema --write``, ``templates copy``, ``site build``) are left out;
so are the install lines.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

import pytest
from typer.testing import Result

from tests.conftest import REPO, SHIPPED

README = (REPO / "README.md").read_text("utf-8")
SKIP = re.compile(r"^prefig (diff|init|templates copy|site build)\b| --out\b| --write\b")


def readme_commands() -> list[str]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command.startswith("prefig ") and not SKIP.search(command):
                commands.append(command)
    return commands


COMMANDS = readme_commands()


def test_the_readme_shows_the_everyday_commands() -> None:
    assert "prefig meetings next" in COMMANDS
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("command", COMMANDS)
def test_every_readme_command_works(run: Callable[..., Result], command: str) -> None:
    args = shlex.split(command)[1:]
    result = run("--register", str(SHIPPED), *args, env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert result.exit_code == 0, result.output
    # GitHub annotations of a clean register are nothing at all; every other command says
    # something.
    assert result.stdout.strip() or "--format github" in command


def test_the_readme_lists_every_page_of_docs() -> None:
    pages = {p.name for p in (REPO / "docs").glob("*.md")}
    linked = set(re.findall(r"\(docs/([\w.-]+\.md)\)", README))
    assert pages <= linked
