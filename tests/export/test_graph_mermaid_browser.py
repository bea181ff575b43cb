"""The Mermaid diagram as mermaid.js lays it out in Chromium: levels in order from the top,
organisations below the bodies, relation labels apart.

Opt-in, because mermaid.js is not part of the repository: set ``PREFIG_MERMAID_JS`` to a
``mermaid.min.js`` (``npm install mermaid``, ``node_modules/mermaid/dist/mermaid.min.js``);
Chromium is the one on the ``PATH`` (the Debian ``chromium`` package) or ``PREFIG_CHROMIUM``.
"""

from __future__ import annotations

import os
import shutil
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from prefig.export.graph import governance_graph, to_mermaid
from prefig.load import load_register
from tests.conftest import SHIPPED, TESTS

MERMAID_JS = os.environ.get("PREFIG_MERMAID_JS", "")
CHROMIUM = os.environ.get("PREFIG_CHROMIUM") or shutil.which("chromium") or ""

pytestmark = pytest.mark.skipif(
    not (MERMAID_JS and Path(MERMAID_JS).is_file() and CHROMIUM),
    reason="set PREFIG_MERMAID_JS to a mermaid.min.js, with chromium installed",
)

MEASURE = """async (text) => {
    const out = document.getElementById('out');
    const drawn = await mermaid.render('diagram', text);
    out.innerHTML = drawn.svg;
    const box = (g) => { const b = g.getBoundingClientRect();
                         return [b.left, b.top, b.right, b.bottom]; };
    const nodes = {};
    for (const g of out.querySelectorAll('g.node')) nodes[g.id] = box(g);
    const labels = [];
    for (const g of out.querySelectorAll('g.edgeLabel')) {
        const b = g.getBoundingClientRect();
        if (b.width > 0) labels.push([...box(g), g.textContent]);
    }
    return {nodes, labels};
}"""


def _overlap(a: list[Any], b: list[Any]) -> bool:
    return bool(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


ROOTS = [SHIPPED, TESTS / "fixtures" / "graph"]


@pytest.mark.parametrize("root", ROOTS, ids=["shipped", "fixture"])
def test_mermaid_js_draws_the_levels_in_order(root: Path) -> None:
    from playwright.sync_api import sync_playwright

    loaded = load_register(root)
    assert loaded.register is not None
    graph = governance_graph(loaded.register)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 2400, "height": 1600})
        page.set_content("<!doctype html><html lang=fr><body><div id=out></div></body></html>")
        page.add_script_tag(path=MERMAID_JS)
        page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
        drawn = page.evaluate(MEASURE, to_mermaid(graph))
        browser.close()

    def outline(node_id: str, kind: str) -> list[float]:
        key = f"-flowchart-{'b' if kind == 'body' else 'o'}_{node_id.replace('-', '_')}-"
        found: list[float] = next(v for k, v in drawn["nodes"].items() if key in k)
        return found

    bodies = [n for n in graph.nodes if n.kind == "body" and n.level is not None]
    for a, b in combinations(bodies, 2):
        if a.level is None or b.level is None or a.level == b.level:
            continue
        upper, lower = (a, b) if a.level < b.level else (b, a)
        assert outline(upper.id, "body")[3] <= outline(lower.id, "body")[1], (upper.id, lower.id)
    lowest = max(outline(n.id, n.kind)[3] for n in graph.nodes if n.kind == "body")
    for org in (n for n in graph.nodes if n.kind == "organization"):
        assert outline(org.id, org.kind)[1] >= lowest, org.id
    labels = drawn["labels"]
    assert len(labels) == sum(e.kind != "sits-on" for e in graph.edges)
    for a, b in combinations(labels, 2):
        assert not _overlap(a, b), (a[4], b[4])
