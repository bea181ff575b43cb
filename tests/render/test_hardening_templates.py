"""Hostile templates: reaching Python internals or the file system fails with a clear error
(exit 2, the template's file and line), never a traceback, never the content reached.

``tests/render/test_render.py`` covers the common escapes (``__class__``, ``__globals__``, mutation,
huge repetitions); these are the others a template author could try.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import TESTS

FULL = TESTS / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"
SECRET = "SECRET-CONTENT-OUTSIDE-THE-REGISTER"
Run = Callable[..., Result]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def render_agenda(run: Run, templates: Path) -> Result:
    return run("--register", str(FULL), "render", "agenda", MEETING, "--templates", str(templates))


def templates_with(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "agenda.md.j2").write_text(source + "\n", encoding="utf-8")
    return folder


def assert_refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert SECRET not in result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("prefig: error: ")
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ lipsum.__globals__ }}", ["agenda.md.j2:1", "sandbox forbids", "__globals__"]),
        ("{{ joiner.__init__.__globals__.os }}", ["sandbox forbids"]),
        ("{{ namespace.__init__ }}", ["sandbox forbids"]),
        ("{{ self.__init__ }}", ["sandbox forbids"]),
        ("{{ meeting|attr('__class__') }}", ["sandbox forbids", "__class__"]),
        ("{{ '{0.__class__}'.format(meeting) }}", ["sandbox forbids"]),
        ("{{ '%s'.__mod__.__self__ }}", ["sandbox forbids"]),
        ("{{ ().__class__.__base__.__subclasses__() }}", ["sandbox forbids"]),
        ("{{ range.__self__ }}", ["agenda.md.j2:1", "has no attribute"]),
        ("{{ config }}", ["'config' is undefined"]),
        ("{{ request.application }}", ["'request' is undefined"]),
    ],
)
def test_python_internals_are_out_of_reach(
    run: Run, tmp_path: Path, source: str, words: list[str]
) -> None:
    assert_refused(render_agenda(run, templates_with(tmp_path, source)), *words)


@pytest.mark.parametrize(
    "source",
    [
        "{% include '/etc/hostname' %}",
        "{% include '{secret}' %}",
        "{% include '../secret.txt' %}",
        "{% import '../../secret.txt' as s %}{{ s }}",
        "{% extends '../../../../../../../../etc/hostname' %}",
        "{% from '../secret.txt' import x %}",
    ],
)
def test_files_outside_the_templates_folders_are_out_of_reach(
    run: Run, tmp_path: Path, secret: Path, source: str
) -> None:
    folder = templates_with(tmp_path, source.replace("{secret}", str(secret)))
    assert_refused(render_agenda(run, folder), "agenda.md.j2:1", "not found")


def test_symbolic_link_out_of_the_templates_folder_is_refused(
    run: Run, tmp_path: Path, secret: Path
) -> None:
    folder = templates_with(tmp_path, "{% include 'link.md.j2' %}")
    (folder / "link.md.j2").symlink_to(secret)
    assert_refused(
        render_agenda(run, folder), "agenda.md.j2:1", "symbolic link", "outside", "copy the"
    )


def test_template_itself_linked_out_of_its_folder_is_refused(
    run: Run, tmp_path: Path, secret: Path
) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "agenda.md.j2").symlink_to(secret)
    assert_refused(render_agenda(run, folder), "'agenda.md.j2' is a symbolic link")


def test_symbolic_link_inside_the_templates_folder_is_followed(run: Run, tmp_path: Path) -> None:
    folder = templates_with(tmp_path, "{% include 'link.md.j2' %}")
    (folder / "real.md.j2").write_text("inside\n", encoding="utf-8")
    (folder / "link.md.j2").symlink_to(folder / "real.md.j2")
    result = render_agenda(run, folder)
    assert result.exit_code == 0, result.output
    assert result.stdout == "inside\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_as_template_is_refused_without_blocking(run: Run, tmp_path: Path) -> None:
    folder = templates_with(tmp_path, "{% include 'pipe.md.j2' %}")
    os.mkfifo(folder / "pipe.md.j2")
    assert_refused(render_agenda(run, folder), "'pipe.md.j2' is not a regular file")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "the template recurses without end"),
        ("{{ 'x' * 100000 * 100000 }}", "more than 100,000 items is not allowed"),
        ("{{ range(10**12) | list }}", "Range too big"),
    ],
)
def test_runaway_templates_stop_with_a_message(
    run: Run, tmp_path: Path, source: str, message: str
) -> None:
    result = render_agenda(run, templates_with(tmp_path, source))
    assert_refused(result, message)
