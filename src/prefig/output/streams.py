"""What a standard stream can carry, and writing to it in its own encoding.

One behaviour for every command when stdout's encoding cannot carry the register's text
(``PYTHONIOENCODING=ascii``, a Latin-1 console): text for people is written in that
encoding or not at all (the entry point turns the ``UnicodeEncodeError`` into exit 2 and a
message naming the character), never with ``?`` in place of a letter; machine formats carry
every character whatever the encoding (JSON as ``\\u`` escapes, iCalendar and the exports
as UTF-8 bytes).
"""

from __future__ import annotations

import sys
from typing import TextIO

UNICODE_ENCODINGS = frozenset({"utf8", "utf16", "utf32", "utf8sig"})


def carries_unicode(stream: object) -> bool:
    """Whether ``stream``'s encoding can carry any character (a UTF encoding)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return str(encoding).lower().replace("-", "").replace("_", "") in UNICODE_ENCODINGS


def echo(text: str = "", *, nl: bool = True, stream: TextIO | None = None) -> None:
    """Write ``text`` (and a newline) on stdout in its own encoding.

    Unlike ``typer.echo``, which writes UTF-8 bytes behind an ASCII stream's back (taking it
    for a misconfigured locale), a character the stream cannot carry raises
    ``UnicodeEncodeError``, which the entry point reports (exit 2), as every command does.
    """
    out = stream if stream is not None else sys.stdout
    out.write(text + "\n" if nl else text)
