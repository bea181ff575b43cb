"""Links between the pages of a built site: which ones point inside it, and the file each
one names."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)


def internal_links(html: str) -> list[str]:
    """Every href and src of ``html`` that points inside the site (no scheme, no host),
    fragments within the page left out."""
    parser = _Links()
    parser.feed(html)
    out = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        out.append(link)
    return out


def resolve_link(page: str, link: str) -> str:
    """The site path ``link`` leads to from ``page`` (both relative to the site's root)."""
    path = unquote(urlsplit(link).path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return target + "/index.html" if path.endswith("/") else target
