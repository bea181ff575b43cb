"""The register's vocabulary: Pydantic records for bodies, seats, people, meetings, decisions.

Names follow OParl 1.1 and Popolo where they have a word for the thing (Organization, Body,
Membership/Seat, Person, Meeting, AgendaItem, Location, ``on_behalf_of``, ``voting_right``,
``start_date``/``end_date``, agenda ``number``/``order``), in snake_case.

Every record has a slug ``id`` unique across the register, rejects unknown fields, and may
cite its sources. Fields the source of a register is silent on stay unset (``None``): the
tool copes with gaps instead of inventing values.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from prefig.vocab import (
    ActionStatus,
    AttendanceStatus,
    BodyKind,
    Capacity,
    DeliberationOutcome,
    Frequency,
    Gender,
    MeetingStatus,
    NoticeCounting,
    NoticePreset,
    OrganizationKind,
    ParityBasis,
    PartyKind,
    QuorumComparison,
    RelationKind,
    SeverityName,
    SourceKind,
)

# The public names: the records and field types, and the vocabularies of prefig.vocab,
# re-exported beside the records that use them (the command line imports them from
# prefig.vocab, without the model).
__all__ = [
    "DELIBERATION_NUMBER_PATTERN",
    "LINE_BREAKS",
    "MAX_YEAR",
    "MIN_YEAR",
    "RECORD_KINDS",
    "RECORD_MODELS",
    "SHA256_PATTERN",
    "SLUG_PATTERN",
    "TIME_PATTERN",
    "Action",
    "ActionStatus",
    "AgendaItem",
    "Annex",
    "Attendance",
    "AttendanceStatus",
    "Body",
    "BodyKind",
    "Cadence",
    "Capacity",
    "Citation",
    "Clock",
    "Day",
    "Decision",
    "Deliberation",
    "DeliberationOutcome",
    "Dispatch",
    "EmailAddress",
    "Frequency",
    "Gender",
    "Holder",
    "LegalBasis",
    "Letterhead",
    "Line",
    "Mailbox",
    "Meeting",
    "MeetingStatus",
    "Minutes",
    "Moment",
    "NoticeCounting",
    "NoticePeriod",
    "NoticePosting",
    "NoticePreset",
    "Office",
    "OneOf",
    "Organization",
    "OrganizationKind",
    "Parity",
    "ParityBasis",
    "Party",
    "PartyKind",
    "Person",
    "Quorum",
    "QuorumComparison",
    "Relation",
    "RelationKind",
    "RuleSetting",
    "Seat",
    "Settings",
    "SeverityName",
    "Slug",
    "Source",
    "SourceKind",
    "Text",
    "Urgency",
    "Vacancy",
    "Venue",
    "Vote",
    "field_docs",
]

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
"""A stable identifier: lower-case letters, digits and hyphens, starting with a letter or digit."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Free text as people write it; must not be empty."""

LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""Every character that some reader of prefig's output takes for a line break: YAML's two,
and next line, line separator and paragraph separator (which YAML 1.2 reads as text)."""


def _one_line(value: str) -> str:
    # A name or title goes into one line of a calendar, a table or a heading: a line break
    # there would break the format (iCalendar, Markdown) or forge a line of it.
    if any(c in value for c in LINE_BREAKS):
        raise ValueError(
            "holds a line break, and this field is one line of text; write it on one line "
            "(`|` and `>` keep line breaks: write the text right after the key instead)"
        )
    return value


Line = Annotated[Text, AfterValidator(_one_line)]
"""Text on one line (a name, a title, an address): free text without line breaks."""

_Vocabulary = TypeVar("_Vocabulary", bound=enum.StrEnum)


def _one_of_schema(vocabulary: Any, _handler: Any) -> core_schema.CoreSchema:
    return core_schema.no_info_after_validator_function(
        vocabulary, core_schema.literal_schema([word.value for word in vocabulary])
    )


OneOf = Annotated[_Vocabulary, GetPydanticSchema(_one_of_schema)]
"""One of the words of a vocabulary of :mod:`prefig.vocab`, read as its enum member.

Validated as a ``Literal`` of the words would be, so that the JSON Schema of the field lists
them in place (``"enum": [...]``, no ``$defs`` entry) and a wrong word gets the loader's
"use one of ..." message; the vocabularies that already had a ``$defs`` entry in the
published schemas (``BodyKind``, ``MeetingStatus`` ...) are used as plain enums instead."""

MIN_YEAR = 1800
MAX_YEAR = 2200
"""The years a date of the register may fall in: the register's domain is the governance
of its time, and every computation on a date (a day after, a week after, a time zone
offset) stays far from the years Python cannot represent (1 to 9999)."""


_DAY_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
"""A time of day as the register writes it: ``HH:MM``, optionally with seconds; no offset
(times are in the register's time zone)."""
_TIME_TEXT = re.compile(TIME_PATTERN)


def _day_only(value: Any) -> Any:
    # YAML reads ``2015-02-13T10:00`` as a timestamp: a day field takes a day, not a moment
    # (pydantic would silently drop a midnight time), and a meeting's time goes in start_time.
    if isinstance(value, dt.datetime):
        raise ValueError(
            f"{value.isoformat(sep=' ')} is a date and time; write the day alone (YYYY-MM-DD)"
            " and, for a meeting, the time of day in start_time"
        )
    # Pydantic reads a number, or text of digits, as seconds since 1970 (``date: 0`` would be
    # 1970-01-01): a hand-edited register means a day, written as one.
    if isinstance(value, int | float | bytes) or (
        isinstance(value, str) and not _DAY_TEXT.match(value)
    ):
        raise ValueError(f"{value!r} is not a day; write it as YYYY-MM-DD (2015-02-13)")
    return value


def _clock_only(value: Any) -> Any:
    # Pydantic reads a number as seconds after midnight (600 -> 00:10 UTC): never what a
    # person writing ``start_time: 10`` meant.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f'{value!r} is a number; write a time of day as "HH:MM" ("10:00")')
    # An offset (``10:00Z``, ``10:00+01:00``) would make an aware time that the register's
    # time zone then contradicts; the JSON Schema refuses it too.
    if isinstance(value, bytes | bool) or (isinstance(value, str) and not _TIME_TEXT.match(value)):
        raise ValueError(
            f'{value!r} is not a time of day; write it as "HH:MM" ("10:00", 24-hour clock, '
            "in the register's time zone)"
        )
    return value


def _plausible_year(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(
            f"{value.isoformat()} is not a plausible date; write a day between the years "
            f"{MIN_YEAR} and {MAX_YEAR}"
        )
    return value


Day = Annotated[dt.date, BeforeValidator(_day_only), AfterValidator(_plausible_year)]
"""A calendar day, written ``YYYY-MM-DD``, in the years :data:`MIN_YEAR` to
:data:`MAX_YEAR`."""

Clock = Annotated[dt.time, BeforeValidator(_clock_only)]
"""A time of day, written ``"HH:MM"`` (YAML 1.2 keeps ``10:00`` a string)."""


_EMAIL_TEXT = re.compile(r"^[^@\s<>()\[\],;:\\\"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


def email_address(value: str) -> str:
    # An address goes into a header of every message sent: one ``local@domain`` and nothing
    # else (no display name, no second address, no line break that would forge a header).
    if len(value) > 254 or not _EMAIL_TEXT.match(value) or ".." in value.split("@", 1)[1]:
        raise ValueError(
            f"{value!r} is not an e-mail address; write one address alone, such as "
            "greffe@example.org (no name, no angle brackets)"
        )
    return value


EmailAddress = Annotated[str, StringConstraints(min_length=3), AfterValidator(email_address)]
"""An e-mail address alone: ``greffe@example.org`` (no display name, no angle brackets)."""


# Default factories are plain functions rather than ``list``/``dict``: Pydantic inspects each
# factory's signature, and for a builtin that means parsing its text signature with tokenize
# (about 4 ms of every command's start-up).
def _new_list() -> list[Any]:
    return []


def _new_dict() -> dict[Any, Any]:
    return {}


@functools.cache
def _attribute_docstrings(module: str) -> dict[str, dict[str, str]]:
    """Class name -> field -> the docstring written under the field, for one module."""
    import ast
    import inspect
    import sys

    out: dict[str, dict[str, str]] = {}
    for node in ast.walk(ast.parse(inspect.getsource(sys.modules[module]))):
        if isinstance(node, ast.ClassDef):
            docs = out.setdefault(node.name, {})
            for field, doc in zip(node.body, node.body[1:], strict=False):
                if (
                    isinstance(field, ast.AnnAssign)
                    and isinstance(field.target, ast.Name)
                    and isinstance(doc, ast.Expr)
                    and isinstance(doc.value, ast.Constant)
                    and isinstance(doc.value.value, str)
                ):
                    docs[field.target.id] = inspect.cleandoc(doc.value.value)
    return out


def field_docs(cls: type[BaseModel]) -> dict[str, str]:
    """Field -> the docstring written under it, in ``cls`` or the class it inherits it from.

    These are the fields' descriptions (Pydantic's ``use_attribute_docstrings`` is not used:
    it reads every class's source at import time, about 15 ms of each command's start-up;
    :func:`field_docs` reads the source only when asked, for schemas and docs).
    """
    out: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        if info.description:
            out[name] = info.description
            continue
        for klass in cls.__mro__:
            if isinstance(klass, type) and issubclass(klass, _Strict):
                doc = _attribute_docstrings(klass.__module__).get(klass.__name__, {}).get(name)
                if doc is not None:
                    out[name] = doc
                    break
    return out


def _describe_fields(schema: dict[str, Any], cls: type[Any]) -> None:
    # The docstrings under fields become their JSON Schema descriptions, as Pydantic's
    # ``use_attribute_docstrings`` would make them, when a schema is asked for.
    docs = field_docs(cls)
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop and name in docs:
            prop["description"] = docs[name]


class _Strict(BaseModel):
    """Base of every register model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=False,
        validate_default=False,
        json_schema_extra=_describe_fields,
        # Validators are built on first use, so that a command reading only some files
        # (``meetings next``) never builds the models of the others (docs/latency.md).
        defer_build=True,
    )


class Citation(_Strict):
    """A reference to a source document, optionally with the words that support the record."""

    source: Slug
    """Id of a record in ``sources.yaml``."""
    excerpt: Text | None = None
    """The words of the source this record rests on."""
    note: Text | None = None
    """A remark on the citation: how the source supports the record."""


class _Record(_Strict):
    """A top-level record: an id, its sources and a free note."""

    id: Slug
    """Stable identifier, unique across the register (lower-case letters, digits, hyphens)."""
    sources: list[Citation] = Field(default_factory=_new_list)
    """Where the facts of this record come from."""
    note: Text | None = None
    """Anything a reader should know: caveats, how a fact was established."""
    exempt: dict[Annotated[str, StringConstraints(pattern=r"^PF\d{3}$")], Text] = Field(
        default_factory=_new_dict
    )
    """Rule codes this record is exempt from, each with the reason (``{PF301: "..."}``)."""


# --------------------------------------------------------------------------- settings


class RuleSetting(_Strict):
    """A register's override of one rule: turned off, or given another severity."""

    enabled: StrictBool = True
    """``false`` turns the rule off for this register."""
    severity: OneOf[SeverityName] | None = None
    """Severity to report the rule's findings with, instead of its default."""


class Mailbox(_Strict):
    """A named e-mail address, as a message's ``From`` shows it."""

    name: Line | None = None
    """The name shown beside the address: ``Mairie de Saint-Exemple``."""
    address: EmailAddress
    """The address: ``greffe@saint-exemple.example.org``."""


_LetterheadLine = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)
]
"""A line of the letterhead: one line of at most 200 characters."""


class Letterhead(_Strict):
    """The letterhead of the register's PDF documents (``prefig render ... --format pdf``):
    text only, a few short lines, so that no register can fill a page with it."""

    authority: Annotated[list[_LetterheadLine], Field(max_length=6)] = Field(
        default_factory=_new_list
    )
    """The issuing authority, top left, one line each, from the most general:
    ``[République française, Région Midi-Pyrénées, Direction générale des services]``."""
    address: Annotated[list[_LetterheadLine], Field(max_length=6)] = Field(
        default_factory=_new_list
    )
    """The authority's postal address and contact lines, under it: ``[22 boulevard du
    Maréchal Juin, 31406 Toulouse Cedex 9]``."""
    footer: _LetterheadLine | None = None
    """A short line at the foot of every page: ``Hôtel de Région - 05 61 33 50 50``."""


class Settings(_Strict):
    """``data/register.yaml``: the register as a whole."""

    name: Line
    """The register's name, as shown on documents and exports."""
    locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] = "fr_FR"
    """Locale of dates and documents (a Babel/CLDR locale such as ``fr_FR``)."""
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "Europe/Paris"
    """IANA time zone that the register's dates and times are in."""
    description: Text | None = None
    """What the register covers, in a few sentences."""
    sources: list[Citation] = Field(default_factory=_new_list)
    """Sources of the register as a whole."""
    rules: dict[Annotated[str, StringConstraints(pattern=r"^PF\d{3}$")], RuleSetting] = Field(
        default_factory=_new_dict
    )
    """Per-rule settings for this register, keyed by code."""
    note: Text | None = None
    """Anything a reader of the register should know."""
    place: Line | None = None
    """Where the register's letters are signed, as they close: ``Saint-Exemple`` gives "Fait
    à Saint-Exemple, le 3 décembre 2026"; a body's own ``place`` takes precedence."""
    letterhead: Letterhead | None = None
    """The letterhead of the PDF documents; without one they carry the register's ``name``."""

    sender: Mailbox | None = None
    """Who convocations sent by e-mail come from (``prefig render convocations --format eml``,
    ``prefig send convocations``): a name and an address; unset, prefig sends nothing."""
    reply_to: EmailAddress | None = None
    """Where replies to those e-mails go, when not to the sender's address."""
    uid_domain: (
        Annotated[
            str,
            StringConstraints(
                pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$", max_length=253
            ),
        ]
        | None
    ) = None
    """The domain of the meetings' calendar UIDs (``<meeting id>@<uid_domain>``), shared by
    ``prefig export ics``, the site's calendar and the e-mail invitations, so that a calendar
    updates the same event whichever one it read: ``registre.example.org``. Default: the slug
    of the register's ``name``; set it to keep UIDs stable when the name changes.
    ``export ics --uid-domain`` overrides it for one export."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # Checked here, once, rather than failing in every command that computes a time.
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (KeyError, ValueError, OSError):  # not found (a KeyError), malformed, a folder
            raise ValueError(
                f"{value!r} is not an IANA time zone; write one such as Europe/Paris"
            ) from None
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if not _babel_has_locale(value):
            raise ValueError(
                f"{value!r} is not a locale prefig can format dates in; write one such as "
                "fr_FR or en_GB"
            )
        return value


def _babel_has_locale(name: str) -> bool:
    """Whether Babel has data for locale ``name``, looked up without importing Babel (about
    12 ms that `prefig check` does not otherwise need); True when Babel's data cannot be
    found, so that an unusual installation is not refused."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("babel")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    data = [Path(folder) / "locale-data" for folder in folders]
    if not any(d.is_dir() for d in data):
        return True
    return any((d / f"{name}.dat").is_file() for d in data)


# --------------------------------------------------------------------------- sources


class Source(_Record):
    """A document the register's facts come from (a press release, a law, minutes ...)."""

    title: Line
    """Title of the document, as it reads."""
    kind: OneOf[SourceKind] = SourceKind.OTHER
    """What sort of document it is."""
    publisher: Line | None = None
    """Who issued the document."""
    date: Day | None = None
    """Date of the document, when it is dated."""
    url: Line | None = None
    """Where the document can be read online."""
    path: Line | None = None
    """Path of a copy of the document, relative to the register root."""


# --------------------------------------------------------------------------- organisations


class Organization(_Record):
    """A party that bodies draw their members from (Popolo/OParl Organization)."""

    name: Line
    """Full name: ``Région Midi-Pyrénées``."""
    short_name: Line | None = None
    """Short name or acronym used in tables and letters."""
    classification: OrganizationKind
    """What sort of organisation it is."""
    parent: Slug | None = None
    """Id of the organisation this one belongs to (a region's CESER, a region's groups ...)."""


# --------------------------------------------------------------------------- people


class Office(_Strict):
    """An office a person holds in an organisation (Popolo Membership of a Post)."""

    role: Line
    """The office, as a label: ``Président de Région``; the masculine form when
    ``role_feminine`` gives the feminine one, else the one form the source gives."""
    role_feminine: Line | None = None
    """The office's feminine form (``Présidente de Région``), when the register records both:
    ``role`` and ``role_feminine`` name one office (see :func:`prefig.query.office_form`)."""
    organization: Slug
    """Id of the organisation the office is held in."""
    start_date: Day | None = None
    """First day the office is held, when known."""
    end_date: Day | None = None
    """Last day the office is held, when known."""


class Person(_Record):
    """A named person. Registers name only the people their sources name."""

    name: Line
    """Full name as written on documents: ``Martin Malvy``."""
    given_name: Line | None = None
    """Given name, for sorting and letters."""
    family_name: Line | None = None
    """Family name, for sorting and letters."""
    honorific_prefix: Line | None = None
    """Civility used to address letters: ``Monsieur``, ``Madame``."""
    gender: OneOf[Gender] | None = None
    """Used only to agree French titles in letters; unset when unknown."""
    offices: list[Office] = Field(default_factory=_new_list)
    """Offices the person holds or held."""
    email: Line | None = None
    """Address convocations are sent to, when the register keeps one."""
    postal_address: Annotated[list[Line], Field(max_length=6)] = Field(default_factory=_new_list)
    """The lines of the postal address letters are sent to, as the envelope carries them
    after the name (street, then postal code and town): at most six lines."""


# --------------------------------------------------------------------------- venues


class Venue(_Record):
    """A place where meetings are held (OParl Location)."""

    name: Line
    """Name of the place: ``Hôtel de Région Languedoc-Roussillon``."""
    street_address: Line | None = None
    """Street and number, when known."""
    postal_code: Line | None = None
    """Postal code, when known."""
    locality: Line | None = None
    """Town or city."""
    country: Line | None = None
    """Country, when it is not the register's own."""
    room: Line | None = None
    """Room inside the building, when known."""


# --------------------------------------------------------------------------- bodies


class Holder(_Strict):
    """A named person holding a seat, for a period."""

    person: Slug
    """Id of the person holding the seat."""
    start_date: Day | None = None
    """First day the person holds the seat, when known."""
    end_date: Day | None = None
    """Last day the person holds the seat, when known."""


class Vacancy(_Strict):
    """Places of a seat left vacant from a day (and until a day, once filled)."""

    since: Day | None = None
    """First day the places are vacant, when known; unset: vacant for as long as the register
    knows the seat."""
    until: Day | None = None
    """Last day the places are vacant (the day before a successor takes office); unset while
    they stay vacant."""
    count: Annotated[StrictInt, Field(ge=1, le=10_000)] = 1
    """How many places are vacant over that period."""
    note: Text | None = None
    """Why: ``démission de Mme X, le 3 mars 2025``."""

    @property
    def start_date(self) -> dt.date | None:
        """``since``, under the name :func:`prefig.query.in_period` reads."""
        return self.since

    @property
    def end_date(self) -> dt.date | None:
        """``until``, under the name :func:`prefig.query.in_period` reads."""
        return self.until


class Seat(_Strict):
    """A place in a body's composition (OParl Membership, Popolo Post).

    ``count`` says how many such places there are; ``None`` when the source does not say.
    Holders are named where known; a seat with fewer holders than ``count`` still exists and
    is addressed by its role (for letters: "Monsieur le Directeur général des services").
    """

    id: Slug
    """Identifier of the seat, unique across the register (responsible parties point at it)."""
    role: Line
    """The place, as people say it: ``Directeur général des services``; the masculine form
    when ``role_feminine`` gives the feminine one, else the one form the source gives."""
    role_feminine: Line | None = None
    """The place's feminine form (``Directrice générale des services``), when the register
    records both; a holder is named by the form of their gender
    (:func:`prefig.query.office_form`)."""
    on_behalf_of: Slug | None = None
    """Id of the organisation the seat represents."""
    count: Annotated[StrictInt, Field(ge=1, le=10_000)] | None = 1
    """How many such places there are; unset when the source does not say."""
    holders: list[Holder] = Field(default_factory=_new_list)
    """The people holding the seat, where the register names them."""
    substitutes: list[Holder] = Field(default_factory=_new_list)
    """The people standing in for the holders, where the register names them."""
    voting_right: StrictBool | None = None
    """Whether the seat votes (voix délibérative). Unset: a member seat votes, as members of
    an assembly do unless a text says otherwise; a contributor or observer seat never votes."""
    capacity: OneOf[Capacity] = Capacity.MEMBER
    """``contributor``: takes part without being a member (the source's "avec le concours de")."""
    requires_office: Line | None = None
    """Role of an office the holders must hold in ``on_behalf_of``, when the register says so;
    either form of the office (``role`` or ``role_feminine``) satisfies it."""
    address_as: Line | None = None
    """How to address a letter to the seat when no holder is named."""
    vacancies: list[Vacancy] = Field(default_factory=_new_list)
    """Places of the seat declared vacant (a resignation, a death not yet filled): a vacant
    place is not a member in office, counts in no quorum and is sent no letter. A place with
    no named holder and no vacancy is an unnamed member in office, not a vacant one."""
    note: Text | None = None
    """Anything a reader should know about the seat."""
    sources: list[Citation] = Field(default_factory=_new_list)
    """Where the facts of this seat come from."""


class Parity(_Strict):
    """A declared parity: the listed organisations have the same number of seats."""

    between: Annotated[list[Slug], Field(min_length=2)]
    """Ids of the organisations that have the same number of seats (two or more)."""
    basis: OneOf[ParityBasis] = ParityBasis.SEATS
    """What is counted: every member seat, or only the voting ones."""
    note: Text | None = None
    """The source's words or a remark on the parity."""


class Cadence(_Strict):
    """How often a body meets or acts."""

    frequency: OneOf[Frequency]
    """How often, as one of a fixed set of words."""
    text: Text | None = None
    """The source's words: ``mensuellement``."""
    note: Text | None = None
    """A remark on the cadence."""


class LegalBasis(_Strict):
    """A text a body rests on or acts under."""

    title: Line
    """As the source cites it: ``loi du 18 décembre 2014``."""
    reference: Line | None = None
    """The official reference, when known: ``loi n° 2015-29 du 16 janvier 2015``."""
    url: Line | None = None
    """Where the text can be read online."""
    note: Text | None = None
    """A remark on the text: how the source cites it, a correction."""


class Relation(_Strict):
    """A relation from this body to another body or to an organisation."""

    kind: RelationKind
    """What the relation is, read from this body to the target."""
    body: Slug | None = None
    """Id of the target body (or use ``organizations``)."""
    organizations: list[Slug] = Field(default_factory=_new_list)
    """Ids of the target organisations (or use ``body``)."""
    note: Text | None = None
    """The source's words or a remark on the relation."""

    @model_validator(mode="after")
    def _one_target(self) -> Relation:
        if (self.body is None) == (not self.organizations):
            raise ValueError("a relation names either a body or organizations, not both")
        return self


class Party(_Strict):
    """Who is responsible for, chairs or convenes a body: a seat, a person, a body or an
    organisation (exactly one)."""

    seat: Slug | None = None
    """Id of a seat of a body (whoever holds it)."""
    person: Slug | None = None
    """Id of a person."""
    body: Slug | None = None
    """Id of a body."""
    organization: Slug | None = None
    """Id of an organisation."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Party:
        named = [v for v in (self.seat, self.person, self.body, self.organization) if v]
        if len(named) != 1:
            raise ValueError("name exactly one of seat, person, body, organization")
        return self

    @property
    def kind(self) -> PartyKind:
        for kind in PartyKind:
            if getattr(self, kind):
                return kind
        raise AssertionError("validated to have one")  # pragma: no cover

    @property
    def ref(self) -> str:
        return str(getattr(self, self.kind))


class Quorum(_Strict):
    """A quorum rule: ``numerator/denominator`` of the voting seats, at least or more than."""

    numerator: Annotated[StrictInt, Field(ge=1, le=1000)]
    """Numerator of the fraction of voting seats."""
    denominator: Annotated[StrictInt, Field(ge=1, le=1000)]
    """Denominator of the fraction of voting seats."""
    comparison: OneOf[QuorumComparison] = QuorumComparison.MORE_THAN
    """Whether the members present must reach the fraction or exceed it."""
    text: Text | None = None
    """The rule as the text that sets it words it."""

    @model_validator(mode="after")
    def _proper(self) -> Quorum:
        if self.numerator > self.denominator:
            raise ValueError("a quorum fraction cannot exceed 1")
        return self

    def members_needed(self, voting_seats: int) -> int:
        """How many members make the quorum out of ``voting_seats``."""
        whole, rest = divmod(voting_seats * self.numerator, self.denominator)
        if self.comparison == QuorumComparison.MORE_THAN:
            return whole + 1
        return whole + (1 if rest else 0)


class NoticePeriod(_Strict):
    """A notice period as a statute, an internal rule or a convention sets it."""

    days: Annotated[StrictInt, Field(ge=0, le=365)]
    """How many days of notice."""
    counting: OneOf[NoticeCounting] = NoticeCounting.PLAIN
    """``plain``: days before the meeting (``douze jours au moins avant``); ``clear``: jours
    francs, neither the day of sending nor the day of the meeting counting."""
    urgency_days: Annotated[StrictInt, Field(ge=0, le=365)] | None = None
    """The shortest period under urgency, counted the same way; unset when urgency cannot
    shorten it."""
    article: Line | None = None
    """The text that sets it (``Règlement intérieur, article 4``)."""


class Body(_Record):
    """A governance body (OParl Organization of the kind committee/conference)."""

    name: Line
    """Full name of the body."""
    short_name: Line | None = None
    """Short name or acronym."""
    level: Annotated[StrictInt, Field(ge=1, le=20)] | None = None
    """Rank in the governance (the 2015 source speaks of "4 niveaux")."""
    kind: BodyKind
    """What sort of body it is."""
    mission: Text | None = None
    """What the body is for, in a sentence or two."""
    objectives: list[Text] = Field(default_factory=_new_list)
    """The objectives it pursues, one item each."""
    responsible: list[Party] = Field(default_factory=_new_list)
    """Who the body is placed under or chaired by."""
    convened_by: list[Party] = Field(default_factory=_new_list)
    """Who convenes the body; they sign its convocations."""
    seats: list[Seat] = Field(default_factory=_new_list)
    """Its composition: the places in it and who holds them."""
    parity: list[Parity] = Field(default_factory=_new_list)
    """Parities the composition must respect (``à parité``)."""
    cadence: Cadence | None = None
    """How often it meets or acts, when the source says."""
    legal_basis: list[LegalBasis] = Field(default_factory=_new_list)
    """Texts the body rests on or acts under."""
    relations: list[Relation] = Field(default_factory=_new_list)
    """How it stands to other bodies and organisations."""
    notice_period_days: Annotated[StrictInt, Field(ge=0, le=365)] | None = None
    """Days of notice a convocation must give, counted as plain days before the meeting, when a
    text or the register sets one; ``notice`` says more (jours francs, urgency, the article)."""
    notice: NoticePreset | NoticePeriod | None = None
    """The notice period and how it counts: a CGCT preset (``cgct-commune-3500-plus``: five
    jours francs, L2121-12) or a period a statute or internal rule sets."""
    quorum: Quorum | None = None
    """Quorum rule, when a text or the register sets one."""
    start_date: Day | None = None
    """First day of the body's existence, when known."""
    end_date: Day | None = None
    """Last day of the body's existence, when known."""
    place: Line | None = None
    """Where the body's letters are signed (``Fait à ...``), when not the register's
    ``place``."""

    @model_validator(mode="after")
    def _one_notice(self) -> Body:
        if self.notice is not None and self.notice_period_days is not None:
            raise ValueError(
                "the body sets both notice and notice_period_days; keep notice, which says how "
                "the days count, and remove notice_period_days"
            )
        return self


# --------------------------------------------------------------------------- meetings


class Annex(_Strict):
    """A document sent with a convocation: the note explicative de synthèse (CGCT L2121-12),
    a report (L4132-18), a draft deliberation."""

    title: Line
    """Its title, as the letter lists it: ``Note explicative de synthèse``."""
    path: Line
    """Path of the file, relative to the register root (``documents/2026-12-note.pdf``);
    ``prefig check`` reports a file that does not exist (PF405)."""


class NoticePosting(_Strict):
    """When and where the notice of a meeting was posted or published (CGCT L2121-10: the
    convocation is "affichée ou publiée")."""

    on: Day
    """The day it was posted or published."""
    where: Line
    """Where: ``panneau d'affichage de la mairie``, ``site internet de la commune``."""


# --------------------------------------------------------------------------- sittings

DELIBERATION_NUMBER_PATTERN = r"^\d{4}-\d{1,5}$"
"""A deliberation's number: the year and a rank in the register's sequence (``2026-042``)."""

_Count = Annotated[StrictInt, Field(ge=0, le=10_000)]


class Vote(_Strict):
    """How an assembly voted on a deliberation: counts, names where the register gives them,
    or ``unanimous`` ("à l'unanimité")."""

    unanimous: StrictBool = False
    """``true`` when the deliberation was adopted "à l'unanimité" of the votes cast; the
    counts may then stay unset."""
    in_favour: _Count | None = None
    """Votes for ("pour"); when unset and ``voted_for`` names them, their number."""
    against: _Count | None = None
    """Votes against ("contre"); when unset and ``voted_against`` names them, their number."""
    abstentions: _Count | None = None
    """Abstentions; when unset and ``abstained`` names them, their number."""
    not_taking_part: _Count | None = None
    """Members present or represented who did not take part in the vote ("ne prend pas part
    au vote"); when unset and ``did_not_take_part`` names them, their number."""
    voted_for: list[Slug] = Field(default_factory=_new_list)
    """Ids of the people who voted for, in a vote by name (scrutin public)."""
    voted_against: list[Slug] = Field(default_factory=_new_list)
    """Ids of the people who voted against."""
    abstained: list[Slug] = Field(default_factory=_new_list)
    """Ids of the people who abstained."""
    did_not_take_part: list[Slug] = Field(default_factory=_new_list)
    """Ids of the people who did not take part in the vote."""

    @model_validator(mode="after")
    def _counts_match_names(self) -> Vote:
        for count, names in self.PAIRS:
            given, named = getattr(self, count), getattr(self, names)
            if given is not None and named and given != len(named):
                raise ValueError(
                    f"{count} is {given} but {names} names {len(named)} people; give the "
                    "same number, or leave the count out"
                )
        return self

    PAIRS: typing.ClassVar[tuple[tuple[str, str], ...]] = (
        ("in_favour", "voted_for"),
        ("against", "voted_against"),
        ("abstentions", "abstained"),
        ("not_taking_part", "did_not_take_part"),
    )

    def count(self, field: str) -> int:
        """The number of ``field`` (``in_favour`` ...): as given, else as many as named."""
        names = dict(self.PAIRS)[field]
        given: int | None = getattr(self, field)
        return given if given is not None else len(getattr(self, names))

    @property
    def total(self) -> int:
        """Votes for, against, abstentions and members not taking part, added up."""
        return sum(self.count(field) for field, _ in self.PAIRS)


class Deliberation(_Strict):
    """The deliberation an agenda item gave rise to: its number, outcome, vote and legal
    follow-up (CGCT L2121-20, L2121-21, L2131-1)."""

    number: Annotated[str, StringConstraints(pattern=DELIBERATION_NUMBER_PATTERN)]
    """Its number, unique across the register: the year and a rank (``2026-042``); ranks
    follow the order of the sittings."""
    title: Line | None = None
    """Its title, when it differs from the item's name."""
    outcome: OneOf[DeliberationOutcome]
    """Whether it was adopted, rejected, withdrawn or postponed."""
    vote: Vote | None = None
    """How the assembly voted; unset for an item withdrawn or postponed, or when not known."""
    rapporteur: Slug | None = None
    """Id of the person who presented it to the assembly."""
    transmitted_on: Day | None = None
    """Day it was transmitted to the représentant de l'État (contrôle de légalité, L2131-1,
    L2131-2), where that applies."""
    published_on: Day | None = None
    """Day it was published or posted (L2131-1)."""
    enforceable_on: Day | None = None
    """Day it became enforceable ("exécutoire de plein droit", L2131-1): once published and,
    where that applies, transmitted."""
    note: Text | None = None
    """A remark on the deliberation."""


class Attendance(_Strict):
    """How one member stood at a sitting (the feuille de présence): present, excused, absent,
    or represented by a proxy (pouvoir, CGCT L2121-20, L4132-15)."""

    person: Slug
    """Id of the member."""
    status: OneOf[AttendanceStatus]
    """``present``, ``excused``, ``absent`` or ``represented``."""
    proxy_to: Slug | None = None
    """For a member represented: id of the member present who holds the proxy."""
    proxy_written: StrictBool | None = None
    """Whether the proxy was given in writing, as L2121-20 requires; unset when not known."""
    proxy_given_on: Day | None = None
    """Day the proxy was signed: one proxy is valid for three consecutive sittings at most
    (L2121-20)."""
    arrived_before_item: Line | None = None
    """For a member present who arrived late: the number of the first agenda item the member
    was present for."""
    left_before_item: Line | None = None
    """For a member present who left early: the number of the first agenda item the member
    was no longer present for."""
    note: Text | None = None
    """A remark: why the member was excused, when the member arrived."""

    @model_validator(mode="after")
    def _proxy_only_when_represented(self) -> Attendance:
        represented = self.status == AttendanceStatus.REPRESENTED
        if represented and self.proxy_to is None:
            raise ValueError("a member represented gives a proxy: name its holder in proxy_to")
        if not represented and (
            self.proxy_to is not None
            or self.proxy_written is not None
            or self.proxy_given_on is not None
        ):
            raise ValueError(
                f"proxy_to, proxy_written and proxy_given_on are for a member represented, "
                f"and this one is {self.status}"
            )
        if self.status != AttendanceStatus.PRESENT and (
            self.arrived_before_item is not None or self.left_before_item is not None
        ):
            raise ValueError(
                f"arrived_before_item and left_before_item are for a member present, and this "
                f"one is {self.status}"
            )
        return self


class Minutes(_Strict):
    """The procès-verbal of a sitting: adopted at a later sitting and published within the
    week that follows (CGCT L2121-15)."""

    adopted_at: Slug | None = None
    """Id of the meeting that adopted it, usually the next sitting."""
    published_on: Day | None = None
    """Day it was published in electronic form and put up for consultation."""
    note: Text | None = None
    """A remark on the procès-verbal."""


class AgendaItem(_Strict):
    """One item of a meeting's agenda (OParl AgendaItem)."""

    number: Line | None = None
    """The item's number as printed (``1``, ``2.a``); derived from the order when unset."""
    name: Line
    """What the item is about."""
    public: StrictBool | None = None
    """Whether the item is discussed in public; unset when not known."""
    result: Text | None = None
    """What came of it, once the meeting is held."""
    note: Text | None = None
    """A remark on the item."""
    annexes: list[Annex] = Field(default_factory=_new_list)
    """Documents on this item sent with the convocation (reports, draft deliberations)."""
    deliberation: Deliberation | None = None
    """The deliberation the item gave rise to, once the meeting is held."""


class Urgency(_Strict):
    """Why a meeting was convened with a shortened notice."""

    reason: Text
    """The urgency, as the convocation states it."""


class Meeting(_Record):
    """A dated meeting of a body (OParl Meeting)."""

    body: Slug
    """Id of the body that meets."""
    name: Line | None = None
    """A name for the meeting, when it has one beyond its body and date."""
    date: Day
    """Day of the meeting (``YYYY-MM-DD``)."""
    start_time: Clock | None = None
    """Time it starts (``"HH:MM"``, register time zone); unset when not known."""
    end_time: Clock | None = None
    """Time it ends (``"HH:MM"``); unset when not known."""
    location: Slug | None = None
    """Id of the venue."""
    status: MeetingStatus = MeetingStatus.PLANNED
    """Whether it is planned, was held, cancelled or postponed."""
    agenda: list[AgendaItem] = Field(default_factory=_new_list)
    """Items of the agenda, in order."""
    convened_on: Day | None = None
    """Date the convocation was sent."""
    convened_by: list[Party] = Field(default_factory=_new_list)
    """Who convenes this meeting, when not the body's ``convened_by`` (a delegation, the
    oldest member for an installation sitting): replaces the body's for this meeting, and
    signs its convocation (:func:`prefig.query.convenors`)."""
    notes: Text | None = None
    """Notes on the meeting: what was said of it, what happened."""
    end_date: Day | None = None
    """Last day of a sitting that runs past its first day (a session over several days).
    Unset: the meeting ends on its ``date``, or on the next day when ``end_time`` is before
    ``start_time`` (a council sitting from 19:00 to 00:30)."""
    urgency: Urgency | None = None
    """Set when the convocation was sent under urgency, with a shorter notice than the body's
    period (never below its urgency floor); the assembly rules on the urgency at the opening
    of the sitting (CGCT L2121-11, L2121-12)."""
    second_convocation_of: Slug | None = None
    """Id of the meeting that lacked its quorum, when this one is its second convocation: it
    then deliberates whatever the number present (CGCT L2121-17, L4132-13, L3121-14)."""
    rescheduled_as: Slug | None = None
    """For a postponed meeting, the id of the meeting that replaces it."""
    annexes: list[Annex] = Field(default_factory=_new_list)
    """Documents on the whole meeting sent with the convocation (the note explicative de
    synthèse); those on one item go on the item."""
    notice_posted: list[NoticePosting] = Field(default_factory=_new_list)
    """When and where the notice of the meeting was posted or published."""
    attendance: list[Attendance] = Field(default_factory=_new_list)
    """Once it is held: how each member stood (present, excused, absent, represented), one
    entry per member."""
    president: Slug | None = None
    """Id of the person who presided over the sitting."""
    secretary: Slug | None = None
    """Id of the member appointed secretary of the sitting (CGCT L2121-15)."""
    minutes: Minutes | None = None
    """The procès-verbal of the sitting: where it was adopted and when published (L2121-15)."""
    deliberations_list_published_on: Day | None = None
    """Day the list of the deliberations examined was posted and put online (L2121-25:
    within a week of the sitting)."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Meeting:
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(
                f"end_date {self.end_date.isoformat()} is before date {self.date.isoformat()}; "
                "a meeting ends on or after the day it starts"
            )
        return self


# --------------------------------------------------------------------------- decisions


class Action(_Strict):
    """A follow-up action a decision calls for ("suite à donner")."""

    id: Slug
    """Identifier of the action, unique across the register."""
    description: Text
    """What is to be done."""
    actors: list[Party] = Field(default_factory=_new_list)
    """Who acts."""
    addressees: list[Party] = Field(default_factory=_new_list)
    """Who the action is directed at (those referred to, informed, met)."""
    status: ActionStatus = ActionStatus.OPEN
    """Where the action stands."""
    due_date: Day | None = None
    """Day it is to be done by, when one is set."""
    horizon: Annotated[StrictInt, Field(ge=1900, le=2200)] | None = None
    """A target year the action looks to (the 2030 horizon of the CESER referral)."""
    recurring: StrictBool = False
    """Whether the action is to be done again and again (``régulièrement``)."""
    body: Slug | None = None
    """Body whose agenda carries this action as a follow-up item."""
    status_date: Day | None = None
    """When the status last changed."""
    note: Text | None = None
    """A remark on the action."""
    sources: list[Citation] = Field(default_factory=_new_list)
    """Where the facts of this action come from."""


class Decision(_Record):
    """A decision taken by people or a body, with its follow-up actions."""

    title: Line
    """What was decided, in a line."""
    decided_on: Day | None = None
    """Day of the decision, when known."""
    decided_by: Annotated[list[Party], Field(min_length=1)]
    """Who took the decision (at least one party)."""
    body: Slug | None = None
    """Body the decision was taken in, when it was taken in one."""
    meeting: Slug | None = None
    """Id of the meeting it was taken at, when it was taken at one."""
    text: Text | None = None
    """The decision in full, or the source's words."""
    actions: list[Action] = Field(default_factory=_new_list)
    """The follow-up actions it calls for."""
    deliberation: Annotated[str, StringConstraints(pattern=DELIBERATION_NUMBER_PATTERN)] | None = (
        None
    )
    """Number of the deliberation that took it (``2026-042``), as an agenda item records it."""


# --------------------------------------------------------------------------- dispatches

SHA256_PATTERN = r"^[0-9a-f]{64}$"


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{value.isoformat()} has no time zone; write the moment with its offset "
            "(2026-12-01T09:30:00+01:00)"
        )
    return value


def _moment_text(value: Any) -> Any:
    # A moment written by hand as text is read as ISO 8601; YAML gives a datetime already.
    if isinstance(value, int | float | bool | bytes):
        raise ValueError(f"{value!r} is not a moment; write it as 2026-12-01T09:30:00+01:00")
    return value


Moment = Annotated[dt.datetime, BeforeValidator(_moment_text), AfterValidator(_aware)]
"""A moment with its time zone offset: ``2026-12-01T09:30:00+01:00``."""


class Dispatch(_Record):
    """A convocation sent by e-mail and accepted by the mail server: the proof of when one
    member was sent it (``data/dispatches.yaml``, appended to by ``prefig send``)."""

    meeting: Slug
    """Id of the meeting convened."""
    person: Slug
    """Id of the person the convocation was sent to."""
    to: EmailAddress
    """The address it was sent to."""
    sent_at: Moment
    """When the mail server accepted it, with the time zone offset."""
    message_id: Line
    """The message's ``Message-ID`` header, angle brackets included."""
    server_reply: Line
    """What the mail server answered to the end of the message (``250 2.0.0 Ok: queued``)."""
    sha256: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
    """SHA-256 of the bytes of the message as sent."""
    content: Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
    """SHA-256 of the message without its ``Date`` and ``Message-ID``: the same for the same
    convocation, so that sending it again is noticed (``prefig send --resend``)."""


# --------------------------------------------------------------------------- the register

RECORD_MODELS: dict[str, type[_Record]] = {
    "sources": Source,
    "organizations": Organization,
    "people": Person,
    "venues": Venue,
    "bodies": Body,
    "meetings": Meeting,
    "decisions": Decision,
    "dispatches": Dispatch,
}
"""Each list file of ``data/`` and the record type it holds, in load order."""

RECORD_KINDS: tuple[str, ...] = tuple(RECORD_MODELS)
"""The kinds of record (``sources`` ... ``decisions``), in load order: the one list of them."""
