"""JSON Schemas of the data files, generated from the models (for editors and generic
validators such as check-jsonschema)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from prefig.model import RECORD_MODELS, Settings

FILE_KINDS = ("register", *RECORD_MODELS)


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``data/<kind>.yaml`` (``register`` for ``register.yaml``)."""
    if kind == "register":
        schema = Settings.model_json_schema()
    elif kind in RECORD_MODELS:
        schema = TypeAdapter(list[RECORD_MODELS[kind]]).json_schema()  # type: ignore[valid-type]
    else:
        raise KeyError(kind)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", f"prefig {kind}")
    return schema
