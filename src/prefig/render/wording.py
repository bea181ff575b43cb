"""French wording for letters and documents: articles and elision (``le Comité``, ``de
l'État``), lists and plurals, civilities, office titles and how a letter addresses and calls its
reader.

Pure functions over strings and register records; no Jinja, no Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from prefig.model import Organization, Person, Seat
from prefig.vocab import OrganizationKind

_FEMININE = frozenset(
    (
        "agence",
        "assemblée",
        "autorité",
        "haute",
        "caisse",
        "chambre",
        "collectivité",
        "commission",
        "communauté",
        "conférence",
        "cour",
        "délégation",
        "direction",
        "division",
        "inspection",
        "mairie",
        "métropole",
        "mission",
        "préfecture",
        "présidence",
        "présidente",
        "région",
        "directrice",
        "secrétaire-générale",
        "vice-présidente",
        "conseillère",
        "déléguée",
        "cellule",
        "commune",
        "convention",
        "coordination",
        "fédération",
        "fondation",
        "formation",
        "plénière",
        "section",
        "société",
        "sous-commission",
        "sous-préfecture",
    )
)
_ENTITY = frozenset(
    (
        "agence",
        "assemblée",
        "bureau",
        "cabinet",
        "caisse",
        "chambre",
        "collectivité",
        "comité",
        "commission",
        "communauté",
        "conférence",
        "conseil",
        "cour",
        "délégation",
        "département",
        "direction",
        "division",
        "groupe",
        "groupes",
        "inspection",
        "mairie",
        "métropole",
        "mission",
        "organisations",
        "pôle",
        "préfecture",
        "présidence",
        "région",
        "secrétariat",
        "service",
        "services",
        "syndicat",
    )
)
_H_ASPIRE = frozenset(["haut", "haute", "hauts", "hautes", "hall"])
# Singular nouns that end in -s or -x: "le Congrès", "du Prix", not "les Congrès".
_INVARIABLE_S = frozenset(
    [
        "pays",
        "palais",
        "corps",
        "congrès",
        "concours",
        "parcours",
        "campus",
        "consensus",
        "prix",
        "choix",
        "croix",
        "voix",
        "paix",
        "relais",
        "procès",
        "progrès",
        "repas",
    ]
)
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"


def _first_word(name: str) -> str:
    return name.strip().split(" ")[0].lower() if name.strip() else ""


def _elides(word: str) -> bool:
    if not word:
        return False
    if word[0] in _VOWELS:
        return True
    return word[0] == "h" and word.split("-")[0] not in _H_ASPIRE


def _plural(word: str) -> bool:
    return word.endswith(("s", "x")) and word not in _INVARIABLE_S and len(word) > 3


def article(name: str) -> str:
    """``name`` with its definite article: ``le Comité``, ``la Région``, ``l'État``."""
    word = _first_word(name)
    if _plural(word):
        return f"les {name}"
    if _elides(word):
        return f"l'{name}"
    return f"{'la' if word in _FEMININE else 'le'} {name}"


def of(name: str) -> str:
    """``name`` after ``de``: ``du Comité``, ``de la Région``, ``de l'État``, ``des Groupes``."""
    word = _first_word(name)
    if _plural(word):
        return f"des {name}"
    if _elides(word):
        return f"de l'{name}"
    return f"de la {name}" if word in _FEMININE else f"du {name}"


def join_words(values: Iterable[str], last: str = "et") -> str:
    """``a, b et c``."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def plural(count: int, singular: str, many: str) -> str:
    """``1 membre``, ``5 membres`` (French: 0 and 1 take the singular)."""
    return f"{count} {singular if abs(count) < 2 else many}"


def civility(person: Person) -> str | None:
    """How a letter addresses the person: their ``honorific_prefix``, else from ``gender``."""
    if person.honorific_prefix:
        return person.honorific_prefix
    return {"female": "Madame", "male": "Monsieur"}.get(person.gender or "")


_OF_WORDS = ("de", "du", "des", "d'")
_DELEGATION = re.compile(
    r"\s(?:chargée?s?|déléguée?s?)\s+(?:de|du|des|d'|à|au|aux)(?:\s|$)", re.IGNORECASE
)


def delegated(role: str) -> bool:
    """Whether ``role`` names a delegation after its office: ``Adjoint au maire chargé des
    finances``, ``Conseillère municipale déléguée à la jeunesse``."""
    return _DELEGATION.search(role.replace("d'", "d' ")) is not None


def office_title(role: str, organization: Organization | None) -> str:
    """``Directeur général des services de la Région Languedoc-Roussillon``.

    A role that already names the kind of organisation (``Président de Région``) takes the
    organisation's name in its place: ``Président de la Région Midi-Pyrénées``, not
    ``Président de Région de la Région Midi-Pyrénées``.

    An office of the State (an organisation classified ``state``) is named by its role alone:
    the State's offices carry their place in their title (``Sous-préfète de l'arrondissement
    de Saint-Exemple``, ``Secrétaire général pour les affaires régionales``) and are never
    followed by ``de l'État``.

    A delegated office (``Adjointe au maire chargée de l'urbanisme``, ``Conseiller municipal
    délégué à la jeunesse``) is named by its role alone, as a mairie writes it: appended after
    the delegation, the organisation would qualify its object (``chargée de l'urbanisme de la
    Commune de Saint-Exemple``), and the letter's heading already names the body.
    """
    if organization is None or organization.classification == OrganizationKind.STATE:
        return role
    if delegated(role):
        return role
    words = role.split()
    kind = _first_word(organization.name)
    if (
        len(words) > 2
        and words[-2].lower() in _OF_WORDS
        and words[-1].lower() in (kind, kind + "s")
    ):
        role = " ".join(words[:-2])
    return f"{role} {of(organization.name)}"


# Titles a letter may call its addressee by ("Monsieur le Président"), masculine and feminine;
# a civility and a title of the other gender (a register that writes "Président" for a woman)
# fall back to the civility alone rather than guess the feminine form.
_MASCULINE_TITLES = frozenset(
    (
        "président",
        "vice-président",
        "directeur",
        "conseiller",
        "délégué",
        "préfet",
        "sous-préfet",
        "maire",
        "adjoint",
        "secrétaire",
        "trésorier",
        "rapporteur",
        "sénateur",
        "député",
        "ministre",
    )
)
_FEMININE_TITLES = frozenset(
    (
        "présidente",
        "vice-présidente",
        "directrice",
        "conseillère",
        "déléguée",
        "préfète",
        "sous-préfète",
        "maire",
        "secrétaire",
        "adjointe",
        "trésorière",
        "rapporteure",
        "sénatrice",
        "députée",
        "ministre",
    )
)
_RANKS = {"Monsieur": ("premier",), "Madame": ("première",)}
_TITLE_ENDS = frozenset(
    ("de", "du", "des", "d'", "pour", "à", "au", "aux", "en", "chargé", "chargée")
)


def vocative(civility: str | None, role: str) -> str:
    """How a letter calls its addressee: ``Monsieur le Président``, ``Madame la Directrice
    générale``; the civility alone when the role is not a title of the same gender; ``Madame,
    Monsieur`` when the civility is unknown."""
    if not civility:
        return "Madame, Monsieur"
    words = role.split()
    if not words or civility not in ("Madame", "Monsieur"):
        return civility
    head = words[0].lower()
    titles = _FEMININE_TITLES if civility == "Madame" else _MASCULINE_TITLES
    # A rank before the title keeps it: "Monsieur le Premier adjoint", "Madame la Première
    # vice-présidente".
    ranked = head in _RANKS[civility] and len(words) > 1 and words[1].lower() in titles
    if head not in titles and not ranked:
        return civility
    kept = [words[0]]
    for word in words[1:]:
        if word.lower() in _TITLE_ENDS or word.lower().startswith("d'"):
            break
        kept.append(word)
    title = " ".join(kept)
    # An epicene noun ("Secrétaire", "Maire") takes its article from the civility; a vowel
    # elides it ("Madame l'Adjointe").
    if _elides(_first_word(title)):
        return f"{civility} l'{title}"
    return f"{civility} {'la' if civility == 'Madame' else 'le'} {title}"


_EPICENE = frozenset(("maire", "ministre", "secrétaire", "juge", "membre", "responsable"))


def titled(title: str, person: Person | None) -> str:
    """``title`` with its article, as a signature block opens it: ``le Président de ...``,
    ``la Présidente de ...``; an epicene title (``Maire``, ``Secrétaire``) takes ``la`` for
    a woman (``la Maire de la Commune de Saint-Exemple``), as French usage now writes it."""
    word = _first_word(title)
    if person is not None and person.gender == "female" and word in _EPICENE:
        return f"la {title}"
    return article(title)


def office_address(seat: Seat, organization: Organization | None) -> str:
    """How a letter to a seat with no named holder is addressed.

    ``address_as`` when the register sets it. Otherwise a post held by a person whose gender
    is unknown takes the neutral form ``Madame, Monsieur le Directeur général des services de
    la Région ...`` (the title stays in the masculine form the register writes it in); a seat
    that is an entity (a direction, a cabinet, a group) is addressed by its name alone.
    """
    if seat.address_as:
        return seat.address_as
    title = office_title(seat.role, organization)
    if _first_word(seat.role) in _ENTITY:
        return title[0].upper() + title[1:]
    return f"Madame, Monsieur {article(title)}"


_ADDRESSED = re.compile(r"^(Madame|Monsieur) (?:la |le |l')(.+)$")


def office_vocative(seat: Seat) -> str:
    """How a letter to an office calls its reader: from the seat's ``address_as`` when it
    names one civility (``Monsieur le Directeur général des services ...`` gives ``Monsieur
    le Directeur général``), else ``Madame, Monsieur``."""
    match = _ADDRESSED.match(seat.address_as or "")
    if match is None:
        return "Madame, Monsieur"
    return vocative(match.group(1), match.group(2))
