"""Reading JSON-LD values as the DATAtourisme flux writes them (lists, IRIs, prefixed names)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def iri(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("@id")
    return value if isinstance(value, str) else ""


def local_name(iri: str) -> str:
    """Return ``Museum`` for ``Museum``, ``schema:Museum`` or ``https://...core#Museum``."""
    return re.split(r"[#/:]", iri)[-1]
