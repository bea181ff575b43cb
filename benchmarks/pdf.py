"""PDF letters: Typst (what prefig uses) against WeasyPrint, and both against Markdown.

A 60-member council is made from the test register ``tests/fixtures/assembly`` (its municipal
council, with 37 more councillors), and its convocation letters for ``cm-2026-12-17`` are
rendered, in one process and alternating, as:

- ``markdown``: ``render_document`` alone, the baseline (what ``prefig render`` writes today);
- ``typst``: the same, then :func:`prefig.render.pdf.document_pdf` on each letter;
- ``weasyprint``: the same Markdown, with the same French typography
  (:func:`prefig.render.pdf.french_typography`), turned into HTML by markdown-it-py and laid
  out by WeasyPrint (A4, "Page N sur M" footer), with a URL fetcher that refuses every URL.

Reported per engine: the median time for all the letters over the runs, per letter, the ratio
to Markdown, the first letter in a fresh process (engine start-up, fonts), the mean PDF size,
whether two renderings give the same bytes (with ``SOURCE_DATE_EPOCH`` set), the fonts the
PDFs embed, and whether French typography survives text extraction (accents, typographic
apostrophe, no-break space before ``:``).

Usage::

    python benchmarks/pdf.py [--runs 5] [--members 60] [--json results.json]

Needs WeasyPrint (and the Pango library it loads) besides prefig's own dependencies, and pypdf.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from prefig.load import Register, load_register  # noqa: E402 - after the path is set
from prefig.render.context import Builder  # noqa: E402
from prefig.render.documents import Document, document_kind, render_document  # noqa: E402
from prefig.render.sandbox import PACKAGE_TEMPLATES  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "assembly"
MEETING = "cm-2026-12-17"
PREPARED_ON = dt.date(2026, 12, 1)
EPOCH = "1418000000"

CSS = """
@page { size: A4; margin: 2cm 2cm 2.4cm 2.3cm;
  @bottom-right { content: "Page " counter(page) " sur " counter(pages); font-size: 8pt; } }
body { font-family: serif; font-size: 11pt; line-height: 1.25; }
h1 { font-size: 13pt; text-align: center; }
h2 { font-size: 11pt; }
table { border-collapse: collapse; font-size: 9.5pt; }
td, th { border: 0.5pt solid #666; padding: 0.2em 0.4em; }
"""


def council(folder: Path, members: int) -> Path:
    """The assembly fixture with its municipal council grown to ``members`` letters."""
    root = folder / "council"
    shutil.copytree(FIXTURE, root)
    extra = members - _letters(root)
    bodies = root / "data" / "bodies.yaml"
    text = bodies.read_text(encoding="utf-8")
    holders = "".join(
        f"        - {{person: bench-{i:03d}, start_date: 2026-03-22}}\n" for i in range(extra)
    )
    anchor = "        - {person: alain-perrin, start_date: 2026-03-22}\n"
    text = text.replace("      count: 20\n", f"      count: {20 + extra}\n", 1)
    bodies.write_text(text.replace(anchor, anchor + holders, 1), encoding="utf-8")
    with (root / "data" / "people.yaml").open("a", encoding="utf-8") as people:
        for i in range(extra):
            people.write(
                f"- id: bench-{i:03d}\n  name: Élise Lefèvre-Dupré {i}\n"
                "  honorific_prefix: Madame\n  gender: female\n"
                f"  email: elise.{i}@saint-exemple.example\n"
            )
    found = _letters(root)
    if found != members:
        raise SystemExit(f"the council has {found} letters, not {members}")
    return root


def _builder(root: Path) -> Builder:
    register = load_register(root).register
    assert register is not None
    meeting = next(m for m in register.meetings if m.id == MEETING)
    return Builder(register, meeting, prepared_on=PREPARED_ON, draft=True)


def _letters(root: Path) -> int:
    return len(_markdown(_builder(root)))


def _markdown(builder: Builder) -> list[Document]:
    return render_document(document_kind("convocation"), builder, [PACKAGE_TEMPLATES])


def _typst(documents: list[Document], register: Register) -> list[bytes]:
    from prefig.render.pdf import document_pdf

    return [document_pdf(d, register) for d in documents]


def _refuse(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    raise ValueError(f"refused: {url}")


def _weasyprint(documents: list[Document], register: Register) -> list[bytes]:
    import weasyprint
    from markdown_it import MarkdownIt

    from prefig.render.pdf import french_typography

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    css = weasyprint.CSS(string=CSS)
    pdfs = []
    for document in documents:
        html = (
            f'<html lang="fr"><body>{parser.render(french_typography(document.text))}</body></html>'
        )
        page = weasyprint.HTML(string=html, url_fetcher=_refuse)
        pdfs.append(page.write_pdf(stylesheets=[css]))
    return pdfs


ENGINES: dict[str, Callable[[list[Document], Register], list[bytes]]] = {
    "typst": _typst,
    "weasyprint": _weasyprint,
}


def _fonts(pdf: bytes) -> list[str]:
    import pypdf

    names: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont", "?")).split("+")[-1])
    return sorted(names)


def _typography(pdf: bytes) -> dict[str, bool]:
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return {
        "accents": "réunion" in text and "décembre" in text,
        "apostrophe": "l\u2019honneur" in text,
        "nbsp_before_colon": "Objet\u00a0:" in text,
    }


def _first_letter(engine: str, root: Path) -> float:
    """Seconds for the first PDF letter in a fresh process: imports, engine and fonts."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); import pdf as b; "
        "from pathlib import Path; built = b._builder(Path(sys.argv[3])); "
        "d = b._markdown(built)[:1]; "
        "t = time.perf_counter(); b.ENGINES[sys.argv[2]](d, built.register); "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), engine, str(root)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure(runs: int, members: int) -> dict[str, Any]:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with tempfile.TemporaryDirectory(prefix="prefig-bench-pdf-") as tmp:
        root = council(Path(tmp), members)
        builder = _builder(root)
        documents = _markdown(builder)
        times: dict[str, list[float]] = {"markdown": [], **{e: [] for e in ENGINES}}
        outputs: dict[str, list[list[bytes]]] = {e: [] for e in ENGINES}
        for e in ENGINES:  # warm: engine loaded, fonts read
            ENGINES[e](documents[:1], builder.register)
        for _ in range(runs):
            start = time.perf_counter()
            documents = _markdown(builder)
            times["markdown"].append(time.perf_counter() - start)
            for name, engine in ENGINES.items():
                start = time.perf_counter()
                pdfs = engine(_markdown(builder), builder.register)
                times[name].append(time.perf_counter() - start)
                outputs[name].append(pdfs)
        baseline = statistics.median(times["markdown"])
        result: dict[str, Any] = {"letters": len(documents), "runs": runs, "engines": {}}
        for name, samples in times.items():
            total = statistics.median(samples)
            row: dict[str, Any] = {
                "total_s": round(total, 4),
                "per_letter_ms": round(1000 * total / len(documents), 2),
                "ratio_to_markdown": round(total / baseline, 1),
            }
            if name in outputs:
                pdfs = outputs[name][0]
                row["first_letter_fresh_process_s"] = round(_first_letter(name, root), 3)
                row["mean_size_kb"] = round(sum(map(len, pdfs)) / len(pdfs) / 1024, 1)
                row["same_bytes_every_run"] = all(o == pdfs for o in outputs[name])
                row["fonts"] = _fonts(pdfs[0])
                row["typography"] = _typography(pdfs[0])
            result["engines"][name] = row
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.runs, args.members)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
