"""The layers, checked on the source: the core never imports the CLI or the reporters, and the
reporters never import the CLI (ruff's banned-API rule says the same to an editor, file by
file; this test also covers what a per-file exemption lets through)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

SRC = REPO / "src" / "prefig"


def layer(path: Path) -> str:
    top = path.relative_to(SRC).parts[0]
    if top == "__main__.py":  # ``python -m prefig``: the command line's other entry point
        return "cli"
    return top if top in {"cli", "output"} else "core"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("prefig.")}


FORBIDDEN = {"core": ("prefig.cli", "prefig.output"), "output": ("prefig.cli",), "cli": ()}
MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_a_module_imports_only_from_its_layer_and_below(path: Path) -> None:
    banned = FORBIDDEN[layer(path)]
    wrong = sorted(
        name
        for name in imported(path)
        if any(name == b or name.startswith(b + ".") for b in banned)
    )
    assert not wrong, f"{path.relative_to(SRC)} ({layer(path)}) imports {wrong}"


def test_every_layer_has_modules() -> None:
    assert {layer(path) for path in MODULES} == {"core", "cli", "output"}
