"""``prefig site build``: the pages' content, escaping of hostile text, determinism, the
static OParl API, and the incremental rewrite through the manifest."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from prefig.fsutil import WriteRefusedError
from prefig.load import Register, load_register
from prefig.site.pages import SiteError, SiteOptions, build_site
from prefig.site.write import MANIFEST, write_site
from tests.conftest import REPO, SHIPPED
from tests.export.test_documents import validate
from tests.site.links import internal_links, resolve_link

FULL = REPO / "tests" / "fixtures" / "render" / "full"
SITTINGS = REPO / "tests" / "fixtures" / "sittings"
BASE = "https://example.org/conseil/"


def load(root: Path) -> Register:
    result = load_register(root)
    assert result.register is not None
    return result.register


def build(root: Path, today: str = "2015-02-01", **options: Any) -> dict[str, bytes]:
    site = build_site(load(root), SiteOptions(today=dt.date.fromisoformat(today), **options))
    return site.files


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


@pytest.fixture(scope="module")
def full() -> dict[str, bytes]:
    return build(FULL, base_url=BASE)


@pytest.fixture(scope="module")
def sittings() -> dict[str, bytes]:
    return build(SITTINGS, base_url=BASE)


def test_every_page_is_french_with_one_h1_a_skip_link_and_landmarks(
    full: dict[str, bytes],
) -> None:
    pages = [p for p in full if p.endswith(".html")]
    assert len(pages) > 20
    for path in pages:
        html = text(full, path)
        assert html.startswith('<!DOCTYPE html>\n<html lang="fr">'), path
        assert html.count("<h1") == 1, path
        assert 'href="#contenu"' in html and '<main id="contenu"' in html, path
        assert "<header" in html and "<footer" in html and "<nav" in html, path
        assert "<script" not in html, path  # no JavaScript needed, none shipped
        # Nothing from another host: every src/href to a stylesheet is relative.
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
            assert not re.match(r"[a-z]+:", href), (path, href)


def test_headings_never_skip_a_level(full: dict[str, bytes], sittings: dict[str, bytes]) -> None:
    for files in (full, sittings):
        for path in (p for p in files if p.endswith(".html")):
            levels = [int(n) for n in re.findall(r"<h([1-6])", text(files, path))]
            assert levels[0] == 1, path
            for before, after in itertools.pairwise(levels):
                assert after <= before + 1, (path, levels)


def test_meeting_page_has_time_place_agenda_numbers_and_status(full: dict[str, bytes]) -> None:
    html = text(full, "seances/ce-2015-02-13.html")
    assert "vendredi 13 février 2015, 10 h 30 – 12 h" in html
    assert "Hôtel de Région" in html  # the venue, with its address
    assert '<span class="numero">3.</span> # Questions diverses' in html
    assert "prévue" in html
    assert "Convocation" in html  # the body sets a notice period


def test_held_meeting_shows_attendance_and_outcomes(sittings: dict[str, bytes]) -> None:
    held = [p for p in sittings if p.startswith("seances/") and "Présences" in text(sittings, p)]
    assert held
    html = text(sittings, held[0])
    assert "Déroulement de la séance" in html and "Quorum à l’ouverture" in html
    assert "délibération n<sup>o</sup>" in html
    deliberations = [p for p in sittings if p.startswith("deliberations/") and p[-6].isdigit()]
    assert deliberations
    listing = text(sittings, "deliberations/index.html")
    for path in deliberations:
        assert path.removeprefix("deliberations/") in listing


def test_body_page_has_composition_today_and_a_page_per_change(full: dict[str, bytes]) -> None:
    html = text(full, "instances/commission-essai.html")
    assert "Composition au 1er février 2015" in html
    assert "Suivre les travaux *communs* des deux Régions." in html
    # Camille Leroy holds her seat from 2015-01-01; Paul Ancien left on 2014-12-31.
    assert "composition-2015-01-01.html" in html
    then = text(full, "instances/commission-essai/composition-2015-01-01.html")
    assert "Camille" in then and "Paul" not in then.split("<main", 1)[1].split("Composition à")[0]


def test_person_decision_action_calendar_and_diagram_pages(full: dict[str, bytes]) -> None:
    assert any(p.startswith("personnes/") and p != "personnes/index.html" for p in full)
    assert any(p.startswith("decisions/") and p != "decisions/index.html" for p in full)
    assert any(p.startswith("actions/") for p in full)
    calendar = text(full, "calendrier/index.html")
    assert 'href="../calendrier.ics"' in calendar
    assert "webcal://example.org/conseil/calendrier.ics" in calendar
    assert full["calendrier.ics"].startswith(b"BEGIN:VCALENDAR")
    assert "février 2015" in text(full, "calendrier/2015-02.html")
    diagram = text(full, "gouvernance.html")
    assert '<pre class="mermaid"' in diagram and "flowchart" in diagram


def test_hostile_text_is_escaped_and_bad_urls_are_not_links(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    meetings = root / "data" / "meetings.yaml"
    meetings.write_text(
        meetings.read_text("utf-8").replace(
            "name: Première réunion", "name: '<script>alert(1)</script>\"><img src=x>'"
        ),
        "utf-8",
    )
    bodies = root / "data" / "bodies.yaml"
    bodies.write_text(
        bodies.read_text("utf-8").replace(
            "  mission: Suivre",
            "  legal_basis:\n    - title: <b>Texte</b>\n      url: javascript:alert(1)\n"
            "  mission: Suivre",
            1,
        ),
        "utf-8",
    )
    files = build(root)
    page = text(files, "seances/ce-2015-02-13.html")
    assert "<script>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x&gt;" in page
    body = text(files, "instances/commission-essai.html")
    assert "&lt;b&gt;Texte&lt;/b&gt;" in body
    assert "javascript:" not in body


def test_same_register_same_bytes_and_source_date_epoch(tmp_path: Path) -> None:
    register = load(FULL)
    options = SiteOptions(today=dt.date(2015, 2, 1), base_url=BASE)
    assert build_site(register, options).files == build_site(register, options).files
    stamped = build_site(
        register,
        SiteOptions(
            today=dt.date(2015, 2, 1),
            generated=dt.datetime(2015, 2, 2, tzinfo=dt.UTC),
            environ={"SOURCE_DATE_EPOCH": "1422835200"},
        ),
    ).files
    assert "site produit le 2 février 2015" in text(stamped, "index.html")
    assert b"DTSTAMP:20150202T000000Z" in stamped["calendrier.ics"]


def test_base_url_is_checked() -> None:
    with pytest.raises(SiteError, match="absolute http"):
        build(FULL, base_url="javascript:alert(1)")


def test_oparl_files_validate_and_their_urls_resolve_in_the_site(
    sittings: dict[str, bytes], full: dict[str, bytes]
) -> None:
    for files in (sittings, full):
        oparl = {p: json.loads(d) for p, d in files.items() if p.startswith("oparl/")}
        seen: set[str] = set()
        urls: set[str] = set()
        for path, document in oparl.items():
            if "data" in document:  # a page of a list
                assert set(document["pagination"]) >= {"totalElements", "currentPage"}
                urls.update(document["links"].values())
                for obj in document["data"]:
                    seen.update(validate(obj))
                continue
            seen.update(validate(document))
            assert document["id"] == BASE + path, path
            urls.update(_urls(document))
        assert {"System", "Body", "Organization", "Person", "Meeting", "Location"} <= seen
        for url in urls:
            if url.startswith(BASE):
                assert url.removeprefix(BASE) in files, url
    assert {"Paper", "Consultation", "AgendaItem"} <= {
        name
        for p, d in sittings.items()
        if p.startswith("oparl/") and "data" not in json.loads(d)
        for name in validate(json.loads(d))
    }


def _urls(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if value.startswith("http") else set()
    if isinstance(value, list):
        return set().union(*(_urls(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_urls(v) for k, v in value.items() if k != "type"))
    return set()


def test_every_internal_link_resolves(full: dict[str, bytes], sittings: dict[str, bytes]) -> None:
    for files in (full, sittings, build(SHIPPED)):
        for path in (p for p in files if p.endswith(".html")):
            for link in internal_links(text(files, path)):
                target = resolve_link(path, link)
                assert target in files, (path, link)


# --------------------------------------------------------------------------- writing


def test_rebuild_rewrites_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    out = tmp_path / "site"
    first = build(root)
    report = write_site(out, first)
    assert len(report.written) == len(first) and report.unchanged == 0
    assert json.loads((out / MANIFEST).read_text("utf-8"))["files"].keys() == first.keys()

    again = write_site(out, build(root))
    assert again.written == () and again.unchanged == len(first)

    meetings = root / "data" / "meetings.yaml"
    meetings.write_text(
        meetings.read_text("utf-8").replace("name: Première réunion", "name: Réunion changée"),
        "utf-8",
    )
    second = build(root)
    changed = {p for p in second if first.get(p) != second[p]}
    report = write_site(out, second)
    assert set(report.written) == changed
    assert "seances/ce-2015-02-13.html" in changed
    assert len(changed) < len(second) / 3
    assert (out / "seances/ce-2015-02-13.html").read_bytes() == second["seances/ce-2015-02-13.html"]

    # A page edited by hand is put back; a page the site no longer has is removed.
    (out / "index.html").write_text("edited", "utf-8")
    smaller = dict(second)
    del smaller["gouvernance.html"]
    report = write_site(out, smaller)
    assert report.written == ("index.html",) and report.removed == ("gouvernance.html",)
    assert not (out / "gouvernance.html").exists()


def test_a_folder_not_made_by_prefig_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine", "utf-8")
    files = {"index.html": b"<p>x</p>", "a/b.html": b"y"}
    with pytest.raises(WriteRefusedError, match="not made by prefig"):
        write_site(out, files)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    write_site(out, files, force=True)
    assert (out / "notes.txt").read_text("utf-8") == "mine"  # never removed: not ours
    assert (out / "a" / "b.html").read_bytes() == b"y"


def test_a_file_in_the_way_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"index.html": b"1"})
    (out / "extra.html").write_text("mine", "utf-8")
    with pytest.raises(WriteRefusedError, match="in the way"):
        write_site(out, {"index.html": b"2", "extra.html": b"site"})
    assert (out / "index.html").read_bytes() == b"1"  # all or nothing
    assert (out / "extra.html").read_text("utf-8") == "mine"


def test_cli_build_and_its_errors(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ("--register", str(FULL), "site", "build", str(out))
    result = run(*args, "--today", "2015-02-01", "--base-url", BASE)
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "oparl" / "system.json").is_file()
    assert "written" in result.stderr
    today = run(*args, "--today", "demain")
    assert today.exit_code == 2 and "is not a date written YYYY-MM-DD" in today.stderr
    mermaid = run(*args, "--mermaid-js", str(tmp_path / "absent.js"))
    assert mermaid.exit_code == 2 and "cannot read --mermaid-js" in mermaid.stderr
    bad = run(*args, "--base-url", "ftp://x")
    assert bad.exit_code == 2 and "absolute http" in bad.stderr
    epoch = run(*args, env={"SOURCE_DATE_EPOCH": "soon"})
    assert epoch.exit_code == 2 and "SOURCE_DATE_EPOCH" in epoch.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "x").write_text("", "utf-8")
    refused = run("--register", str(FULL), "site", "build", str(other))
    assert refused.exit_code == 2 and "--force" in refused.stderr


def test_cli_serve_refuses_a_folder_without_a_site(run: Any, tmp_path: Path) -> None:
    result = run("site", "serve", str(tmp_path))
    assert result.exit_code == 2 and "build the site first" in result.stderr


def test_the_diagram_is_drawn_only_with_a_local_copy_of_mermaid() -> None:
    plain = build(FULL)
    assert "assets/mermaid.min.js" not in plain
    assert "<script" not in text(plain, "gouvernance.html")
    drawn = build(FULL, mermaid_js=b"/* mermaid */")
    assert drawn["assets/mermaid.min.js"] == b"/* mermaid */"
    page = text(drawn, "gouvernance.html")
    assert '<script src="assets/mermaid.min.js"></script>' in page
    assert '<pre class="mermaid"' in page  # the text stays for those without JavaScript
    assert b"mermaid.initialize" in drawn["assets/diagramme.js"]


def test_serve_previews_the_folder_on_the_loopback_address(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import urllib.request

    out = tmp_path / "site"
    write_site(out, build(FULL))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-c", "from prefig.cli import main; main()"]
    with subprocess.Popen(
        [*command, "site", "serve", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            assert match, line
            with urllib.request.urlopen(match.group(1) + "index.html", timeout=10) as page:
                assert page.headers["Content-Type"] == "text/html; charset=utf-8"
                assert b'<html lang="fr">' in page.read()
            with urllib.request.urlopen(match.group(1) + "oparl/system.json", timeout=10) as api:
                assert api.headers["Content-Type"] == "application/json"
        finally:
            server.send_signal(signal.SIGINT)
            # Ctrl-C ends the preview, and is no failure.
            assert server.wait(timeout=10) == 0
