"""`prefig templates list` and `prefig templates copy NAME`: a register holds only the templates
it overrides, copied on purpose."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.render import PACKAGE_TEMPLATES
from prefig.render.catalog import packaged_names
from tests.conftest import SHIPPED

Run = Callable[..., Result]


@pytest.fixture
def root(run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "r"
    assert run("init", str(folder)).exit_code == 0
    return folder


def test_list_names_every_packaged_template(run: Run) -> None:
    result = run("--register", str(SHIPPED), "templates", "list")
    assert result.exit_code == 0, result.output
    names = packaged_names()
    assert {"convocation.md.j2", "_macros.md.j2"} <= set(names)
    assert names == sorted(p.name for p in PACKAGE_TEMPLATES.glob("*.j2"))
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == names
    assert all(line.endswith("packaged default") for line in lines[:-1])
    assert lines[-1] == f"{len(names)} templates, 0 overridden by the register."


def test_copy_then_list_shows_the_override(run: Run, root: Path) -> None:
    result = run("--register", str(root), "templates", "copy", "convocation.md.j2")
    assert result.exit_code == 0, result.output
    copied = root / "templates" / "convocation.md.j2"
    assert copied.read_bytes() == (PACKAGE_TEMPLATES / "convocation.md.j2").read_bytes()
    assert sorted(p.name for p in copied.parent.iterdir()) == ["convocation.md.j2"]
    copied.write_text(copied.read_text(encoding="utf-8") + "\nPost-scriptum\n", encoding="utf-8")
    listed = run("--register", str(root), "templates", "list").stdout
    assert re.search(
        r"^convocation\.md\.j2 +overridden by templates/convocation\.md\.j2$", listed, re.M
    )
    assert re.search(r"^agenda\.md\.j2 +packaged default$", listed, re.M)
    assert "1 overridden by the register." in listed


def test_copy_refuses_to_overwrite_without_force(run: Run, root: Path) -> None:
    assert run("--register", str(root), "templates", "copy", "notice.md.j2").exit_code == 0
    mine = root / "templates" / "notice.md.j2"
    mine.write_text("Avis\n", encoding="utf-8")
    refused = run("--register", str(root), "templates", "copy", "notice.md.j2")
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "Avis\n"
    listed = run("--register", str(root), "templates", "list").stdout
    assert "(identical to the default)" not in listed
    forced = run("--register", str(root), "templates", "copy", "notice.md.j2", "--force")
    assert forced.exit_code == 0, forced.output
    assert mine.read_bytes() == (PACKAGE_TEMPLATES / "notice.md.j2").read_bytes()
    listed = run("--register", str(root), "templates", "list").stdout
    assert "overridden by templates/notice.md.j2 (identical to the default)" in listed


@pytest.mark.parametrize("name", ["lettre.md.j2", "../data/bodies.yaml", "templates"])
def test_copy_an_unknown_name_lists_the_names(run: Run, root: Path, name: str) -> None:
    result = run("--register", str(root), "templates", "copy", name)
    assert result.exit_code == 2
    assert f"{name!r} is not a packaged template" in result.stderr
    assert "convocation.md.j2" in result.stderr
    assert not (root / "templates").exists()


def test_the_copy_is_what_render_uses(run: Run, root: Path, tmp_path: Path) -> None:
    assert run("--register", str(root), "templates", "copy", "agenda.md.j2").exit_code == 0
    (root / "templates" / "agenda.md.j2").write_text("Ordre du jour local\n", encoding="utf-8")
    meeting = next(
        line.removeprefix("- id: ")
        for line in (root / "data" / "meetings.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("- id: ")
    )
    result = run("--register", str(root), "render", "agenda", meeting)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ordre du jour local\n"
