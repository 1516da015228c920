"""Persistence of planned itineraries: one ``itineraries`` table through SQLAlchemy 2.

The same code serves SQLite (the default, a file in the working directory) and PostgreSQL: the
columns are portable (``JSON``, timezone-aware ``DateTime``) and the schema is created by the
Alembic migrations of :mod:`itinera.api.migrations`, run programmatically by :meth:`open`.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, DateTime, Engine, String, create_engine, event, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from itinera.errors import ItineraError

DEFAULT_DATABASE_URL = "sqlite:///itinera.sqlite3"
"""A SQLite file in the working directory."""

DATABASE_URL_ENV = "ITINERA_DATABASE_URL"
"""Environment variable that overrides :data:`DEFAULT_DATABASE_URL`."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SQLITE_BUSY_TIMEOUT_S = 30
"""How long a SQLite writer waits for another one's lock before failing."""


class ItineraryNotFoundError(ItineraError):
    """No stored itinerary has this id."""

    def __init__(self, itinerary_id: str) -> None:
        self.itinerary_id = itinerary_id
        super().__init__(f"no itinerary with id {itinerary_id!r}")


class _Base(DeclarativeBase):
    pass


class _ItineraryRow(_Base):
    __tablename__ = "itineraries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    itinerary: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredItinerary:
    """A stored itinerary: ``request`` is the API request body, ``document`` the itinerary."""

    id: str
    created_at: dt.datetime
    request: dict[str, Any]
    document: dict[str, Any]


def database_url_from_env(database_url: str | None = None) -> str:
    """Return ``database_url``, else ``$ITINERA_DATABASE_URL``, else the SQLite default."""
    return database_url or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


class ItineraryStore:
    """Itineraries in a SQL database; safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, database_url: str) -> ItineraryStore:
        """Connect to ``database_url`` and bring its schema up to date (Alembic ``head``)."""
        engine = create_engine(database_url, **_engine_options(database_url))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        upgrade_schema(engine)
        return cls(engine)

    @property
    def backend(self) -> str:
        """Return the database dialect name (``sqlite``, ``postgresql``)."""
        return self.engine.dialect.name

    def add(self, *, request: dict[str, Any], document: dict[str, Any]) -> StoredItinerary:
        """Store an itinerary under a new uuid4 id and return it."""
        row = _ItineraryRow(
            id=uuid.uuid4().hex,
            created_at=dt.datetime.now(dt.UTC),
            request=request,
            itinerary=document,
        )
        stored = _stored(row)
        with Session(self.engine) as session, session.begin():
            session.add(row)
        return stored

    def get(self, itinerary_id: str) -> StoredItinerary:
        """Return the itinerary stored under ``itinerary_id``.

        Raises
        ------
        ItineraryNotFoundError
            If there is none.
        """
        with Session(self.engine) as session:
            row = session.scalar(select(_ItineraryRow).where(_ItineraryRow.id == itinerary_id))
            if row is None:
                raise ItineraryNotFoundError(itinerary_id)
            return _stored(row)

    def count(self) -> int:
        """Return how many itineraries are stored."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(_ItineraryRow)) or 0

    def is_reachable(self) -> bool:
        """Return whether the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()


def upgrade_schema(engine: Engine) -> None:
    """Run the Alembic migrations up to ``head`` on ``engine``'s database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _engine_options(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}}
    return {"pool_pre_ping": True}


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401 - DB-API
    """Use the write-ahead log so that readers never wait for the one writer."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _stored(row: _ItineraryRow) -> StoredItinerary:
    created = row.created_at
    if created.tzinfo is None:  # SQLite keeps no offset: the column is written in UTC
        created = created.replace(tzinfo=dt.UTC)
    return StoredItinerary(
        id=row.id, created_at=created, request=row.request, document=row.itinerary
    )
