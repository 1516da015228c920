"""Alembic migrations of the ``itineraries`` table.

Run by :func:`itinera.api.store.upgrade_schema`; there is no ``alembic.ini``.
"""
