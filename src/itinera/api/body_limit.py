"""Refuse request bodies over a size limit with 413 problem+json, before any route sees them.

The declared ``Content-Length`` is checked first; a body sent without it (chunked) is counted
while it is read. The accepted body is buffered (it is at most ``max_bytes``) and replayed to the
application. A pure ASGI middleware rather than ``BaseHTTPMiddleware``, so that streaming and
background tasks behave normally.

FastAPI 0.13x and later also offer ``FastAPI(max_body_size=...)``; this middleware keeps the
limit and its problem document the same on every FastAPI release the project accepts.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from itinera.api.problems import problem_response

DEFAULT_MAX_BODY_BYTES = 64 * 1024


class BodyLimitMiddleware:
    """ASGI middleware answering 413 to bodies longer than ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or answer 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, f"declared {declared} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client went away: let the app see it
                await self.app(scope, _replay(b"".join(chunks), message, receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send, f"more than {self.max_bytes} bytes sent")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), None, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, what: str) -> None:
        detail = f"request body must be at most {self.max_bytes} bytes ({what})"
        response = problem_response(
            413,
            type_="/problems/body-too-large",
            detail=detail,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


def _replay(body: bytes, last: Message | None, receive: Receive) -> Receive:
    """Return a ``receive`` that yields ``body`` once, then ``last``, then the real messages."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if last is not None:
        pending = [last]

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
