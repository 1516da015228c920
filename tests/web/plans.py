"""What the browser tests check about a plan the page received."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itinera.checker.feasibility import check_itinerary
from itinera.loaders.itinerary_json import itinerary_from_json

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from itinera.model.destination import Destination


def assert_feasible(body: dict[str, Any], destination: Destination) -> None:
    """Pass the itinerary of a ``POST /v1/itineraries`` answer through the checker."""
    itinerary = itinerary_from_json(body["itinerary"], destination)
    assert check_itinerary(itinerary, destination) == ()


def steps(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Return the visits or the legs of an answer, in order."""
    return [s for day in body["itinerary"]["days"] for s in day["steps"] if s["kind"] == kind]


def tile_sources(page: Page) -> list[str]:
    """Return the ``src`` of every map tile image on ``page`` (shadow roots included)."""
    sources: list[str] = page.locator("img.leaflet-tile").evaluate_all(
        "tiles => tiles.map(t => t.getAttribute('src'))"
    )
    return sources
