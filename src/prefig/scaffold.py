"""``prefig init``: the files of a new, minimal register that passes ``prefig check``.

One organisation, one body with a chair seat who convenes it, one venue and one planned
meeting on a weekday a month ahead, with everything its convocation needs; the JSON Schemas
that the files' ``yaml-language-server`` headers point at; and the document templates the
package ships (copied into the register's ``templates/``, where ``prefig render`` looks
first). Placeholders are written as such, to be replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from prefig.fsutil import WriteRefusedError, atomic_write, inside
from prefig.load import DATA_DIR, MARKER, SETTINGS_FILE
from prefig.schema import FILE_KINDS, schema_file_name, schema_text

TEMPLATES_DIR = "templates"
SCHEMAS_DIR = "schemas"


class RegisterExistsError(WriteRefusedError):
    """The folder already holds a register (or some of the files init would write)."""


def _header(kind: str) -> str:
    return f"# yaml-language-server: $schema=../{SCHEMAS_DIR}/{schema_file_name(kind)}\n"


def _data_files(today: dt.date) -> dict[str, str]:
    day = today + dt.timedelta(days=30)
    if day.weekday() >= 5:  # a Saturday or Sunday: the Monday after
        day += dt.timedelta(days=7 - day.weekday())
    meeting_id = f"mon-instance-{day.isoformat()}"
    return {
        "register": """\
name: Mon registre de gouvernance   # à remplacer
locale: fr_FR
timezone: Europe/Paris
rules: {}
""",
        "sources": "[]\n",
        "organizations": """\
- id: mon-organisation
  name: Mon organisation   # à remplacer
  classification: other
""",
        "people": "[]\n",
        "venues": """\
- id: salle-du-conseil
  name: Salle du conseil               # à remplacer
  street_address: 1 place de la Mairie # à remplacer
  postal_code: "00000"                 # à remplacer
  locality: Ma ville                   # à remplacer
""",
        "bodies": """\
- id: mon-instance
  name: Mon instance   # à remplacer
  kind: other
  responsible: [{seat: mon-instance-president}]
  convened_by: [{seat: mon-instance-president}]
  seats:
    - id: mon-instance-president
      role: Président
      on_behalf_of: mon-organisation
      count: 1
      address_as: Monsieur le Président
""",
        "meetings": f"""\
- id: {meeting_id}
  body: mon-instance
  date: {day.isoformat()}
  start_time: "10:00"
  end_time: "12:00"
  location: salle-du-conseil
  status: planned
  agenda:
    - name: Ordre du jour à compléter
""",
        "decisions": "[]\n",
    }


@dataclass(frozen=True)
class Planned:
    path: Path
    content: str | bytes


def _templates() -> list[tuple[str, bytes]]:
    """The default document templates the package ships (``prefig/templates/*.j2``)."""
    from importlib.resources import files

    folder = files("prefig").joinpath(TEMPLATES_DIR)
    if not folder.is_dir():
        return []
    return sorted(
        (item.name, item.read_bytes())
        for item in folder.iterdir()
        if item.is_file() and item.name.endswith(".j2")
    )


def plan_register(folder: Path, today: dt.date) -> list[Planned]:
    """Every file ``init_register`` would write into ``folder``."""
    data = inside(folder, DATA_DIR)
    planned = [
        Planned(
            data / (SETTINGS_FILE if kind == "register" else f"{kind}.yaml"),
            _header(kind) + text,
        )
        for kind, text in _data_files(today).items()
    ]
    schemas = inside(folder, SCHEMAS_DIR)
    planned += [Planned(schemas / schema_file_name(k), schema_text(k)) for k in FILE_KINDS]
    templates = inside(folder, TEMPLATES_DIR)
    planned += [Planned(templates / name, content) for name, content in _templates()]
    return planned


def init_register(folder: Path, today: dt.date) -> list[Path]:
    """Write a new register into ``folder`` (created if need be); the paths written.

    Refuses, writing nothing, when ``folder`` already holds a register or any file this
    would write.
    """
    if folder.exists() and not folder.is_dir():
        raise WriteRefusedError(f"{folder} is a file; name a folder for the new register.")
    if (folder / MARKER).exists() or (folder / DATA_DIR / SETTINGS_FILE).exists():
        raise RegisterExistsError(
            f"{folder} already holds a register ({DATA_DIR}/); prefig init writes only new "
            "registers. Edit the existing one, or choose another folder."
        )
    planned = plan_register(folder, today)
    clashes = [p.path for p in planned if p.path.exists()]
    if clashes:
        listed = ", ".join(str(p.relative_to(folder.resolve())) for p in clashes[:5])
        raise RegisterExistsError(
            f"{folder} already has {listed}; prefig init overwrites nothing. Move those "
            "files away or choose another folder."
        )
    for item in planned:
        atomic_write(item.path, item.content)
    return [item.path for item in planned]
