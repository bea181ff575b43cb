"""The built site in a real browser: Chromium driven by Playwright, the site served by a
local HTTP server.

For the shipped register and two full-detail fixtures (``render/full``, and ``sittings``
for attendance and deliberations), every page loads with no console error, no failed
request and no request to another host; every link inside the site resolves; axe-core
finds no accessibility violation; the OParl files are served at the URLs their ids give;
screenshots of the home page, a body, a meeting and the calendar, at phone and desktop
widths, are saved under ``PREFIG_ARTEFACTS`` (a temporary folder by default).

The browser is Debian's ``chromium`` (``/usr/bin/chromium``, or ``PREFIG_CHROMIUM``). Where
none is found the tests are skipped, except in CI (``CI=1``), where they fail saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from prefig.load import load_register
from prefig.site.pages import SiteOptions, build_site
from prefig.site.serve import preview_server
from prefig.site.write import write_site
from tests.conftest import REPO, SHIPPED
from tests.export.test_documents import validate

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITES = {
    "shipped": SHIPPED,
    "full": REPO / "tests" / "fixtures" / "render" / "full",
    "sittings": REPO / "tests" / "fixtures" / "sittings",
}
TODAY = {"shipped": "2015-02-01", "full": "2015-02-01", "sittings": "2026-01-01"}
WIDTHS = (390, 1280)


def chromium_path() -> str:
    """Debian's Chromium, or fail (CI) / skip (elsewhere) saying how to get it."""
    for candidate in (os.environ.get("PREFIG_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    message = (
        "no Chromium found for the browser tests: install Debian's chromium "
        "(apt-get install chromium) or set PREFIG_CHROMIUM to its path"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Served:
    origin: str
    root: Path
    sites: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def base(self, name: str) -> str:
        return f"{self.origin}/{name}/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The three sites, built with the address they are served at, under one local server."""
    root = tmp_path_factory.mktemp("sites")
    server = preview_server(root, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served = Served(f"http://127.0.0.1:{server.server_address[1]}", root)
    try:
        for name, register_root in SITES.items():
            result = load_register(register_root)
            assert result.register is not None
            site = build_site(
                result.register,
                SiteOptions(
                    today=dt.date.fromisoformat(TODAY[name]),
                    base_url=served.base(name),
                    environ={"SOURCE_DATE_EPOCH": "1420070400"},
                ),
            )
            write_site(root / name, site.files)
            served.sites[name] = site.files
        yield served
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


def artefacts() -> Path:
    folder = os.environ.get("PREFIG_ARTEFACTS")
    path = Path(folder) if folder else Path(tempfile.gettempdir()) / "prefig-artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watched:
    """A browser page with everything that went wrong while it loaded."""

    def __init__(self, browser: Any, origin: str, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.origin = origin
        page = self.page
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"),
        )
        page.on("request", self._request)
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
            ),
        )

    def _request(self, request: Any) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request to another host: {request.url}")

    def close(self) -> None:
        self.context.close()


def html_pages(served: Served, name: str) -> list[str]:
    return sorted(p for p in served.sites[name] if p.endswith(".html"))


@pytest.mark.parametrize("name", list(SITES))
def test_every_page_loads_cleanly_links_resolve_and_axe_finds_nothing(
    served: Served, browser: Any, name: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    watched = Watched(browser, served.origin)
    base = served.base(name)
    links: set[str] = set()
    violations: dict[str, str] = {}
    try:
        for path in html_pages(served, name):
            response = watched.page.goto(base + path, wait_until="load")
            assert response is not None and response.status == 200, path
            assert watched.page.locator("h1").count() == 1, path
            assert watched.page.evaluate("document.documentElement.lang") == "fr"
            hrefs = watched.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            links.update(urldefrag(h)[0] for h in hrefs if h.startswith(served.origin + "/"))
            result = axe.run(watched.page)
            if result.violations_count:
                violations[path] = result.generate_snapshot()
        assert watched.problems == []
        assert violations == {}
        request = watched.context.request
        for link in sorted(links):
            assert link.startswith(base), link  # no link leaves the site's own folder
            status = request.get(link).status
            assert status == 200, (link, status)
    finally:
        watched.close()


def test_screenshots_at_phone_and_desktop_widths(served: Served, browser: Any) -> None:
    files = served.sites["full"]
    pages = {
        "accueil": "index.html",
        "instance": "instances/commission-essai.html",
        "seance": "seances/ce-2015-02-13.html",
        "calendrier": "calendrier/index.html",
    }
    assert set(pages.values()) <= set(files)
    folder = artefacts()
    for width in WIDTHS:
        watched = Watched(browser, served.origin, width)
        try:
            for label, path in pages.items():
                watched.page.goto(served.base("full") + path, wait_until="load")
                shot = folder / f"site-{label}-{width}.png"
                watched.page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 1000
                # Nothing wider than the screen but the tables that scroll on their own.
                overflow = watched.page.evaluate(
                    "document.documentElement.scrollWidth > window.innerWidth"
                )
                assert not overflow, (path, width)
            assert watched.problems == []
        finally:
            watched.close()


def test_keyboard_reaches_the_skip_link_first_and_it_moves_focus(
    served: Served, browser: Any
) -> None:
    watched = Watched(browser, served.origin)
    try:
        watched.page.goto(served.base("full") + "seances/ce-2015-02-13.html")
        watched.page.keyboard.press("Tab")
        focused = watched.page.evaluate("document.activeElement.textContent")
        assert focused == "Aller au contenu"
        outline = watched.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"  # a visible focus
        watched.page.keyboard.press("Enter")
        assert watched.page.evaluate("document.activeElement.id") == "contenu"
    finally:
        watched.close()


@pytest.mark.parametrize("name", ["full", "sittings"])
def test_oparl_objects_are_served_at_their_ids_and_validate(
    served: Served, browser: Any, name: str
) -> None:
    watched = Watched(browser, served.origin)
    request = watched.context.request
    try:
        system = request.get(served.base(name) + "oparl/system.json")
        assert system.status == 200
        assert system.headers["content-type"].startswith("application/json")
        pending = [system.json()["body"]]
        seen: set[str] = set()
        kinds: set[str] = set()
        while pending:  # walk the API as a client would, from the System
            url = pending.pop()
            if url in seen:
                continue
            seen.add(url)
            response = request.get(url)
            assert response.status == 200, url
            document = response.json()
            if "data" in document:
                for obj in document["data"]:
                    kinds.update(validate(obj))
                    pending.extend(_references(obj, served.origin))
                pending.extend(document["links"].values())
            else:
                assert document["id"] == url
                kinds.update(validate(document))
                pending.extend(_references(document, served.origin))
        assert {"Body", "Organization", "Person", "Meeting", "Membership"} <= kinds
        on_disk = {p for p in served.sites[name] if p.startswith("oparl/")}
        assert {urlsplit(u).path.removeprefix(f"/{name}/") for u in seen} <= on_disk
    finally:
        watched.close()


def _references(value: Any, origin: str) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith(origin):
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, origin)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "type":
                yield from _references(item, origin)


def test_the_site_needs_no_javascript(served: Served, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.base("full") + "instances/commission-essai.html")
        page.get_by_role("link", name="à partir du 1er janvier 2015").click()
        assert "composition-2015-01-01" in page.url
        heading = page.locator("h1").inner_text()
        assert "Commission mixte" in heading
        text = json.dumps(page.locator("main").inner_text())
        assert "Camille" in text
    finally:
        context.close()


def test_the_diagram_is_drawn_with_a_local_mermaid(
    served: Served, browser: Any, tmp_path: Path
) -> None:
    """With ``PREFIG_MERMAID_JS`` naming a copy of ``mermaid.min.js``, the diagram page
    draws an SVG with no error and no request to another host (skipped without it)."""
    script = os.environ.get("PREFIG_MERMAID_JS")
    if not script:
        pytest.skip("set PREFIG_MERMAID_JS to a mermaid.min.js to test the drawn diagram")
    result = load_register(SITES["full"])
    assert result.register is not None
    site = build_site(
        result.register,
        SiteOptions(
            today=dt.date(2015, 2, 1),
            base_url=served.base("drawn"),
            mermaid_js=Path(script).read_bytes(),
        ),
    )
    write_site(served.root / "drawn", site.files)
    watched = Watched(browser, served.origin)
    try:
        watched.page.goto(served.base("drawn") + "gouvernance.html", wait_until="load")
        watched.page.wait_for_selector("pre.mermaid svg", timeout=15000)
        assert watched.problems == []
    finally:
        watched.close()
