"""The template variables of the documents of a sitting: the attendance sheet (feuille
d'émargement), the procès-verbal and the list of deliberations examined (CGCT L2121-15,
L2121-25); docs/templates.md lists every one.

Counting (who is present or represented at an item, the quorum) is
:mod:`prefig.sitting`'s; this module only words it, in French, escaped for Markdown.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from prefig import i18n, query, sitting
from prefig.model import Attendance, Deliberation, Meeting, Person, Vote
from prefig.render.context import Builder, Page, gap_value, md, ns, office_on
from prefig.render.markdown import Safe, escape_markdown, placeholder
from prefig.render.wording import civility, join_words, office_title, plural, titled
from prefig.vocab import OUTCOME_WORDS, AttendanceStatus, DeliberationOutcome

if TYPE_CHECKING:
    from prefig.render.documents import DocumentKind


# --------------------------------------------------------------------------- wording


def _voices(count: int) -> str:
    return f"{count} voix"


def vote_text(outcome: DeliberationOutcome, vote: Vote | None) -> str:
    """How a procès-verbal says what came of a deliberation: ``adoptée à l'unanimité``,
    ``adoptée par 17 voix pour, 2 contre et 2 abstentions``, ``rejetée par 12 voix contre et
    10 pour``, ``retirée de l'ordre du jour``, ``ajournée``; the outcome alone when the
    register gives no vote. Members not taking part are not votes and are not counted here."""
    word = OUTCOME_WORDS[outcome]
    if vote is None or outcome not in sitting.VOTED:
        return word
    if vote.unanimous:
        return f"{word} à l'unanimité"
    for_, against = vote.count("in_favour"), vote.count("against")
    abstentions = vote.count("abstentions")
    parts: list[str]
    if outcome == DeliberationOutcome.ADOPTED:
        parts = [f"{_voices(for_)} pour"]
        if against:
            parts.append(f"{against} contre")
    else:
        parts = [f"{_voices(against)} contre"]
        if for_:
            parts.append(f"{for_} pour")
    if abstentions:
        parts.append(plural(abstentions, "abstention", "abstentions"))
    return f"{word} par {join_words(parts)}"


def agreement(person: Person | None) -> str:
    """The ending that agrees a participle with ``person``: ``e``, ``""`` or ``(e)``."""
    title = civility(person) if person else None
    return {"Madame": "e", "Monsieur": ""}.get(title or "", "(e)")


# --------------------------------------------------------------------------- people


class _People:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        self.by_id = builder.register.index("people")

    def name(self, person_id: str) -> Safe:
        person = self.by_id.get(person_id)
        return escape_markdown(person.name if person else person_id)

    def names(self, ids: list[str]) -> list[Safe]:
        return [self.name(i) for i in ids]

    def officer(self, person_id: str | None, missing: Safe | None) -> SimpleNamespace:
        """A president or secretary of the sitting: ``name``, ``address`` (with civility),
        ``office`` held at the meeting's date, ``agreement``."""
        if person_id is None:
            label = missing or placeholder("à préciser")
            return ns(name=label, address=label, office="", the_office="", agreement="(e)")
        person = self.by_id.get(person_id)
        if person is None:
            name = escape_markdown(person_id)
            return ns(name=name, address=name, office="", the_office="", agreement="(e)")
        title = civility(person)
        name = escape_markdown(person.name)
        office = office_on(person, self.builder.meeting.date)
        org = self.builder._orgs.get(office.organization) if office else None
        held = office_title(query.office_form(office, person), org) if office else ""
        return ns(
            name=name,
            address=Safe(f"{escape_markdown(title)} {name}") if title else name,
            office=escape_markdown(held) if held else "",
            the_office=escape_markdown(titled(held, person)) if held else "",
            agreement=agreement(person),
        )

    def entry(self, meeting: Meeting, entry: Attendance) -> SimpleNamespace:
        """One member's attendance."""
        person = self.by_id.get(entry.person)
        return ns(
            id=entry.person,
            name=self.name(entry.person),
            agreement=agreement(person),
            status=entry.status.value,
            proxy_to=self.name(entry.proxy_to) if entry.proxy_to else "",
            proxy_written=entry.proxy_written is True,
            proxy_given_on=self.builder._day(entry.proxy_given_on),
            arrived_before_item=escape_markdown(entry.arrived_before_item or ""),
            left_before_item=escape_markdown(entry.left_before_item or ""),
            note=md(entry.note) or "",
        )


# --------------------------------------------------------------------------- pieces


def attendance_vars(builder: Builder, kind: DocumentKind) -> SimpleNamespace:
    """``attendance``: the members in office, the entries by status, the arrivals and
    departures during the sitting."""
    meeting, people = builder.meeting, _People(builder)
    members = query.members_in_office(builder.register, builder.body, meeting.date)
    entries = [people.entry(meeting, e) for e in meeting.attendance]

    def of(status: AttendanceStatus) -> list[SimpleNamespace]:
        return [e for e in entries if e.status == status.value]

    in_office = members.count
    unrecorded = None if in_office is None else max(in_office - len(entries), 0)
    return ns(
        in_office=in_office if in_office is not None else placeholder("nombre à préciser"),
        recorded=len(entries),
        unrecorded=unrecorded or 0,
        present=of(AttendanceStatus.PRESENT),
        represented=of(AttendanceStatus.REPRESENTED),
        excused=of(AttendanceStatus.EXCUSED),
        absent=of(AttendanceStatus.ABSENT),
        arrivals=[e for e in entries if e.arrived_before_item],
        departures=[e for e in entries if e.left_before_item],
        missing=gap_value(builder.gaps(kind), "attendance") or "",
    )


def quorum_reached_vars(builder: Builder) -> SimpleNamespace:
    """``quorum``: at the opening of the sitting, who was needed and who was there; for the
    second convocation of a sitting that lacked it, the day of that sitting."""
    meeting = builder.meeting
    at = sitting.quorum_at(builder.register, meeting, 0)
    first = builder.register.index("meetings").get(meeting.second_convocation_of or "")
    members = query.members_in_office(builder.register, builder.body, meeting.date)
    return ns(
        declared=builder.body.quorum is not None,
        needed=at.needed if at.needed is not None else placeholder("quorum à préciser"),
        in_office=members.voting_count
        if members.voting_count is not None
        else placeholder("nombre à préciser"),
        present=at.present,
        reached=bool(at.reached),
        second_convocation_of=builder._day(first.date) if first else "",
        text=md(builder.body.quorum.text) if builder.body.quorum and builder.body.quorum.text
        else "",
    )  # fmt: skip


def deliberation_vars(
    builder: Builder, people: _People, index: int, deliberation: Deliberation, item_name: str
) -> SimpleNamespace:
    """One deliberation: its number, title, outcome and vote, and who could vote on it."""
    meeting = builder.meeting
    vote = deliberation.vote
    present = len(sitting.present_at(meeting, index))
    represented = len(sitting.represented_at(meeting, index))
    at = sitting.quorum_at(builder.register, meeting, index)
    text = vote_text(deliberation.outcome, vote)
    return ns(
        number=escape_markdown(deliberation.number),
        title=escape_markdown(deliberation.title or item_name),
        outcome=deliberation.outcome.value,
        decision=text,
        decision_title=text[:1].upper() + text[1:],
        voted=deliberation.outcome in sitting.VOTED,
        unanimous=bool(vote and vote.unanimous),
        in_favour=vote.count("in_favour") if vote else 0,
        against=vote.count("against") if vote else 0,
        abstentions=vote.count("abstentions") if vote else 0,
        not_taking_part=vote.count("not_taking_part") if vote else 0,
        voted_for=people.names(vote.voted_for) if vote else [],
        voted_against=people.names(vote.voted_against) if vote else [],
        abstained=people.names(vote.abstained) if vote else [],
        did_not_take_part=people.names(vote.did_not_take_part) if vote else [],
        rapporteur=people.officer(deliberation.rapporteur, None) if deliberation.rapporteur else "",
        present=present,
        represented=represented,
        voters=present + represented - (vote.count("not_taking_part") if vote else 0),
        quorum_lost=at.reached is False and not meeting.second_convocation_of,
        published_on=builder._day(deliberation.published_on),
        transmitted_on=builder._day(deliberation.transmitted_on),
        enforceable_on=builder._day(deliberation.enforceable_on),
        note=md(deliberation.note) or "",
    )


def items_vars(builder: Builder, kind: DocumentKind) -> list[SimpleNamespace]:
    """``items``: the agenda items with what came of each: ``deliberation`` (or ``""``),
    ``result`` (the register's words, or ``""``), ``missing`` (a placeholder, or ``""``)."""
    people = _People(builder)
    gaps = builder.gaps(kind)
    out = []
    for index, (item, base) in enumerate(
        zip(builder.meeting.agenda, _agenda(builder), strict=True)
    ):
        number = sitting.item_number(item, index)
        deliberation = item.deliberation
        out.append(
            ns(
                **vars(base),
                deliberation=deliberation_vars(builder, people, index, deliberation, item.name)
                if deliberation
                else "",
                result=md(item.result) or "",
                missing=gap_value(gaps, f"outcome.{number}") or "",
            )
        )
    return out


def _agenda(builder: Builder) -> list[SimpleNamespace]:
    from prefig.render.context import agenda_items

    return agenda_items(builder.meeting)


def convened_vars(builder: Builder) -> SimpleNamespace:
    """``convened``: the day the convocation was sent, or a placeholder."""
    day = builder.meeting.convened_on
    if day is None:
        label = placeholder("date de convocation à préciser")
        return ns(date="", day=label, text=label)
    return ns(
        date=day.isoformat(),
        day=i18n.format_day(day, builder.locale),
        text=i18n.format_date(day, builder.locale),
    )


def _officers(builder: Builder, kind: DocumentKind) -> dict[str, Any]:
    gaps = builder.gaps(kind)
    people = _People(builder)
    return {
        "president": people.officer(builder.meeting.president, gap_value(gaps, "president")),
        "secretary": people.officer(builder.meeting.secretary, gap_value(gaps, "secretary")),
    }


# --------------------------------------------------------------------------- context functions


def attendance_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The attendance sheet: every document's variables and ``members``, one per member in
    office at the meeting's date in the order of the seats, with the proxy each gave when
    the register already knows it."""
    people = _People(builder)
    given = {e.person: e for e in builder.meeting.attendance if e.proxy_to}
    rows: list[SimpleNamespace] = []
    for seat_at in builder.composition:
        if seat_at.seat.capacity != "member":
            continue
        org = builder._org(seat_at.seat)
        for person in seat_at.holders:
            entry = given.get(person.id)
            rows.append(
                ns(
                    number=len(rows) + 1,
                    name=escape_markdown(person.name),
                    office=escape_markdown(
                        office_title(query.office_form(seat_at.seat, person), org)
                    ),
                    proxy_to=people.name(entry.proxy_to) if entry and entry.proxy_to else "",
                )
            )
        for _ in range(seat_at.unnamed or 0):
            rows.append(
                ns(
                    number=len(rows) + 1,
                    name=placeholder("nom à préciser"),
                    office=escape_markdown(office_title(seat_at.seat.role, org)),
                    proxy_to="",
                )
            )
    return [(None, {**builder.base(kind), "members": rows})]


def minutes_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The procès-verbal: every document's variables, ``signatories`` and ``convened`` (who
    convened the sitting and when), ``president`` and ``secretary``, ``attendance``,
    ``quorum`` and ``items``."""
    return [
        (
            None,
            {
                **builder.base(kind),
                **_officers(builder, kind),
                "signatories": builder.signatories(builder.gaps(kind)),
                "convened": convened_vars(builder),
                "attendance": attendance_vars(builder, kind),
                "quorum": quorum_reached_vars(builder),
                "items": items_vars(builder, kind),
            },
        )
    ]


def deliberations_pages(builder: Builder, kind: DocumentKind) -> list[Page]:
    """The list of deliberations examined (L2121-25): every document's variables,
    ``president``, ``issued`` and ``deliberations``."""
    people = _People(builder)
    rows = [
        deliberation_vars(builder, people, index, item.deliberation, item.name)
        for index, item in enumerate(builder.meeting.agenda)
        if item.deliberation is not None
    ]
    posted = builder.meeting.deliberations_list_published_on
    day = posted or builder.prepared_on
    place = md(builder.body.place or builder.register.settings.place) or ""
    if day is None:
        label = placeholder("date d'affichage à préciser")
        issued = ns(date="", day=label, text=label, place=place, posted=False)
    else:
        issued = ns(
            date=day.isoformat(),
            day=i18n.format_day(day, builder.locale),
            text=i18n.format_date(day, builder.locale),
            place=place,
            posted=posted is not None,
        )
    return [
        (
            None,
            {
                **builder.base(kind),
                **_officers(builder, kind),
                "issued": issued,
                "deliberations": rows,
            },
        )
    ]
