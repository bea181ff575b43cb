"""The whole register as one JSON document (``prefig export json``).

Shape (documented in ``docs/exports.md``)::

    {"format": "prefig-register", "version": 1, "register": {...settings},
     "sources": [...], "organizations": [...], "people": [...], "venues": [...],
     "bodies": [...], "meetings": [...], "decisions": [...]}

Records keep the order of their files; inside a record, keys follow the model's field order
and every field is present (``null`` or ``[]`` when the register leaves it unset), so that a
consumer never has to guess whether a key may be missing. Dates are ``YYYY-MM-DD``, times
``HH:MM:SS``.
"""

from __future__ import annotations

from typing import Any

from prefig.export import Exported, dump_json
from prefig.load import Register
from prefig.model import RECORD_MODELS

FORMAT = "prefig-register"
VERSION = 1
"""Raised when a key is removed or changes meaning; adding a key does not raise it."""


def register_document(register: Register) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "register": register.settings.model_dump(mode="json"),
    }
    for kind in RECORD_MODELS:
        document[kind] = [record.model_dump(mode="json") for record in register.records(kind)]
    return document


def export_json(register: Register) -> Exported:
    """``prefig export json``: :func:`register_document` as JSON."""
    return Exported(dump_json(register_document(register)).encode("utf-8"))
