"""The governance as a diagram: bodies by level, the relations between them, and the
organisations that sit on each (``prefig bodies graph``), in Mermaid, DOT or Markdown.

:func:`governance_graph` builds a neutral graph; the three renderers only write it out, each
escaping labels the way its format needs (Mermaid entity codes, DOT quoted strings, Markdown
table cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from prefig.i18n import language
from prefig.load import Register
from prefig.model import RelationKind
from prefig.render.markdown import escape_markdown

_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        RelationKind.FOLLOWS_ORIENTATIONS_OF: "suit les orientations de",
        RelationKind.PREPARES_DELIBERATIONS_OF: "prépare les délibérations de",
        RelationKind.REVIEWS_DELIBERATIONS_OF: "connaît des projets de délibérations de",
        RelationKind.REPORTS_TO: "rend compte à",
        RelationKind.REFERS_TO: "saisit",
        RelationKind.PART_OF: "fait partie de",
        "sits-on": "siège à",
        "level": "Niveau {n}",
        "unranked": "Sans niveau",
        "organizations": "Organisations",
        "title": "Gouvernance",
        "col-level": "Niveau",
        "col-body": "Instance",
        "col-orgs": "Organisations représentées",
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
    return Graph(register.settings.name, tuple(nodes), tuple(edges), labels)


# --------------------------------------------------------------------------- Mermaid

_MERMAID_ESCAPES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}


def mermaid_text(text: str) -> str:
    """A label safe inside Mermaid's ``"..."``: entity codes for the characters Mermaid
    would read as syntax or HTML, line breaks as spaces."""
    out = "".join(_MERMAID_ESCAPES.get(c, c) for c in " ".join(text.split()))
    return out


def _mermaid_id(node_id: str, kind: str) -> str:
    return ("b_" if kind == "body" else "o_") + node_id.replace("-", "_")


def to_mermaid(graph: Graph) -> str:
    kinds = {n.id: n.kind for n in graph.nodes}
    lines = ["flowchart TB"]
    for index, (name, members) in enumerate(graph.groups(), start=1):
        lines.append(f'  subgraph g{index}["{mermaid_text(name)}"]')
        for node in members:
            shape = ('["', '"]') if node.kind == "body" else ('(["', '"])')
            lines.append(
                f"    {_mermaid_id(node.id, node.kind)}{shape[0]}"
                f"{mermaid_text(node.label)}{shape[1]}"
            )
        lines.append("  end")
    for edge in graph.edges:
        arrow = "-.->" if edge.kind == "sits-on" else "-->"
        lines.append(
            f"  {_mermaid_id(edge.source, kinds.get(edge.source, 'organization'))} {arrow}"
            f'|"{mermaid_text(edge.label)}"| '
            f"{_mermaid_id(edge.target, kinds.get(edge.target, 'organization'))}"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


def dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as spaces."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: Graph) -> str:
    lines = [
        "digraph governance {",
        f"  label={dot_string(graph.title)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        '  node [shape=box, fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10];',
    ]
    for index, (name, members) in enumerate(graph.groups(), start=1):
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={dot_string(name)};")
        for node in members:
            style = "" if node.kind == "body" else ", style=rounded"
            lines.append(f"    {dot_string(node.id)} [label={dot_string(node.label)}{style}];")
        lines.append("  }")
    for edge in graph.edges:
        style = ", style=dashed" if edge.kind == "sits-on" else ""
        lines.append(
            f"  {dot_string(edge.source)} -> {dot_string(edge.target)} "
            f"[label={dot_string(edge.label)}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


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
