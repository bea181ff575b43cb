"""The one type that every check, loader error and rule reports with."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``max()`` gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {choices}") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: a file relative to the register root, 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a stable code, how bad it is, what is wrong and where.

    ``path`` is the path inside the file's data (``("meetings", 3, "location")`` style, as
    a tuple of keys and indexes); ``record`` is the id of the record concerned, when known.
    """

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    record: str | None = None
    path: tuple[str | int, ...] = field(default=())
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (
            self.location.file,
            self.location.line or 0,
            self.location.column or 0,
            self.code,
        )

    def as_dict(self) -> dict[str, object]:
        """The stable JSON shape of a diagnostic (see docs/output.md)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "record": self.record,
            "path": [str(p) if not isinstance(p, int) else p for p in self.path],
        }


def format_path(path: tuple[str | int, ...]) -> str:
    """``("a", 0, "b")`` -> ``a[0].b``, the way people read a data path."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
