"""The wording of loader diagnostics: a code's diagnostic, a validation error said in the
register's terms with what to write instead, and the cap on problems shown per file."""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from prefig.diagnostics import Diagnostic, Location, Severity, format_path
from prefig.load.codes import LOADER_CODES
from prefig.model import RECORD_MODELS, SLUG_PATTERN, Settings

if TYPE_CHECKING:
    from prefig.load.files import DataFile

MAX_DIAGNOSTICS_PER_FILE = 100
"""Validation problems reported per file; the rest are summed up in one last diagnostic."""


def diagnostic(code: str, message: str, location: Location, **kw: Any) -> Diagnostic:
    """A loader diagnostic: ``code`` (one of :data:`LOADER_CODES`) with its name, as an error."""
    name = LOADER_CODES[code][0]
    return Diagnostic(code, name, Severity.ERROR, message, location, **kw)


def _validation_diagnostics(
    err: ValidationError, data_file: DataFile, prefix: tuple[str | int, ...], record: str | None
) -> Iterator[Diagnostic]:
    """One diagnostic per error of ``err``, each located when it is taken: a caller that
    shows the first hundred (``itertools.islice``) pays for a hundred positions, not for one
    per error (finding a key walks its mapping, so 32,000 unknown keys took 20 s)."""
    for error in err.errors(include_url=False):
        loc: tuple[str | int, ...] = (*prefix, *error["loc"])
        at_key = False
        if loc and loc[-1] == "[key]":  # a mapping key that is wrong: point at the key
            loc, at_key = loc[:-1], True
        field_loc = tuple(p for p in error["loc"] if p != "[key]")
        kind = error["type"]
        field_name = str(field_loc[-1]) if field_loc else ""
        if kind == "extra_forbidden":
            line, col = data_file.position(loc, at_key=True)
            code = "PF010"
            message = _unknown_field_message(field_name, data_file.kind, field_loc[:-1])
        elif kind == "missing":
            line, col = data_file.position(loc[:-1])
            code = "PF011"
            where = format_path(field_loc[:-1])
            message = f"required field {field_name!r} is missing" + (
                f" in {where}; add it." if where else "; add it."
            )
        else:
            line, col = data_file.position(loc, at_key=at_key)
            code = "PF012"
            message = _value_message(error, field_loc, field_name, data_file.kind)
        yield diagnostic(
            code,
            message,
            Location(data_file.relpath, line, col),
            record=record,
            path=(data_file.kind, *(str(p) if not isinstance(p, int) else p for p in loc)),
        )


def _unknown_field_message(field_name: str, kind: str, parent: tuple[str | int, ...]) -> str:
    if field_name == "<<":
        return (
            "YAML merge keys (<<) are not part of YAML 1.2 and prefig does not expand them; "
            "write the fields out in full."
        )
    import difflib

    model = Settings if kind == "register" else RECORD_MODELS.get(kind)
    fields = _fields_at(model, parent) if model is not None else []
    close = difflib.get_close_matches(field_name, fields, n=1, cutoff=0.7)
    advice = (
        f"did you mean {close[0]!r}?"
        if close
        else f"check its spelling (`prefig schema {kind}` lists the fields)."
    )
    return f"unknown field {field_name!r}; {advice}"


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Names of the fields of the model found at ``path`` inside ``model`` (list indexes
    skipped), or [] when the path leads to no model."""
    import typing

    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = None
        pending: list[Any] = [info.annotation]
        while pending:
            hint = pending.pop()
            if isinstance(hint, type) and issubclass(hint, BaseModel):
                current = hint
                break
            pending += typing.get_args(hint)
    return list(current.model_fields) if current is not None else []


_DAY_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing"}
_TIME_ERRORS = {"time_type", "time_parsing"}


def _value_message(error: Any, field_loc: tuple[str | int, ...], field_name: str, kind: str) -> str:
    """What is wrong with a value, in the register's terms, and what to write instead."""
    where = format_path(field_loc) or "the record"
    value = error.get("input")
    type_ = error["type"]
    if type_ in _DAY_ERRORS or type_ == "date_from_datetime_inexact":
        return f"{where}: {_shown(value)} is not a day; write it as YYYY-MM-DD (2015-02-13)."
    if type_ in _TIME_ERRORS:
        return (
            f'{where}: {_shown(value)} is not a time of day; write it as "HH:MM" ("10:00", '
            "24-hour clock)."
        )
    if type_ == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        fixed = re.sub(r"[\s_]+", "-", str(value).strip().lower())
        example = f"write {fixed!r}" if re.match(SLUG_PATTERN, fixed) else "comite-pilotage-2015"
        return (
            f"{where}: {_shown(value)} is not a valid id; ids use lower-case letters, digits "
            f"and hyphens, starting with a letter or digit ({example})."
        )
    if type_ == "model_type" and not field_loc:
        return (
            f"each item of {kind}.yaml must be a mapping of fields (starting with `- id: ...`), "
            f"not {_shown(value)}."
        )
    if type_ in {"model_type", "dict_type"}:
        return f"{where}: expected a mapping of fields (key: value lines), got {_shown(value)}."
    if type_ == "list_type":
        return f"{where}: expected a list (lines starting with `- `), got {_shown(value)}."
    if type_ == "string_too_short":
        return f"{where}: must not be empty; write a value or remove the field."
    if type_ == "invalid_key":
        return f"{where}: {_shown(value)} is not a valid key; keys are plain names."
    if type_ == "string_type":
        return (
            f"{where}: expected text, got {_shown(value)}; write text, in quotes if it looks "
            'like a number or a date ("2015").'
        )
    if type_ in {"int_type", "int_parsing", "int_from_float"}:
        if isinstance(value, str) and value.strip().isdigit():
            return (
                f"{where}: expected a whole number, got the text {_shown(value)}; write the "
                f"number without quotes ({value.strip()})."
            )
        return f"{where}: expected a whole number, got {_shown(value)}."
    if type_ in {"bool_type", "bool_parsing"}:
        if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
            return (
                f"{where}: expected true or false, got the text {_shown(value)}; write it "
                f"without quotes ({value.strip().lower()})."
            )
        return f"{where}: expected true or false, got {_shown(value)}."
    if type_ in {"enum", "literal_error"}:
        import difflib

        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        close = (
            difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
            if isinstance(value, str)
            else []
        )
        if close:
            return (
                f"{where}: {_shown(value)} is not allowed here; did you mean {close[0]!r}? "
                f"(one of {expected})"
            )
        return f"{where}: {_shown(value)} is not allowed here; use one of {expected}."
    if type_ == "value_error":  # the models' own checks: their message says what to do
        detail = str(error.get("ctx", {}).get("error", error["msg"]))
        return f"{where}: {detail}."
    detail = error["msg"]
    detail = detail[0].lower() + detail[1:] if detail else detail
    return f"{where}: {detail} (got {_shown(value)})."


def _short_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel = 2
    return short


_SHORT_REPR = _short_repr()


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.isoformat(sep=' ')} (a date and time)"
    # Python refuses to write out an int of more than 4,300 digits (and it would take long).
    if isinstance(value, int) and value.bit_length() > 64:
        digits = int(abs(value).bit_length() * 0.30102999566398) + 1  # at most one too many
        digits -= abs(value) < 10 ** (digits - 1)
        return f"a number of {digits:,} digits"
    # A value nested thousands of levels deep (or a huge list) must not be repr'd whole: the
    # built-in repr recurses without bound.
    containers = (dict, list, tuple, set)
    try:
        shown = _SHORT_REPR.repr(value) if isinstance(value, containers) else repr(value)
    except ValueError:  # a huge int inside a list: reprlib writes ints out in full
        shown = f"a {type(value).__name__} holding a number too long to show"
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _capped(problems: list[Diagnostic], relpath: str) -> list[Diagnostic]:
    """At most :data:`MAX_DIAGNOSTICS_PER_FILE` problems, then one saying that there are
    more: a file wrong throughout is fixed from its first errors, and listing them all (a
    generated file, an alias expanding to thousands of bad items) would take long."""
    if len(problems) <= MAX_DIAGNOSTICS_PER_FILE:
        return problems
    kept = problems[:MAX_DIAGNOSTICS_PER_FILE]
    last = kept[-1]
    summary = diagnostic(
        last.code,
        f"more problems in {relpath} are not shown; fix the ones above and check again.",
        last.location,
    )
    return [*kept, summary]


def _shape(data: Any) -> str:
    if data is None:
        return "an empty document"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a mapping"
    return f"a single value ({type(data).__name__})"
