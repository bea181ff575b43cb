"""Run the rules over a loaded register and gather the findings into a Report."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefig.diagnostics import Diagnostic, Severity
from prefig.load import (
    CONFIGURABLE_LOADER_CODES,
    FATAL_CODES,
    LoadResult,
    Register,
    load_register,
    paused_gc,
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


@dataclass
class Report:
    """The outcome of a check: diagnostics in file order, and whether the register was read."""

    diagnostics: list[Diagnostic]
    unreadable: bool = False
    files: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def seen_from(self, prefix: str) -> Report:
        """The same report with every file path prefixed by ``prefix``, where the register
        root is seen from another folder (``registers/2015``; ``.`` changes nothing)."""
        if prefix in ("", "."):
            return self

        def moved(file: str) -> str:
            return posixpath.normpath(posixpath.join(prefix, file))

        return Report(
            diagnostics=[
                replace(d, location=replace(d.location, file=moved(d.location.file)))
                for d in self.diagnostics
            ],
            unreadable=self.unreadable,
            files=[moved(f) for f in self.files],
        )

    @property
    def exit_code(self) -> int:
        """0 clean (warnings and infos allowed), 1 errors found, 2 register unreadable."""
        if self.unreadable:
            return EXIT_UNREADABLE
        if any(d.severity >= Severity.ERROR for d in self.diagnostics):
            return EXIT_FINDINGS
        return EXIT_OK


def _matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def run_rules(
    register: Register,
    *,
    as_of: dt.date,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> list[Diagnostic]:
    """Every rule's findings on ``register``, with the register's settings and each record's
    exemptions applied. ``select``/``ignore`` take codes or prefixes (``PF3``)."""
    from prefig.rules import Context, all_rules

    select, ignore = tuple(select), tuple(ignore)
    ctx = Context(register, as_of)
    settings = register.settings.rules
    exemptions = {r.id: r.exempt for _, r in register.all_records() if r.exempt}
    out: list[Diagnostic] = []
    for code, rule in all_rules().items():
        if select and not _matches(code, select):
            continue
        if ignore and _matches(code, ignore):
            continue
        override = settings.get(code)
        if override is not None and not override.enabled:
            continue
        severity = (
            Severity.parse(override.severity)
            if override is not None and override.severity
            else rule.severity
        )
        for finding in rule.run(ctx):
            if finding.record is not None and code in exemptions.get(finding.record, {}):
                continue
            out.append(
                Diagnostic(
                    code=code,
                    name=rule.name,
                    severity=severity,
                    message=finding.message,
                    location=finding.location,
                    record=finding.record,
                    path=finding.path,
                    hint=finding.hint,
                )
            )
    return out


def _configured(diagnostics: list[Diagnostic], register: Register) -> list[Diagnostic]:
    """Loader diagnostics with the register's ``rules:`` settings applied, for the loader
    codes a register may configure (:data:`CONFIGURABLE_LOADER_CODES`)."""
    out: list[Diagnostic] = []
    for d in diagnostics:
        override = register.settings.rules.get(d.code)
        if d.code in CONFIGURABLE_LOADER_CODES and override is not None:
            if not override.enabled:
                continue
            if override.severity:
                d = replace(d, severity=Severity.parse(override.severity))
        out.append(d)
    return out


def register_today(register: Register) -> dt.date:
    """Today in the register's time zone (not the machine's: a check run in CI on UTC at
    23:30 is already tomorrow in Paris)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(register.settings.timezone)).date()


def check(
    root: Path,
    *,
    as_of: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
    loaded: LoadResult | None = None,
) -> Report:
    """Load the register at ``root`` and check it as a whole, as of ``as_of`` (default:
    today in the register's time zone).

    Loader diagnostics that make a file unreadable cannot be ignored; schema findings and
    rule findings honour ``select``/``ignore``. ``strict`` turns warnings into errors.
    """
    result = loaded if loaded is not None else load_register(root)
    select, ignore = tuple(select), tuple(ignore)
    diagnostics = [
        d
        for d in result.diagnostics
        if d.code in FATAL_CODES
        or ((not select or _matches(d.code, select)) and not _matches(d.code, ignore))
    ]
    if result.register is not None:
        diagnostics = _configured(diagnostics, result.register)
    if result.register is not None and not result.fatal:
        # A file that could not be read would make every reference to its records look
        # dangling: report the file alone.
        # Rules allocate little, but every collection would rescan the whole loaded register.
        with paused_gc():
            diagnostics += run_rules(
                result.register,
                as_of=as_of or register_today(result.register),
                select=select,
                ignore=ignore,
            )
    if strict:
        diagnostics = [
            replace(d, severity=Severity.ERROR) if d.severity == Severity.WARNING else d
            for d in diagnostics
        ]
    diagnostics.sort(key=Diagnostic.sort_key)
    files = sorted(f.relpath for f in result.register.files.values()) if result.register else []
    return Report(diagnostics, unreadable=result.fatal, files=files)


def known_codes() -> dict[str, tuple[str, str]]:
    """Every code prefig can report, loader codes included: code -> (name, summary)."""
    from prefig.rules import every_rule

    return {code: (r.name, r.summary) for code, r in every_rule().items()}
