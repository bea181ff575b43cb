"""JSON Schemas of the data files, generated from the models (for editors and generic
validators such as check-jsonschema).

The schemas describe the YAML as people write it, which is not quite the JSON that
Pydantic's schemas describe: a time of day is written ``"10:00"`` (JSON Schema's ``time``
format demands seconds and a UTC offset), so times get a pattern instead of that format.
Dates stay ``format: date``: generic validators read YAML dates as the strings written.

They also speak to editors (the YAML language server, JetBrains IDEs): each field's
documentation, written in reStructuredText under the field, becomes a plain
``description`` and a ``markdownDescription`` (which hovers render); the literals its
documentation shows (``2026-042``) become ``examples`` where the field accepts them; and
Pydantic's titles, which only repeat a field's name ("Level"), are left out.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.json_schema import GenerateJsonSchema

from prefig import model
from prefig.model import RECORD_KINDS, RECORD_MODELS, TIME_PATTERN, Settings
from prefig.render.markdown import code_span, escape_markdown

FILE_KINDS = ("register", *RECORD_KINDS)


class _Untitled(GenerateJsonSchema):
    """Pydantic's generator without the titles it makes from field names ("End Date"):
    editors show them next to the description (and twice for an optional field: "Level |
    Level"), saying nothing the key does not."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


# --------------------------------------------------------------------------- reST -> text

_LITERAL = re.compile(r"``(.+?)``", re.S)
_INLINE = re.compile(r"``(.+?)``|:(?:py:)?[a-z]+:`(~?[^`<]+?)(?:\s*<[^>]+>)?`", re.S)
_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s")


def _blocks(text: str) -> list[list[str]]:
    """``text`` as paragraphs, each a list of lines where a list item starts a new line and
    the lines of a paragraph wrapped at 90 columns are joined."""
    out: list[list[str]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in paragraph.splitlines():
            line = raw.strip()
            if lines and not _ITEM.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        out.append(lines)
    return out


def _role_text(name: str) -> str:
    """A role's target as shown: ``~a.b`` shows ``b``, as Sphinx does."""
    return name.rpartition(".")[2] if name.startswith("~") else name


def _escaped(text: str) -> str:
    """Plain text made inert in Markdown, its spaces at either end kept."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core[0])
    return text[:start] + escape_markdown(core) + text[start + len(core) :]


def rst_to_markdown(text: str) -> str:
    """The reStructuredText of a field's documentation as CommonMark: literals and roles
    as code spans, wrapped lines joined, paragraphs and list items kept."""

    def line(source: str) -> str:
        item = _ITEM.match(source)
        marker = source[: item.end()] if item else ""
        rest = source[len(marker) :]
        parts: list[str] = [marker]
        end = 0
        for found in _INLINE.finditer(rest):
            parts.append(_escaped(rest[end : found.start()]))
            literal, role = found.groups()
            parts.append(code_span(literal if literal is not None else _role_text(role)))
            end = found.end()
        parts.append(_escaped(rest[end:]))
        return "".join(parts)

    return "\n\n".join("\n".join(line(x) for x in block) for block in _blocks(text))


def rst_to_plain(text: str) -> str:
    """The same documentation as plain text, for tools that show ``description`` as is:
    the markup of literals and roles left out, wrapped lines joined."""

    def line(source: str) -> str:
        return _INLINE.sub(
            lambda m: m.group(1) if m.group(1) is not None else _role_text(m.group(2)), source
        )

    return "\n\n".join("\n".join(line(x) for x in block) for block in _blocks(text))


# --------------------------------------------------------------------------- examples

_MODELS: dict[str, type[BaseModel]] = {
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type) and issubclass(value, BaseModel)
}


def _as_yaml_value(literal: str) -> Any:
    """A literal of the documentation as the value YAML would read (``3``, ``true``, a
    quoted string), or the text itself."""
    try:
        value = json.loads(literal)
    except ValueError:
        return literal
    return value if isinstance(value, str | int | float | bool) else literal


_NAMES = frozenset(
    {field for cls in _MODELS.values() for field in cls.model_fields} | set(FILE_KINDS)
)
"""Literals that name a field or a file (``role_feminine``, ``organizations``) in the
documentation: never examples of a value."""

FORMAT_EXAMPLES: dict[str, Any] = {"date": "2015-02-13", "time": "10:00"}
"""The example of a date or a time of day where the documentation gives none: the form
the register is written in (YAML 1.2 reads both as strings)."""


def _not_a_value(literal: str) -> bool:
    """A placeholder (``Fait à ...``) or a command (``prefig check``), not a value."""
    return "..." in literal or literal.startswith("prefig ")


def field_examples(cls: type[BaseModel], name: str, doc: str) -> list[Any]:
    """The literals of ``doc`` (``2026-042``) that field ``name`` of ``cls`` accepts, as
    the model validates them: the examples an editor shows."""
    info = cls.model_fields.get(name)
    if info is None:
        return []
    # the field's type with its constraints (FieldInfo as metadata, which Pydantic reads)
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]  # a special form, built at run time
    out: list[Any] = []
    for literal in _LITERAL.findall(doc):
        value = _as_yaml_value(" ".join(literal.split()))
        if value in out or value is None or value in _NAMES or _not_a_value(str(value)):
            continue
        try:
            adapter.validate_python(value)
        except ValidationError:
            continue
        out.append(value)
    return out


# --------------------------------------------------------------------------- the schemas


_NULL = {"type": "null"}


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` (Pydantic's ``X | None``) as ``X`` with ``null`` among
    its types, when ``X`` is a plain typed schema: the same values, and hovers in the YAML
    language server then show the field's description once (it takes untitled branches of
    an ``anyOf`` for matches and repeats the nearest title for each: "Level || Level")."""
    branches = node.get("anyOf")
    if not isinstance(branches, list) or len(branches) != 2 or _NULL not in branches:
        return node
    value = branches[0] if branches[1] == _NULL else branches[1]
    kind = value.get("type")
    if not isinstance(kind, str) or kind == "null" or {"$ref", "anyOf", "const"} & set(value):
        return node
    out = {key: item for key, item in node.items() if key != "anyOf"}
    for key, item in value.items():
        out.setdefault(key, item)
    out["type"] = [kind, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _value_format(prop: dict[str, Any]) -> str | None:
    """``date`` or ``time`` when the property holds one (or nothing): its format."""
    for branch in (prop, *prop.get("anyOf", ())):
        if branch.get("format") == "date":
            return "date"
        if branch.get("pattern") == TIME_PATTERN:
            return "time"
    return None


def _for_editors(node: Any, cls: type[BaseModel] | None = None) -> Any:
    """``node`` with YAML's times, descriptions in plain text and Markdown, and examples
    for the fields of ``cls`` (the model whose schema ``node`` is)."""
    if isinstance(node, list):
        return [_for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out[key] = {name: _for_editors(sub, _MODELS.get(name)) for name, sub in value.items()}
        elif key == "properties" and cls is not None:
            props: dict[str, Any] = {}
            for name, prop in value.items():
                props[name] = _for_editors(prop)
                doc = prop.get("description") if isinstance(prop, dict) else None
                examples = field_examples(cls, name, doc) if isinstance(doc, str) else []
                kind = _value_format(props[name])
                if not examples and kind in FORMAT_EXAMPLES:
                    examples = [FORMAT_EXAMPLES[kind]]
                if examples:
                    props[name]["examples"] = examples
            out[key] = props
        else:
            out[key] = _for_editors(value)
    out = _nullable(out)
    if out.get("format") == "time" and out.get("type") == "string":
        del out["format"]
        out["pattern"] = TIME_PATTERN
    description = out.get("description")
    if isinstance(description, str):
        out["description"] = rst_to_plain(description)
        out["markdownDescription"] = rst_to_markdown(description)
    return out


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<kind>.yaml`` (``register`` for ``register.yaml``)."""
    if kind == "register":
        schema = Settings.model_json_schema(schema_generator=_Untitled)
        cls: type[BaseModel] | None = Settings
    elif kind in RECORD_MODELS:
        adapter = TypeAdapter(list[RECORD_MODELS[kind]])  # type: ignore[valid-type]
        schema = adapter.json_schema(schema_generator=_Untitled)
        cls = None
    else:
        raise KeyError(kind)
    schema = dict(_for_editors(schema, cls))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", f"prefig {kind}")
    return schema


def schema_text(kind: str, *, ensure_ascii: bool = False) -> str:
    """``file_schema(kind)`` as the JSON text written to ``schemas/<kind>.schema.json``
    (with ``ensure_ascii``, every character outside ASCII as a ``\\u`` escape)."""
    schema = file_schema(kind)
    return json.dumps(schema, ensure_ascii=ensure_ascii, indent=2, sort_keys=True) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"
