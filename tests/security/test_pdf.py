"""Hostile register text and templates against the PDF engine (``render --format pdf``): no
Typst code from a name, a venue, an agenda item or a template ever runs, no file outside the
engine's empty folder is read, nothing is fetched, and the engine's work and output are
bounded. Each attack runs the real command in a child process under memory and CPU limits."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prefig.load import load_register
from prefig.render.documents import Document
from prefig.render.markdown import escape_markdown, flatten
from prefig.render.pdf import document_pdf, document_tree, french_typography
from tests.security.conftest import GIB, assert_clean_refusal, run_limited

FULL = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"
SECRET = "prefig-secret-8c1d"

# Typst markup and code a name could try: code (#), references (@), labels (<>), maths ($),
# emphasis and strong (_ *), escapes (\), raw blocks, imports that would fetch a package.
ATTACKS = [
    '#read("/etc/passwd")',
    '#image("/etc/passwd")',
    '#include "secret.txt"',
    '#import "@preview/cetz:0.3.0": *',
    "@fig-1 <secret> $x^2$ *gras* _penché_",
    '\\u{23}read("secret.txt") \\#eval("1+1")',
    '```typ #read("secret.txt") ```',
    ']#[#read("secret.txt")]',
    '<link rel="stylesheet" href="file:///etc/passwd"><img src="secret.txt">',
]


def _hostile(top: Path, name: str) -> Path:
    """The full fixture with ``name`` as a person's name, the venue's name and an agenda
    item, and a secret file beside the data that the engine must never read."""
    root = top / "register"
    shutil.copytree(FULL, root)
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    for file, old in (
        ("people.yaml", "name: Sophie Bernard"),
        ("venues.yaml", "name: Hôtel de Région Languedoc-Roussillon"),
        ("meetings.yaml", "name: Installation de la commission"),
    ):
        path = root / "data" / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, f"name: {quoted}", 1), encoding="utf-8")
    return root


def _pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return "\n".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("name", ATTACKS)
def test_register_text_prints_as_itself_and_reads_nothing(tmp_path: Path, name: str) -> None:
    root = _hostile(tmp_path, name)
    out = tmp_path / "out"
    outcome = run_limited(
        "--register", str(root), "render", "agenda", MEETING, "--draft",
        "--format", "pdf", "--out", str(out), memory=2 * GIB, cpu_seconds=60,
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    text = _pdf_text(out / f"{MEETING}-agenda.pdf")
    assert SECRET not in text
    assert "root:x:0:0" not in text
    # the words of the attack are shown (its line breaks as spaces, its apostrophes curly)
    for word in ("read", "image", "include", "import", "eval", "link", "gras", "penché"):
        if word in name:
            assert word in text, (word, text)
    data = (out / f"{MEETING}-agenda.pdf").read_bytes()
    assert b"/URI" not in data  # no link to follow
    assert b"/XObject" not in data  # no image drawn


def test_a_template_cannot_draw_an_image_or_link_a_file(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    (root / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "agenda.md.j2").write_text(
        "# Ordre du jour\n\n![logo](secret.txt) [lien](file:///etc/passwd)\n\n"
        '<img src="secret.txt">\n\n<iframe src="file:///etc/passwd"></iframe>\n\n'
        '```\n#read("secret.txt")\n```\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    outcome = run_limited(
        "--register", str(root), "render", "agenda", MEETING, "--draft",
        "--format", "pdf", "--out", str(out), memory=2 * GIB, cpu_seconds=60,
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    data = (out / f"{MEETING}-agenda.pdf").read_bytes()
    text = _pdf_text(out / f"{MEETING}-agenda.pdf")
    assert SECRET not in text and "root:x:0:0" not in text
    assert "lien" in text and '#read("secret.txt")' in text
    assert b"/URI" not in data and b"/XObject" not in data


def test_a_document_too_long_for_a_pdf_is_refused_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    item = "Délibération " + "très longue " * 1500
    agenda = "".join(f"    - name: {item}\n" for _ in range(30))
    path = root / "data" / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  agenda:\n", "  agenda:\n" + agenda, 1), encoding="utf-8")
    out = tmp_path / "out"
    outcome = run_limited(
        "--register", str(root), "render", "agenda", MEETING, "--draft",
        "--format", "pdf", "--out", str(out), memory=2 * GIB, cpu_seconds=60,
    )  # fmt: skip
    assert_clean_refusal(outcome, "characters, more than the 300,000", codes=(2,))
    assert not out.exists() or not any(out.iterdir())
    assert outcome.peak_bytes < 512 * 1024**2


def test_pages_beyond_the_bound_are_refused_by_the_engine(tmp_path: Path) -> None:
    # under the text bound, over the page bound: a long agenda of short items
    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    agenda = "".join(f"    - name: Point {i} de l'ordre du jour\n" for i in range(4000))
    path = root / "data" / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  agenda:\n", "  agenda:\n" + agenda, 1), encoding="utf-8")
    out = tmp_path / "out"
    outcome = run_limited(
        "--register", str(root), "render", "agenda", MEETING, "--draft",
        "--format", "pdf", "--out", str(out), memory=2 * GIB, cpu_seconds=60,
    )  # fmt: skip
    assert_clean_refusal(outcome, "pages, more than 60 allowed", codes=(2,))
    assert not out.exists() or not any(out.iterdir())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_any_register_text_reaches_the_engine_as_plain_text(value: str) -> None:
    # Whatever a register holds, once escaped into the Markdown it is one paragraph of plain
    # strings for the layout: the same characters (spaces made single, French spacing), no
    # node that the layout would draw as anything but text.
    text = flatten(value)
    if not text:
        return
    tree = document_tree(escape_markdown(value) + "\n")
    (paragraph,) = tree["body"] + tree["closing"] + tree["head"]
    assert paragraph["t"] == "p"
    assert all(isinstance(node, str) for node in paragraph["c"])
    assert "".join(paragraph["c"]) == french_typography(text)


@pytest.mark.parametrize(
    "markdown",
    [
        "",
        ">" * 60 + " citation imbriquée\n",
        "".join("  " * i + "- point\n" for i in range(60)),
        "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n",
        "| seule |\n|---|\n",
        "<div>\n<script>alert(1)</script>\n</div>\n",
        "<https://example.org> <mailto:a@example.org> &copy; &#x41;\n",
        "999999999. point\n\n###### titre\n\n---\n",
        "x" * 5000 + "\n",
    ],
)
def test_any_shape_of_template_output_makes_a_pdf(markdown: str) -> None:
    # a template may write any Markdown: nesting, ragged tables, raw HTML, huge list numbers
    register = load_register(FULL).register
    assert register is not None
    data = document_pdf(Document("m-agenda.md", markdown), register)
    assert data.startswith(b"%PDF-")
    assert b"/URI" not in data and b"/XObject" not in data
