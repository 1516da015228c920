"""Alembic environment: migrate on the connection :func:`upgrade_schema` passes in.

There is no ``alembic.ini``: the configuration is built in code, and the caller puts an open
connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
