"""Who may call ``/v1/*``: API keys, publishable keys bound to origins, CORS and rate limits.

One pure ASGI middleware, :class:`AccessMiddleware`, handles every request under ``/v1/``:

1. a CORS preflight (``OPTIONS`` with ``Access-Control-Request-Method``) answers 204 when its
   ``Origin`` is allowed by some publishable key, else 403;
2. an ``X-API-Key`` header, when sent, must name a stored key (else 401); a publishable key must
   come from one of its origins or from the server's own origin (else 403 naming the origin);
3. one token is taken from the caller's bucket: per secret key, per publishable key and client
   address (a publishable key is public, so one visitor must not exhaust it for the others), or
   per client address for requests without a key; an empty bucket answers 429 with
   ``Retry-After``;
4. the resolved key goes to ``request.state.api_key``; the :func:`require_api_key` dependency of
   the solving routes refuses requests without one (401) when the app requires keys.

Responses to an allowed cross origin carry ``Access-Control-Allow-Origin: <origin>``.

Notes
-----
Starlette's ``CORSMiddleware`` takes a fixed list of origins; here the allow-list is per key and
lives in the database, so it is read from an in-memory cache refreshed every
``cache_ttl_s`` seconds, at once when a key unknown to the cache is presented (one indexed
query, the miss then remembered), and when a preflight comes from an unknown origin (at most
once a second per origin). Keys created through :class:`AccessControl` are cached immediately.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from itinera.api.keys import (
    DEFAULT_RATE_PER_MINUTE,
    PAGE_KEY_RATE_PER_MINUTE,
    ApiKey,
    KeyKind,
    KeyStore,
    hash_api_key,
    normalise_origin,
)
from itinera.api.problems import problem_response
from itinera.api.ratelimit import RateLimiter, retry_after_header
from itinera.api.schemas import FieldErrorOut
from itinera.errors import InvalidInputError, ItineraError

API_KEY_HEADER = "X-API-Key"
PROTECTED_PREFIX = "/v1/"
MAX_KEY_LENGTH = 200
"""Longer ``X-API-Key`` values are refused without a database query."""

_NEGATIVE_CACHE_SIZE = 10_000
_ORIGIN_RETRY_S = 1.0
_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "content-type, x-api-key",
    "Access-Control-Max-Age": "600",
}
_EXPOSED_HEADERS = "Location, Retry-After"

api_key_scheme = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description=(
        "A secret key (`sk_…`) for servers, or a publishable key (`pk_…`) sent from one of its "
        "allowed origins. Created with `itinera keys create`."
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessSettings:
    """Access rules of a running API (tests and benchmarks override them).

    Attributes
    ----------
    anonymous_rate_per_minute
        Requests per minute per client address for requests without a key.
    page_key_rate_per_minute
        Rate of the publishable key of the server's own pages, per client address.
    cache_ttl_s
        How long the in-memory copy of the keys is trusted before it is read again.
    """

    anonymous_rate_per_minute: int = 600
    page_key_rate_per_minute: int = PAGE_KEY_RATE_PER_MINUTE
    cache_ttl_s: float = 10.0


class ApiKeyRequiredError(ItineraError):
    """The operation needs an API key and the request has none."""

    def __init__(self) -> None:
        super().__init__(f"this operation needs an API key in the {API_KEY_HEADER} header")


class AccessControl:
    """The keys (cached from the database), the rate limiter and the access rules of one app."""

    def __init__(self, settings: AccessSettings, *, require_api_key: bool) -> None:
        self.settings = settings
        self.require_api_key = require_api_key
        self.limiter = RateLimiter()
        self._store: KeyStore | None = None
        self._keys: dict[str, ApiKey] = {}
        self._origins: frozenset[str] = frozenset()
        self._loaded_at = -float("inf")
        self._missing: dict[str, float] = {}
        self._hashes: dict[str, str] = {}
        self._unknown_origins: dict[str, float] = {}
        self._reloading = False

    def open(self, engine: Engine) -> str:
        """Attach the key table of ``engine``, load it, and return the pages' publishable key."""
        self._store = KeyStore(engine)
        key = self._store.ensure_page_key(self.settings.page_key_rate_per_minute)
        self._load()
        return key

    def create_key(
        self,
        *,
        name: str,
        kind: KeyKind,
        origins: tuple[str, ...] = (),
        rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    ) -> str:
        """Create a key (see :meth:`KeyStore.create`); it is usable at once by this app."""
        key = self._key_store().create(
            name=name, kind=kind, origins=origins, rate_per_minute=rate_per_minute
        )
        self._load()
        return key

    async def lookup(self, key: str) -> ApiKey | None:
        """Return the stored key ``key``, or None if there is none."""
        await self._refresh_if_stale()
        if len(key) > MAX_KEY_LENGTH or not key.isascii():
            return None
        key_hash = self._hashes.get(key)
        if key_hash is None:
            if len(self._hashes) >= _NEGATIVE_CACHE_SIZE:
                self._hashes.clear()
            key_hash = self._hashes[key] = hash_api_key(key)
        found = self._keys.get(key_hash)
        if found is not None or self._store is None:
            return found
        now = time.monotonic()
        if now - self._missing.get(key_hash, -float("inf")) < self.settings.cache_ttl_s:
            return None
        found = await run_in_threadpool(self._store.find, key)
        if found is None:
            if len(self._missing) >= _NEGATIVE_CACHE_SIZE:
                self._missing.clear()
            self._missing[key_hash] = now
        else:
            self._keys[key_hash] = found
            self._origins |= frozenset(found.origins)
        return found

    async def is_allowed_origin(self, origin: str) -> bool:
        """Return whether some publishable key allows ``origin``."""
        await self._refresh_if_stale()
        if origin in self._origins:
            return True
        now = time.monotonic()
        if self._store is None or now - self._unknown_origins.get(origin, -1e9) < _ORIGIN_RETRY_S:
            return False
        if len(self._unknown_origins) >= _NEGATIVE_CACHE_SIZE:
            self._unknown_origins.clear()
        self._unknown_origins[origin] = now
        await run_in_threadpool(self._load)
        return origin in self._origins

    async def _refresh_if_stale(self) -> None:
        if self._store is None or self._reloading:
            return
        if time.monotonic() - self._loaded_at < self.settings.cache_ttl_s:
            return
        self._reloading = True
        try:
            await run_in_threadpool(self._load)
        finally:
            self._reloading = False

    def _load(self) -> None:
        keys = self._key_store().all()
        self._keys = keys
        self._origins = frozenset(o for k in keys.values() for o in k.origins)
        self._missing = {}
        self._loaded_at = time.monotonic()

    def _key_store(self) -> KeyStore:
        if self._store is None:
            msg = "the key store is not open yet"
            raise RuntimeError(msg)
        return self._store


class AccessMiddleware:
    """ASGI middleware applying :class:`AccessControl` to every request under ``/v1/``."""

    def __init__(self, app: ASGIApp, *, access: AccessControl) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the preflight or the refusal, or pass the request on with CORS headers."""
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = _origin(headers.get("origin"))
        cors = None
        if origin is not None and origin != _own_origin(scope, headers):
            cors = origin if await self.access.is_allowed_origin(origin) else None
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin, cors)(scope, receive, send)
            return
        refusal, key = await self._admit(scope, headers, origin)
        if refusal is not None:
            await _with_cors(refusal, cors)(scope, receive, send)
            return
        scope.setdefault("state", {})["api_key"] = key
        if cors is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_cors(MutableHeaders(scope=message), cors)
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _preflight(self, origin: str | None, cors: str | None) -> Response:
        if cors is None:
            shown = repr(origin) if origin else "none"
            return _forbidden(f"origin {shown} is not allowed by any publishable key")
        response = Response(status_code=204, headers=_PREFLIGHT_HEADERS)
        return _with_cors(response, cors)

    async def _admit(
        self, scope: Scope, headers: Headers, origin: str | None
    ) -> tuple[Response | None, ApiKey | None]:
        """Return the refusal (401, 403, 429) or None, and the caller's key if any."""
        address = _client_address(scope)
        text = headers.get(API_KEY_HEADER)
        settings = self.access.settings
        if text is None:
            wait = self.access.limiter.acquire(
                f"addr:{address}", settings.anonymous_rate_per_minute
            )
            refusal = _rate_limited(wait, f"client address {address}") if wait else None
            return refusal, None
        key = await self.access.lookup(text)
        if key is None:
            wait = self.access.limiter.acquire(
                f"addr:{address}", settings.anonymous_rate_per_minute
            )
            if wait is not None:
                return _rate_limited(wait, f"client address {address}"), None
            return _unauthorized(), None
        bucket = f"key:{key.name}"
        if key.kind is KeyKind.PUBLISHABLE:
            seen = origin or _origin(headers.get("referer"))
            if seen is None or not (seen in key.origins or seen == _own_origin(scope, headers)):
                return _origin_refused(seen), None
            bucket = f"key:{key.name}@{address}"
        wait = self.access.limiter.acquire(bucket, key.rate_per_minute)
        if wait is not None:
            return _rate_limited(wait, f"API key {key.name!r}"), None
        return None, key


async def require_api_key(
    request: Request, _header: Annotated[str | None, Security(api_key_scheme)] = None
) -> ApiKey | None:
    """Return the caller's key; refuse (401) a request without one if the app requires keys.

    The key itself was checked by :class:`AccessMiddleware`; this dependency marks the solving
    routes (and documents the header in the OpenAPI security schemes).
    """
    key: ApiKey | None = request.scope.get("state", {}).get("api_key")
    access: AccessControl | None = getattr(request.app.state, "access", None)
    if key is None and access is not None and access.require_api_key:
        raise ApiKeyRequiredError
    return key


def install_access(app: FastAPI, access: AccessControl) -> None:
    """Add the access middleware and the 401 handler of :class:`ApiKeyRequiredError`."""
    app.state.access = access
    app.add_middleware(AccessMiddleware, access=access)
    app.add_exception_handler(ApiKeyRequiredError, _key_required)


async def _key_required(_request: Request, exc: Exception) -> JSONResponse:
    return _unauthorized(str(exc), reason="missing")


def _unauthorized(
    detail: str = f"the {API_KEY_HEADER} header does not hold a valid API key",
    *,
    reason: str = "unknown or revoked API key",
) -> JSONResponse:
    return problem_response(
        401,
        type_="/problems/unauthorized",
        detail=detail,
        errors=[FieldErrorOut(field=f"header.{API_KEY_HEADER}", reason=reason)],
        headers={"WWW-Authenticate": f'ApiKey header="{API_KEY_HEADER}"'},
    )


def _origin_refused(origin: str | None) -> JSONResponse:
    if origin is None:
        detail = "a publishable key is only accepted with an Origin header"
        return _forbidden(detail, reason="missing")
    return _forbidden(f"origin {origin!r} is not allowed for this publishable key")


def _forbidden(detail: str, *, reason: str = "origin not allowed") -> JSONResponse:
    return problem_response(
        403,
        type_="/problems/origin-not-allowed",
        detail=detail,
        errors=[FieldErrorOut(field="header.Origin", reason=reason)],
    )


def _rate_limited(wait_s: float, who: str) -> JSONResponse:
    retry = retry_after_header(wait_s)
    return problem_response(
        429,
        type_="/problems/rate-limited",
        detail=f"rate limit exceeded for {who}: retry after {retry} s",
        headers={"Retry-After": retry},
    )


def _with_cors(response: Response, origin: str | None) -> Response:
    if origin is not None:
        _add_cors(response.headers, origin)
    return response


def _add_cors(headers: MutableHeaders, origin: str) -> None:
    headers["Access-Control-Allow-Origin"] = origin
    headers["Access-Control-Expose-Headers"] = _EXPOSED_HEADERS
    headers.add_vary_header("Origin")


def _origin(value: str | None) -> str | None:
    """Return the origin of an ``Origin`` or ``Referer`` value, normalised (else as sent)."""
    if not value:
        return None
    parts = urlsplit(value)
    try:
        return normalise_origin(f"{parts.scheme}://{parts.netloc}")
    except InvalidInputError:
        return value


def _own_origin(scope: Scope, headers: Headers) -> str | None:
    host = headers.get("host")
    if not host:
        return None
    try:
        return normalise_origin(f"{scope.get('scheme', 'http')}://{host}")
    except InvalidInputError:
        return None


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
