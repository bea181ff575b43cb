"""``prefig init``: the files of a new, minimal register that passes ``prefig check``.

One association, its board (a president who convenes it, a treasurer, a secretary, two
administrators' places, one of them vacant), one venue with its address and one planned
meeting on a weekday a month ahead with a numbered agenda: everything its convocation needs,
so that ``prefig render convocations`` writes real letters at once. Placeholders are
written as such, to be replaced.

Nothing else: the register uses the document templates and the JSON Schemas of the installed
prefig, so that a later fix reaches it. ``prefig templates copy NAME`` copies one template to
override it; ``prefig schema --write schemas`` writes the schemas for an editor, as each data
file's first comment says, and docs/editors.md how to wire them. A
``yaml-language-server`` modeline pointing at a ``schemas/`` folder that does not exist would
make the editor report an error on every file, so none is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from prefig.fsutil import WriteRefusedError, atomic_write, inside
from prefig.load import DATA_DIR, MARKER, SETTINGS_FILE
from prefig.schema import schema_file_name

SCHEMAS_DIR = "schemas"


class RegisterExistsError(WriteRefusedError):
    """The folder already holds a register (or some of the files init would write)."""


def _header(kind: str) -> str:
    # Not a modeline (that would point at a missing file): how to get the schema, for editors.
    return (
        f"# Schéma JSON de ce fichier pour l'éditeur : `prefig schema --write {SCHEMAS_DIR}`\n"
        f"# écrit {SCHEMAS_DIR}/{schema_file_name(kind)} (voir docs/editors.md de prefig).\n"
    )


def _meeting_day(today: dt.date) -> dt.date:
    # A weekday a month ahead: far enough for any notice period, near enough to be plausible.
    day = today + dt.timedelta(days=30)
    if day.weekday() >= 5:  # a Saturday or Sunday: the Monday after
        day += dt.timedelta(days=7 - day.weekday())
    return day


def _data_files(today: dt.date) -> dict[str, str]:
    day = _meeting_day(today)
    meeting_id = f"conseil-{day.isoformat()}"
    return {
        "register": """\
name: Registre de l'Association des Amis du Vieux Moulin   # à remplacer
locale: fr_FR
timezone: Europe/Paris
place: Saint-Exemple   # le lieu où les lettres sont signées
rules: {}
""",
        "sources": "[]\n",
        "organizations": """\
- id: amis-du-vieux-moulin
  name: Association des Amis du Vieux Moulin
  classification: other
""",
        "people": """\
- id: anne-lambert
  name: Anne Lambert
  gender: female
  offices:
    - role: Présidente
      organization: amis-du-vieux-moulin
  email: anne.lambert@example.org
- id: paul-girard
  name: Paul Girard
  gender: male
  email: paul.girard@example.org
  postal_address: [12 rue des Écoles, 99100 Saint-Exemple]
- id: lea-moreau
  name: Léa Moreau
  gender: female
  email: lea.moreau@example.org
- id: marc-petit
  name: Marc Petit
  gender: male
  postal_address: [3 chemin du Moulin, 99100 Saint-Exemple]
""",
        "venues": """\
- id: salle-du-moulin
  name: Maison des associations
  room: Salle du Moulin
  street_address: 2 place de la Mairie
  postal_code: "99100"
  locality: Saint-Exemple
""",
        "bodies": """\
- id: conseil-administration
  name: Conseil d'administration de l'Association des Amis du Vieux Moulin
  kind: other
  mission: Administre l'association entre deux assemblées générales.
  responsible: [{seat: ca-president}]
  convened_by: [{seat: ca-president}]
  notice_period_days: 8
  quorum:
    numerator: 1
    denominator: 2
    comparison: more-than
    text: la majorité de ses membres en exercice (article 10 des statuts)
  seats:
    - id: ca-president
      role: Président
      role_feminine: Présidente
      on_behalf_of: amis-du-vieux-moulin
      holders: [{person: anne-lambert}]
    - id: ca-tresorier
      role: Trésorier
      role_feminine: Trésorière
      on_behalf_of: amis-du-vieux-moulin
      holders: [{person: paul-girard}]
    - id: ca-secretaire
      role: Secrétaire
      on_behalf_of: amis-du-vieux-moulin
      holders: [{person: lea-moreau}]
    - id: ca-administrateurs
      role: Administrateur
      role_feminine: Administratrice
      on_behalf_of: amis-du-vieux-moulin
      count: 2
      holders: [{person: marc-petit}]
      vacancies:
        - note: Une démission, à pourvoir à la prochaine assemblée générale.
""",
        "meetings": f"""\
- id: {meeting_id}
  body: conseil-administration
  date: {day.isoformat()}
  start_time: "18:30"
  end_time: "20:30"
  location: salle-du-moulin
  status: planned
  agenda:
    - number: "1"
      name: Approbation du compte rendu de la réunion précédente
    - number: "2"
      name: Comptes de l'exercice écoulé
    - number: "3"
      name: Préparation de l'assemblée générale
    - number: "4"
      name: Questions diverses
""",
        "decisions": "[]\n",
        "dispatches": "# Les convocations envoyées par courriel, ajoutées par `prefig send "
        "convocations`\n# (preuve de l'envoi : à valider par un commit).\n[]\n",
    }


@dataclass(frozen=True)
class Planned:
    path: Path
    content: str | bytes


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
