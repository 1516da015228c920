"""API keys: created once, shown once, stored only as a peppered hash.

Two kinds of key travel in the ``X-API-Key`` header:

- **secret** keys (``sk_…``) for tour operators' servers;
- **publishable** keys (``pk_…``) for widgets in web pages, valid only from the key's allowed
  origins or from the server's own origin (:mod:`itinera.api.access` checks this).

Each key has a unique name, a kind, its allowed origins and a rate limit in requests per minute.

Notes
-----
A key is ``secrets.token_urlsafe(32)``: 256 random bits. The database keeps
``HMAC-SHA256(pepper, key)`` and a short display prefix, never the key. Slow password hashes
(bcrypt, scrypt, Argon2) exist to make guessing *low-entropy* secrets expensive; a 256-bit random
key cannot be guessed however fast the hash is, so a slow hash would only add tens of
milliseconds to every request and forbid the indexed equality lookup used here. The pepper
(``$ITINERA_API_KEY_PEPPER``, one per deployment, kept out of the database) means that a leaked
database dump alone does not even let anyone test a candidate key. Changing the pepper
invalidates every key, the page key included (it is re-derived at the next start).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import JSON, DateTime, Engine, Integer, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from itinera.api.store import ItineraryStore, database_url_from_env
from itinera.errors import InvalidInputError

PEPPER_ENV = "ITINERA_API_KEY_PEPPER"
"""Environment variable holding the deployment's pepper."""

DEFAULT_PEPPER = "itinera-development-pepper"
"""Used when :data:`PEPPER_ENV` is unset: fine on a laptop, set a real one in production."""

PAGE_KEY_NAME = "itinera-pages"
"""Name of the publishable key that the server's own pages (counter, widget demo) use."""

DEFAULT_RATE_PER_MINUTE = 60
MAX_RATE_PER_MINUTE = 1_000_000
PAGE_KEY_RATE_PER_MINUTE = 120
"""Per visitor address: the page key is public, so its limit applies per client address."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_PREFIX_CHARS = 8


class KeyKind(StrEnum):
    """What a key is for."""

    SECRET = "secret"  # noqa: S105 - a kind of key, not a password
    PUBLISHABLE = "publishable"

    @property
    def prefix(self) -> str:
        """Return the prefix of this kind's keys (``sk_`` or ``pk_``)."""
        return "sk_" if self is KeyKind.SECRET else "pk_"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKey:
    """A stored key, without its clear value.

    Attributes
    ----------
    name
        Unique label chosen by the operator.
    kind
        Secret or publishable.
    origins
        Allowed origins (``scheme://host[:port]``) of a publishable key; empty for secret keys.
    rate_per_minute
        Requests per minute allowed (per key; per key and client address for publishable keys).
    prefix
        The first characters of the key, to recognise it in listings.
    created_at
        When it was created (UTC).
    """

    name: str
    kind: KeyKind
    origins: tuple[str, ...]
    rate_per_minute: int
    prefix: str
    created_at: dt.datetime


class _Base(DeclarativeBase):
    pass


class _ApiKeyRow(_Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    origins: Mapped[list[str]] = mapped_column(JSON)
    rate_per_minute: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def pepper() -> bytes:
    """Return the deployment's pepper (``$ITINERA_API_KEY_PEPPER``, else the default)."""
    return (os.environ.get(PEPPER_ENV) or DEFAULT_PEPPER).encode()


def hash_api_key(key: str) -> str:
    """Return the hex ``HMAC-SHA256`` of ``key`` under the deployment's pepper."""
    return hmac.new(pepper(), key.encode(), hashlib.sha256).hexdigest()


def page_key() -> str:
    """Return the publishable key of the server's own pages, derived from the pepper.

    Notes
    -----
    Derived rather than random so that every worker process of a deployment computes the same
    key without storing it in clear. It is public anyway (it is embedded in the pages) and it is
    valid only from the server's own origin.
    """
    digest = hmac.new(pepper(), b"itinera/page-key", hashlib.sha256).digest()
    return KeyKind.PUBLISHABLE.prefix + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def normalise_origin(origin: str) -> str:
    """Return ``origin`` as ``scheme://host[:port]``, lower case, without a trailing slash.

    Raises
    ------
    InvalidInputError
        If it is not an http(s) origin (no path, query or credentials).
    """
    text = origin.strip().rstrip("/")
    parts = urlsplit(text)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        msg = f"must be an origin such as https://portal.example.org (got {origin!r})"
        raise InvalidInputError("origins", msg)
    try:
        port = parts.port
    except ValueError:
        msg = f"has an invalid port (got {origin!r})"
        raise InvalidInputError("origins", msg) from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    default_port = {"http": 80, "https": 443}[parts.scheme]
    suffix = f":{port}" if port is not None and port != default_port else ""
    return f"{parts.scheme}://{host}{suffix}"


class KeyStore:
    """The ``api_keys`` table of the itinerary database; safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self,
        *,
        name: str,
        kind: KeyKind,
        origins: tuple[str, ...] = (),
        rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
    ) -> str:
        """Store a new key and return it in clear (the only time it is shown).

        Raises
        ------
        InvalidInputError
            If the name is taken or malformed, an origin is malformed, a secret key is given
            origins, or the rate is out of range.
        """
        cleaned = _validated(name=name, kind=kind, origins=origins, rate=rate_per_minute)
        key = kind.prefix + secrets.token_urlsafe(32)
        self._insert(name, kind, cleaned, rate_per_minute, key)
        return key

    def ensure_page_key(self, rate_per_minute: int = PAGE_KEY_RATE_PER_MINUTE) -> str:
        """Store the pages' publishable key (:func:`page_key`) unless it is there; return it."""
        key = page_key()
        key_hash = hash_api_key(key)
        with Session(self.engine) as session:
            row = session.scalar(select(_ApiKeyRow).where(_ApiKeyRow.name == PAGE_KEY_NAME))
            if (
                row is not None
                and row.key_hash == key_hash
                and row.rate_per_minute == rate_per_minute
            ):
                return key
        with Session(self.engine) as session, session.begin():  # new pepper or new rate
            session.execute(delete(_ApiKeyRow).where(_ApiKeyRow.name == PAGE_KEY_NAME))
        with contextlib.suppress(InvalidInputError):  # another worker stored it meanwhile
            self._insert(PAGE_KEY_NAME, KeyKind.PUBLISHABLE, (), rate_per_minute, key)
        return key

    def find(self, key: str) -> ApiKey | None:
        """Return the stored key whose clear value is ``key``, or None."""
        with Session(self.engine) as session:
            row = session.scalar(select(_ApiKeyRow).where(_ApiKeyRow.key_hash == hash_api_key(key)))
            return None if row is None else _api_key(row)

    def all(self) -> dict[str, ApiKey]:
        """Return every stored key by hash."""
        with Session(self.engine) as session:
            return {row.key_hash: _api_key(row) for row in session.scalars(select(_ApiKeyRow))}

    def list(self) -> tuple[ApiKey, ...]:
        """Return every stored key, sorted by name."""
        return tuple(sorted(self.all().values(), key=lambda k: k.name))

    def revoke(self, name: str) -> None:
        """Delete the key called ``name``.

        Raises
        ------
        InvalidInputError
            If there is none.
        """
        with Session(self.engine) as session, session.begin():
            deleted = session.execute(delete(_ApiKeyRow).where(_ApiKeyRow.name == name))
        if not getattr(deleted, "rowcount", 0):
            raise InvalidInputError("name", f"no API key is named {name!r}")

    def _insert(
        self, name: str, kind: KeyKind, origins: tuple[str, ...], rate: int, key: str
    ) -> None:
        row = _ApiKeyRow(
            id=uuid.uuid4().hex,
            name=name,
            kind=kind.value,
            key_hash=hash_api_key(key),
            prefix=key[:_PREFIX_CHARS],
            origins=list(origins),
            rate_per_minute=rate,
            created_at=dt.datetime.now(dt.UTC),
        )
        try:
            with Session(self.engine) as session, session.begin():
                session.add(row)
        except IntegrityError:
            msg = f"an API key named {name!r} already exists"
            raise InvalidInputError("name", msg) from None


def create_api_key(
    database_url: str | None,
    *,
    name: str,
    kind: KeyKind,
    origins: tuple[str, ...] = (),
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE,
) -> str:
    """Create a key in the database at ``database_url`` and return it in clear, once.

    Parameters
    ----------
    database_url
        SQLAlchemy URL; None uses ``$ITINERA_DATABASE_URL``, else the SQLite default. The
        schema is migrated first, so this works on a fresh database.
    name
        Unique label, 1-64 characters among letters, digits, ``.``, ``_`` and ``-``.
    kind
        Secret (servers) or publishable (widgets).
    origins
        Allowed origins of a publishable key, e.g. ``("https://portal.example.org",)``.
    rate_per_minute
        Requests per minute allowed.

    Raises
    ------
    InvalidInputError
        If an argument is invalid or the name is taken.
    """
    _validated(name=name, kind=kind, origins=origins, rate=rate_per_minute)
    store = ItineraryStore.open(database_url_from_env(database_url))
    try:
        return KeyStore(store.engine).create(
            name=name, kind=kind, origins=origins, rate_per_minute=rate_per_minute
        )
    finally:
        store.close()


def list_api_keys(database_url: str | None) -> tuple[ApiKey, ...]:
    """Return the keys stored in the database at ``database_url``, sorted by name."""
    store = ItineraryStore.open(database_url_from_env(database_url))
    try:
        return KeyStore(store.engine).list()
    finally:
        store.close()


def revoke_api_key(database_url: str | None, name: str) -> None:
    """Delete the key called ``name`` from the database at ``database_url``.

    Raises
    ------
    InvalidInputError
        If there is no such key.
    """
    store = ItineraryStore.open(database_url_from_env(database_url))
    try:
        KeyStore(store.engine).revoke(name)
    finally:
        store.close()


def _validated(*, name: str, kind: KeyKind, origins: tuple[str, ...], rate: int) -> tuple[str, ...]:
    if not _NAME.fullmatch(name):
        msg = (
            "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit "
            f"(got {name!r})"
        )
        raise InvalidInputError("name", msg)
    if not 1 <= rate <= MAX_RATE_PER_MINUTE:
        msg = f"must be between 1 and {MAX_RATE_PER_MINUTE} (got {rate})"
        raise InvalidInputError("rate_per_minute", msg)
    if kind is KeyKind.SECRET and origins:
        msg = f"only publishable keys have allowed origins (got {list(origins)})"
        raise InvalidInputError("origins", msg)
    return tuple(dict.fromkeys(normalise_origin(origin) for origin in origins))


def _api_key(row: _ApiKeyRow) -> ApiKey:
    created = row.created_at
    if created.tzinfo is None:  # SQLite keeps no offset: the column is written in UTC
        created = created.replace(tzinfo=dt.UTC)
    return ApiKey(
        name=row.name,
        kind=KeyKind(row.kind),
        origins=tuple(row.origins),
        rate_per_minute=row.rate_per_minute,
        prefix=row.prefix,
        created_at=created,
    )
