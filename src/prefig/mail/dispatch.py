"""The proof of dispatch: each convocation a mail server accepted, appended to
``data/dispatches.yaml`` as soon as it is accepted.

The file is never rewritten from parsed data: the new record is appended as text (block
YAML, every value quoted), the whole new text is checked with the loader
(:func:`prefig.load.files.records_from_text`), and only then does it replace the file,
atomically and under the folder's lock (:func:`prefig.fsutil.update_file`). Every byte of
what was there stays as it was (comments, order, quoting, a byte order mark, CRLF line
ends), but for an empty list written ``[]`` on a line of its own, which the first record
replaces. A file that fails to validate after the append is left untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from prefig.diagnostics import Severity
from prefig.fsutil import WriteRefusedError, update_file
from prefig.load import DATA_DIR, Register, max_file_bytes
from prefig.load.files import records_from_text
from prefig.mail import MailError
from prefig.model import Dispatch

KIND = "dispatches"
RELPATH = f"{DATA_DIR}/{KIND}.yaml"
HEADER = f"# yaml-language-server: $schema=../schemas/{KIND}.schema.json\n"

MAX_REPLY = 500
"""Most characters of a server's answer kept in the record."""


@dataclass(frozen=True)
class Accepted:
    """One message the mail server accepted: what goes into the record."""

    meeting: str
    person: str
    to: str
    sent_at: dt.datetime
    message_id: str
    server_reply: str
    sha256: str
    content: str

    @property
    def id(self) -> str:
        """The record's id: ``dispatch-`` and the start of the hash of the bytes sent."""
        return f"dispatch-{self.sha256[:20]}"


def reply_text(code: int, message: bytes | str) -> str:
    """A server's answer on one line: the code, then its text with line breaks and control
    characters made spaces, cut at :data:`MAX_REPLY` characters."""
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]+", " ", text).strip()
    return f"{code} {text}".strip()[:MAX_REPLY]


def record_text(accepted: Accepted, indent: str = "", newline: str = "\n") -> str:
    """The record of ``accepted`` as the lines of one item of a YAML block list."""
    values = {
        "id": accepted.id,
        "meeting": accepted.meeting,
        "person": accepted.person,
        "to": accepted.to,
        "sent_at": accepted.sent_at.isoformat(timespec="seconds"),
        "message_id": accepted.message_id,
        "server_reply": accepted.server_reply,
        "sha256": accepted.sha256,
        "content": accepted.content,
    }
    lines = []
    for n, (key, value) in enumerate(values.items()):
        lead = f"{indent}- " if n == 0 else f"{indent}  "
        # JSON's double-quoted strings are YAML's: every character escaped that must be.
        lines.append(f"{lead}{key}: {json.dumps(value, ensure_ascii=False)}")
    return newline.join(lines) + newline


_EMPTY_LIST = re.compile(r"^[ \t]*\[[ \t]*\][ \t]*(#[^\r\n]*)?(\r?\n)?\Z", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^([ \t]*)-[ \t]", re.MULTILINE)


def appended(current: bytes | None, accepted: Accepted) -> bytes:
    """The bytes of ``data/dispatches.yaml`` with ``accepted`` recorded at its end, checked
    with the loader; :class:`MailError` when the new text would not load cleanly."""
    if current is None:
        new_text = HEADER + record_text(accepted)
        bom = b""
    else:
        bom = b"\xef\xbb\xbf" if current.startswith(b"\xef\xbb\xbf") else b""
        try:
            text = current[len(bom) :].decode("utf-8")
        except UnicodeDecodeError:
            raise MailError(f"{RELPATH} is not UTF-8; run `prefig check`.") from None
        newline = "\r\n" if "\r\n" in text else "\n"
        empty = _EMPTY_LIST.search(text)
        if empty is not None:
            # ``[]``: the list is empty, and the first record takes the place of the brackets.
            new_text = text[: empty.start()] + record_text(accepted, newline=newline)
        else:
            first = _FIRST_ITEM.search(_without_comments(text))
            indent = first.group(1) if first else ""
            if text and not text.endswith("\n"):
                text += newline
            new_text = text + record_text(accepted, indent, newline)
    checked = records_from_text(KIND, RELPATH, new_text)
    problems = [d for d in checked.diagnostics if d.severity >= Severity.ERROR]
    last = checked.items[-1] if checked.items else None
    if problems or not isinstance(last, Dispatch) or last.id != accepted.id:
        detail = "; ".join(f"{d.location}: {d.message}" for d in problems[:3])
        detail = detail or "it is not a list of records"
        raise MailError(
            f"{RELPATH} would not load once this dispatch is appended ({detail}); it was left "
            "as it was. Correct it (`prefig check`), then run "
            "the command again: what was already sent is recorded and is not sent twice."
        )
    return bom + new_text.encode("utf-8")


def _without_comments(text: str) -> str:
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))


def record_dispatch(root: Path, accepted: Accepted) -> None:
    """Append ``accepted`` to the register's ``data/dispatches.yaml`` (created if need be),
    atomically; :class:`MailError` when it cannot be."""
    path = root / DATA_DIR / f"{KIND}.yaml"
    try:
        if path.is_file() and path.stat().st_size > max_file_bytes():
            raise MailError(f"{RELPATH} is larger than a data file may be; split it.")
        update_file(path, lambda current: appended(current, accepted))
    except WriteRefusedError as err:
        raise MailError(f"cannot record the dispatch in {RELPATH}: {err}") from None
    except OSError as err:
        raise MailError(
            f"cannot record the dispatch in {RELPATH}: {err.strerror or err}."
        ) from None


def dispatches_of(register: Register, meeting: str) -> list[Dispatch]:
    """The dispatches the register records for ``meeting``, in the file's order."""
    return [d for d in register.dispatches if d.meeting == meeting]


def already_sent(dispatches: Iterable[Dispatch]) -> set[tuple[str, str]]:
    """``(person, content)`` of each message recorded: sent, and not to send again."""
    return {(d.person, d.content) for d in dispatches}


def sent_counts(dispatches: Iterable[Dispatch]) -> Mapping[str, int]:
    """How many messages each person was sent (for a ``Message-ID`` that differs on a
    resend)."""
    counts: dict[str, int] = {}
    for d in dispatches:
        counts[d.person] = counts.get(d.person, 0) + 1
    return counts


def first_dispatch_day(register: Register, meeting: str) -> dt.date | None:
    """The day (in the register's time zone) of the first dispatch recorded for
    ``meeting``: the date of its letters when the meeting records no ``convened_on``, so
    that a run resumed the next day sends the same letters."""
    from prefig.query import zone

    times = [d.sent_at for d in dispatches_of(register, meeting)]
    return min(times).astimezone(zone(register)).date() if times else None


__all__ = [
    "HEADER",
    "KIND",
    "RELPATH",
    "Accepted",
    "already_sent",
    "appended",
    "dispatches_of",
    "first_dispatch_day",
    "record_dispatch",
    "record_text",
    "reply_text",
    "sent_counts",
]
