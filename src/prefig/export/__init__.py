"""Exports of a loaded register: iCalendar, JSON, OParl 1.1, Popolo and governance diagrams.

Every builder here is a pure function of the register (plus, for iCalendar, the register's
git history): same register in, same bytes out. Nothing here prints, exits or writes files;
the ``prefig export`` commands do that through :func:`prefig.fsutil.atomic_write`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from prefig.fsutil import safe_name

if TYPE_CHECKING:
    from prefig.model import Holder


def register_slug(name: str) -> str:
    """A register's name as a slug: ``Gouvernance de préfiguration ...`` ->
    ``gouvernance-de-prefiguration-...`` (ASCII, lower case, at most 120 characters)."""
    return safe_name(name).replace(".", "-").replace("_", "-")


def dump_json(document: Any) -> str:
    """JSON as every export writes it: UTF-8 text, two-space indent, keys in the order built,
    a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def terms(holders: Iterable[Holder]) -> list[int]:
    """For each holder of a seat, which of that person's terms on it this is (1, then 2 ...
    when the same person holds the seat again for another period), so that every membership
    gets an id of its own."""
    seen: dict[str, int] = {}
    out = []
    for holder in holders:
        seen[holder.person] = seen.get(holder.person, 0) + 1
        out.append(seen[holder.person])
    return out
