"""Database fixtures: each test gets a fresh SQLite file and, when a server is given, PostgreSQL.

``$ITINERA_TEST_POSTGRES_URL`` names a PostgreSQL server reachable with rights to create
databases (``.ci/run`` starts a throwaway one, see ``scripts/test_postgres.sh``). Each
PostgreSQL variant runs in a database of its own, created for the test and dropped after it.
Without the variable, the PostgreSQL variants are skipped, saying why.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.api_server import sqlite_url

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POSTGRES_URL_ENV = "ITINERA_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Return the URL of an empty database, once per backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "itinera.sqlite3")
        return
    server = os.environ.get(POSTGRES_URL_ENV)
    if not server:
        pytest.skip(f"PostgreSQL variant: set {POSTGRES_URL_ENV} to run it (.ci/run does)")
    with fresh_postgres_database(server) as url:
        yield url


@contextmanager
def fresh_postgres_database(server: str) -> Iterator[str]:
    """Create a database on ``server``, yield its URL, then drop it."""
    name = f"itinera_test_{uuid.uuid4().hex[:16]}"
    _execute(server, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        _execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _execute(server: str, statement: str) -> None:
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
