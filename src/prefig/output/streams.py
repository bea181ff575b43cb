"""What a standard stream can carry.

One behaviour for every command when stdout's encoding cannot carry the register's text
(``PYTHONIOENCODING=ascii``, a Latin-1 console): text for people is written in that
encoding or not at all (the entry point turns the ``UnicodeEncodeError`` into exit 2 and a
message naming the character), never with ``?`` in place of a letter; machine formats carry
every character whatever the encoding (JSON as ``\\u`` escapes, iCalendar and the exports
as UTF-8 bytes). The command line writes its text with :func:`prefig.cli.common.echo`.
"""

from __future__ import annotations

UNICODE_ENCODINGS = frozenset({"utf8", "utf16", "utf32", "utf8sig"})


def carries_unicode(stream: object) -> bool:
    """Whether ``stream``'s encoding can carry any character (a UTF encoding)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return str(encoding).lower().replace("-", "").replace("_", "") in UNICODE_ENCODINGS
