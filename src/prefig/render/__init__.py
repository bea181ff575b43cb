"""Meeting documents: the agenda, the public notice and the convocation letters, as Markdown.

One module per concern:

- :mod:`~prefig.render.markdown`: the one Markdown escaper, ``Safe`` text, placeholders;
- :mod:`~prefig.render.wording`: French wording (articles, civilities, offices, vocatives);
- :mod:`~prefig.render.context`: the template variables of a meeting's documents;
- :mod:`~prefig.render.documents`: the document-kind table and the function rendering any kind;
- :mod:`~prefig.render.policy`: what refuses a document and what is warned about first;
- :mod:`~prefig.render.sandbox`: the Jinja sandbox, template loading and confinement;
- :mod:`~prefig.render.bounds`: the size bounds of everything a template builds.

Nothing here prints or exits; problems are raised as :class:`TemplateRenderError`.

The names below are imported on first use, so that ``prefig.render.markdown`` (which ``prefig
diff`` and ``prefig bodies graph`` use) loads neither Jinja nor the document machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as type checkers see them; imported on first use below
    from prefig.render.catalog import PACKAGE_TEMPLATES
    from prefig.render.context import Builder, Recipient, ns
    from prefig.render.documents import (
        DOCUMENTS,
        Document,
        DocumentKind,
        document_kind,
        file_name,
        render_document,
    )
    from prefig.render.markdown import Safe, escape_markdown, placeholder
    from prefig.render.policy import Finding, review
    from prefig.render.sandbox import (
        FILTERS,
        TemplateRenderError,
        environment,
        render_template,
        search_path,
    )
    from prefig.render.wording import (
        article,
        civility,
        join_words,
        of,
        office_title,
        plural,
        vocative,
    )

__all__ = [
    "DOCUMENTS",
    "FILTERS",
    "PACKAGE_TEMPLATES",
    "Builder",
    "Document",
    "DocumentKind",
    "Finding",
    "Recipient",
    "Safe",
    "TemplateRenderError",
    "article",
    "civility",
    "document_kind",
    "environment",
    "escape_markdown",
    "file_name",
    "join_words",
    "ns",
    "of",
    "office_title",
    "placeholder",
    "plural",
    "render_document",
    "render_template",
    "review",
    "search_path",
    "vocative",
]

_HOME = {
    "Builder": "context",
    "Recipient": "context",
    "ns": "context",
    "DOCUMENTS": "documents",
    "Document": "documents",
    "DocumentKind": "documents",
    "document_kind": "documents",
    "file_name": "documents",
    "render_document": "documents",
    "Safe": "markdown",
    "escape_markdown": "markdown",
    "placeholder": "markdown",
    "Finding": "policy",
    "review": "policy",
    "FILTERS": "sandbox",
    "PACKAGE_TEMPLATES": "catalog",
    "TemplateRenderError": "sandbox",
    "environment": "sandbox",
    "render_template": "sandbox",
    "search_path": "sandbox",
    "article": "wording",
    "civility": "wording",
    "join_words": "wording",
    "of": "wording",
    "office_title": "wording",
    "plural": "wording",
    "vocative": "wording",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
