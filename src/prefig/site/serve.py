"""A local preview of a built site (``prefig site serve``): Python's own HTTP server, bound
to the loopback address only, serving the folder's files with the media types a web host
would give them."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
HOST = "127.0.0.1"


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MEDIA_TYPES}
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a preview needs no access log."""


def preview_server(folder: Path, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for ``folder`` on 127.0.0.1:``port`` (0: any free port); the caller
    runs ``serve_forever()`` and closes it."""
    handler = functools.partial(_Handler, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)
