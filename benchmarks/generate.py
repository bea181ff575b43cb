"""Write a synthetic register of any size, with the same file layout as ``data/``.

The register is realistic rather than random: regions with their CESER and political groups,
bodies that meet monthly over years, paritary seats held by named people, meetings with a
venue, times, a convocation date and agenda items, and decisions taken in meetings with their
follow-up actions. Ids are unique across the register and every reference resolves, so the
register passes ``prefig check``; the rules then have real work to do on every record.

The other kind, ``--kind shipped-clones``, is the shipped register of ``data/`` with its
meetings cloned: every clone keeps all its fields, the sources it cites with their excerpts
and the exemption notes that explain it, and only moves on by two days per round (with its
id, which ends with the day), so that ids stay unique and no two meetings share a day and a
venue. Checked as of the day after the last clone (:func:`clones_as_of`, printed), every
clone is past and still ``planned``, which the exemption note it carries explains, so the
register passes ``prefig check``. Its meetings weigh about 520 bytes each,
against about 330 for the synthetic kind, and their sub-records (citations, exemptions) are
what a register transcribed from real documents holds.

Usage::

    python benchmarks/generate.py OUT_DIR --meetings 10000 [--seed 1] [--as-of 2021-01-01]
        [--kind synthetic|shipped-clones] [--force]

``OUT_DIR`` becomes a register root (``OUT_DIR/data/*.yaml``). The output is deterministic for
a given kind, seed and size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MONTHS_PER_BODY = 120
"""Ten years of monthly meetings per body."""
FIRST_YEAR = 2016
AS_OF = dt.date(2021, 1, 1)
"""The day the register describes: meetings before it are ``held`` (their actions done or
dropped), later ones ``planned``, convened only when the convocation date has come. Check the
register with ``prefig check --as-of`` this day (a later day finds planned meetings not
closed, as it should)."""

REGIONS = [
    ("ara", "Auvergne-Rhône-Alpes", "69002", "Lyon"),
    ("bfc", "Bourgogne-Franche-Comté", "21000", "Dijon"),
    ("bre", "Bretagne", "35000", "Rennes"),
    ("cvl", "Centre-Val de Loire", "45000", "Orléans"),
    ("cor", "Corse", "20000", "Ajaccio"),
    ("ges", "Grand Est", "67000", "Strasbourg"),
    ("hdf", "Hauts-de-France", "59000", "Lille"),
    ("idf", "Île-de-France", "93400", "Saint-Ouen-sur-Seine"),
    ("nor", "Normandie", "14000", "Caen"),
    ("naq", "Nouvelle-Aquitaine", "33000", "Bordeaux"),
    ("occ", "Occitanie", "31000", "Toulouse"),
    ("pdl", "Pays de la Loire", "44000", "Nantes"),
    ("pac", "Provence-Alpes-Côte d'Azur", "13002", "Marseille"),
]
"""Code, name, and a fictitious address of the regional council (postal code, city)."""
BODY_KINDS = [
    ("cfin", "Commission des finances", "political"),
    ("ctra", "Commission des transports et des mobilités", "political"),
    ("cedu", "Commission de l'éducation et des lycées", "political"),
    ("ceco", "Commission du développement économique", "political"),
    ("cenv", "Commission de la transition écologique", "political"),
    ("ctec", "Comité technique", "administrative"),
    ("cdir", "Comité de direction générale", "administrative"),
    ("ccon", "Conseil consultatif des territoires", "consultative"),
]
GIVEN = [
    "Anne", "Bernard", "Camille", "Claire", "Daniel", "Élise", "François", "Hélène", "Jean",
    "Juliette", "Louis", "Marie", "Nathalie", "Pascal", "Sophie", "Thierry", "Yves", "Zoé",
]  # fmt: skip
FAMILY = [
    "Arnaud", "Bonnet", "Chevalier", "Dupont", "Étienne", "Fabre", "Garnier", "Héraud",
    "Joly", "Lefèvre", "Martin", "Noël", "Perrin", "Roux", "Simon", "Thomas", "Vidal",
]  # fmt: skip
AGENDA = [
    "Procès-verbal",
    "Convergence des politiques",
    "Budget primitif",
    "Rapport d'activité",
    "Régimes indemnitaires",
    "Schéma des mobilités",
]


@dataclass(frozen=True)
class Size:
    meetings: int

    @property
    def bodies(self) -> int:
        return max(1, -(-self.meetings // MONTHS_PER_BODY))


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _settings() -> str:
    return (
        "name: Registre synthétique des instances régionales\n"
        "locale: fr_FR\n"
        "timezone: Europe/Paris\n"
        "description: >-\n"
        "  Registre généré pour mesurer prefig à grande échelle ; toutes les données sont\n"
        "  fictives.\n"
        "sources:\n"
        "  - source: synthese\n"
    )


def _sources() -> str:
    return (
        "- id: synthese\n"
        "  title: Données synthétiques de référence\n"
        "  kind: other\n"
        "  publisher: prefig benchmarks\n"
        "  date: 2016-01-01\n"
        "\n"
        "- id: deliberations\n"
        "  title: Recueil des délibérations\n"
        "  kind: minutes\n"
    )


def _organizations() -> str:
    out = []
    for code, name, _, _ in REGIONS:
        out.append(
            f"- id: region-{code}\n  name: Région {name}\n  short_name: {q(name)}\n"
            f"  classification: region\n  sources: [{{source: synthese}}]\n"
        )
        out.append(
            f"- id: ceser-{code}\n  name: {q('CESER ' + name)}\n  classification: ceser\n"
            f"  parent: region-{code}\n"
        )
        out.append(
            f"- id: administration-{code}\n  name: {q('Administration régionale ' + name)}\n"
            f"  classification: administration\n  parent: region-{code}\n"
        )
        for group in ("majorite", "opposition"):
            out.append(
                f"- id: groupe-{group}-{code}\n  name: {q(f'Groupe {group} {name}')}\n"
                f"  classification: political-group\n  parent: region-{code}\n"
            )
    return "\n".join(out)


def _venues(plans: list[BodyPlan]) -> Iterator[str]:
    """One meeting room per body, in its region's council building (so that no two bodies
    share a room at the same hour)."""
    address = {code: (name, postal, city) for code, name, postal, city in REGIONS}
    for plan in plans:
        name, postal, city = address[plan.region]
        yield (
            f"- id: {plan.id}-salle\n  name: {q('Hôtel de Région ' + name)}\n"
            f"  room: {q('Salle ' + plan.id.upper())}\n"
            f"  street_address: 1 esplanade de la Région\n"
            f"  postal_code: {q(postal)}\n  locality: {q(city)}\n  country: France\n"
        )


@dataclass
class BodyPlan:
    id: str
    region: str
    name: str
    kind: str
    people: list[str]
    """Holders of the body's six seats, in seat order."""


def _plan_bodies(size: Size, rng: random.Random) -> list[BodyPlan]:
    plans = []
    for n in range(size.bodies):
        code, region, _, _ = REGIONS[n % len(REGIONS)]
        slug, label, kind = BODY_KINDS[(n // len(REGIONS)) % len(BODY_KINDS)]
        serial = n // (len(REGIONS) * len(BODY_KINDS)) + 1
        body_id = f"{slug}-{code}-{serial}"
        people = [f"p-{body_id}-{i}" for i in range(6)]
        name = f"{label} {region}" + (f" n° {serial}" if serial > 1 else "")
        plans.append(BodyPlan(body_id, code, name, kind, people))
    rng.shuffle(plans)
    return plans


def _people(plans: list[BodyPlan], rng: random.Random) -> Iterator[str]:
    for plan in plans:
        for i, person in enumerate(plan.people):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            gender = "female" if given in {"Anne", "Camille", "Claire", "Élise", "Hélène",
                                           "Juliette", "Marie", "Nathalie", "Sophie",
                                           "Zoé"} else "male"  # fmt: skip
            prefix = "Madame" if gender == "female" else "Monsieur"
            office = (
                f"  offices:\n    - role: Président de commission\n"
                f"      organization: region-{plan.region}\n"
                if i == 0
                else ""
            )
            yield (
                f"- id: {person}\n  name: {q(f'{given} {family}')}\n  given_name: {q(given)}\n"
                f"  family_name: {q(family)}\n  honorific_prefix: {prefix}\n"
                f"  gender: {gender}\n{office}"
            )


def _body(plan: BodyPlan) -> str:
    code = plan.region
    seats = [
        ("president", "Président", f"region-{code}"),
        ("vp-majorite", "Vice-président", f"groupe-majorite-{code}"),
        ("vp-opposition", "Vice-président", f"groupe-opposition-{code}"),
        ("rapporteur-majorite", "Rapporteur", f"groupe-majorite-{code}"),
        ("rapporteur-opposition", "Rapporteur", f"groupe-opposition-{code}"),
        ("dgs", "Directeur général des services", f"administration-{code}"),
    ]
    lines = [
        f"- id: {plan.id}",
        f"  name: {q(plan.name)}",
        "  level: 3",
        f"  kind: {plan.kind}",
        "  mission: >-",
        "    Examiner les rapports soumis à l'assemblée plénière dans son domaine et préparer",
        "    les délibérations de la commission permanente.",
        "  convened_by:",
        f"    - seat: {plan.id}-president",
        "  responsible:",
        f"    - seat: {plan.id}-president",
        "  cadence: {frequency: monthly, text: chaque mois}",
        "  notice_period_days: 5",
        "  quorum: {numerator: 1, denominator: 2, comparison: more-than}",
        f"  start_date: {FIRST_YEAR}-01-01",
        "  parity:",
        f"    - between: [groupe-majorite-{code}, groupe-opposition-{code}]",
        "  relations:",
        "    - kind: reports-to",
        f"      organizations: [region-{code}]",
        "  seats:",
    ]
    for (suffix, role, org), person in zip(seats, plan.people, strict=True):
        voting = "false" if suffix == "dgs" else "true"
        capacity = "contributor" if suffix == "dgs" else "member"
        lines += [
            f"    - id: {plan.id}-{suffix}",
            f"      role: {role}",
            f"      on_behalf_of: {org}",
            "      count: 1",
            f"      voting_right: {voting}",
            f"      capacity: {capacity}",
            f"      holders: [{{person: {person}, start_date: {FIRST_YEAR}-01-01}}]",
        ]
    lines.append("  sources: [{source: synthese}]")
    return "\n".join(lines) + "\n"


def _meeting_days(count: int, rng: random.Random) -> list[dt.date]:
    """``count`` monthly days from January of the first year, on the body's day of the month
    (at most the 28th, so that every month has it and no gap exceeds a month)."""
    day = rng.randint(1, 28)
    return [dt.date(FIRST_YEAR + m // 12, m % 12 + 1, day) for m in range(count)]


def _meeting(plan: BodyPlan, day: dt.date, rng: random.Random, as_of: dt.date) -> str:
    hour = rng.choice((9, 10, 14, 15))
    items = [AGENDA[0], *rng.sample(AGENDA[1:], k=rng.randint(1, 2))]
    agenda = ", ".join(f"{{name: {q(name)}}}" for name in items)
    status = "held" if day < as_of else "planned"
    convened = day - dt.timedelta(days=10)
    convened_on = f"  convened_on: {convened.isoformat()}\n" if convened <= as_of else ""
    return (
        f"- id: {plan.id}-{day.isoformat()}\n"
        f"  body: {plan.id}\n"
        f"  date: {day.isoformat()}\n"
        f'  start_time: "{hour:02d}:00"\n'
        f'  end_time: "{hour + 2:02d}:30"\n'
        f"  location: {plan.id}-salle\n"
        f"  status: {status}\n"
        f"{convened_on}"
        f"  agenda: [{agenda}]\n"
    )


def _decision(plan: BodyPlan, day: dt.date, rng: random.Random, as_of: dt.date) -> str:
    meeting = f"{plan.id}-{day.isoformat()}"
    held = day < as_of
    status = rng.choice(("done", "done", "dropped")) if held else "open"
    due = day + dt.timedelta(days=rng.choice((30, 60, 90)))
    return (
        f"- id: d-{meeting}\n"
        f"  title: Avis sur le budget\n"
        f"  decided_on: {day.isoformat()}\n"
        f"  decided_by: [{{body: {plan.id}}}]\n"
        f"  meeting: {meeting}\n"
        f"  actions:\n"
        f"    - id: a-{meeting}\n"
        f"      description: Transmettre l'avis.\n"
        f"      actors: [{{seat: {plan.id}-dgs}}]\n"
        f"      status: {status}\n"
        f"      due_date: {due.isoformat()}\n"
    )


def generate(out: Path, meetings: int, seed: int = 1, as_of: dt.date = AS_OF) -> dict[str, int]:
    """Write a register of ``meetings`` meetings under ``out``; returns counts per kind."""
    rng = random.Random(seed)
    size = Size(meetings)
    plans = _plan_bodies(size, rng)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "register.yaml").write_text(_settings(), encoding="utf-8")
    (data / "sources.yaml").write_text(_sources(), encoding="utf-8")
    (data / "organizations.yaml").write_text(_organizations(), encoding="utf-8")
    (data / "venues.yaml").write_text("\n".join(_venues(plans)), encoding="utf-8")
    (data / "people.yaml").write_text("\n".join(_people(plans, rng)), encoding="utf-8")
    (data / "bodies.yaml").write_text("\n".join(map(_body, plans)), encoding="utf-8")
    counts = {"bodies": len(plans), "people": 6 * len(plans), "meetings": 0, "decisions": 0}
    with (
        (data / "meetings.yaml").open("w", encoding="utf-8") as m_out,
        (data / "decisions.yaml").open("w", encoding="utf-8") as d_out,
    ):
        m_out.write("# Généré par benchmarks/generate.py : données fictives.\n")
        d_out.write("# Généré par benchmarks/generate.py : données fictives.\n")
        left = meetings
        for plan in plans:
            count = min(MONTHS_PER_BODY, left)
            left -= count
            for day in _meeting_days(count, rng):
                m_out.write("\n" + _meeting(plan, day, rng, as_of))
                counts["meetings"] += 1
                if day.month in (6, 12):  # a decision every half-year
                    d_out.write("\n" + _decision(plan, day, rng, as_of))
                    counts["decisions"] += 1
        if counts["decisions"] == 0:
            d_out.write("[]\n")
    return counts


SHIPPED = Path(__file__).resolve().parent.parent / "data"
"""The shipped register, which ``--kind shipped-clones`` clones the meetings of."""
KINDS = ("synthetic", "shipped-clones")
_ITEM_START = re.compile(r"^- ", re.MULTILINE)
_DAY_LINE = re.compile(r"^  date: (\d{4}-\d{2}-\d{2})$", re.MULTILINE)
_ID_LINE = re.compile(r"\A- id: (\S+)$", re.MULTILINE)


def _shipped_meetings(shipped: Path) -> list[tuple[str, dt.date, str]]:
    """Each shipped meeting as ``(id, day, YAML text of its item)``, in file order."""
    text = (shipped / "meetings.yaml").read_text(encoding="utf-8")
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    out = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        item = text[start:end].rstrip() + "\n"
        ident, day = _ID_LINE.search(item), _DAY_LINE.search(item)
        if ident is None or day is None:
            raise SystemExit(f"{shipped}/meetings.yaml: an item without `- id:` or `date:`")
        out.append((ident.group(1), dt.date.fromisoformat(day.group(1)), item))
    return out


CLONE_STEP_DAYS = 2
"""Days between two rounds of clones: the shipped meetings are 25 days apart, an odd number,
so that no clone of one falls on the day of a clone of the other (they share a venue)."""


def _clone(ident: str, day: dt.date, item: str, shift: int) -> str:
    """The meeting ``item`` moved ``shift`` days on, its id with it (an id ending with the
    meeting's day gets the new day, any other id a ``-<shift>`` suffix)."""
    new_day = day + dt.timedelta(days=shift)
    if ident.endswith(day.isoformat()):
        new_id = ident.removesuffix(day.isoformat()) + new_day.isoformat()
    else:
        new_id = f"{ident}-{shift}" if shift else ident
    item = _ID_LINE.sub(f"- id: {new_id}", item, count=1)
    return _DAY_LINE.sub(f"  date: {new_day.isoformat()}", item, count=1)


def clones_as_of(meetings: int, shipped: Path = SHIPPED) -> dt.date:
    """The day to check a register of ``meetings`` clones as of: the day after the last one,
    so that all of them are past (a planned meeting to come would be PF401's business)."""
    originals = _shipped_meetings(shipped)
    rounds = -(-meetings // len(originals))
    last = max(day for _, day, _ in originals) + dt.timedelta(days=rounds * CLONE_STEP_DAYS)
    return last + dt.timedelta(days=1)


def generate_shipped_clones(out: Path, meetings: int, shipped: Path = SHIPPED) -> dict[str, int]:
    """Write the shipped register under ``out`` with ``meetings`` meetings cloned from its
    own, round after round, each round :data:`CLONE_STEP_DAYS` after the last; the other
    files are copied as they are. Returns counts per kind."""
    originals = _shipped_meetings(shipped)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    for path in sorted(shipped.glob("*.yaml")):
        if path.name != "meetings.yaml":
            shutil.copyfile(path, data / path.name)
    with (data / "meetings.yaml").open("w", encoding="utf-8") as m_out:
        m_out.write("# Généré par benchmarks/generate.py : réunions du registre livré, clonées.\n")
        for number in range(meetings):
            rounds, which = divmod(number, len(originals))
            m_out.write("\n" + _clone(*originals[which], rounds * CLONE_STEP_DAYS))
    return {"meetings": meetings, "cloned from": len(originals)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the register into")
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=AS_OF,
        help=f"the day the register describes (default {AS_OF})",
    )
    parser.add_argument(
        "--kind",
        choices=KINDS,
        default="synthetic",
        help="synthetic: regions, bodies and meetings made up at scale (the default); "
        "shipped-clones: the shipped register with its meetings cloned, sources and "
        "exemption notes included",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing folder")
    args = parser.parse_args(argv)
    if args.meetings < 1:
        parser.error("--meetings must be at least 1")
    if args.out.exists():
        if not args.force:
            print(f"{args.out} exists; use --force to replace it.", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    if args.kind == "shipped-clones":
        counts = generate_shipped_clones(args.out, args.meetings)
        print(f"check it with --as-of {clones_as_of(args.meetings)}")
    else:
        counts = generate(args.out, args.meetings, args.seed, args.as_of)
    total = sum(p.stat().st_size for p in (args.out / "data").glob("*.yaml"))
    described = ", ".join(f"{n:,} {k}" for k, n in counts.items())
    print(f"{args.out}: {described}; {total / 1e6:.1f} MB of YAML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
