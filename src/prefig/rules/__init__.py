"""The rule registry: each cross-record check is a small function registered with a code.

A rule is ``(context) -> Iterator[Finding]``, decorated with :func:`rule`, which gives it a
stable code (``PF`` + three digits, the hundreds naming the family), a kebab-case name for the
mistake it finds, a default severity, and documentation taken from its docstring: a one-line
summary, then *What it does*, *Why is this bad?*, *Example* and *Use instead* sections.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from prefig.diagnostics import Location, Severity
from prefig.load import Register

FAMILIES: dict[str, str] = {
    "0": "loading",
    "1": "references",
    "2": "composition",
    "3": "dates and calendar",
    "4": "documents readiness",
    "5": "decisions",
}


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a message about a place in the register."""

    message: str
    location: Location
    record: str | None = None
    path: tuple[str | int, ...] = ()
    hint: str | None = None


@dataclass
class Context:
    """What a rule sees: the register, the reference date, and lookups built once."""

    register: Register
    as_of: dt.date
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def at(
        self,
        record: BaseModel,
        *path: str | int,
        message: str,
        hint: str | None = None,
        at_key: bool = False,
    ) -> Finding:
        """A finding located at ``record`` (or a field inside it)."""
        kind, index = self.register.kind_of(record)
        return Finding(
            message=message,
            location=self.register.locate(record, *path, at_key=at_key),
            record=getattr(record, "id", None),
            path=(kind, index, *path),
            hint=hint,
        )

    @cached_property
    def ids(self) -> dict[str, set[str]]:
        """Ids by kind, nested ones (seats, actions) included, invalid records included."""
        reg = self.register
        out: dict[str, set[str]] = {k: set(v) for k, v in reg.raw_ids.items()}
        for kind, record in reg.all_records():
            out.setdefault(kind, set()).add(record.id)
        out["seats"] = {s.id for b in reg.bodies for s in b.seats}
        out["actions"] = {a.id for d in reg.decisions for a in d.actions}
        return out


RuleFunc = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: RuleFunc = field(repr=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2], "other")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line."""
        return " ".join(self.doc.split("\n\n", 1)[0].split())


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, name: str, *, severity: Severity = Severity.ERROR
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under a stable code."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, func)
        return func

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, by code, in code order (importing the rule modules registers them)."""
    from prefig.rules import (  # noqa: F401
        calendar,
        composition,
        decisions,
        readiness,
        references,
    )

    return dict(sorted(REGISTRY.items()))
