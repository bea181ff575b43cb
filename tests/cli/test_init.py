"""`prefig init DIR`: a new register that passes `prefig check`, never over an existing one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.check import check
from prefig.schema import FILE_KINDS
from tests.test_schemas import jsonschema_check


def test_init_creates_a_register_that_passes_check(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    root = tmp_path / "nouveau"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    assert "Created a register" in result.stdout
    names = sorted(p.name for p in (root / "data").iterdir())
    assert names == sorted("register.yaml" if k == "register" else f"{k}.yaml" for k in FILE_KINDS)
    checked = run("--register", str(root), "check", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert '"diagnostics": []' in checked.stdout
    register = check(root).files
    assert len(register) == len(FILE_KINDS)


def test_init_has_one_body_and_one_upcoming_meeting(tmp_path: Path) -> None:
    from prefig.load import load_register
    from prefig.scaffold import init_register

    today = dt.date(2026, 1, 15)
    init_register(tmp_path / "r", today)
    register = load_register(tmp_path / "r").register
    assert register is not None
    assert len(register.bodies) == 1
    (meeting,) = register.meetings
    assert meeting.id == "conseil-2026-02-16"
    assert meeting.date == dt.date(2026, 2, 16)  # 30 days on is a Saturday: the Monday after
    # Ready to be convened a month ahead; due to be marked held once its day has passed.
    assert check(tmp_path / "r", as_of=today).diagnostics == []
    late = check(tmp_path / "r", as_of=dt.date(2026, 3, 1))
    assert [d.code for d in late.diagnostics] == ["PF302"]


def test_init_files_pass_the_json_schemas(tmp_path: Path) -> None:
    from prefig.scaffold import init_register

    init_register(tmp_path / "r", dt.date.today())
    for kind in FILE_KINDS:
        name = "register.yaml" if kind == "register" else f"{kind}.yaml"
        code, output = jsonschema_check(kind, [tmp_path / "r" / "data" / name])
        assert code == 0, output
        text = (tmp_path / "r" / "data" / name).read_text(encoding="utf-8")
        # No modeline pointing at a schemas/ folder that is not there: how to write one.
        assert "yaml-language-server" not in text
        assert text.startswith("# Schéma JSON de ce fichier pour l'éditeur : `prefig schema")


def test_init_writes_only_data(tmp_path: Path) -> None:
    # The templates and schemas come from the installed prefig, so later fixes reach them.
    from prefig.scaffold import init_register

    init_register(tmp_path / "r", dt.date.today())
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["data"]


def test_init_then_render_writes_real_letters(run: Callable[..., Result], tmp_path: Path) -> None:
    root, out = tmp_path / "r", tmp_path / "out"
    assert run("init", str(root)).exit_code == 0
    (meeting,) = [line.split(": ", 1)[1] for line in
                  (root / "data" / "meetings.yaml").read_text(encoding="utf-8").splitlines()
                  if line.startswith("- id: ")]  # fmt: skip
    result = run("--register", str(root), "render", "convocations", meeting, "--out", str(out))
    assert result.exit_code == 0, result.output
    letters = sorted(out.glob(f"{meeting}-convocation-*.md"))
    assert len(letters) == 3  # treasurer, secretary, the one named administrator
    for letter in letters:
        text = letter.read_text(encoding="utf-8")
        assert "à préciser" not in text
        assert "(projet)" not in text
        assert "Fait à Saint-Exemple, le " in text
        assert "La Présidente" in text


@pytest.mark.parametrize("existing", ["data/bodies.yaml", "data/register.yaml"])
def test_init_refuses_an_existing_register(
    run: Callable[..., Result], tmp_path: Path, existing: str
) -> None:
    (tmp_path / existing).parent.mkdir(parents=True)
    (tmp_path / existing).write_text("[]\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "already holds a register" in result.stderr
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [Path(existing).name]


def test_init_overwrites_nothing(run: Callable[..., Result], tmp_path: Path) -> None:
    mine = tmp_path / "data" / "people.yaml"
    mine.parent.mkdir()
    mine.write_text("mine\n", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "data/people.yaml" in result.stderr
    assert mine.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["people.yaml"]


def test_init_refuses_a_file(run: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 2
    assert "is a file" in result.stderr
