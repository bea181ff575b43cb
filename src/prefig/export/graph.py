"""The governance as a diagram: bodies by level, the relations between them, and the
organisations that sit on each (``prefig bodies graph``), in Mermaid, DOT or Markdown.

:func:`governance_graph` builds a neutral graph; the three renderers only write it out, each
escaping labels the way its format needs (Mermaid entity codes, DOT quoted strings, Markdown
table cells).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
import textwrap
import unicodedata
from dataclasses import dataclass

from prefig.i18n import language
from prefig.load import Register
from prefig.model import SLUG_PATTERN, RelationKind
from prefig.render.markdown import escape_markdown
from prefig.vocab import RELATION_WORDS

_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        **RELATION_WORDS,
        "sits-on": "siège à",
        "level": "Niveau {n}",
        "unranked": "Sans niveau",
        "organizations": "Organisations",
        "title": "Gouvernance",
        "col-level": "Niveau",
        "col-body": "Instance",
        "col-orgs": "Organisations représentées",
        "legend": "Légende",
        "legend-relation": "Trait plein\u00a0: relation entre instances",
        "legend-seat": "Tirets\u00a0: l'organisation siège à l'instance (à sa couleur)",
        "legend-up": "«\u00a0↑\u00a0»\u00a0: la relation se lit de bas en haut",
    },
    "en": {
        RelationKind.FOLLOWS_ORIENTATIONS_OF: "follows the orientations of",
        RelationKind.PREPARES_DELIBERATIONS_OF: "prepares the deliberations of",
        RelationKind.REVIEWS_DELIBERATIONS_OF: "reviews draft deliberations of",
        RelationKind.REPORTS_TO: "reports to",
        RelationKind.REFERS_TO: "refers to",
        RelationKind.PART_OF: "is part of",
        "sits-on": "sits on",
        "level": "Level {n}",
        "unranked": "No level",
        "organizations": "Organisations",
        "title": "Governance",
        "col-level": "Level",
        "col-body": "Body",
        "col-orgs": "Organisations represented",
        "legend": "Legend",
        "legend-relation": "Solid line: relation between bodies",
        "legend-seat": "Dashes: the organisation sits on the body (in its colour)",
        "legend-up": "“↑”: the relation reads from bottom to top",
    },
}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """``body`` or ``organization``."""
    level: int | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    kind: str
    """A :class:`RelationKind` value, or ``sits-on`` (an organisation has seats on a body)."""


@dataclass(frozen=True)
class Graph:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    labels: dict[str, str]

    def groups(self) -> list[tuple[str, list[Node]]]:
        """Nodes grouped for drawing: one group per body level, then the organisations."""
        levels = sorted({n.level for n in self.nodes if n.kind == "body"}, key=_level_key)
        out = []
        for level in levels:
            name = (
                self.labels["unranked"] if level is None else self.labels["level"].format(n=level)
            )
            out.append((name, [n for n in self.nodes if n.kind == "body" and n.level == level]))
        orgs = [n for n in self.nodes if n.kind == "organization"]
        if orgs:
            out.append((self.labels["organizations"], orgs))
        return out

    def ranks(self) -> dict[str, int]:
        """Each node's place in :meth:`groups` (0 for level 1, the top of the page)."""
        return {node.id: index for index, (_, nodes) in enumerate(self.groups()) for node in nodes}


def _level_key(level: int | None) -> tuple[int, int]:
    return (1, 0) if level is None else (0, level)


def governance_graph(register: Register) -> Graph:
    labels = _LABELS.get(language(register.settings.locale), _LABELS["en"])
    orgs = {o.id: o for o in register.organizations}
    nodes: list[Node] = [
        Node(b.id, b.name, "body", b.level)
        for b in sorted(register.bodies, key=lambda b: _level_key(b.level))
    ]
    edges: list[Edge] = []
    used: list[str] = []
    for body in register.bodies:
        sitting = dict.fromkeys(s.on_behalf_of for s in body.seats if s.on_behalf_of)
        for member in sitting:
            if member is not None:
                used.append(member)
                edges.append(Edge(member, body.id, labels["sits-on"], "sits-on"))
        for relation in body.relations:
            targets = [relation.body] if relation.body else relation.organizations
            for target in targets:
                if target is None:
                    continue
                if relation.body is None:
                    used.append(target)
                edges.append(Edge(body.id, target, labels[relation.kind], str(relation.kind)))
    body_ids = {b.id for b in register.bodies}
    for org_id in dict.fromkeys(used):
        if org_id in body_ids:
            continue
        org = orgs.get(org_id)
        nodes.append(Node(org_id, org.name if org else org_id, "organization"))
    # A relation to a body the register does not define (a finding of ``prefig check``) is
    # still drawn, to a body without a level named by its id.
    known = {n.id for n in nodes}
    for edge in edges:
        if edge.target not in known:
            known.add(edge.target)
            nodes.append(Node(edge.target, edge.target, "body"))
    return Graph(register.settings.name, tuple(nodes), tuple(edges), labels)


# --------------------------------------------------------------------------- colours


@dataclass(frozen=True)
class Swatch:
    """An organisation's colours: ``stroke`` for its border and its seats' arrows (at least
    4.5:1 against the white page), ``fill`` behind its name (:data:`TEXT` on it at least
    4.5:1, WCAG 2.1 AA for text)."""

    stroke: str
    fill: str


TEXT = "#1a1a1a"
"""Every label's colour."""
PAGE = "#ffffff"
"""The diagram's background."""
FRAME = "#767676"
"""Level frames and body borders: the lightest grey that keeps 4.5:1 on white."""
RELATION = "#333333"
"""Arrows between bodies."""

PALETTE: tuple[Swatch, ...] = (
    Swatch("#0b5fa5", "#dae7f2"),  # blue
    Swatch("#b03a00", "#f3e1d9"),  # vermilion
    Swatch("#1d7a3a", "#ddebe1"),  # green
    Swatch("#7b3fa0", "#ebe2f1"),  # purple
    Swatch("#8a5a00", "#ede6d9"),  # ochre
    Swatch("#b0185f", "#f3dce7"),  # magenta
    Swatch("#0f6e75", "#dbe9ea"),  # teal
    Swatch("#5a5a5a", "#e6e6e6"),  # grey
)
"""Fixed, in this order, so that an organisation keeps its colour from one build to the next
as long as the organisations before it do; hues kept apart for colour-blind readers (after
Okabe and Ito), and every name is also written on its node, so colour is never the only cue."""


def organisation_swatches(graph: Graph) -> dict[str, Swatch]:
    """Each organisation's colours, in the order the diagram lists them (the palette repeats
    past its eighth organisation)."""
    orgs = [n.id for n in graph.nodes if n.kind == "organization"]
    return {org: PALETTE[index % len(PALETTE)] for index, org in enumerate(orgs)}


def _drawn(rank: dict[str, int], edge: Edge) -> tuple[str, str, bool]:
    """``(upper, lower, upward)``: an edge is drawn from the upper group to the lower one,
    ``upward`` when that is against its direction (its arrowhead then goes at the start), so
    that every drawn edge points down the page and levels keep their order."""
    upward = rank[edge.source] > rank[edge.target]
    return (edge.target, edge.source, True) if upward else (edge.source, edge.target, False)


_BREAKS = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""Runs of white space, no-break spaces left out (French puts them before ``:``)."""


def _flat(text: str) -> str:
    """One line: runs of white space (line breaks included) as one space, and what neither
    XML nor a screen can show (control characters, lone surrogates, U+FFFE, U+FFFF) as
    U+FFFD."""
    flat = _BREAKS.sub(" ", text).strip()
    return "".join("\ufffd" if _unshowable(c) else c for c in flat)


def _unshowable(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of about ``width`` characters, cut between words only."""
    return textwrap.wrap(_flat(text), width, break_long_words=False, break_on_hyphens=False) or [""]


# --------------------------------------------------------------------------- Mermaid

_MERMAID_ESCAPES = {
    "&": "#amp;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "#": "#35;",
    "`": "#96;",
}


def mermaid_text(text: str) -> str:
    """A label safe inside Mermaid's ``"..."``: entity codes for the characters Mermaid
    would read as syntax, HTML or Markdown, line breaks as spaces."""
    return "".join(_MERMAID_ESCAPES.get(c, c) for c in _flat(text))


def _mermaid_id(node_id: str, kind: str) -> str:
    """``b_<id>`` or ``o_<id>`` for a slug id (``-`` as ``_``: slugs have no ``_``, so ids
    stay distinct); any other id, which only a broken reference can give, by its hash."""
    prefix = "b_" if kind == "body" else "o_"
    if re.fullmatch(SLUG_PATTERN, node_id):
        return prefix + node_id.replace("-", "_")
    return prefix + "x" + hashlib.sha256(node_id.encode()).hexdigest()[:16]


def to_mermaid(graph: Graph) -> str:
    """A ``flowchart TB``: one subgraph per level from level 1 at the top, then the
    organisations and a legend, kept in that order by invisible spacers between them.
    Every edge is written from the upper node to the lower one: a relation that points up
    has no arrowhead and ends its label with ``↑`` (Mermaid has no one-sided backward
    arrow); seats are dotted, in their organisation's colour."""
    labels = graph.labels
    kinds = {n.id: n.kind for n in graph.nodes}
    rank = graph.ranks()
    swatches = organisation_swatches(graph)
    lines = ["flowchart TB"]
    groups = graph.groups()
    for index, (name, members) in enumerate(groups, start=1):
        lines.append(f'  subgraph g{index}["{mermaid_text(name)}"]')
        for node in members:
            shape = ('["', '"]') if node.kind == "body" else ('(["', '"])')
            lines.append(
                f"    {_mermaid_id(node.id, node.kind)}{shape[0]}"
                f"{mermaid_text(node.label)}{shape[1]}"
            )
        lines.append("  end")
    lines.append(f'  subgraph g_legend["{mermaid_text(labels["legend"])}"]')
    for key in ("legend-relation", "legend-seat", "legend-up"):
        lines.append(f'    legend_{key[7:]}["{mermaid_text(labels[key])}"]')
    lines.append("  end")
    seat_links: dict[str, list[int]] = {}
    for number, edge in enumerate(graph.edges):
        upper, lower, upward = _drawn(rank, edge)
        start = _mermaid_id(upper, kinds.get(upper, "body"))
        end = _mermaid_id(lower, kinds.get(lower, "body"))
        if edge.kind == "sits-on":
            seat_links.setdefault(edge.source, []).append(number)
            lines.append(f"  {start} {'-.-' if upward else '-.->'} {end}")
        elif upward:
            lines.append(f'  {start} ---|"{mermaid_text(edge.label)} ↑"| {end}')
        else:
            lines.append(f'  {start} -->|"{mermaid_text(edge.label)}"| {end}')
    # Mermaid cannot put a level's nodes on one row (a relation within a level puts one
    # below the other), so an invisible spacer between two groups sits below every node of
    # the one and above every node of the next: the levels cannot interleave.
    rows = [[_mermaid_id(n.id, n.kind) for n in nodes] for _, nodes in groups]
    rows.append(["legend_relation", "legend_seat", "legend_up"])
    spacers = []
    for number, (upper_ids, lower_ids) in enumerate(itertools.pairwise(rows), start=1):
        spacers.append(f"spacer_{number}")
        lines.append(f'  spacer_{number}[" "]')
        lines.extend(f"  {node} ~~~ spacer_{number}" for node in upper_ids)
        lines.extend(f"  spacer_{number} ~~~ {node}" for node in lower_ids)
    lines.append(f"  classDef body fill:{PAGE},stroke:{FRAME},color:{TEXT}")
    lines.append(f"  classDef legend fill:{PAGE},stroke:{PAGE},color:{TEXT}")
    bodies = [_mermaid_id(n.id, n.kind) for n in graph.nodes if n.kind == "body"]
    if bodies:
        lines.append(f"  class {','.join(bodies)} body")
    lines.append("  class legend_relation,legend_seat,legend_up legend")
    if spacers:
        lines.append("  classDef spacer fill:none,stroke:none")
        lines.append(f"  class {','.join(spacers)} spacer")
    for number, (org, swatch) in enumerate(swatches.items()):
        lines.append(
            f"  classDef org{number} fill:{swatch.fill},stroke:{swatch.stroke},color:{TEXT}"
        )
        lines.append(f"  class {_mermaid_id(org, 'organization')} org{number}")
        if org in seat_links:
            links = ",".join(str(n) for n in seat_links[org])
            lines.append(f"  linkStyle {links} stroke:{swatch.stroke}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


def _dot_escape(text: str) -> str:
    # Graphviz reads HTML entities in every label (``&lt;`` shows as ``<``), so ``&`` itself
    # is written as an entity for the text to show as the register has it.
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def dot_string(text: str) -> str:
    """A DOT quoted string that Graphviz shows exactly as ``text``: backslashes and quotes
    escaped (so ``\\N``, ``\\G`` ... stay text), ``&`` as ``&amp;``, line breaks as spaces."""
    return f'"{_dot_escape(_flat(text))}"'


def dot_lines(lines: list[str]) -> str:
    """A DOT label of several centred lines, each escaped as :func:`dot_string` does."""
    return '"' + "\\n".join(_dot_escape(_flat(line)) for line in lines) + '"'


def _dot_id(node: str, kind: str) -> str:
    # Prefixed: legend nodes can never take the id of a body or an organisation.
    return dot_string(("b:" if kind == "body" else "o:") + node)


NODE_WIDTH = 28
"""Characters per line of a node's name."""
EDGE_WIDTH = 22
"""Characters per line of a relation's label."""


def to_dot(graph: Graph) -> str:
    """A Graphviz digraph laid out top to bottom: one cluster per level from level 1 at the
    top (``rank=same`` in each, invisible edges between them), then the organisations, each
    in its colour, and a legend. Every edge is drawn down the page (``dir=back`` when its
    arrow points up), which is what keeps the levels in order; relation labels are wrapped,
    and ``dot`` lays them out as nodes of their own, so they do not overlap."""
    labels = graph.labels
    kinds = {n.id: n.kind for n in graph.nodes}
    rank = graph.ranks()
    swatches = organisation_swatches(graph)
    font = 'fontname="sans-serif"'
    lines = [
        "digraph governance {",
        f"  graph [label={dot_string(graph.title)}, labelloc=t, fontsize=16, {font},"
        f' fontcolor="{TEXT}", bgcolor="{PAGE}", rankdir=TB, newrank=true,'
        " ranksep=0.7, nodesep=0.5];",
        f'  node [shape=box, style="filled", fillcolor="{PAGE}", color="{FRAME}",'
        f' fontcolor="{TEXT}", {font}, fontsize=11, margin="0.15,0.07"];',
        f'  edge [color="{RELATION}", fontcolor="{TEXT}", {font}, fontsize=10];',
    ]
    groups = graph.groups()
    firsts: list[str] = []
    for index, (name, members) in enumerate(groups, start=1):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={dot_string(name)};")
        lines.append(f'    rank=same; style="rounded"; color="{FRAME}"; fontcolor="{TEXT}";')
        if members and members[0].kind == "organization":
            # Arrows come into the organisations from above: their title goes below them.
            lines.append("    labelloc=b;")
        for node in members:
            style = ""
            if node.kind == "organization":
                swatch = swatches[node.id]
                style = (
                    f', style="rounded,filled", fillcolor="{swatch.fill}",'
                    f' color="{swatch.stroke}", penwidth=1.5'
                )
            label = dot_lines(_wrap(node.label, NODE_WIDTH))
            lines.append(f"    {_dot_id(node.id, node.kind)} [label={label}{style}];")
        lines.append("  }")
        if members:
            firsts.append(_dot_id(members[0].id, members[0].kind))
    lines.append("  subgraph cluster_legend {")
    lines.append(f"    label={dot_string(labels['legend'])};")
    lines.append(f'    rank=same; style="rounded"; color="{FRAME}"; fontcolor="{TEXT}";')
    for key in ("legend-relation", "legend-seat"):
        lines.append(f'    "legend:{key[7:]}" [shape=plaintext, label={dot_string(labels[key])}];')
    lines.append('    "legend:relation" -> "legend:seat" [style=invis];')
    lines.append("  }")
    firsts.append('"legend:relation"')
    for edge in graph.edges:
        upper, lower, upward = _drawn(rank, edge)
        attrs = ["dir=back"] if upward else []
        if edge.kind == "sits-on":
            # A seat "on behalf of" a body (a finding of ``prefig check``) has no colour.
            seat = swatches.get(edge.source)
            attrs += ["style=dashed", f'color="{seat.stroke if seat else FRAME}"']
        else:
            attrs.append(f"label={dot_lines(_wrap(edge.label, EDGE_WIDTH))}")
        lines.append(
            f"  {_dot_id(upper, kinds.get(upper, 'body'))} ->"
            f" {_dot_id(lower, kinds.get(lower, 'body'))} [{', '.join(attrs)}];"
        )
    lines.extend(f"  {a} -> {b} [style=invis];" for a, b in itertools.pairwise(firsts))
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- SVG


class DiagramError(Exception):
    """Graphviz is installed but could not draw the diagram (it failed, or took too long)."""


DOT_TIMEOUT = 30.0
"""Seconds ``dot`` may take before it is stopped."""

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def render_svg(source: str, *, timeout: float = DOT_TIMEOUT) -> str | None:
    """``source`` (DOT) laid out by Graphviz's ``dot`` as SVG, or ``None`` when ``dot`` is not
    on the ``PATH``. The source goes to ``dot`` on stdin, never through a file or a shell;
    the SVG comes back from ``<svg`` on (no XML prolog, DOCTYPE or comments: it can be put in
    an HTML page as is, and the same source gives the same bytes).

    Raises :class:`DiagramError` when ``dot`` fails or runs longer than ``timeout`` seconds.
    """
    executable = shutil.which("dot")
    if executable is None:
        return None
    try:
        # A fixed argument list, no shell; the DOT text goes on stdin.
        done = subprocess.run(
            [executable, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DiagramError(
            f"Graphviz's dot took longer than {timeout:g} s to draw the diagram and was stopped"
        ) from None
    except OSError as err:
        raise DiagramError(f"Graphviz's dot could not be run: {err}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiagramError(
            f"Graphviz's dot failed (exit {done.returncode})" + (f": {detail[0]}" if detail else "")
        )
    text = done.stdout.decode("utf-8", "replace")
    start = text.find("<svg")
    if start < 0:
        raise DiagramError("Graphviz's dot wrote no SVG")
    return _COMMENT.sub("", text[start:]).replace("\n\n", "\n")


def governance_svg(register: Register, *, timeout: float = DOT_TIMEOUT) -> str | None:
    """The governance diagram as SVG, drawn by Graphviz at build time, or ``None`` when
    Graphviz is not installed (then :func:`governance_mermaid` is the fallback, for the
    browser to draw). Raises :class:`DiagramError` as :func:`render_svg` does."""
    return render_svg(to_dot(governance_graph(register)), timeout=timeout)


def governance_mermaid(register: Register) -> str:
    """The governance diagram as Mermaid text (see :func:`to_mermaid`)."""
    return to_mermaid(governance_graph(register))


# --------------------------------------------------------------------------- Markdown


def markdown_cell(text: str) -> str:
    """Text safe in a Markdown table cell or heading: one line, with everything that could
    open markup (pipes, links, HTML, emphasis, list markers) escaped."""
    return escape_markdown(text)


def to_markdown(graph: Graph, register: Register) -> str:
    labels = graph.labels
    orgs = {o.id: o for o in register.organizations}
    lines = [
        f"# {labels['title']} : {markdown_cell(graph.title)}"
        if language(register.settings.locale) == "fr"
        else f"# {labels['title']}: {markdown_cell(graph.title)}",
        "",
        "```mermaid",
        to_mermaid(graph).rstrip("\n"),
        "```",
        "",
        f"| {labels['col-level']} | {labels['col-body']} | {labels['col-orgs']} |",
        "|---|---|---|",
    ]
    for body in sorted(register.bodies, key=lambda b: _level_key(b.level)):
        sitting = dict.fromkeys(s.on_behalf_of for s in body.seats if s.on_behalf_of)
        names = ", ".join(
            markdown_cell(orgs[o].name if o in orgs else o) for o in sitting if o is not None
        )
        level = "" if body.level is None else str(body.level)
        lines.append(f"| {level} | {markdown_cell(body.name)} | {names} |")
    return "\n".join(lines) + "\n"
