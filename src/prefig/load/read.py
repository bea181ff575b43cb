"""Reading one data file's text: the size bound, the encoding, the characters YAML allows."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from prefig.diagnostics import Diagnostic, Location
from prefig.load.messages import diagnostic

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest data file read by default (64 MiB, about 300,000 meetings)."""
SIZE_ENV_VAR = "PREFIG_MAX_FILE_BYTES"
"""Environment variable that overrides :data:`MAX_FILE_BYTES` (a number of bytes)."""
MAX_FILE_BYTES_CEILING = 1024**4
"""Largest value :data:`SIZE_ENV_VAR` can set (1 TiB): a larger number is read as this one,
so that no size computation overflows (a file that large would not fit in memory anyway)."""


def max_file_bytes() -> int:
    """The size limit in force: ``$PREFIG_MAX_FILE_BYTES`` when it is a positive whole
    number (at most :data:`MAX_FILE_BYTES_CEILING`, which a larger number stands for), else
    :data:`MAX_FILE_BYTES`. Read on each load so that tests and long-running callers see a
    change."""
    value = os.environ.get(SIZE_ENV_VAR, "").strip().replace("_", "")
    if not value.isascii() or not value.isdigit():
        return MAX_FILE_BYTES
    # Compare the digits' count before converting: int() refuses more than 4,300 digits.
    if len(value) > len(str(MAX_FILE_BYTES_CEILING)) or int(value) > MAX_FILE_BYTES_CEILING:
        return MAX_FILE_BYTES_CEILING
    return int(value) if int(value) > 0 else MAX_FILE_BYTES


def read_text(path: Path, relpath: str, root: Path) -> tuple[str | None, list[Diagnostic]]:
    """The decoded text of one data file, or diagnostics saying why it cannot be had."""
    here = Location(relpath)
    limit = max_file_bytes()
    try:
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return None, [
                diagnostic(
                    "PF001",
                    f"{relpath} leads to {target}, outside the register (through a symbolic "
                    "link); copy the file into the register instead of linking to it.",
                    here,
                )
            ]
        if path.is_dir():
            return None, [
                diagnostic(
                    "PF001",
                    f"{relpath} is a folder, not a file; move what it holds elsewhere and "
                    f"write the records as a YAML list in the file {relpath}.",
                    here,
                )
            ]
        if not path.is_file():
            return None, [
                diagnostic(
                    "PF001",
                    f"{relpath} is not a regular file (a device, socket or pipe); replace it "
                    "with a YAML file.",
                    here,
                )
            ]
        size = path.stat().st_size
        if size > limit:
            return None, [
                diagnostic(
                    "PF002",
                    f"{relpath} is {size:,} bytes, more than the {limit:,} a data file may "
                    f"have; split it, or raise {SIZE_ENV_VAR} if this is intended.",
                    here,
                )
            ]
        with path.open("rb") as stream:
            raw = _read_at_most(stream, size, limit)
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop
        reason = getattr(err, "strerror", None) or str(err)
        return None, [
            diagnostic(
                "PF001",
                f"{relpath} cannot be read: {reason}; check the file exists and may be read.",
                here,
            )
        ]
    if len(raw) > limit:  # grew between stat and read
        return None, [
            diagnostic(
                "PF002",
                f"{relpath} is larger than the {limit:,} bytes a data file may have; split it, "
                f"or raise {SIZE_ENV_VAR} if this is intended.",
                here,
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [_encoding_error(raw, err, relpath)]
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        head = text[: bad.start()]
        line = head.count("\n") + 1
        column = bad.start() - (head.rfind("\n") + 1) + 1
        return None, [
            diagnostic(
                "PF004",
                f"control character U+{ord(bad.group()):04X} is not allowed in a YAML file; "
                "remove it (inside a double-quoted string, write it as an escape such as \\t).",
                Location(relpath, line, column),
            )
        ]
    return text, []


class RegisterFileError(Exception):
    """A file of the register that cannot be read; the message says why and what to do."""


def read_register_file(root: Path, relpath: str) -> bytes:
    """The bytes of the file ``relpath`` names inside the register at ``root`` (an annex),
    read under the data files' size bound (:func:`max_file_bytes`).

    Refuses a path that is absolute, climbs out (``..``), names ``.git``, leads outside the
    register through a symbolic link, or names anything but a regular file; the file itself
    is opened without following a link, so that one put in its place meanwhile is refused.
    Raises :class:`RegisterFileError`.
    """
    relative = PurePosixPath(relpath.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or ".git" in relative.parts:
        raise RegisterFileError(f"{relpath} is not a path inside the register.")
    base = root.resolve()
    limit = max_file_bytes()
    try:
        target = (base / relative).resolve()
        if not target.is_relative_to(base):
            raise RegisterFileError(f"{relpath} leads out of the register.")
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(target, flags)
        with os.fdopen(fd, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise RegisterFileError(f"{relpath} is not a regular file.")
            if status.st_size > limit:
                raise RegisterFileError(
                    f"{relpath} is {status.st_size:,} bytes, more than the {limit:,} a file "
                    f"of the register may have (raise {SIZE_ENV_VAR} if this is intended)."
                )
            raw = _read_at_most(stream, status.st_size, limit)
    except FileNotFoundError:
        raise RegisterFileError(f"{relpath} does not exist.") from None
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop
        reason = getattr(err, "strerror", None) or str(err)
        raise RegisterFileError(f"{relpath} cannot be read: {reason}.") from None
    if len(raw) > limit:
        raise RegisterFileError(f"{relpath} grew past {limit:,} bytes while it was read.")
    return raw


def _read_at_most(stream: BinaryIO, size: int, limit: int) -> bytes:
    """The stream's bytes, but no more than ``limit + 1`` of them (one more tells that the
    file grew past the limit since ``stat`` gave ``size``). ``read(n)`` allocates ``n``
    bytes up front, so the first read asks for the size ``stat`` gave, not for the limit
    (which ``PREFIG_MAX_FILE_BYTES`` may set to a terabyte)."""
    first = min(size, limit) + 1
    raw = stream.read(first)
    if len(raw) < first or len(raw) > limit:
        return raw
    rest = [raw]  # the file grew meanwhile: read on, a mebibyte at a time
    while (got := sum(map(len, rest))) <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        rest.append(chunk)
    return b"".join(rest)


_NON_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters outside YAML's printable set (c-printable): C0 and C1 controls other than tab,
line feed, carriage return and next line, DEL, and the non-characters U+FFFE and U+FFFF."""


def _encoding_error(raw: bytes, err: UnicodeDecodeError, relpath: str) -> Diagnostic:
    before = raw[: err.start]
    line_start = before.rfind(b"\n") + 1
    line = before.count(b"\n") + 1
    # The bytes before the bad one decode (that is how far decoding got): count characters.
    column = len(before[line_start:].decode("utf-8")) + 1
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        advice = "the file looks like UTF-16; save it as UTF-8"
    else:
        advice = "save the file as UTF-8 (it may have been saved as Latin-1 or Windows-1252)"
    return diagnostic(
        "PF003",
        f"byte 0x{raw[err.start]:02x} is not valid UTF-8; {advice}.",
        Location(relpath, line, column),
    )
