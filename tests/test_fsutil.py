"""Writes never clobber and never leave half a file: ``fsutil`` under refusal and failure."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prefig import fsutil
from prefig.fsutil import WriteRefusedError, atomic_write, inside, safe_name


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "convocation.md"
    target.write_text("written by hand\n", encoding="utf-8")
    with pytest.raises(WriteRefusedError, match="already exists; use --force"):
        atomic_write(target, "generated\n")
    assert target.read_text(encoding="utf-8") == "written by hand\n"
    assert leftovers(tmp_path) == ["convocation.md"]


def test_force_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "convocation.md"
    target.write_text("old\n", encoding="utf-8")
    atomic_write(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(tmp_path) == ["convocation.md"]


def test_folder_in_the_way_is_refused_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "out.md").mkdir()
    with pytest.raises(WriteRefusedError, match="is a folder"):
        atomic_write(tmp_path / "out.md", "x", force=True)


class Interrupted(BaseException):
    """Stands for a Ctrl-C or a kill arriving in the middle of a write."""


@pytest.mark.parametrize("exception", [OSError(28, "No space left on device"), Interrupted()])
@pytest.mark.parametrize("existing", [None, "the previous version\n"])
def test_interrupted_write_leaves_no_half_written_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    exception: BaseException,
    existing: str | None,
) -> None:
    target = tmp_path / "ordre-du-jour.md"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes the first half of the payload to the real file, then fails."""

        def __init__(self, fd: int, mode: str) -> None:
            self.stream = real_fdopen(fd, mode)

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            raise exception

    monkeypatch.setattr(fsutil.os, "fdopen", HalfWriter)
    payload = "Ordre du jour\n" + "point\n" * 10_000
    with pytest.raises(type(exception)):
        atomic_write(target, payload, force=True)
    if existing is None:
        assert leftovers(tmp_path) == []
    else:
        assert target.read_text(encoding="utf-8") == existing
        assert leftovers(tmp_path) == ["ordre-du-jour.md"]


@pytest.mark.parametrize("force", [False, True])
def test_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    # The last step is a rename with --force, a hard link (which never replaces) without.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    monkeypatch.setattr(fsutil.os, "link", refuse)
    with pytest.raises(PermissionError):
        atomic_write(tmp_path / "a.md", "x", force=force)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["../outside.md", "/etc/passwd", "a/../../b.md", ".", ""])
def test_names_that_escape_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(WriteRefusedError, match="outside"):
        inside(tmp_path / "out", name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Comité mixte / 13 février", "comite-mixte-13-fevrier"),
        ("..", "document"),
        ("\x00\x07", "document"),
        ("x" * 500, "x" * 120),
    ],
)
def test_safe_names_have_no_separators(text: str, expected: str) -> None:
    assert safe_name(text) == expected


# --------------------------------------------------------------------------- every command

FULL = Path(__file__).resolve().parent / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"
WRITERS = {
    "export ics": (("export", "ics", "--out"), "reunions.ics"),
    "export json": (("export", "json", "--out"), "register.json"),
    "export oparl": (("export", "oparl", "--out"), "oparl.json"),
    "export popolo": (("export", "popolo", "--out"), "popolo.json"),
    "render agenda": (("render", "agenda", MEETING, "--out"), f"{MEETING}-agenda.md"),
    "render notice": (("render", "notice", MEETING, "--out"), f"{MEETING}-notice.md"),
}


def _writer_args(name: str, folder: Path) -> tuple[list[str], Path]:
    args, file_name = WRITERS[name]
    target = folder / file_name
    out = target if args[0] == "export" else folder
    return ["--register", str(FULL), *args, str(out)], target


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_no_command_overwrites_without_force(
    run: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    args, target = _writer_args(name, tmp_path)
    target.write_text("written by hand\n", encoding="utf-8")
    refused = run(*args)
    assert refused.exit_code == 2, refused.output
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "written by hand\n"
    assert leftovers(tmp_path) == [target.name]
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") != "written by hand\n"
    assert leftovers(tmp_path) == [target.name]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_write_failing_midway_keeps_the_previous_file(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    args, target = _writer_args(name, tmp_path)
    target.write_text("the previous version\n", encoding="utf-8")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", disk_full)
    result = run(*args, "--force")
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "the previous version\n"
    assert leftovers(tmp_path) == [target.name]


def test_write_new_folder_writes_everything_at_once(tmp_path: Path) -> None:
    from prefig.fsutil import write_new_folder

    out = tmp_path / "site"
    out.mkdir()  # an empty folder is replaced
    write_new_folder(out, [("index.html", "a"), ("x/y/z.json", b"b")])
    assert (out / "index.html").read_text("utf-8") == "a"
    assert (out / "x" / "y" / "z.json").read_bytes() == b"b"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left
    with pytest.raises(WriteRefusedError, match="not empty"):
        write_new_folder(out, [("index.html", "again")])


def test_write_new_folder_leaves_nothing_when_refused(tmp_path: Path) -> None:
    from prefig.fsutil import write_new_folder

    out = tmp_path / "site"
    for bad in ([("a.html", "1"), ("../escape.html", "2")], [("A.html", "1"), ("a.html", "2")]):
        with pytest.raises(WriteRefusedError):
            write_new_folder(out, bad)
        assert list(tmp_path.iterdir()) == []


def test_update_file_creates_changes_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "data" / "log.yaml"
    fsutil.update_file(path, lambda current: (current or b"") + b"- one\n")
    path.chmod(0o640)
    fsutil.update_file(path, lambda current: (current or b"") + b"- two\n")
    assert path.read_bytes() == b"- one\n- two\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["log.yaml"]


def test_update_file_leaves_the_file_when_the_change_refuses(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_bytes(b"kept\n")

    def refuse(current: bytes | None) -> bytes:
        raise ValueError("no")

    with pytest.raises(ValueError):
        fsutil.update_file(path, refuse)
    assert path.read_bytes() == b"kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.yaml"]


def test_update_file_refuses_a_link_and_a_second_writer(tmp_path: Path) -> None:
    import fcntl

    target = tmp_path / "elsewhere.yaml"
    target.write_bytes(b"x\n")
    link = tmp_path / "log.yaml"
    link.symlink_to(target)
    with pytest.raises(WriteRefusedError, match="symbolic link"):
        fsutil.update_file(link, lambda current: b"y\n")
    assert target.read_bytes() == b"x\n"
    link.unlink()
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(WriteRefusedError, match="another prefig"):
            fsutil.update_file(link, lambda current: b"y\n")
    finally:
        os.close(fd)
    assert not link.exists()
