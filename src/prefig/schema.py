"""JSON Schemas of the data files, generated from the models (for editors and generic
validators such as check-jsonschema).

The schemas describe the YAML as people write it, which is not quite the JSON that
Pydantic's schemas describe: a time of day is written ``"10:00"`` (JSON Schema's ``time``
format demands seconds and a UTC offset), so times get a pattern instead of that format.
Dates stay ``format: date``: generic validators read YAML dates as the strings written.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from prefig.model import RECORD_KINDS, RECORD_MODELS, TIME_PATTERN, Settings

FILE_KINDS = ("register", *RECORD_KINDS)


def _yaml_friendly(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _yaml_friendly(value) for key, value in node.items()}
        if out.get("format") == "time" and out.get("type") == "string":
            del out["format"]
            out["pattern"] = TIME_PATTERN
        return out
    if isinstance(node, list):
        return [_yaml_friendly(item) for item in node]
    return node


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<kind>.yaml`` (``register`` for ``register.yaml``)."""
    if kind == "register":
        schema = Settings.model_json_schema()
    elif kind in RECORD_MODELS:
        schema = TypeAdapter(list[RECORD_MODELS[kind]]).json_schema()  # type: ignore[valid-type]
    else:
        raise KeyError(kind)
    schema = dict(_yaml_friendly(schema))
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
