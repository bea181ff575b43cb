"""Composition: who sits on a body, and whether declared parity holds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.model import Body, Parity, Person
from prefig.query import counts_for_parity, same_office
from prefig.rules import Context, Finding, rule


def seats_by_organization(body: Body, parity: Parity) -> dict[str, Counter[str]]:
    """For each organisation of ``parity``, how many seats it has per role (``-1`` counts a
    seat whose number the register leaves unset)."""
    out: dict[str, Counter[str]] = {org: Counter() for org in parity.between}
    for seat in body.seats:
        if seat.on_behalf_of not in out or not counts_for_parity(seat, parity):
            continue
        counts = out[seat.on_behalf_of]
        # Unknown is sticky: a known count added to an unknown one must not pass for known
        # (2 + unknown is not 1).
        if seat.count is None or counts[seat.role] < 0:
            counts[seat.role] = -1
        else:
            counts[seat.role] += seat.count
    return out


def parity_holds(body: Body, parity: Parity) -> tuple[bool, str]:
    """Whether ``parity`` holds on ``body``, and a description of the counts.

    With every count known, the totals must be equal. When some count is unset, parity can
    only be judged role by role: each role must be present, with the same count, for every
    organisation (a mirrored composition).
    """
    counts = seats_by_organization(body, parity)
    known = all(n >= 0 for c in counts.values() for n in c.values())
    if known:
        totals = {org: sum(c.values()) for org, c in counts.items()}
        described = ", ".join(f"{org}: {n}" for org, n in totals.items())
        return len(set(totals.values())) == 1, described
    shapes = {org: dict(sorted(c.items())) for org, c in counts.items()}
    first = next(iter(shapes.values()))
    described = "; ".join(
        f"{org}: " + ", ".join(f"{role} x{'?' if n < 0 else n}" for role, n in shape.items())
        for org, shape in shapes.items()
    )
    return all(shape == first for shape in shapes.values()), described


@rule("PF201", "parity-broken")
def parity_broken(ctx: Context) -> Iterator[Finding]:
    """A body declares parity between organisations whose seats are not equal in number.

    ## What it does
    For each `parity` a body declares, counts the member seats on behalf of each listed
    organisation (with `basis: voting-seats`, only the seats that vote: member seats whose
    `voting_right` is not `false`, as everywhere in prefig). When every count is known the
    totals must be equal; when some `count` is unset, each role must appear with the same
    count for every organisation.

    ## Why is this bad?
    "À parité" is a commitment between the parties; a composition that breaks it usually
    means a seat was added for one side and forgotten for the other.

    ## Example
    ```yaml
    parity: [{between: [region-mp, region-lr]}]
    seats:
      - {id: vp-mp, role: Vice-président, on_behalf_of: region-mp, count: 3}
      - {id: vp-lr, role: Vice-président, on_behalf_of: region-lr, count: 2}
    ```

    ## Use instead
    Give both organisations the same number of seats, or remove the parity declaration if
    the body is not, in fact, paritary.
    """
    for body in ctx.register.bodies:
        for i, parity in enumerate(body.parity):
            holds, described = parity_holds(body, parity)
            if not holds:
                yield ctx.at(
                    body,
                    "parity",
                    i,
                    message=f"body {body.id!r} declares parity between "
                    f"{', '.join(parity.between)} but its {parity.basis} differ ({described}); "
                    "add the missing seats or correct the counts.",
                )


def _periods_meet(
    start_a: dt.date | None, end_a: dt.date | None, start_b: dt.date | None, end_b: dt.date | None
) -> bool:
    """Whether two periods (open-ended where a bound is unset) share at least a day."""
    return (end_a is None or start_b is None or start_b <= end_a) and (
        end_b is None or start_a is None or start_a <= end_b
    )


@rule("PF202", "office-not-held")
def office_not_held(ctx: Context) -> Iterator[Finding]:
    """A seat's holder does not hold the office the seat requires.

    ## What it does
    For each seat with `requires_office`, checks that every holder and substitute has, in
    `people.yaml`, an office with that `role` in the seat's `on_behalf_of` organisation (any
    organisation when the seat has none), over a period that meets the holder's. An office
    recorded in both forms (`role` and `role_feminine`) is one office: either form satisfies
    `requires_office`. Roles are compared without regard to case or repeated spaces.

    ## Why is this bad?
    The register says the seat belongs to whoever holds the office (a region's president
    sits *as* president); a holder without the office is either the wrong person or a
    person record that lacks the office, and letters would address them wrongly.

    ## Example
    ```yaml
    # bodies.yaml
    seats:
      - id: cpr-president-mp
        role: Président de Région
        on_behalf_of: region-mp
        requires_office: Président de Région
        holders: [{person: martin-malvy}]
    # people.yaml
    - id: martin-malvy
      name: Martin Malvy
      offices: [{role: Président de Région, organization: region-lr}]   # wrong region
    ```

    ## Use instead
    ```yaml
    - id: martin-malvy
      name: Martin Malvy
      offices: [{role: Président de Région, organization: region-mp}]
    ```
    """
    people = ctx.register.index("people")
    for body in ctx.register.bodies:
        for s, seat in enumerate(body.seats):
            if seat.requires_office is None:
                continue
            for group in ("holders", "substitutes"):
                for h, holder in enumerate(getattr(seat, group)):
                    person: Person | None = people.get(holder.person)
                    if person is None:
                        continue  # a dangling reference: PF101 reports it
                    if any(
                        same_office(office, seat.requires_office)
                        and (seat.on_behalf_of is None or office.organization == seat.on_behalf_of)
                        and _periods_meet(
                            office.start_date,
                            office.end_date,
                            holder.start_date,
                            holder.end_date,
                        )
                        for office in person.offices
                    ):
                        continue
                    where = f" in {seat.on_behalf_of}" if seat.on_behalf_of else ""
                    yield ctx.at(
                        body,
                        "seats",
                        s,
                        group,
                        h,
                        "person",
                        message=f"{person.id} holds seat {seat.id!r}, which requires the office "
                        f"{seat.requires_office!r}{where}, but people.yaml gives them no such "
                        "office over that period; add the office to the person or correct "
                        "the holder.",
                    )


@rule("PF203", "body-without-responsible", severity=Severity.WARNING)
def body_without_responsible(ctx: Context) -> Iterator[Finding]:
    """A body has no responsible person, seat, body or organisation.

    ## What it does
    Checks that every body names at least one party under `responsible` (who it is placed
    under or chaired by).

    ## Why is this bad?
    A body nobody answers for has no one to convene it, sign its convocations or carry its
    decisions; it is usually a record whose `responsible` was forgotten. When the source is
    silent, say so with an exemption rather than guessing.

    ## Example
    ```yaml
    - id: comite-mixte-pilotage-technique
      name: Comité mixte de pilotage technique
      kind: administrative
    ```

    ## Use instead
    ```yaml
    - id: comite-mixte-pilotage-technique
      name: Comité mixte de pilotage technique
      kind: administrative
      responsible: [{seat: cmpt-dgs-mp}, {seat: cmpt-dgs-lr}]
    ```
    or, when the source does not say who is responsible:
    ```yaml
      exempt:
        PF203: "le communiqué ne dit pas sous quelle responsabilité l'instance est placée"
    ```
    """
    for body in ctx.register.bodies:
        if not body.responsible:
            yield ctx.at(
                body,
                "id",
                message=f"body {body.id!r} has no responsible person, seat, body or "
                "organisation; add `responsible:`, or an `exempt: {PF203: reason}` if the "
                "source does not say.",
            )


@rule("PF204", "seat-overfilled")
def seat_overfilled(ctx: Context) -> Iterator[Finding]:
    """A seat has more holders in office and vacant places at once than its `count` of places.

    ## What it does
    For each seat whose `count` is set, counts the holders in office and the places declared
    vacant (`vacancies`) on each day a holder's period or a vacancy starts (and on any day,
    for those without dates) and reports the seat when the number exceeds `count`.

    ## Why is this bad?
    A holder was added without closing the previous holder's period (`end_date`), a vacancy
    was left open (`until`) once the place was filled, or the count is wrong; composition at
    a date and the members in office the quorum is counted on would be off.

    ## Example
    ```yaml
    - id: cpr-president-mp
      role: Président de Région
      count: 1
      holders: [{person: martin-malvy}, {person: carole-delga, start_date: 2016-01-04}]
    ```

    ## Use instead
    ```yaml
      holders:
        - {person: martin-malvy, end_date: 2016-01-03}
        - {person: carole-delga, start_date: 2016-01-04}
    ```
    """
    for body in ctx.register.bodies:
        for s, seat in enumerate(body.seats):
            places = len(seat.holders) + sum(v.count for v in seat.vacancies)
            if seat.count is None or places <= seat.count:
                continue
            # Holders and vacancies without a start date are there from the beginning of time.
            starts = sorted(
                {h.start_date for h in seat.holders if h.start_date is not None}
                | {v.since for v in seat.vacancies if v.since is not None}
            )
            for day in [dt.date.min, *starts]:
                present = [
                    h for h in seat.holders if _periods_meet(h.start_date, h.end_date, day, day)
                ]
                vacant = sum(
                    v.count for v in seat.vacancies if _periods_meet(v.since, v.until, day, day)
                )
                if len(present) + vacant > seat.count:
                    when = f" on {day.isoformat()}" if day != dt.date.min else ""
                    held = f"{len(present)} holders in office{when}"
                    if present:
                        held += f" ({', '.join(h.person for h in present)})"
                    if vacant:
                        held += f" and {vacant} vacant place{'s' * (vacant != 1)}"
                    yield ctx.at(
                        body,
                        "seats",
                        s,
                        "holders" if seat.holders else "vacancies",
                        message=f"seat {seat.id!r} has {seat.count} place"
                        f"{'s' * (seat.count != 1)} but {held}; close a period with end_date "
                        "(a vacancy with until), or correct count.",
                    )
                    break
