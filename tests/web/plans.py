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


_TILES_FAILED_CLEANLY = """prefix => {
  const roots = [document, ...[...document.querySelectorAll('[data-itinera-widget]')]
    .map(host => host.shadowRoot).filter(Boolean)];
  const tiles = roots.flatMap(root => [...root.querySelectorAll('img.leaflet-tile')]);
  const blank = tile => (tile.getAttribute('src') || '').startsWith(prefix);
  return tiles.length > 0 && tiles.every(blank);
}"""


def wait_for_blank_tiles(page: Page, prefix: str) -> None:
    """Wait until the map has tiles and every one that failed shows the blank image.

    The tests' tile server refuses connections, so every tile fails: none may stay a broken
    image (its ``src`` becomes ``prefix``, the blank tile).
    """
    page.wait_for_function(_TILES_FAILED_CLEANLY, arg=prefix, timeout=15_000)
