"""Register text made inert in Markdown: one escaper for every Markdown prefig writes (the
rendered documents, ``diff --format markdown``, ``bodies graph --format markdown``).

A name or a message from the register is untrusted: in a merge-request comment or a document
it must show as the text it is, never open a list item, a heading, a link or raw HTML.

This module imports nothing of Jinja or of the rest of :mod:`prefig.render`: ``prefig diff``
and ``prefig bodies graph`` use it without loading the document machinery.
"""

from __future__ import annotations

import re


class Safe(str):
    """Text that is already Markdown (escaped register values, placeholders)."""

    __slots__ = ()


# CommonMark (0.31, section 2.4) lets a backslash escape any ASCII punctuation; these are the
# characters that start markup inline: code, emphasis (``*``, ``_``, GFM ``~``), links and
# images, raw HTML and autolinks, table cells (GFM ``|``) and the backslash itself. ``&`` only
# starts an entity or a numeric reference (``&copy;``, ``&#169;``), so it is escaped there alone
# and ``R&D`` stays readable.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?[0-9A-Za-z]+;)")
# At the start of a line: ATX headings, block quotes, bullet markers, setext underlines
# (``=``, ``-``) and ordered list markers (``1.``, ``12)``).
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d{1,9})([.)])(?=\s|$))")
# At the end: a run of ``#`` after a space, which would close an ATX heading and vanish.
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")
# Every line break YAML knows (CR LF, CR, LF, NEL, LS, PS), tabs, form feeds and vertical tabs
# become one space; a no-break space (U+00A0, U+202F) is typography the register chose and is
# kept.
_SPACES = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")
# Other C0 and C1 controls (NUL, ESC, BEL ...) would reach a terminal or a CI log raw.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def placeholder(label: str) -> Safe:
    """A visible gap in a document: ``[heure à préciser]``."""
    return Safe(f"[{label}]")


def flatten(text: str) -> str:
    """``text`` on one line: line breaks and runs of white space become one space, control
    characters the replacement character U+FFFD, and the ends are trimmed."""
    return _CONTROLS.sub("\ufffd", _SPACES.sub(" ", text)).strip()


def escape_markdown(text: str) -> Safe:
    """``text`` made inert in Markdown: emphasis, links, code, HTML, entities, table pipes and,
    at the start, headings, quotes and list markers are backslash-escaped; line breaks become
    spaces (a register value never breaks a heading, a list item or a table row). A CommonMark
    reader reads the result back as ``text`` with its runs of white space made single."""
    if isinstance(text, Safe):
        return text
    escaped = _SPECIAL.sub(_escape_special, flatten(str(text)))
    escaped = _CLOSING_HASHES.sub(r"\1\\\2", escaped, count=1)
    return Safe(_LINE_START.sub(_escape_marker, escaped, count=1))


def code_span(text: str) -> str:
    """``text`` as an inline code span on one line (a backtick inside becomes ``'``: a code
    span cannot escape one)."""
    return "`" + flatten(text).replace("`", "'") + "`"


def _escape_special(match: re.Match[str]) -> str:
    return f"\\{match.group(0)}"


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker, digits, delimiter = match.groups()
    if marker is not None:
        return f"{indent}\\{marker}"
    return f"{indent}{digits}\\{delimiter}"
