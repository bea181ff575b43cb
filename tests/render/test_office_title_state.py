"""An office of the State is named by its role alone, never followed by "de l'État"."""

from __future__ import annotations

from prefig.model import Organization
from prefig.render.wording import office_title

ETAT = Organization(id="etat", name="État", classification="state")
REGION = Organization(id="region-mp", name="Région Midi-Pyrénées", classification="region")


def test_a_state_office_keeps_its_title() -> None:
    role = "Sous-préfète de l'arrondissement de Saint-Exemple"
    assert office_title(role, ETAT) == role
    assert office_title("Préfet de la région Occitanie", ETAT) == "Préfet de la région Occitanie"


def test_other_offices_still_name_their_organisation() -> None:
    assert office_title("Président de Région", REGION) == "Président de la Région Midi-Pyrénées"
    assert office_title("Directeur général des services", REGION) == (
        "Directeur général des services de la Région Midi-Pyrénées"
    )
