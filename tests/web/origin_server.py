"""A second web server on another port: the tourism portal that embeds the widget."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


class _Portal(ThreadingHTTPServer):
    pages: dict[str, str]


class _PortalHandler(BaseHTTPRequestHandler):
    server: _Portal

    def do_GET(self) -> None:
        page = self.server.pages.get(self.path.split("?")[0])
        if page is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = page.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """Stay quiet."""


@contextmanager
def portal_server() -> Iterator[tuple[str, dict[str, str]]]:
    """Serve HTML pages on 127.0.0.1 (free port); yield its origin and the path -> page map."""
    server = _Portal(("127.0.0.1", 0), _PortalHandler)
    server.pages = {}
    thread = threading.Thread(target=server.serve_forever, name="portal", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.pages
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
