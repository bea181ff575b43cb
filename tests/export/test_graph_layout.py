"""The governance diagram as Graphviz lays it out (``dot -Tjson`` coordinates): levels in order
from the top, relation labels that overlap neither each other nor the bodies, names shown
exactly as the register writes them; the Mermaid text's structure; ``--format svg``; and the
palette's contrast."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from prefig.export.graph import (
    FRAME,
    PAGE,
    PALETTE,
    TEXT,
    DiagramError,
    Edge,
    Graph,
    Node,
    governance_graph,
    governance_mermaid,
    governance_svg,
    organisation_swatches,
    render_svg,
    to_dot,
    to_mermaid,
)
from prefig.load import Register, load_register
from tests.conftest import SHIPPED, TESTS, Golden

Run = Callable[..., Result]

FIXTURE = TESTS / "fixtures" / "graph"
"""Four levels, relations up, down and within a level, seven organisations, hostile names."""

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"),
    reason="Graphviz's dot is not installed (CI installs it: .ci/run)",
)

SVG = "{http://www.w3.org/2000/svg}"


def register_at(root: Path) -> Register:
    loaded = load_register(root)
    assert loaded.register is not None
    return loaded.register


REGISTERS = {"shipped": SHIPPED, "fixture": FIXTURE}


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Box:
    """A rectangle in Graphviz points, ``y`` growing upwards."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )

    def inside(self, other: Box) -> bool:
        return (
            other.left <= self.left
            and self.right <= other.right
            and other.bottom <= self.bottom
            and self.top <= other.top
        )


def laid_out(source: str) -> dict[str, Any]:
    done = subprocess.run(
        [shutil.which("dot") or "dot", "-Tjson"],
        input=source.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=60,
    )
    layout: dict[str, Any] = json.loads(done.stdout)
    return layout


def _bb(text: str) -> Box:
    left, bottom, right, top = (float(v) for v in text.split(","))
    return Box(left, bottom, right, top)


def node_boxes(layout: dict[str, Any]) -> dict[str, Box]:
    """Each node's outline: its centre ``pos`` and its ``width`` and ``height`` (inches)."""
    boxes = {}
    for obj in layout["objects"]:
        if "pos" not in obj:
            continue  # a cluster
        x, y = (float(v) for v in obj["pos"].split(","))
        half_w, half_h = float(obj["width"]) * 36, float(obj["height"]) * 36
        boxes[obj["name"]] = Box(x - half_w, y - half_h, x + half_w, y + half_h)
    return boxes


def cluster_boxes(layout: dict[str, Any]) -> dict[str, Box]:
    return {o["label"]: _bb(o["bb"]) for o in layout["objects"] if "pos" not in o and "bb" in o}


def label_boxes(layout: dict[str, Any]) -> list[tuple[str, Box]]:
    """Each edge label's box: the union of its lines as ``dot`` drew them (``_ldraw_``: a
    baseline point, an alignment and a width per line), from the descent below the baseline
    to the full font size above it."""
    out = []
    for edge in layout.get("edges", []):
        size = 14.0
        box: Box | None = None
        for op in edge.get("_ldraw_", []):
            if op["op"] == "F":
                size = float(op["size"])
            elif op["op"] == "T":
                x, y = op["pt"]
                width = float(op["width"])
                left = {"c": x - width / 2, "l": x, "r": x - width}[op["align"]]
                line = Box(left, y - 0.3 * size, left + width, y + size)
                box = line if box is None else box.union(line)
        if box is not None:
            out.append((edge["label"], box))
    return out


# --------------------------------------------------------------------------- layout


@needs_dot
@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_levels_are_drawn_in_order_from_the_top(name: str) -> None:
    register = register_at(REGISTERS[name])
    graph = governance_graph(register)
    boxes = node_boxes(laid_out(to_dot(graph)))
    bodies = [n for n in graph.nodes if n.kind == "body"]
    levels = sorted({n.level for n in bodies if n.level is not None})
    assert len(levels) >= 4
    for upper, lower in combinations(bodies, 2):
        if upper.level is None or (lower.level is not None and lower.level < upper.level):
            upper, lower = lower, upper
        if upper.level == lower.level:
            continue
        a, b = boxes[f"b:{upper.id}"], boxes[f"b:{lower.id}"]
        assert a.bottom > b.top, f"level {upper.level} {upper.id} is not above {lower.id}"
    orgs = [boxes[f"o:{n.id}"] for n in graph.nodes if n.kind == "organization"]
    assert orgs
    lowest_body = min(boxes[f"b:{n.id}"].bottom for n in bodies)
    assert all(org.top < lowest_body for org in orgs)
    legend = boxes["legend:relation"]
    assert all(legend.top < org.bottom for org in orgs)


@needs_dot
@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_level_frames_are_stacked(name: str) -> None:
    clusters = cluster_boxes(laid_out(to_dot(governance_graph(register_at(REGISTERS[name])))))
    frames = [clusters[f"Niveau {n}"] for n in range(1, 5)]
    frames += [clusters["Organisations"], clusters["Légende"]]
    for upper, lower in pairwise(frames):
        assert upper.bottom > lower.top


@needs_dot
@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_relation_labels_do_not_overlap(name: str) -> None:
    graph = governance_graph(register_at(REGISTERS[name]))
    layout = laid_out(to_dot(graph))
    labels = label_boxes(layout)
    relations = [e for e in graph.edges if e.kind != "sits-on"]
    assert len(labels) == len(relations) >= 5
    for (text_a, a), (text_b, b) in combinations(labels, 2):
        assert not a.overlaps(b), f"{text_a!r} overlaps {text_b!r}"
    nodes = node_boxes(layout)
    whole = _bb(layout["bb"])
    for text, box in labels:
        assert box.inside(whole), f"{text!r} is outside the drawing"
        for node, outline in nodes.items():
            assert not box.overlaps(outline), f"{text!r} covers {node}"


# --------------------------------------------------------------------------- SVG text


def svg_texts(svg: str) -> dict[str, str]:
    """Each node's title (its DOT id) -> its lines joined by a space; ``""`` -> the graph's
    own label."""
    root = ET.fromstring(svg)
    out = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") not in ("node", "graph"):
            continue
        title = group.find(f"{SVG}title")
        texts = group.findall(f"{SVG}text")
        key = "" if group.get("class") == "graph" else (title.text if title is not None else "")
        out[key or ""] = " ".join(t.text or "" for t in texts)
    return out


@needs_dot
def test_svg_shows_every_name_as_the_register_writes_it() -> None:
    register = register_at(FIXTURE)
    svg = governance_svg(register)
    assert svg is not None
    assert svg.startswith("<svg") and "<!--" not in svg and "<?xml" not in svg
    texts = svg_texts(svg)
    graph = governance_graph(register)
    for node in graph.nodes:
        key = ("b:" if node.kind == "body" else "o:") + node.id
        assert texts[key] == node.label
    assert texts[""] == 'Syndicat R&D <mixte> "test" \\ diagramme'
    assert texts["b:bureau"] == "Bureau exécutif \\N &amp;"
    assert governance_svg(register) == svg  # same register, same bytes


LABELS = governance_graph(register_at(FIXTURE)).labels

HOSTILE = [
    'R&D <b>"gras"</b>',
    "&amp; &lt; &#38; &eacute;",
    "a \\ b \\N \\G \\n \\l \\",
    "ligne\nsuivante\r\n\tfin",
    "bip \x07 nul \x00 fin",
    "-> ]; } digraph x { a",
    "subgraph end ~~~ #1 `x`",
]


@needs_dot
def test_dot_labels_escape_everything() -> None:
    nodes = tuple(Node(f"n{i}", name, "body", 1) for i, name in enumerate(HOSTILE))
    edges = (Edge("n0", "n1", HOSTILE[1], "refers-to"),)
    graph = Graph(HOSTILE[0], nodes, edges, governance_graph(register_at(FIXTURE)).labels)
    svg = render_svg(to_dot(graph))
    assert svg is not None
    texts = svg_texts(svg)
    flat = [shown_as(n) for n in HOSTILE]
    assert [texts[f"b:n{i}"] for i in range(len(HOSTILE))] == flat
    assert texts[""] == flat[0]
    edge_text = [
        " ".join(t.text or "" for t in g.findall(f"{SVG}text"))
        for g in ET.fromstring(svg).iter(f"{SVG}g")
        if g.get("class") == "edge"
    ]
    assert edge_text == [flat[1]]


def shown_as(name: str) -> str:
    """What a diagram shows for ``name``: on one line, with one space for each run of white
    space other than no-break spaces, and U+FFFD for what XML cannot carry."""
    flat = re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", name).strip()
    return "".join(
        "\ufffd"
        if ord(c) < 32 or 127 <= ord(c) < 160 or 0xD800 <= ord(c) < 0xE000 or c in "\ufffe\uffff"
        else c
        for c in flat
    )


@needs_dot
@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_comes_out_of_graphviz_as_written(name: str) -> None:
    svg = render_svg(to_dot(Graph("t", (Node("a", name, "body", 1),), (), LABELS)))
    assert svg is not None
    assert svg_texts(svg)["b:a"] == shown_as(name)


# --------------------------------------------------------------------------- Mermaid

_SUBGRAPH = re.compile(r'^  subgraph (\w+)\["(.*)"\]$')
_NODE = re.compile(r'^    (\w+)(?:\["|\(\[")(.*?)(?:"\]|"\]\))$')
_LINK = re.compile(r'^  (\w+) (-->|---|-\.->|-\.-)(?:\|"(.*)"\|)? (\w+)$')


def mermaid_structure(text: str) -> tuple[list[str], dict[str, int], list[tuple[str, str, str]]]:
    """(subgraph ids in order, node -> index of its subgraph, links (start, arrow, end))."""
    groups: list[str] = []
    where: dict[str, int] = {}
    links = []
    for line in text.splitlines()[1:]:
        if m := _SUBGRAPH.match(line):
            groups.append(m[1])
        elif m := _NODE.match(line):
            where[m[1]] = len(groups) - 1
        elif m := _LINK.match(line):
            links.append((m[1], m[2], m[4]))
    return groups, where, links


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_mermaid_keeps_the_levels_in_order(name: str) -> None:
    register = register_at(REGISTERS[name])
    text = governance_mermaid(register)
    assert text.startswith("flowchart TB\n")
    groups, where, links = mermaid_structure(text)
    names = re.findall(r'^  subgraph \w+\["(.*)"\]$', text, re.MULTILINE)
    assert names[:4] == ["Niveau 1", "Niveau 2", "Niveau 3", "Niveau 4"]
    assert names[-2:] == ["Organisations", "Légende"]
    # Between two subgraphs an invisible spacer: below every node of the one, above every node
    # of the next.
    invisible = {tuple(line.split(" ~~~ ")) for line in text.splitlines() if "~~~" in line}
    members = [[node for node, group in where.items() if group == g] for g in range(len(groups))]
    expected = set()
    for number, (upper, lower) in enumerate(pairwise(members), start=1):
        expected |= {(f"  {node}", f"spacer_{number}") for node in upper}
        expected |= {(f"  spacer_{number}", node) for node in lower}
    assert invisible == expected
    graph = governance_graph(register)
    assert len(links) == len(graph.edges)
    for start, _, end in links:
        assert where[start] <= where[end], f"{start} -> {end} goes up the page"
    # Seats are dotted, in their organisation's colour, numbered as Mermaid counts links.
    swatches = organisation_swatches(graph)
    for org, swatch in swatches.items():
        mermaid_id = "o_" + org.replace("-", "_")
        seats = [i for i, link in enumerate(links) if link[2] == mermaid_id and "." in link[1]]
        if seats:
            style = f"  linkStyle {','.join(map(str, seats))} stroke:{swatch.stroke}"
            assert style in text.splitlines()


def test_mermaid_labels_are_escaped() -> None:
    text = governance_mermaid(register_at(FIXTURE))
    quoted = re.findall(r'"([^"]*)"', text)
    assert quoted
    for label in quoted:
        assert not set(label) & set("<>`&"), label
        assert re.fullmatch(r"(?:[^#]|#\w+;)*", label), label
    assert 'b_bureau["Bureau exécutif \\N #amp;amp;"]' in text
    assert 'b_comite_technique["Comité technique #35;1 #96;code#96;"]' in text


def test_mermaid_ids_stay_distinct_for_ids_that_are_not_slugs() -> None:
    labels = governance_graph(register_at(FIXTURE)).labels
    nodes = (Node("a b", "x", "body", 1), Node("a_b", "y", "body", 1), Node("a-b", "z", "body", 1))
    text = to_mermaid(Graph("t", nodes, (), labels))
    ids = re.findall(r"^    (b_\w+)\[", text, re.MULTILINE)
    assert len(set(ids)) == 3


def test_a_seat_on_behalf_of_a_body_is_drawn_without_colour() -> None:
    nodes = (Node("a", "A", "body", 1), Node("b", "B", "body", 2))
    graph = Graph("t", nodes, (Edge("a", "b", "siège à", "sits-on"),), LABELS)
    assert f'"b:a" -> "b:b" [style=dashed, color="{FRAME}"];' in to_dot(graph)
    assert "  b_a -.-> b_b" in to_mermaid(graph)


@pytest.mark.parametrize(("fmt", "suffix"), [("mermaid", "mmd"), ("dot", "dot")])
def test_fixture_graph_golden(run: Run, golden: Golden, fmt: str, suffix: str) -> None:
    result = run("--register", str(FIXTURE), "bodies", "graph", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"export/graph-levels.{suffix}", result.stdout)


# --------------------------------------------------------------------------- --format svg


@needs_dot
def test_format_svg(run: Run) -> None:
    result = run("--register", str(FIXTURE), "bodies", "graph", "--format", "svg")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<svg") and result.stdout.endswith("</svg>\n")
    ET.fromstring(result.stdout)


def test_format_svg_without_graphviz(run: Run, tmp_path: Path) -> None:
    result = run(
        "--register", str(FIXTURE), "bodies", "graph", "-f", "svg", env={"PATH": str(tmp_path)}
    )
    assert result.exit_code == 2
    assert "--format svg needs Graphviz's `dot`" in result.stderr
    assert result.stdout == ""


def _fake_dot(folder: Path, script: str) -> None:
    dot = folder / "dot"
    dot.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    dot.chmod(0o755)


def test_a_failing_graphviz_is_reported(run: Run, tmp_path: Path) -> None:
    _fake_dot(tmp_path, "echo 'Error: <stdin>: syntax error in line 1' >&2; exit 1")
    result = run(
        "--register", str(FIXTURE), "bodies", "graph", "-f", "svg", env={"PATH": str(tmp_path)}
    )
    assert result.exit_code == 3
    assert "Graphviz's dot failed (exit 1): Error: <stdin>: syntax error" in result.stderr


def test_a_slow_graphviz_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dot(tmp_path, f"exec {shutil.which('sleep')} 30")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DiagramError, match=r"took longer than 0\.5 s"):
        render_svg("digraph {}", timeout=0.5)


def test_no_graphviz_means_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert governance_svg(register_at(FIXTURE)) is None


# --------------------------------------------------------------------------- colours


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_palette_contrast() -> None:
    assert len({s.stroke for s in PALETTE}) == len({s.fill for s in PALETTE}) == len(PALETTE)
    for swatch in PALETTE:
        assert contrast(TEXT, swatch.fill) >= 4.5, swatch
        assert contrast(swatch.stroke, PAGE) >= 4.5, swatch
    assert contrast(FRAME, PAGE) >= 4.5
    assert contrast(TEXT, PAGE) >= 4.5


def test_one_colour_per_organisation() -> None:
    graph = governance_graph(register_at(FIXTURE))
    swatches = organisation_swatches(graph)
    assert len(swatches) == 7
    assert len(set(swatches.values())) == 7
    dot = to_dot(graph)
    for org, swatch in swatches.items():
        assert f'"o:{org}" [' in dot
        line = next(line for line in dot.splitlines() if line.strip().startswith(f'"o:{org}"'))
        assert f'fillcolor="{swatch.fill}"' in line and f'color="{swatch.stroke}"' in line
