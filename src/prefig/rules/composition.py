"""Composition: who sits on a body, and whether declared parity holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from prefig.model import Body, Parity
from prefig.rules import Context, Finding, rule


def seats_by_organization(body: Body, parity: Parity) -> dict[str, Counter[str]]:
    """For each organisation of ``parity``, how many seats it has per role (``-1`` counts a
    seat whose number the register leaves unset)."""
    out: dict[str, Counter[str]] = {org: Counter() for org in parity.between}
    for seat in body.seats:
        if seat.on_behalf_of not in out or seat.capacity != "member":
            continue
        if parity.basis == "voting-seats" and seat.voting_right is not True:
            continue
        out[seat.on_behalf_of][seat.role] += seat.count if seat.count is not None else -1
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
    organisation (only voting seats with `basis: voting-seats`). When every count is known the
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
