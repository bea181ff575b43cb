"""Slugs: names made into ASCII words for file names and the calendar's UID domain.

``Œuvre sociale`` -> ``oeuvre-sociale``, ``Straße`` -> ``strasse``, ``Łódź`` -> ``lodz``,
``Θεσσαλονίκη`` -> ``thessaloniki``, ``Пловдив`` -> ``plovdiv``.

Accents go by Unicode decomposition (NFKD, then the combining marks are dropped); the letters
that do not decompose (``œ``, ``æ``, ``ß``, ``ł``, ``ø``, ``đ``, ``ð``, ``þ`` ...), and the
Greek and Cyrillic alphabets of the European Union's languages, by the small tables below.
They are written out here rather than taken from a transliteration library because a slug
becomes part of identifiers (the ``UID`` of every calendar event): a library update that
transliterated one letter differently would duplicate every event in subscribers' calendars.
The tables are part of the format and only ever grow.

A letter no table knows (Chinese, Arabic ...) is written as ``u`` and its code point in hex,
so that a name with a letter never gives an empty slug; punctuation, symbols and spaces, ASCII
or not, separate words.
"""

from __future__ import annotations

import re
import unicodedata

_BEFORE_DECOMPOSITION = str.maketrans({"й": "y", "ї": "yi", "ё": "yo", "ѝ": "i"})
"""Cyrillic letters whose decomposition would lose the sound (``й`` is not ``и``)."""

_LATIN = {
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ħ": "h",
    "ı": "i",
    "ŧ": "t",
    "ŋ": "n",
    "ĸ": "k",
    "ƒ": "f",
    "ɨ": "i",
}
"""Latin letters that NFKD leaves whole (``ĳ``, ``ŀ``, ``ſ`` and ligatures decompose)."""

_GREEK = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
"""Greek, letter by letter after ELOT 743 (the Greek standard, also used by the EU)."""

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
    # Letters of other Cyrillic alphabets, where Bulgarian has none.
    "ы": "y",
    "э": "e",
    "є": "ye",
    "і": "i",
    "ґ": "g",
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
}
"""Cyrillic after the Bulgarian official transliteration (Bulgarian being the Union's Cyrillic
language), with the letters of the neighbouring alphabets."""

_TABLE = str.maketrans(_LATIN | _GREEK | _CYRILLIC)


def transliterate(text: str) -> str:
    """``text`` in lower-case ASCII: letters transliterated, accents dropped, digits of any
    script as ASCII digits, unknown letters as ``u<hex>``, everything else as a space."""
    lowered = unicodedata.normalize("NFC", text.lower()).translate(_BEFORE_DECOMPOSITION)
    out = []
    # Lower again: a compatibility form can be a capital (``ℌ`` -> ``H``).
    for char in unicodedata.normalize("NFKD", lowered).lower().translate(_TABLE):
        if char.isascii():
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category.startswith("M"):
            continue  # an accent, once decomposed
        if category == "Nd":
            out.append(str(unicodedata.decimal(char)))
        elif category.startswith("L"):
            out.append(f"u{ord(char):04x}")
        else:
            out.append(" ")
    return "".join(out)


_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def slug(text: str) -> str:
    """``text`` as a name safe anywhere: lower-case ASCII letters, digits, ``-``, ``.`` and
    ``_``, every other run of characters as one ``-``, no ``-`` or ``.`` at either end.
    Empty only when ``text`` has no letter or digit; ``slug(slug(x)) == slug(x)``."""
    return _UNSAFE.sub("-", transliterate(text)).strip("-.")
