"""Destination fixtures, re-exported by ``tests/conftest.py``.

``tiny_destination`` is the real-format graph folder ``fixtures/tiny-destination`` (ten places
around Carcassonne, real coordinates, illustrative hours and timetables).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from itinera.loaders.destination import DEFAULT_GRAPH, load_destination

if TYPE_CHECKING:
    from itinera.model.destination import Destination

REPO_ROOT = Path(__file__).resolve().parents[1]
TINY_DESTINATION_DIR = REPO_ROOT / "fixtures" / "tiny-destination"


@functools.cache
def load_tiny_destination() -> Destination:
    """Return the tiny destination, loaded once (also usable where fixtures are not)."""
    return load_destination(TINY_DESTINATION_DIR)


@pytest.fixture(scope="session")
def tiny_destination() -> Destination:
    """Return the tiny real-format destination of ``fixtures/tiny-destination``."""
    return load_tiny_destination()


@functools.cache
def load_default_destination() -> Destination:
    """Return the embedded Pays Cathare destination of ``graphs/pays-cathare``, loaded once."""
    return load_destination(DEFAULT_GRAPH)


@pytest.fixture(scope="session")
def default_destination() -> Destination:
    """Return the embedded Pays Cathare destination."""
    return load_default_destination()
