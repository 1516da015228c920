"""Identifiers used across the domain."""

from __future__ import annotations

from typing import NewType

PlaceId = NewType("PlaceId", str)
"""Stable id of a place: a slug in embedded graphs, a source URI for imported records."""
