"""Slugs: French and European names transliterated, never empty for a name with a letter,
ASCII only, idempotent; the ICS UID domain built from them; a pinned domain kept as given."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prefig.export import register_slug
from prefig.fsutil import document_name, safe_name
from prefig.slug import slug, transliterate

NAMES = [
    ("Œuvre sociale", "oeuvre-sociale"),
    ("Conseil d'administration de l'Œuvre", "conseil-d-administration-de-l-oeuvre"),
    ("Conseil d’administration", "conseil-d-administration"),
    ("Comité économique et social régional", "comite-economique-et-social-regional"),
    ("L'Haÿ-les-Roses", "l-hay-les-roses"),
    ("Cœur de Saône & Loire", "coeur-de-saone-loire"),
    ("Ville de Besançon", "ville-de-besancon"),
    ("Æthelred", "aethelred"),
    ("Ærø Kommune", "aero-kommune"),
    ("Straße der Einheit", "strasse-der-einheit"),
    ("STRASSE GROẞ", "strasse-gross"),
    ("Łódź", "lodz"),
    ("Dąbrowa Górnicza", "dabrowa-gornicza"),
    ("Ørsted", "orsted"),
    ("Ålesund", "alesund"),
    ("Đakovo", "dakovo"),
    ("Garðabær", "gardabaer"),
    ("Þingvellir", "thingvellir"),
    ("Ħal Qormi", "hal-qormi"),
    ("Şanlıurfa", "sanliurfa"),
    ("České Budějovice", "ceske-budejovice"),
    ("Győr-Moson-Sopron", "gyor-moson-sopron"),
    ("Cluj-Napoca", "cluj-napoca"),
    ("Ĳsselmeer", "ijsselmeer"),
    ("Θεσσαλονίκη", "thessaloniki"),
    ("Δήμος Αθηναίων", "dimos-athinaion"),
    ("Пловдив", "plovdiv"),
    ("Стара Загора", "stara-zagora"),
    ("Добрич", "dobrich"),
    ("Шумен", "shumen"),
    ("Ниш", "nish"),
    ("Région Midi-Pyrénées", "region-midi-pyrenees"),
    ("Syndicat « Rivière & Coteaux » | test", "syndicat-riviere-coteaux-test"),
    ("东京", "u4e1cu4eac"),
    ("Assemblée n° ٣", "assemblee-n-3"),
    ("Délibération nº 12", "deliberation-no-12"),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_french_and_european_names(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert register_slug(name) == expected


@pytest.mark.parametrize(
    ("name", "before"),
    [
        # ASCII names, and names whose letters decompose, keep the slug they always had.
        (
            "Gouvernance de préfiguration de l'union des Régions Languedoc-Roussillon et "
            "Midi-Pyrénées",
            "gouvernance-de-prefiguration-de-l-union-des-regions-languedoc-roussillon-et-"
            "midi-pyrenees",
        ),
        ("S.I.V.O.M. de la vallée", "s-i-v-o-m--de-la-vallee"),
        ("Syndicat_mixte v2.0", "syndicat-mixte-v2-0"),
        ("Comité - Bureau", "comite---bureau"),
    ],
)
def test_uid_domains_without_such_letters_do_not_change(name: str, before: str) -> None:
    assert register_slug(name) == before


LETTERS = st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo"])


@given(st.text())
def test_slugs_are_ascii_and_idempotent(text: str) -> None:
    once = slug(text)
    assert re.fullmatch(r"[a-z0-9._-]*", once)
    assert not once.startswith(("-", ".")) and not once.endswith(("-", "."))
    assert slug(once) == once
    assert transliterate(text).isascii()
    domain = register_slug(text)
    assert re.fullmatch(r"[a-z0-9-]+", domain)
    assert register_slug(domain) == domain


@given(st.text(), LETTERS, st.text())
def test_a_name_with_a_letter_never_gives_an_empty_slug(
    before: str, letter: str, after: str
) -> None:
    assert slug(before + letter + after) != ""


@given(st.text(), st.text())
def test_file_names_stay_safe(head: str, tail: str) -> None:
    name = document_name(head, tail, suffix=".md")
    assert re.fullmatch(r"[a-z0-9._-]+\.md", name)
    assert safe_name(head) not in ("", ".", "..")
