"""The template variables of a meeting's documents (docs/templates.md lists every one).

A :class:`Builder` looks up what one meeting's documents draw on (its body, venue, the body's
composition at the meeting's date, the people and organisations) and assembles the variables
from small pieces, most of them pure functions of a record. Every string that comes from the
register is escaped for Markdown here, and every missing piece is a visible placeholder such as
``[heure à préciser]`` (whether it may be missing is :mod:`prefig.render.policy`'s business).

The *context functions* at the end are the ones the document-kind table
(:mod:`prefig.render.documents`) names: each returns one :data:`Page` per file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from prefig import i18n, query
from prefig.load import Register
from prefig.model import Body, Meeting, Office, Organization, Party, Person, Seat, Venue
from prefig.readiness import Gap, convocation_deadline, convocation_gaps, notice_rule
from prefig.render.mailmerge import capacity
from prefig.render.markdown import Safe, escape_markdown, placeholder
from prefig.render.wording import (
    article,
    civility,
    of,
    office_address,
    office_title,
    office_vocative,
    titled,
    vocative,
)
from prefig.sitting import sitting_gaps

if TYPE_CHECKING:
    from prefig.render.documents import DocumentKind

COUNT_GAP_LABEL = "nombre de destinataires à préciser"
QUORUM_GAP_LABEL = "quorum à préciser"

PIECES = frozenset({"start_time", "location", "agenda", "convened_by", "seats", "quorum"})
"""The pieces a document may lack (a gap's field up to its first dot: ``location.address``
is a piece of ``location``, ``seats.SEAT.count`` of ``seats``)."""

SITTING_PIECES = frozenset({"attendance", "president", "secretary", "outcome"})
"""The pieces the record of a sitting may lack besides (:func:`prefig.sitting.sitting_gaps`;
``outcome.2`` is a piece of ``outcome``)."""

PROXY_FORM = "pouvoir"
"""What a proxy form's file name says after the meeting's id: ``MEETING-pouvoir-NN-KEY.md``."""

NOT_TAKING_PLACE = frozenset({"cancelled", "postponed"})
"""Meeting statuses that mean the meeting will not take place on its date."""


def piece(gap: Gap) -> str:
    """The piece of :data:`PIECES` that ``gap`` belongs to."""
    return gap.field.split(".", 1)[0]


# --------------------------------------------------------------------------- records


def ns(**values: Any) -> SimpleNamespace:
    """A template record: attributes only (no dict methods to collide with field names)."""
    return SimpleNamespace(**values)


def md(value: str | None) -> Safe | None:
    return None if value is None else escape_markdown(value)


def gap_value(gaps: Sequence[Gap], field: str) -> Safe | None:
    """The placeholder of the gap at ``field``, if the document has one."""
    gap = next((g for g in gaps if g.field == field), None)
    return placeholder(gap.label) if gap else None


# --------------------------------------------------------------------------- pieces


def meeting_vars(meeting: Meeting, locale: str, gaps: Sequence[Gap]) -> SimpleNamespace:
    """``meeting``: its name, day and times (a placeholder for an unknown start), status."""
    start = gap_value(gaps, "start_time")
    return ns(
        id=meeting.id,
        name=md(meeting.name) or "",
        date=meeting.date.isoformat(),
        day=i18n.format_day(meeting.date, locale),
        start_time=start or i18n.format_clock(meeting.start_time or dt.time(), locale),
        end_time=i18n.format_clock(meeting.end_time, locale) if meeting.end_time else "",
        status=meeting.status.value,
        notes=md(meeting.notes) or "",
    )


def venue_vars(venue: Venue | None, gaps: Sequence[Gap]) -> SimpleNamespace:
    """``venue``: name, room, address and all three in one line, or placeholders."""
    missing = gap_value(gaps, "location")
    if missing is not None or venue is None:
        label = missing or placeholder("lieu à préciser")
        return ns(name=label, room="", address=label, full=label)
    town = " ".join(x for x in (venue.postal_code, venue.locality) if x)
    parts = [x for x in (venue.street_address, town, venue.country) if x]
    address = (
        escape_markdown(", ".join(parts))
        if venue.street_address and venue.locality
        else (gap_value(gaps, "location.address") or placeholder("adresse à préciser"))
    )
    name = escape_markdown(venue.name)
    room = md(venue.room) or ""
    full = Safe(", ".join(x for x in (room, name, address) if x))
    return ns(name=name, room=room, address=address, full=full)


def agenda_label(number: str) -> Safe:
    """How an item's number opens its line, kept as the register writes it: ``1\\.``,
    ``2.a``. A number of digits alone takes a full stop, escaped so that no Markdown reader
    takes the line for an ordered list and renumbers it (CommonMark would print 1, 2, 3 for
    1, 2, 4 and fold ``2.a`` into item 2); any other number is printed as it is."""
    if number.isascii() and number.isdigit():
        return Safe(f"{number}\\.")
    return escape_markdown(number)


def agenda_items(meeting: Meeting) -> list[SimpleNamespace]:
    """``agenda``: the items, numbered as the register numbers them, else 1, 2, 3 ..."""
    items = []
    for index, item in enumerate(meeting.agenda, start=1):
        number = item.number or str(index)
        items.append(
            ns(
                number=escape_markdown(number),
                label=agenda_label(number),
                name=escape_markdown(item.name),
                note=md(item.note) or "",
                closed=item.public is False,
            )
        )
    return items


def body_vars(body: Body) -> SimpleNamespace:
    """``body``: its names, with their articles (``le Comité``, ``du Comité``), and mission."""
    return ns(
        id=body.id,
        name=escape_markdown(body.name),
        short_name=escape_markdown(body.short_name or body.name),
        of_name=escape_markdown(of(body.name)),
        the_name=escape_markdown(article(body.name)),
        mission=md(body.mission) or "",
        notice_period_days=_notice_days(body),
    )


def _notice_days(body: Body) -> int | str:
    rule = notice_rule(body)
    return "" if rule is None else rule.days


def quorum_vars(register: Register, body: Body, at: dt.date) -> SimpleNamespace | None:
    """``quorum``: members needed out of the voting members in office at ``at`` (membres en
    exercice, vacant places left out: CGCT L2121-17, L4132-13), or placeholders when a
    voting seat's count is unknown; None when the body declares no quorum."""
    rule = body.quorum
    if rule is None:
        return None
    members = query.members_in_office(register, body, at)
    needed = query.quorum_needed(register, body, at)
    seats = query.voting_places(body.seats)
    in_office = members.voting_count
    if needed is None or seats is None or in_office is None:
        label = placeholder(QUORUM_GAP_LABEL)
        return ns(
            members_needed=label,
            in_office=label,
            voting_seats=label,
            all_vote=True,
            text=md(rule.text) or "",
        )
    return ns(
        members_needed=needed,
        in_office=in_office,
        voting_seats=seats,
        all_vote=members.count == in_office,
        text=md(rule.text) or "",
    )


def issued_vars(
    meeting: Meeting, prepared_on: dt.date | None, locale: str, place: str | None = None
) -> SimpleNamespace:
    """``issued``: the letter's date, the day the convocation was sent (``convened_on``) when
    the register records it, else the day the documents are prepared (``--as-of``); and the
    ``place`` it is signed in (the body's, else the register's), or ``""``."""
    where = md(place) or ""
    day = meeting.convened_on or prepared_on
    if day is None:
        label = placeholder("date d'envoi à préciser")
        return ns(date="", day=label, text=label, place=where)
    return ns(
        date=day.isoformat(),
        day=i18n.format_day(day, locale),
        text=i18n.format_date(day, locale),
        place=where,
    )


# The texts on proxies, by the kind of organisation whose assembly the body is (CGCT).
_PROXIES: dict[str, tuple[str, str, str]] = {
    "commune": (
        "CGCT L2121-20",
        "pouvoir",
        "Conformément à l'article L2121-20 du code général des collectivités territoriales, "
        "un conseiller municipal empêché d'assister à une séance peut donner à un collègue de "
        "son choix pouvoir écrit de voter en son nom. Un même conseiller municipal ne peut être "
        "porteur que d'un seul pouvoir. Le pouvoir est toujours révocable ; sauf cas de maladie "
        "dûment constatée, il ne peut être valable pour plus de trois séances consécutives.",
    ),
    "epci": (
        "CGCT L5211-1, L2121-20",
        "pouvoir",
        "Conformément aux articles L5211-1 et L2121-20 du code général des collectivités "
        "territoriales, un membre empêché d'assister à une séance peut donner à un collègue de "
        "son choix pouvoir écrit de voter en son nom. Un même membre ne peut être porteur que "
        "d'un seul pouvoir. Le pouvoir est toujours révocable ; sauf cas de maladie dûment "
        "constatée, il ne peut être valable pour plus de trois séances consécutives.",
    ),
    "departement": (
        "CGCT L3121-16",
        "délégation de vote",
        "Conformément à l'article L3121-16 du code général des collectivités territoriales, "
        "un conseiller départemental empêché d'assister à une réunion peut donner délégation "
        "de vote, pour cette réunion, à un autre membre du conseil départemental. Un conseiller "
        "départemental ne peut recevoir qu'une seule délégation.",
    ),
    "region": (
        "CGCT L4132-15",
        "délégation de vote",
        "Conformément à l'article L4132-15 du code général des collectivités territoriales, "
        "un conseiller régional empêché d'assister à une réunion peut donner délégation de "
        "vote, pour cette réunion, à un autre membre du conseil régional. Un conseiller "
        "régional ne peut recevoir qu'une seule délégation.",
    ),
}
_NEUTRAL_PROXY = (
    "",
    "pouvoir",
    "Un membre empêché d'assister à la séance peut, dans les conditions prévues par les "
    "textes qui régissent l'instance, donner à un autre membre pouvoir écrit de voter en son "
    "nom.",
)


def body_organization(body: Body, organizations: Sequence[Organization]) -> Organization | None:
    """The organisation whose body ``body`` is: the one its ``part-of`` relation names, else
    the one in its ``responsible``, else the one every member seat is on behalf of."""
    by_id = {o.id: o for o in organizations}
    for relation in body.relations:
        if relation.kind == "part-of" and len(relation.organizations) == 1:
            return by_id.get(relation.organizations[0])
    named = {p.organization for p in body.responsible if p.organization}
    if len(named) == 1:
        return by_id.get(named.pop())
    behalf = {s.on_behalf_of for s in body.seats if s.capacity == "member"}
    if len(behalf) == 1 and None not in behalf:
        return by_id.get(str(behalf.pop()))
    return None


def proxy_vars(body: Body, organizations: Sequence[Organization]) -> SimpleNamespace | None:
    """``proxy``: what the letter says of voting by proxy, for a deliberative assembly
    (``kind: assembly``): the CGCT's text for the assembly of a commune (L2121-20), an EPCI
    (L5211-1), a département (L3121-16) or a région (L4132-15), chosen by the organisation's
    classification, else a neutral wording; None for any other body, which no text gives a
    right of proxy."""
    if body.kind != "assembly":
        return None
    organization = body_organization(body, organizations)
    kind = str(organization.classification) if organization else ""
    article_, act, text = _PROXIES.get(kind, _NEUTRAL_PROXY)
    return ns(article=article_, act=act, title=act[:1].upper() + act[1:], text=text)


def annexes_vars(meeting: Meeting) -> list[SimpleNamespace]:
    """``annexes``: the documents sent with the convocation, the meeting's then each item's
    (with the item's ``label``)."""
    out = [ns(title=escape_markdown(a.title), path=escape_markdown(a.path), item="")
           for a in meeting.annexes]  # fmt: skip
    for index, item in enumerate(meeting.agenda, start=1):
        number = escape_markdown(item.number or str(index))
        out += [
            ns(title=escape_markdown(a.title), path=escape_markdown(a.path), item=number)
            for a in item.annexes
        ]
    return out


def signatory(name: str, title: str, person: Person | None = None) -> SimpleNamespace:
    """One who signs: ``name``, ``title`` (the office) and ``the_title`` (the office with its
    article, as a signature block opens: ``la Présidente de la Région Midi-Pyrénées``; an
    epicene title takes its article from the signer's gender: ``la Maire``)."""
    return ns(
        name=escape_markdown(name),
        title=escape_markdown(title) if title else "",
        the_title=escape_markdown(titled(title, person)) if title else "",
    )


def office_on(person: Person, day: dt.date) -> Office | None:
    """The office ``person`` holds on ``day``, else their first one."""
    for office in person.offices:
        if (office.start_date is None or office.start_date <= day) and (
            office.end_date is None or day <= office.end_date
        ):
            return office
    return person.offices[0] if person.offices else None


def sentence(text: str) -> str:
    """``text`` ending as a sentence does (a full stop added when it has none)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


# --------------------------------------------------------------------------- recipients


@dataclass(frozen=True)
class Recipient:
    """One convocation letter's addressee."""

    number: int
    key: str
    """Stable slug for the file name: the person's id, or the seat's id (``-2`` ...)."""
    kind: str
    """``person``, ``office``, ``unknown-count`` or ``substitute``."""
    seat: Seat
    organization: Organization | None
    person: Person | None = None
    stands_in_for: tuple[Person, ...] = ()
    """For a substitute: the holders of the seat they stand in for."""


def recipient_vars(r: Recipient) -> SimpleNamespace:
    """``recipient``: the seat and capacity of a letter's addressee, how the letter addresses
    (``address``) and calls (``vocative``) them, where it is sent, and whom a substitute
    stands in for."""
    seat_fields = {
        **_seat_vars(r),
        **_postal(r.person),
        **_substitute(r),
        "agreement": _agreement(r.person),
    }
    if r.person is not None:
        return ns(**seat_fields, **_person_address(r.person, r.seat))
    return ns(**seat_fields, **_office_address(r))


def _agreement(person: Person | None) -> str:
    # The ending that agrees a participle with the reader: "soussignée", "empêché(e)".
    title = civility(person) if person else None
    return {"Madame": "e", "Monsieur": ""}.get(title or "", "(e)")


def _postal(person: Person | None) -> dict[str, Any]:
    lines = list(person.postal_address) if person else []
    return {
        "email": md(person.email) if person and person.email else "",
        "postal_address": [escape_markdown(line) for line in lines],
    }


def _substitute(r: Recipient) -> dict[str, Any]:
    if r.kind != "substitute":
        return {"substitute": "", "stands_in_for": ""}
    form = "suppléant" + _agreement(r.person)
    if len(r.stands_in_for) == 1:
        (holder,) = r.stands_in_for
        holder_title = civility(holder)
        name = f"{holder_title} {holder.name}" if holder_title else holder.name
        whom = escape_markdown(f"d'{name}" if _elides_name(name) else f"de {name}")
    else:
        office = office_title(r.seat.role, r.organization)
        whom = escape_markdown(f"des titulaires du siège « {office} »")
    return {"substitute": form, "stands_in_for": whom}


def _elides_name(name: str) -> bool:
    # "d'Anne Martin", "d'Yves Petit"; before an h, "de" is never wrong.
    return name[:1] != "" and name[:1].lower() in "aeiouyàâéèêëîïôœ"


def _seat_vars(r: Recipient) -> dict[str, Any]:
    voting = query.votes(r.seat) and r.kind != "substitute"
    return {
        "number": r.number,
        "kind": r.kind,
        "seat": r.seat.id,
        "role": escape_markdown(query.office_form(r.seat, r.person)),
        "organization": escape_markdown(r.organization.name) if r.organization else "",
        "office": escape_markdown(
            office_title(query.office_form(r.seat, r.person), r.organization)
        ),
        "capacity": r.seat.capacity,
        "voting": voting,
        "capacity_label": capacity(r),
    }


def _person_address(person: Person, seat: Seat) -> dict[str, Any]:
    title = civility(person)
    name = escape_markdown(person.name)
    return {
        "name": name,
        "civility": escape_markdown(title) if title else "",
        "address": Safe(f"{escape_markdown(title)} {name}") if title else name,
        "vocative": escape_markdown(vocative(title, query.office_form(seat, person))),
    }


def _office_address(r: Recipient) -> dict[str, Any]:
    address = escape_markdown(office_address(r.seat, r.organization))
    if r.kind == "unknown-count":
        address = Safe(f"{address} {placeholder(COUNT_GAP_LABEL)}")
    return {
        "name": "",
        "civility": "",
        "address": address,
        "vocative": escape_markdown(office_vocative(r.seat)),
    }


# --------------------------------------------------------------------------- the builder


class Builder:
    """Turns one meeting of a register into template variables."""

    def __init__(
        self,
        register: Register,
        meeting: Meeting,
        *,
        draft: bool = False,
        prepared_on: dt.date | None = None,
    ) -> None:
        self.register = register
        self.meeting = meeting
        self.draft = draft
        self.prepared_on = prepared_on
        """The day the documents are prepared (``--as-of``)."""
        self.locale = register.settings.locale
        body = next((b for b in register.bodies if b.id == meeting.body), None)
        if body is None:
            raise LookupError(
                f"meeting {meeting.id!r} names body {meeting.body!r}, which the register "
                "lacks; run `prefig check`."
            )
        self.body: Body = body
        self.venue: Venue | None = next(
            (v for v in register.venues if v.id == meeting.location), None
        )
        self._orgs = {o.id: o for o in register.organizations}
        self._people = {p.id: p for p in register.people}
        self.composition = query.composition_at(register, body, meeting.date)

    # ----------------------------------------------------------------- gaps

    def rescheduled(self) -> str:
        """For a postponed meeting whose replacement the register knows (``rescheduled_as``),
        its day and time as a notice says them (``jeudi 14 janvier 2027 à 18 h 30``); else
        ``""``."""
        target = self.register.index("meetings").get(self.meeting.rescheduled_as or "")
        if self.meeting.status != "postponed" or target is None:
            return ""
        day = i18n.format_day(target.date, self.locale)
        if target.start_time is None:
            return day
        return f"{day} à {i18n.format_clock(target.start_time, self.locale)}"

    def gaps(self, kind: DocumentKind) -> list[Gap]:
        """What a document of ``kind`` lacks among the pieces it shows (its
        ``placeholders``), in this order: the readiness gaps (time, venue, agenda,
        signatory), seats whose number is unknown, a quorum that cannot be counted. A
        document that announces that the meeting will not take place lacks nothing."""
        if kind.when_off == "announce" and not self.takes_place():
            return []
        found = convocation_gaps(self.register, self.meeting, self.body)
        if "seats" in kind.placeholders:
            found += self._seat_count_gaps()
        if "quorum" in kind.placeholders and self._quorum_uncountable():
            found.append(Gap("quorum", QUORUM_GAP_LABEL))
        if kind.placeholders & SITTING_PIECES:
            found += sitting_gaps(self.meeting)
        return [gap for gap in found if piece(gap) in kind.placeholders]

    def _seat_count_gaps(self) -> list[Gap]:
        return [
            Gap(
                f"seats.{seat_at.seat.id}.count",
                f"{COUNT_GAP_LABEL} : {office_title(seat_at.seat.role, self._org(seat_at.seat))}",
            )
            for seat_at in self.composition
            if seat_at.seat.count is None
        ]

    def _quorum_uncountable(self) -> bool:
        return self.body.quorum is not None and (
            query.quorum_needed(self.register, self.body, self.meeting.date) is None
        )

    def takes_place(self) -> bool:
        """False for a meeting the register records as cancelled or postponed."""
        return self.meeting.status.value not in NOT_TAKING_PLACE

    def voting_seats(self) -> int | None:
        """Voting places (:func:`prefig.query.voting_places`); None when a count is unknown."""
        return query.voting_places(self.body.seats)

    # ----------------------------------------------------------------- lookups

    def _org(self, seat: Seat) -> Organization | None:
        return self._orgs.get(seat.on_behalf_of or "")

    def party_name(self, party: Party) -> str:
        """The name of a person, organisation, body or seat a record refers to."""
        if party.person and party.person in self._people:
            return self._people[party.person].name
        if party.organization and party.organization in self._orgs:
            return self._orgs[party.organization].name
        if party.body:
            body = next((b for b in self.register.bodies if b.id == party.body), None)
            return body.name if body else party.body
        if party.seat:
            for body in self.register.bodies:
                for seat in body.seats:
                    if seat.id == party.seat:
                        return office_title(seat.role, self._org(seat))
        return party.ref

    def _day(self, day: dt.date | None) -> str:
        return i18n.format_day(day, self.locale) if day is not None else ""

    # ----------------------------------------------------------------- pieces

    def follow_ups(self) -> list[SimpleNamespace]:
        """``follow_ups``: the body's open actions, with the decision each comes from."""
        return [
            ns(
                id=action.id,
                description=escape_markdown(sentence(action.description)),
                decision=escape_markdown(decision.title),
                decided_on=self._day(decision.decided_on),
                status=action.status.value,
                due_date=self._day(action.due_date),
                horizon=str(action.horizon) if action.horizon else "",
                recurring=action.recurring,
                actors=[escape_markdown(self.party_name(p)) for p in action.actors],
                addressees=[escape_markdown(self.party_name(p)) for p in action.addressees],
            )
            for decision, action in query.open_actions(self.register, body=self.body.id)
        ]

    def signatories(self, gaps: Sequence[Gap]) -> list[SimpleNamespace]:
        """``signatories``: who convenes (the meeting's own ``convened_by``, else the body's:
        :func:`prefig.query.convenors`), each with the office held at the meeting's date, in
        the form of its holder (``role_feminine`` for a woman where recorded); a placeholder
        when nobody does."""
        missing = gap_value(gaps, "convened_by")
        if missing is not None:
            return [ns(name=missing, title="", the_title="")]
        convening = query.convenors(self.register, self.meeting)
        return [one for party in convening for one in self._signing(party)]

    def _signing(self, party: Party) -> list[SimpleNamespace]:
        """Who signs for one ``convened_by`` entry: a seat's holders (or its office when
        none is named), a person with their office, else the party's name."""
        if party.seat:
            seat_at = next((s for s in self.composition if s.seat.id == party.seat), None)
            if seat_at is None:
                return [signatory(self.party_name(party), "")]
            org = self._org(seat_at.seat)
            if seat_at.holders:
                return [
                    signatory(p.name, office_title(query.office_form(seat_at.seat, p), org), p)
                    for p in seat_at.holders
                ]
            title = office_title(seat_at.seat.role, org)
            return [signatory(title[0].upper() + title[1:], "")]
        if party.person and party.person in self._people:
            person = self._people[party.person]
            office = office_on(person, self.meeting.date)
            org = self._orgs.get(office.organization) if office else None
            title = office_title(query.office_form(office, person), org) if office else ""
            return [signatory(person.name, title, person)]
        return [signatory(self.party_name(party), "")]

    def issued(self) -> SimpleNamespace:
        """``issued``: see :func:`issued_vars`."""
        place = self.body.place or self.register.settings.place
        return issued_vars(self.meeting, self.prepared_on, self.locale, place)

    def proxy(self) -> SimpleNamespace | None:
        """``proxy``: see :func:`proxy_vars`."""
        return proxy_vars(self.body, self.register.organizations)

    def base(self, kind: DocumentKind) -> dict[str, Any]:
        """The variables every document gets."""
        gaps = self.gaps(kind)
        return {
            "register": ns(name=escape_markdown(self.register.settings.name), locale=self.locale),
            "document": ns(
                kind=kind.name,
                title=kind.title_for(self.meeting),
                draft=self.draft,
                gaps=[placeholder(g.label) for g in gaps],
            ),
            "body": body_vars(self.body),
            "meeting": meeting_vars(self.meeting, self.locale, gaps),
            "rescheduled": self.rescheduled(),
            "venue": venue_vars(self.venue, gaps),
            "agenda": agenda_items(self.meeting),
            "agenda_missing": gap_value(gaps, "agenda") or "",
        }

    # ----------------------------------------------------------------- recipients

    def unaddressed(self) -> list[SimpleNamespace]:
        """``unaddressed``: the seats with places filled by someone the register does not
        name and no ``address_as`` to write to, which get no letter: each seat's ``office``
        and how many such places (``count``). Vacant places are not listed: they are no
        members in office."""
        signing = {p.seat for p in query.convenors(self.register, self.meeting) if p.seat}
        return [
            ns(
                seat=seat_at.seat.id,
                office=escape_markdown(office_title(seat_at.seat.role, self._org(seat_at.seat))),
                count=seat_at.unnamed,
            )
            for seat_at in self.composition
            if seat_at.seat.id not in signing and seat_at.unnamed and not seat_at.addressed
        ]

    def recipients(self) -> list[Recipient]:
        """Everyone convened, in the order of the seats: each named holder, then one letter
        per unnamed place the seat says how to address (``address_as``), then the seat's
        substitutes (informed as such); a seat of unknown count gives one ``unknown-count``
        letter. Vacant places and unnamed places with no ``address_as`` get none (see
        :meth:`unaddressed`). Those who sign the convocation (the body's ``convened_by``) are
        left out."""
        # Who convenes is not convened: a person who signs, or a seat whose holders (or whose
        # office, when none is named) sign, gets no letter signed by themselves.
        convening = query.convenors(self.register, self.meeting)
        signing_seats = {p.seat for p in convening if p.seat}
        signing_people = {p.person for p in convening if p.person}
        out: list[Recipient] = []
        for seat_at in self.composition:
            seat = seat_at.seat
            if seat.id in signing_seats:
                continue
            org = self._org(seat)
            for person in seat_at.holders:
                if person.id not in signing_people:
                    out.append(Recipient(len(out) + 1, person.id, "person", seat, org, person))
            addressed = seat_at.addressed
            if addressed is None:
                out.append(Recipient(len(out) + 1, seat.id, "unknown-count", seat, org))
                continue
            for index in range(addressed):
                key = seat.id if addressed == 1 else f"{seat.id}-{index + 1}"
                out.append(Recipient(len(out) + 1, key, "office", seat, org))
            for person in seat_at.substitutes:
                out.append(
                    Recipient(
                        len(out) + 1, person.id, "substitute", seat, org, person, seat_at.holders
                    )
                )
        return out

    # ----------------------------------------------------------------- by document

    def agenda_context(self) -> dict[str, Any]:
        """The agenda's variables (:func:`agenda_pages`)."""
        return _only(agenda_pages(self, _kind("agenda")))

    def notice_context(self) -> dict[str, Any]:
        """The notice's variables (:func:`notice_pages`)."""
        return _only(notice_pages(self, _kind("notice")))

    def convocation_contexts(self) -> list[tuple[Recipient, dict[str, Any]]]:
        """One context per letter (:func:`convocation_pages`)."""
        pages = convocation_pages(self, _kind("convocation"))
        return [(recipient, context) for recipient, context in pages if recipient is not None]

    def index_context(self, files: Sequence[str]) -> dict[str, Any]:
        """The index of recipients (:func:`convocation_index`)."""
        return convocation_index(self, _kind("convocation"), files)


def _kind(name: str) -> DocumentKind:
    from prefig.render.documents import document_kind  # the table names this module's functions

    return document_kind(name)


def _only(pages: Sequence[Page]) -> dict[str, Any]:
    (page,) = pages
    return page[1]


# --------------------------------------------------------------------------- context functions

Page = tuple[Recipient | None, dict[str, Any]]
"""One file's template variables, with the recipient it is addressed to (None for a document
of the meeting as a whole)."""


def agenda_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The agenda: every document's variables plus the body's open ``follow_ups``."""
    return [(None, {**builder.base(kind), "follow_ups": builder.follow_ups()})]


def notice_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The public notice: every document's variables, ``signatories`` and ``issued`` as in a
    letter, and ``postings``: when and where the notice was posted or published."""
    postings = [
        ns(date=p.on.isoformat(), day=builder._day(p.on), where=escape_markdown(p.where))
        for p in builder.meeting.notice_posted
    ]
    return [
        (
            None,
            {
                **builder.base(kind),
                "signatories": builder.signatories(builder.gaps(kind)),
                "issued": builder.issued(),
                "postings": postings,
            },
        )
    ]


def _convocation_shared(builder: Builder, kind: DocumentKind) -> dict[str, Any]:
    gaps = builder.gaps(kind)
    deadline = convocation_deadline(builder.body, builder.meeting)
    return {
        **builder.base(kind),
        "signatories": builder.signatories(gaps),
        "issued": builder.issued(),
        "quorum": quorum_vars(builder.register, builder.body, builder.meeting.date),
        "deadline": i18n.format_day(deadline, builder.locale) if deadline else "",
        "proxy": builder.proxy(),
        "annexes": annexes_vars(builder.meeting),
    }


def convocation_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """One letter per recipient: every document's variables, ``signatories``, ``issued``,
    ``quorum``, ``deadline``, ``proxy`` and ``annexes``, plus the letter's ``recipient``."""
    shared = _convocation_shared(builder, kind)
    return [
        (r, {**shared, "recipient": _letter_recipient(builder, r)}) for r in builder.recipients()
    ]


def _letter_recipient(builder: Builder, r: Recipient) -> SimpleNamespace:
    return ns(**vars(recipient_vars(r)), proxy_form=gets_proxy_form(builder, r))


def gets_proxy_form(builder: Builder, recipient: Recipient) -> bool:
    """Whether ``recipient``'s letter comes with a proxy form: a voting member of an assembly
    whose letter carries a proxy notice (:func:`proxy_vars`)."""
    return (
        builder.proxy() is not None
        and recipient.kind != "substitute"
        and query.votes(recipient.seat)
    )


def proxy_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The proxy forms: one per recipient who votes, with the convocation's variables."""
    shared = _convocation_shared(builder, kind)
    return [
        (r, {**shared, "recipient": _letter_recipient(builder, r)})
        for r in builder.recipients()
        if gets_proxy_form(builder, r)
    ]


def convocation_index(builder: Builder, kind: DocumentKind, files: Sequence[str]) -> dict[str, Any]:
    """The index of recipients: the convocation's variables plus ``recipients``, each with
    the ``file`` its letter was written to."""
    from prefig.render.documents import file_name  # the table names this module's functions

    rows = [
        ns(
            **vars(_letter_recipient(builder, r)),
            file=escape_markdown(name),
            proxy_file=escape_markdown(file_name(builder.meeting, PROXY_FORM, r))
            if gets_proxy_form(builder, r)
            else "",
        )
        for r, name in zip(builder.recipients(), files, strict=True)
    ]
    unreachable = [
        ns(number=r.number, address=r.address, missing=_missing_address(r))
        for r in rows
        if not r.email or not r.postal_address
    ]
    return {
        **_convocation_shared(builder, kind),
        "recipients": rows,
        "unreachable": unreachable,
        "unaddressed": builder.unaddressed(),
    }


def _missing_address(row: SimpleNamespace) -> str:
    if not row.email and not row.postal_address:
        return "ni courriel ni adresse postale"
    return "pas de courriel" if not row.email else "pas d'adresse postale"
