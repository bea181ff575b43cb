"""Exports of a loaded register: iCalendar, JSON, OParl 1.1, Popolo and governance diagrams.

Every builder here is a pure function of the register (plus, for iCalendar, the register's
git history): same register in, same bytes out. Nothing here prints, exits or writes files;
the ``prefig export`` commands do that through :func:`prefig.fsutil.atomic_write`.

The export formats are plug-ins: :data:`EXPORT_BY_NAME` holds one :class:`ExportFormat` per
format (its name, description, default file name, media type, own options and the function
that builds it), and ``prefig export`` has one subcommand per entry, with ``--out`` and
``--force``. Each builder is imported only when its format is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prefig.fsutil import safe_name

if TYPE_CHECKING:
    from prefig.load import Register
    from prefig.model import Holder, Settings

Options = Mapping[str, "str | None"]
"""The values of a format's own options, by :attr:`ExportOption.name`."""


class ExportError(ValueError):
    """An export refuses its options or environment; the message says why and what to do."""


@dataclass(frozen=True)
class Exported:
    """What an export built: the bytes to write, and warnings for whoever asked for them."""

    data: bytes
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportOption:
    """An option of one format, ``--<name>`` (underscores as hyphens) on the command line."""

    name: str
    help: str
    metavar: str | None = None
    default: str | None = None
    """None: the option is not set unless given."""
    short: str | None = None
    """A one-letter alias, ``-b``."""


Builder = Callable[["Register", Options, Mapping[str, str]], Exported]
"""(register, options, environment) -> the export; raises :class:`ExportError`."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format, as the registry knows it."""

    name: str
    """The subcommand: ``prefig export <name>``."""
    description: str
    """Its help: a first line that says what it writes, details, and an example."""
    file_name: str
    """The usual name of the file it writes."""
    media_type: str
    build: Builder
    options: tuple[ExportOption, ...] = ()
    check: Callable[[Options], None] | None = None
    """Refuses options (:class:`ExportError`) before the register is read, when the
    format can tell without it."""


def _ics(register: Register, options: Options, environ: Mapping[str, str]) -> Exported:
    from prefig.export.ics import export_ics

    return export_ics(register, options, environ)


def _json(register: Register, options: Options, environ: Mapping[str, str]) -> Exported:
    from prefig.export.jsonexport import export_json

    return export_json(register)


def _oparl(register: Register, options: Options, environ: Mapping[str, str]) -> Exported:
    from prefig.export.oparl import export_oparl

    return export_oparl(register, options)


def _check_oparl(options: Options) -> None:
    from prefig.export.oparl import check_base_url

    check_base_url(options["base_url"] or "")


def _popolo(register: Register, options: Options, environ: Mapping[str, str]) -> Exported:
    from prefig.export.popolo import export_popolo

    return export_popolo(register)


EXPORT_BY_NAME: dict[str, ExportFormat] = {
    "ics": ExportFormat(
        "ics",
        """The meetings as an iCalendar file (RFC 5545), one event per meeting.

        UIDs are stable, SEQUENCE counts the changes of each event (its meeting, body, venue
        or time zone) in the register's git history, DTSTAMP honours SOURCE_DATE_EPOCH. See
        docs/exports.md.

        Example: prefig export ics --out reunions.ics
        """,
        file_name="reunions.ics",
        media_type="text/calendar",
        build=_ics,
        options=(
            ExportOption("body", "Only the meetings of this body (id).", metavar="ID", short="-b"),
            ExportOption(
                "uid_domain",
                "Right-hand side of every UID (default: the slug of the register's name). "
                "Pin it to keep UIDs when the register is renamed.",
                metavar="DOMAIN",
            ),
        ),
    ),
    "json": ExportFormat(
        "json",
        """The whole register as one JSON document (format prefig-register, version 1).

        Example: prefig export json --out register.json
        """,
        file_name="register.json",
        media_type="application/json",
        build=_json,
    ),
    "oparl": ExportFormat(
        "oparl",
        """The register as OParl 1.1 objects: System, Body, Organization, Person, Membership,
        Meeting, AgendaItem, Location.

        Example: prefig export oparl --base-url https://data.example.org/oparl
        """,
        file_name="oparl.json",
        media_type="application/json",
        build=_oparl,
        options=(
            ExportOption(
                "base_url",
                "Base of the URLs that name the OParl objects (OParl ids are URLs). "
                "The default is in the reserved .invalid domain: set your own to publish.",
                default="https://example.invalid/oparl",
            ),
        ),
        check=_check_oparl,
    ),
    "popolo": ExportFormat(
        "popolo",
        """Persons, organizations, posts, memberships and events in Popolo JSON.

        Example: prefig export popolo --out popolo.json
        """,
        file_name="popolo.json",
        media_type="application/json",
        build=_popolo,
    ),
}


def register_slug(name: str) -> str:
    """A register's name as a slug: ``Gouvernance de préfiguration ...`` ->
    ``gouvernance-de-prefiguration-...``, ``Œuvre sociale`` -> ``oeuvre-sociale`` (ASCII
    letters, digits and ``-``, at most 120 characters; see :mod:`prefig.slug`). The default
    ``UID`` domain of the calendar: :func:`prefig.fsutil.safe_name`, then ``.`` and ``_`` as
    ``-`` (none at either end), as before letters were transliterated, so that a name of
    ASCII letters, or of letters with accents, keeps the domain it had."""
    return safe_name(name).replace(".", "-").replace("_", "-").strip("-") or "document"


def uid_domain(settings: Settings, override: str | None = None) -> str:
    """The domain of the meetings' calendar UIDs: ``override`` (``--uid-domain``), else the
    register's ``uid_domain`` setting, else :func:`register_slug` of its name. The one
    definition for ``export ics``, the site and the e-mail invitations."""
    return override or settings.uid_domain or register_slug(settings.name)


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
