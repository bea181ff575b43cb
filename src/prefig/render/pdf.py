"""Meeting documents as PDF: a rendered Markdown document laid out as a French administrative
letter by Typst (see docs/pdf.md for why Typst).

The PDF is made from the Markdown that ``prefig render`` writes, so the same templates and
context (and a register's own templates) give both. markdown-it-py reads that Markdown into a
tree of blocks and inline text; the tree travels to Typst as JSON data (``sys.inputs``), and
the layout (``src/prefig/templates/letter.typ``) shows each string as the text it is. No
register text is ever read as Typst markup or code, so a name such as ``#read("/etc/passwd")``
prints as itself; the compiler's root is an empty temporary folder, it sees only the fonts
bundled with it, and nothing is fetched (images and links keep their text only).

The layout finds the parts of a letter in the document's blocks: the title (the first
heading), the address block (the paragraphs before the one starting with "Objet"), the body,
and the signatures (the paragraphs after the courtesy formula: a title ending with a comma,
a name in bold, "Fait à ..."). A document without them flows as written.

Typst is imported on first use: nothing else in prefig pays for it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import warnings
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typst
    from markdown_it.tree import SyntaxTreeNode

    from prefig.load.register import Register
    from prefig.render.documents import Document

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "MAX_TEXT",
    "PdfError",
    "document_pdf",
    "document_tree",
    "french_typography",
    "pdf_name",
]

MAX_PAGES = 60
"""The most pages a PDF document may have: a 200-member attendance sheet takes 9."""
MAX_TEXT = 300_000
"""The longest Markdown document made into a PDF, in characters (about 80 pages of text):
checked before the engine starts, so that its work is bounded too."""
MAX_BYTES = 5_000_000
"""The largest PDF document prefig writes, in bytes (a letter is about 30 kB)."""

LAYOUT = "letter.typ"
"""The Typst layout, packaged beside the Markdown templates."""

Node = dict[str, Any]
Inline = str | Node


class PdfError(Exception):
    """A PDF that could not be made: the engine is missing or failed, or the document
    exceeds :data:`MAX_TEXT`, :data:`MAX_PAGES` or :data:`MAX_BYTES`. The message is a
    sentence for the user."""


def pdf_name(document: Document) -> str:
    """The file name of ``document``'s PDF: its Markdown name ending in ``.pdf``."""
    stem, dot, suffix = document.name.rpartition(".")
    if not dot or suffix != "md":
        raise ValueError(f"{document.name} is not a Markdown document")
    return f"{stem}.pdf"


def document_pdf(document: Document, register: Register, *, timestamp: int | None = None) -> bytes:
    """``document`` (a Markdown document from
    :func:`~prefig.render.documents.render_document`) as a PDF letter with the letterhead of
    ``register``'s settings: the file's bytes, the same for the same input.

    ``timestamp`` (Unix time) is recorded as the PDF's creation date; by default
    ``SOURCE_DATE_EPOCH`` when set, else no date at all. Raises :class:`PdfError`, and
    :class:`ValueError` for a document that is not Markdown (the mail-merge CSV).
    """
    name = pdf_name(document)
    if len(document.text) > MAX_TEXT:
        raise PdfError(
            f"cannot make {name}: its text has {len(document.text):,} characters, more than "
            f"the {MAX_TEXT:,} a PDF document may have; shorten the register text it shows."
        )
    data = _layout_data(document_tree(document.text), register, _creation(timestamp))
    try:
        import typst
    except ImportError:  # pragma: no cover - typst is a dependency; a broken install
        raise PdfError(
            "PDF output needs the typst package, which is missing: pip install typst"
        ) from None
    compiler = _compiler()
    try:
        with warnings.catch_warnings():
            # Typst warns, for instance, of a glyph no bundled font has; the PDF is still
            # made (the character shows as a box) and the warning is not the user's to act on.
            warnings.simplefilter("ignore", typst.TypstWarning)
            pdf = compiler.compile(
                format="pdf",
                sys_inputs={"document": json.dumps(data, ensure_ascii=False)},
                timestamp=data["timestamp"],
            )
    except typst.TypstError as err:
        raise PdfError(f"cannot make {name}: {_reason(err)}") from None
    if not isinstance(pdf, bytes):  # pragma: no cover - one PDF is always one bytes object
        raise PdfError(f"cannot make {name}: the PDF engine returned no document")
    if len(pdf) > MAX_BYTES:
        raise PdfError(
            f"cannot make {name}: it would take {len(pdf):,} bytes, more than the "
            f"{MAX_BYTES:,} a document may have; shorten the register text it shows."
        )
    return pdf


def _reason(err: Any) -> str:
    message = str(getattr(err, "message", "") or err).strip()
    if "pages, more than" in message:
        message = message.split("panicked with: ", 1)[-1].strip('"')
        return f"{message} allowed; shorten the register text it shows."
    return f"the PDF engine failed: {message.splitlines()[0] if message else 'no reason given'}"


def _creation(timestamp: int | None) -> int | None:
    if timestamp is not None:
        _moment(timestamp)  # the caller's mistake: a ValueError or an OverflowError
        return timestamp
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        seconds = int(epoch)
        _moment(seconds)  # a time a PDF can record
    except (ValueError, OverflowError, OSError):
        raise PdfError(
            f"SOURCE_DATE_EPOCH is {epoch[:40]!r}; it must be a number of seconds since "
            "1970 (a date between the years 1970 and 9999)"
        ) from None
    return seconds


def _moment(seconds: int) -> list[int]:
    import datetime as dt

    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    if seconds < 0:
        raise ValueError("before 1970")
    return [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]


def _layout_data(tree: Node, register: Register, timestamp: int | None) -> Node:
    settings = register.settings
    head = settings.letterhead
    return {
        **tree,
        "authority": [french_typography(t) for t in (head.authority if head else [settings.name])],
        "address": [french_typography(t) for t in (head.address if head else [])],
        "footer": french_typography(head.footer) if head and head.footer else None,
        "date": _moment(timestamp) if timestamp is not None else None,
        "timestamp": timestamp,
        "max_pages": MAX_PAGES,
    }


@cache
def _compiler() -> typst.Compiler:
    """One Typst compiler for the process, rooted in an empty temporary folder that holds
    only the layout: it can read no other file, and knows only the fonts bundled with it."""
    import typst

    folder = Path(_workspace().name)
    layout = folder / LAYOUT
    layout.write_text(
        resources.files("prefig").joinpath("templates", LAYOUT).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return typst.Compiler(
        str(layout),
        root=str(folder),
        ignore_system_fonts=True,
        package_path=str(folder / "packages"),
        package_cache_path=str(folder / "packages"),
    )


@cache
def _workspace() -> tempfile.TemporaryDirectory[str]:
    import atexit

    workspace = tempfile.TemporaryDirectory(prefix="prefig-pdf-")
    atexit.register(workspace.cleanup)  # removed when the process ends
    return workspace


# ------------------------------------------------------------------ Markdown to a tree


def document_tree(markdown: str) -> Node:
    """The Markdown of a document as the data the layout shows: ``title`` (inline nodes),
    ``head``, ``body`` and ``closing`` (block nodes), and ``title_text`` (plain)."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    root = SyntaxTreeNode(parser.parse(markdown))
    blocks = [b for b in (_block(child) for child in root.children) if b is not None]
    title: list[Inline] = []
    if blocks and blocks[0]["t"] == "h" and blocks[0]["level"] == 1:
        title = blocks.pop(0)["c"]
    subject = next((i for i, b in enumerate(blocks) if _is_subject(b)), None)
    head: list[Node] = []
    if subject is not None:
        # The draft banner (a quote) stays at the top of the body; the paragraphs before
        # "Objet" are the address block.
        before, blocks = blocks[:subject], blocks[subject:]
        head = [b for b in before if b["t"] == "p"]
        for block in head:  # the date stands apart from the recipient
            block["date"] = bool(_DATE_LINE.match(_plain(block["c"])))
        blocks = [b for b in before if b["t"] != "p"] + blocks
    closing_from = len(blocks)
    while closing_from > 0 and _is_signature(blocks[closing_from - 1]):
        closing_from -= 1
    if closing_from == 0:  # a document that is all signatures has none
        closing_from = len(blocks)
    return {
        "title": title,
        "title_text": _plain(title),
        "head": head,
        "body": blocks[:closing_from],
        "closing": blocks[closing_from:],
    }


_DATE_LINE = re.compile(r"^(Le|[^,]+, le) \d.* \d{4}$")
"""The date line of a letter: ``Le 1er février 2015``, ``Toulouse, le 12 mars 2015``."""
_NBSP_BEFORE = re.compile(r" ([:;!?»])")
_NBSP_AFTER = re.compile(r"« ")


def french_typography(text: str) -> str:
    """French typography on register and template text: the typographic apostrophe, and
    no-break spaces before ``: ; ! ? »`` and after ``«`` (narrow ones but before ``:``)."""
    text = text.replace("'", "\u2019")
    text = _NBSP_BEFORE.sub(lambda m: ("\u00a0" if m[1] == ":" else "\u202f") + m[1], text)
    return _NBSP_AFTER.sub("«\u202f", text)


def _inlines(node: SyntaxTreeNode) -> list[Inline]:
    out: list[Inline] = []
    for child in node.children:
        kind = child.type
        if kind == "text" or kind == "html_inline":
            if child.content:
                out.append(french_typography(child.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append({"t": "br"})
        elif kind == "code_inline":
            out.append({"t": "code", "s": child.content})
        elif kind == "strong":
            out.append({"t": "strong", "c": _inlines(child)})
        elif kind == "em":
            out.append({"t": "em", "c": _inlines(child)})
        else:  # a link shows its text; nothing is ever fetched or linked to
            out.extend(_inlines(child))
    return out


def _block(node: SyntaxTreeNode) -> Node | None:
    kind = node.type
    if kind == "paragraph":
        return {"t": "p", "c": _inlines(node.children[0]) if node.children else []}
    if kind == "heading":
        return {"t": "h", "level": int(node.tag[1:]), "c": _inlines(node.children[0])}
    if kind in ("bullet_list", "ordered_list"):
        items = [_blocks(item) for item in node.children]
        if kind == "bullet_list":
            return {"t": "ul", "items": items}
        return {"t": "ol", "start": int(node.attrs.get("start", 1)), "items": items}
    if kind == "blockquote":
        return {"t": "quote", "c": _blocks(node)}
    if kind == "table":
        rows = [_row(row) for part in node.children for row in part.children]
        if not rows:
            return None
        width = len(rows[0])
        return {"t": "table", "head": rows[0], "rows": [_fit(r, width) for r in rows[1:]]}
    if kind == "hr":
        return {"t": "hr"}
    if kind in ("code_block", "fence", "html_block"):
        return {"t": "pre", "s": node.content}
    return None


def _blocks(node: SyntaxTreeNode) -> list[Node]:
    return [b for b in (_block(child) for child in node.children) if b is not None]


def _row(row: SyntaxTreeNode) -> list[list[Inline]]:
    return [_inlines(cell.children[0]) if cell.children else [] for cell in row.children]


def _fit(row: list[list[Inline]], width: int) -> list[list[Inline]]:
    return (row + [[] for _ in range(width)])[:width]


def _plain(nodes: Sequence[Inline]) -> str:
    return "".join(n if isinstance(n, str) else _plain(n.get("c", [])) for n in nodes).strip()


def _is_subject(block: Node) -> bool:
    return block["t"] == "p" and _plain(block["c"]).startswith("Objet")


def _is_signature(block: Node) -> bool:
    """A paragraph of the signature block: a name in bold alone, a title ending with a
    comma (``La Présidente de la Région,``) or the place and date (``Fait à ...``)."""
    if block["t"] != "p" or not block["c"]:
        return False
    text = _plain(block["c"])
    only_bold = all(
        (isinstance(n, dict) and n["t"] == "strong") or (isinstance(n, str) and not n.strip())
        for n in block["c"]
    )
    return only_bold or text.endswith(",") or text.startswith("Fait à")
