"""The proof of dispatch written back to the register: appended as text, every other byte of
every register file kept, checked with the loader before the atomic replacement, and a write
interrupted at any point leaving the previous file as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from prefig import fsutil
from prefig.load import load_register
from prefig.mail import MailError
from prefig.mail.dispatch import Accepted, appended, record_dispatch, reply_text
from tests.conftest import SHIPPED, TESTS

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))


def accepted(n: int = 1, meeting: str = "cm-2027-01-14", person: str = "louis-bernard") -> Accepted:
    return Accepted(
        meeting=meeting,
        person=person,
        to="louis.bernard@example.org",
        sent_at=dt.datetime(2026, 12, 20, 9, 30, n, tzinfo=PARIS_WINTER),
        message_id=f"<{n}.abc@saint-exemple.example.org>",
        server_reply='250 2.0.0 Ok: queued as "Q1" # not a comment: «\u00a0»',
        sha256=hashlib.sha256(str(n).encode()).hexdigest(),
        content="c" * 64,
    )


def registers() -> list[Path]:
    """The shipped register and every fixture register of the tests."""
    fixtures = sorted({p.parent.parent for p in (TESTS / "fixtures").rglob("data/register.yaml")})
    return [SHIPPED, *fixtures]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def copy_register(source: Path, target: Path) -> Path:
    (target / "data").mkdir(parents=True)
    for path in (source / "data").iterdir():
        if path.is_file() and not path.is_symlink():
            shutil.copy2(path, target / "data" / path.name)
    return target


@pytest.mark.parametrize(
    "source", registers(), ids=lambda p: str(p.relative_to(SHIPPED)) if p != SHIPPED else "shipped"
)
def test_every_register_keeps_every_other_byte(source: Path, tmp_path: Path) -> None:
    root = copy_register(source, tmp_path / "register")
    before = snapshot(root)
    record_dispatch(root, accepted(1))
    middle = snapshot(root)
    record_dispatch(root, accepted(2))
    after = snapshot(root)
    name = "data/dispatches.yaml"
    for path, data in before.items():
        if path != name:
            assert after[path] == data, path
    # The first record follows what the file held (or replaces a lone `[]`); the second one
    # keeps every byte of the first.
    old = before.get(name, b"")
    if old.rstrip().endswith(b"[]"):
        old = old[: old.rstrip().rfind(b"[]")]
    assert middle[name].startswith(old)
    assert after[name].startswith(middle[name])
    records = load_register(root)
    if records.register is not None:
        recorded = [d.id for d in records.register.dispatches]
        assert recorded[-2:] == [accepted(1).id, accepted(2).id]
        assert recorded[-1:] != recorded[-2:-1]
        shown = records.register.dispatches[-1]
        assert shown.server_reply == accepted(2).server_reply
        assert shown.sent_at == accepted(2).sent_at


@pytest.mark.parametrize(
    "text",
    [
        "# Les envois.\n[]\n",
        "[]  # vide\n",
        "\ufeff# BOM and CRLF\r\n[]\r\n",
        "# comment\n- id: dispatch-earlier\n  meeting: m\n  person: p\n  to: p@example.org\n"
        "  sent_at: 2026-12-19T10:00:00+01:00\n  message_id: '<x@y>'\n  server_reply: '250 ok'\n"
        f"  sha256: {'a' * 64}\n  content: {'b' * 64}  # no newline at the end",
        "  - id: dispatch-indented\n    meeting: m\n    person: p\n    to: p@example.org\n"
        "    sent_at: '2026-12-19T10:00:00+01:00'\n    message_id: <x@y>\n"
        f"    server_reply: 250 ok\n    sha256: {'a' * 64}\n    content: {'b' * 64}\n"
        "# trailing comment\n",
    ],
    ids=["empty-list", "empty-list-comment", "bom-crlf", "no-final-newline", "indented"],
)
def test_appending_keeps_the_file_as_written(text: str) -> None:
    current = text.encode("utf-8")
    new = appended(current, accepted())
    kept = current.rsplit(b"[]", 1)[0] if b"[]" in current else current
    assert new.startswith(kept)
    if b"\r\n" in current:
        assert b"\n" not in new.replace(b"\r\n", b"")

    def items(text: str) -> int:
        return len(re.findall(r"^\s*- id:", text, re.MULTILINE))

    assert items(new.decode("utf-8-sig")) == items(text) + 1


def test_a_file_that_would_not_load_is_left_as_it_was(tmp_path: Path) -> None:
    root = copy_register(TESTS / "fixtures" / "mail", tmp_path / "register")
    path = root / "data" / "dispatches.yaml"
    for broken in ("{a: mapping}\n", "- id: Not A Slug\n", "[{id: x}]\n", "- [\n"):
        path.write_text(broken, "utf-8")
        with pytest.raises(MailError, match="left as it was"):
            record_dispatch(root, accepted())
        assert path.read_text("utf-8") == broken


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    root = copy_register(TESTS / "fixtures" / "mail", tmp_path / "register")
    record_dispatch(root, accepted())
    text = (root / "data" / "dispatches.yaml").read_bytes()
    record_dispatch(root, accepted())  # the same message twice: the loader takes both,
    result = load_register(root)  # and prefig check reports the id used twice (PF102)
    assert result.register is not None
    assert (root / "data" / "dispatches.yaml").read_bytes().startswith(text)


def boom(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("step", ["_write_new", "_place", "_keep"])
def test_an_interrupted_write_leaves_the_previous_file(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_register(TESTS / "fixtures" / "mail", tmp_path / "register")
    record_dispatch(root, accepted(1))
    before = snapshot(root)
    real = getattr(fsutil, step)
    if step == "_write_new":

        def half(path: Path, payload: bytes, mode: int | None, *, sync: bool = True) -> None:
            real(path, payload[: len(payload) // 2], mode, sync=sync)
            raise KeyboardInterrupt  # a crash after half the new file is on disk

        monkeypatch.setattr(fsutil, step, half)
    else:
        monkeypatch.setattr(fsutil, step, boom)
    with pytest.raises(KeyboardInterrupt):
        record_dispatch(root, accepted(2))
    assert snapshot(root) == before
    leftovers = [p.name for p in (root / "data").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_failed_replace_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_register(TESTS / "fixtures" / "mail", tmp_path / "register")
    record_dispatch(root, accepted(1))
    before = snapshot(root)

    def no_space(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", no_space)
    with pytest.raises(MailError, match="No space left on device"):
        record_dispatch(root, accepted(2))
    monkeypatch.undo()
    assert snapshot(root) == before


def test_reply_text_is_one_bounded_line() -> None:
    assert reply_text(250, b"2.0.0 Ok\nqueued as X") == "250 2.0.0 Ok queued as X"
    assert reply_text(250, "\u2028" + "x" * 1000).startswith("250 x")
    assert len(reply_text(250, "x" * 1000)) == 500


def test_diff_shows_dispatches_added_and_warns_of_one_removed(tmp_path: Path) -> None:
    from prefig.diff import diff_registers

    root = copy_register(TESTS / "fixtures" / "mail", tmp_path / "register")
    base = load_register(root).register
    record_dispatch(root, accepted(1))
    head = load_register(root).register
    assert base is not None and head is not None
    (change,) = diff_registers(base, head, as_of=dt.date(2026, 12, 20))
    assert (change.type, change.kind, change.id, change.level) == (
        "dispatch-added",
        "dispatch",
        accepted(1).id,
        "info",
    )
    assert change.title == "louis-bernard <louis.bernard@example.org>"
    assert change.message.startswith(
        "sent the convocation to meeting cm-2027-01-14 (Conseil municipal de Saint-Exemple, "
    )
    assert "2026-12-20T09:30:01+01:00" in change.message
    (removed,) = diff_registers(head, base, as_of=dt.date(2026, 12, 20))
    assert (removed.type, removed.level) == ("dispatch-removed", "warning")
