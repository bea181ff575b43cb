"""Office titles: a State office and a delegated office are named by their role alone; the
rank of an office ("Premier adjoint") stays in the vocative."""

from __future__ import annotations

from prefig.model import Organization
from prefig.render.wording import office_title, vocative

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


COMMUNE = Organization(id="commune", name="Commune de Saint-Exemple", classification="commune")


def test_a_delegated_office_is_named_by_its_role_alone() -> None:
    for role in (
        "Adjointe au maire chargée de l'urbanisme",
        "Premier adjoint au maire chargé des finances",
        "Conseiller municipal délégué à la jeunesse",
    ):
        assert office_title(role, COMMUNE) == role
    assert office_title("Conseillère municipale", COMMUNE) == (
        "Conseillère municipale de la Commune de Saint-Exemple"
    )
    assert office_title("Chargé de mission", COMMUNE) == (
        "Chargé de mission de la Commune de Saint-Exemple"
    )


def test_a_rank_before_the_title_is_kept_in_the_vocative() -> None:
    assert vocative("Monsieur", "Premier adjoint au maire chargé des finances") == (
        "Monsieur le Premier adjoint"
    )
    assert vocative("Madame", "Première adjointe au maire") == "Madame la Première adjointe"
    assert vocative("Madame", "Premier adjoint au maire") == "Madame"
