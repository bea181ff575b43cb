"""Writing to a stream that cannot carry every character (an ASCII stdout): machine formats
carry the text as JSON escapes; text for people raises, and the entry point says so."""

from __future__ import annotations

import io
import json

import pytest

from prefig.check import Report
from prefig.cli.common import echo
from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.output import REPORTER_BY_NAME
from prefig.output.streams import carries_unicode

MESSAGE = "l'instance « comité-régional » n'existe pas"


def _report() -> Report:
    where = Location("data/bodies.yaml", 3, 7)
    return Report([Diagnostic("PF101", "dangling-reference", Severity.ERROR, MESSAGE, where)])


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict", newline="")


def _written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue()


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", True), ("UTF8", True), ("utf_16", True), ("ascii", False), ("latin-1", False)],
)
def test_carries_unicode(encoding: str, expected: bool) -> None:
    assert carries_unicode(_stream(encoding)) is expected


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_json_formats_carry_every_character_on_an_ascii_stream(name: str) -> None:
    ascii_stream, utf8_stream = _stream("ascii"), _stream("utf-8")
    REPORTER_BY_NAME[name](_report(), ascii_stream, False)
    REPORTER_BY_NAME[name](_report(), utf8_stream, False)
    as_ascii, as_utf8 = _written(ascii_stream), _written(utf8_stream)
    assert as_ascii.isascii()
    assert "« comité-régional »".encode() in as_utf8  # readable where it can be
    assert json.loads(as_ascii) == json.loads(as_utf8)


@pytest.mark.parametrize("name", ["text", "github"])
def test_text_formats_refuse_an_ascii_stream(name: str) -> None:
    # never "comit?": the entry point turns this error into exit 2 and a message
    with pytest.raises(UnicodeEncodeError):
        REPORTER_BY_NAME[name](_report(), _stream("ascii"), False)


def test_echo_writes_in_the_stream_s_encoding() -> None:
    latin = _stream("latin-1")
    echo("Conférence", stream=latin)
    assert _written(latin) == "Conférence\n".encode("latin-1")
    with pytest.raises(UnicodeEncodeError):
        echo("Œuvre", stream=_stream("latin-1"))
