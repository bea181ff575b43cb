"""The rule registry: every code prefig reports, each a small documented unit.

A rule has a stable code (``PF`` + three digits, the hundreds naming the family), a
kebab-case name for the mistake it finds, a default severity, and documentation: a one-line
summary, then *What it does*, *Why is this bad?*, *Example* and *Use instead* sections.

Rules come from one of two places (:class:`Origin`):

- **run over the register** (PF1xx-PF6xx): a function ``(context) -> Iterator[Finding]``,
  decorated with :func:`rule`, documented by its docstring; ``prefig check`` runs it;
- **emitted by the loader** (PF0xx): the loader reports it while it reads the files
  (:mod:`prefig.load.codes` names them); :func:`loader_rule` documents it
  (:mod:`prefig.rules.loading`), and nothing runs it over the register.

:func:`all_rules` gives the rules run over the register, :func:`every_rule` every code.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from prefig.diagnostics import Location, Severity
from prefig.load import Register
from prefig.load.codes import CONFIGURABLE_LOADER_CODES, FATAL_CODES, LOADER_CODES

FAMILIES: dict[str, str] = {
    "0": "loading",
    "1": "references",
    "2": "composition",
    "3": "dates and calendar",
    "4": "documents readiness",
    "5": "decisions",
    "6": "sittings",
}


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a message about a place in the register."""

    message: str
    where: Location | Callable[[], Location]
    """Where it is, or how to find out (see :attr:`location`)."""
    record: str | None = None
    path: tuple[str | int, ...] = ()
    hint: str | None = None

    @property
    def location(self) -> Location:
        """File, line and column of the finding, worked out when asked for.

        A finding that its record is exempt from is dropped unread, and locating one means
        composing its file's YAML: a register whose every meeting carries an exemption would
        otherwise pay that for the whole file although nothing is reported. Asked for twice,
        it is worked out twice (a finding is reported once)."""
        where = self.where
        return where if isinstance(where, Location) else where()


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
            where=functools.partial(self.register.locate, record, *path, at_key=at_key),
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


class Origin(enum.Enum):
    """Where a rule's findings come from."""

    LOADER = "loader"
    """Emitted by the loader while it reads the files; not run over the register."""
    REGISTER = "register"
    """Run over the loaded register by ``prefig check``."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: RuleFunc | None = field(repr=False)
    """What finds the rule's findings in a register; None for a rule the loader emits."""
    origin: Origin = Origin.REGISTER
    documentation: str | None = field(default=None, repr=False)
    """The rule's documentation when it has no function to carry it as a docstring."""

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2], "other")

    @property
    def doc(self) -> str:
        text = self.documentation if self.func is None else self.func.__doc__
        return inspect.cleandoc(text or "")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line."""
        return " ".join(self.doc.split("\n\n", 1)[0].split())

    @property
    def unreadable(self) -> bool:
        """Whether a finding means a file cannot be read at all: the register is then
        unreadable (exit 2) and neither ``--ignore`` nor ``rules:`` can hide the finding."""
        return self.code in FATAL_CODES

    @property
    def configurable(self) -> bool:
        """Whether ``rules:`` in register.yaml may turn the rule off or change its severity:
        every rule run over the register, and the loader codes that may be
        (:data:`~prefig.load.codes.CONFIGURABLE_LOADER_CODES`)."""
        return self.origin is Origin.REGISTER or self.code in CONFIGURABLE_LOADER_CODES

    def run(self, ctx: Context) -> Iterator[Finding]:
        """The rule's findings on ``ctx``'s register (a loader rule has none to find there:
        the loader has already reported them)."""
        if self.func is None:
            return iter(())
        return self.func(ctx)


REGISTRY: dict[str, Rule] = {}
"""Every rule by code, loader codes included, once their modules are imported
(:func:`all_rules` and :func:`every_rule` import them)."""


def _add(entry: Rule) -> None:
    if entry.code in REGISTRY:
        raise ValueError(f"rule code {entry.code} registered twice")
    REGISTRY[entry.code] = entry


def rule(
    code: str, name: str, *, severity: Severity = Severity.ERROR
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule run over the register under a stable code."""

    def register(func: RuleFunc) -> RuleFunc:
        _add(Rule(code, name, severity, func))
        return func

    return register


def loader_rule(code: str, sections: str) -> Rule:
    """Register the documentation of a code the loader emits: its name and summary are the
    loader's (:data:`~prefig.load.codes.LOADER_CODES`), ``sections`` the *What it does* ...
    *Use instead* that follow the summary."""
    name, summary = LOADER_CODES[code]
    documentation = f"{summary}\n\n{inspect.cleandoc(sections)}"
    entry = Rule(code, name, Severity.ERROR, None, Origin.LOADER, documentation)
    _add(entry)
    return entry


def every_rule() -> dict[str, Rule]:
    """Every rule, by code, in code order: the loader's codes and the rules run over the
    register (importing the rule modules registers them)."""
    from prefig.rules import (  # noqa: F401
        annexes,
        calendar,
        composition,
        decisions,
        loading,
        readiness,
        references,
        sittings,
    )

    return dict(sorted(REGISTRY.items()))


def all_rules() -> dict[str, Rule]:
    """The rules ``prefig check`` runs over the register, by code, in code order (the
    loader's codes are left out: the loader emits them; :func:`every_rule` has them)."""
    return {code: r for code, r in every_rule().items() if r.origin is Origin.REGISTER}
