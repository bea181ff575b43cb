"""References: every id a record points to exists, and ids are unique across the register."""

from __future__ import annotations

import collections
import difflib
from collections.abc import Iterator

from pydantic import BaseModel

from prefig.model import Citation, Meeting, Party
from prefig.query import PARTY_RECORDS
from prefig.rules import Context, Finding, rule

Ref = tuple[BaseModel, tuple[str | int, ...], str, str]
"""(record, path inside it, kind of the target, id written)."""


def _citations(
    record: BaseModel, cites: list[Citation], prefix: tuple[str | int, ...] = ()
) -> Iterator[Ref]:
    for i, cite in enumerate(cites):
        yield record, (*prefix, "sources", i, "source"), "sources", cite.source


def _parties(
    record: BaseModel, parties: list[Party], prefix: tuple[str | int, ...]
) -> Iterator[Ref]:
    for i, party in enumerate(parties):
        yield record, (*prefix, i, party.kind), PARTY_RECORDS[party.kind], party.ref


def references(ctx: Context) -> Iterator[Ref]:
    """Every reference the register makes, with where it is written."""
    reg = ctx.register
    for src in reg.sources:
        yield from _citations(src, src.sources)
    for org in reg.organizations:
        yield from _citations(org, org.sources)
        if org.parent:
            yield org, ("parent",), "organizations", org.parent
    for person in reg.people:
        yield from _citations(person, person.sources)
        for i, office in enumerate(person.offices):
            yield person, ("offices", i, "organization"), "organizations", office.organization
    for venue in reg.venues:
        yield from _citations(venue, venue.sources)
    for body in reg.bodies:
        yield from _citations(body, body.sources)
        yield from _parties(body, body.responsible, ("responsible",))
        yield from _parties(body, body.convened_by, ("convened_by",))
        for s, seat in enumerate(body.seats):
            yield from _citations(body, seat.sources, ("seats", s))
            if seat.on_behalf_of:
                yield body, ("seats", s, "on_behalf_of"), "organizations", seat.on_behalf_of
            for group in ("holders", "substitutes"):
                for h, holder in enumerate(getattr(seat, group)):
                    yield body, ("seats", s, group, h, "person"), "people", holder.person
        for p, parity in enumerate(body.parity):
            for o, org_id in enumerate(parity.between):
                yield body, ("parity", p, "between", o), "organizations", org_id
        for r, relation in enumerate(body.relations):
            if relation.body:
                yield body, ("relations", r, "body"), "bodies", relation.body
            for o, org_id in enumerate(relation.organizations):
                yield body, ("relations", r, "organizations", o), "organizations", org_id
    for meeting in reg.meetings:
        yield from _citations(meeting, meeting.sources)
        yield meeting, ("body",), "bodies", meeting.body
        yield from _parties(meeting, meeting.convened_by, ("convened_by",))
        if meeting.location:
            yield meeting, ("location",), "venues", meeting.location
        for field in ("rescheduled_as", "second_convocation_of"):
            target = getattr(meeting, field)
            if target:
                yield meeting, (field,), "meetings", target
        yield from _sitting(meeting)
    for decision in reg.decisions:
        yield from _citations(decision, decision.sources)
        yield from _parties(decision, decision.decided_by, ("decided_by",))
        if decision.body:
            yield decision, ("body",), "bodies", decision.body
        if decision.meeting:
            yield decision, ("meeting",), "meetings", decision.meeting
        for a, action in enumerate(decision.actions):
            yield from _citations(decision, action.sources, ("actions", a))
            yield from _parties(decision, action.actors, ("actions", a, "actors"))
            yield from _parties(decision, action.addressees, ("actions", a, "addressees"))
            if action.body:
                yield decision, ("actions", a, "body"), "bodies", action.body
    for dispatch in reg.dispatches:
        yield from _citations(dispatch, dispatch.sources)
        yield dispatch, ("meeting",), "meetings", dispatch.meeting
        yield dispatch, ("person",), "people", dispatch.person


def _sitting(meeting: Meeting) -> Iterator[Ref]:
    """The ids a held meeting's record of its sitting points to: people and meetings."""
    for field in ("president", "secretary"):
        if getattr(meeting, field):
            yield meeting, (field,), "people", getattr(meeting, field)
    for a, entry in enumerate(meeting.attendance):
        yield meeting, ("attendance", a, "person"), "people", entry.person
        if entry.proxy_to:
            yield meeting, ("attendance", a, "proxy_to"), "people", entry.proxy_to
    if meeting.minutes is not None and meeting.minutes.adopted_at:
        yield meeting, ("minutes", "adopted_at"), "meetings", meeting.minutes.adopted_at
    for i, item in enumerate(meeting.agenda):
        deliberation = item.deliberation
        if deliberation is None:
            continue
        path = ("agenda", i, "deliberation")
        if deliberation.rapporteur:
            yield meeting, (*path, "rapporteur"), "people", deliberation.rapporteur
        if deliberation.vote is not None:
            for _, names in deliberation.vote.PAIRS:
                for n, person in enumerate(getattr(deliberation.vote, names)):
                    yield meeting, (*path, "vote", names, n), "people", person


_WHERE = {
    "seats": "any seat of bodies.yaml",
    "actions": "any action of decisions.yaml",
}


@rule("PF101", "dangling-reference")
def dangling_reference(ctx: Context) -> Iterator[Finding]:
    """A reference names an id that no record of the expected kind has.

    ## What it does
    Checks that every id a record points to (a meeting's body and venue, a seat's
    organisation and holders, a relation's body, a citation's source ...) is the id of a
    record of that kind somewhere in the register.

    ## Why is this bad?
    A dangling reference is almost always a typo or a record that was renamed or removed
    without its users being updated; queries and documents would silently lose the link.

    ## Example
    ```yaml
    # meetings.yaml
    - id: copil-2015-02-13
      body: comite-pilotage   # bodies.yaml says comite-mixte-pilotage-technique
    ```

    ## Use instead
    ```yaml
    - id: copil-2015-02-13
      body: comite-mixte-pilotage-technique
    ```
    """
    ids = ctx.ids
    dangling = [
        (record, path, kind, value)
        for record, path, kind, value in references(ctx)
        if value not in ids.get(kind, ())
    ]
    # An id named in several places was more likely removed or renamed than mistyped each
    # time: a look-alike id would then be the wrong fix (region-lr removed is not region-mp).
    uses = collections.Counter((kind, value) for _, _, kind, value in dangling)
    for record, path, kind, value in dangling:
        where = _WHERE.get(kind, f"any record of {kind}.yaml")
        times = uses[kind, value]
        close = (
            difflib.get_close_matches(value, ids.get(kind, set()), n=3, cutoff=0.6)
            if times == 1
            else []
        )
        if times > 1:
            home = "a body's seats" if kind == "seats" else f"{kind}.yaml"
            hint = (
                f"it is named in {times} places, so it was probably removed or renamed: add "
                f"it to {home}, or correct every reference."
            )
        elif close:
            *others, last = [repr(c) for c in close]
            hint = f"did you mean {', '.join(others) + ' or ' if others else ''}{last}?"
        else:
            hint = "add the record or fix the id."
        yield ctx.at(
            record,
            *path,
            message=f"{value!r} is not the id of {where}; {hint}",
            hint=hint,
        )


@rule("PF102", "duplicate-id")
def duplicate_id(ctx: Context) -> Iterator[Finding]:
    """Two records share an id.

    ## What it does
    Checks that every id (of every record, seat and action, in every file) is used once.

    ## Why is this bad?
    Ids are how records point at each other and how `prefig diff` follows a record across
    revisions; a shared id makes every reference to it ambiguous.

    ## Example
    ```yaml
    # venues.yaml
    - id: hotel-de-region
    # bodies.yaml
    - id: hotel-de-region
    ```

    ## Use instead
    Give each record its own id: `hotel-de-region-lr` for the venue.
    """
    reg = ctx.register
    first: dict[str, tuple[BaseModel, tuple[str | int, ...]]] = {}
    # Only bodies hold seats and only decisions hold actions: asking every record for both
    # cost a failed attribute lookup (slow on a Pydantic model) per record.
    nested_of = {"bodies": "seats", "decisions": "actions"}
    for kind, record in reg.all_records():
        nested = nested_of.get(kind)
        places: list[tuple[str, tuple[str | int, ...]]] = [(record.id, ("id",))]
        if nested is not None:
            for i, item in enumerate(getattr(record, nested)):
                places.append((item.id, (nested, i, "id")))
        for value, path in places:
            if value not in first:
                first[value] = (record, path)
                continue
            other, other_path = first[value]
            earlier = reg.locate(other, *other_path)
            yield ctx.at(
                record,
                *path,
                message=f"id {value!r} is already used at {earlier}; ids must be unique "
                "across the register.",
            )


@rule("PF103", "unknown-rule-code")
def unknown_rule_code(ctx: Context) -> Iterator[Finding]:
    """A register setting or a record's exemption names a rule code that does not exist, or
    a loading code that cannot be configured.

    ## What it does
    Checks the codes under `rules:` in `register.yaml` and under `exempt:` on every record
    against the codes `prefig rules` lists. Loading codes (PF0xx) cannot be turned off or
    exempted from, except that `rules:` may turn off or change PF013 (unexpected-file), for
    a file kept in `data/` on purpose.

    ## Why is this bad?
    A mistyped code turns off nothing: the rule the author meant to silence still runs, or
    worse, a later rule that takes the code would be silenced by accident. A setting of a
    loading code would silently have no effect.

    ## Example
    ```yaml
    exempt:
      PF320: "the source does not say whether the meeting was held"   # digits swapped
    ```

    ## Use instead
    ```yaml
    exempt:
      PF302: "the source does not say whether the meeting was held"
    ```
    """
    from prefig.rules import Origin, every_rule

    known = every_rule()

    reg = ctx.register
    for code in reg.settings.rules:
        if code in known and known[code].configurable:
            continue
        message = (
            f"rules: {code} is a loading code, which a register cannot turn off or change; "
            "fix what it reports instead."
            if code in known
            else f"rules: {code} is not a rule code; `prefig rules` lists them."
        )
        yield Finding(
            message=message,
            where=reg.locate_path("register", ("rules", code), at_key=True),
            path=("register", "rules", code),
        )
    for _, record in reg.all_records():
        for code in record.exempt:
            if code in known and known[code].origin is Origin.REGISTER:
                continue
            message = (
                f"exempt: {code} is a loading code, which no record can be exempt from; fix "
                "what it reports instead."
                if code in known
                else f"exempt: {code} is not a rule code; `prefig rules` lists them."
            )
            yield ctx.at(record, "exempt", code, at_key=True, message=message)
