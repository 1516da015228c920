"""Load a destination graph folder (``graphs/<name>/``)."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from itinera.errors import DataSourceError
from itinera.loaders.links import load_links
from itinera.loaders.passes import load_passes
from itinera.loaders.places import load_places
from itinera.model.destination import Destination

logger = logging.getLogger(__name__)

GRAPHS_DIR = Path(__file__).resolve().parents[3] / "graphs"
DEFAULT_GRAPH = GRAPHS_DIR / "pays-cathare"


def load_destination(directory: Path = DEFAULT_GRAPH) -> Destination:
    """Return the destination stored in ``directory``.

    The folder holds ``places.geojson``, optionally ``links.csv``, and optionally
    ``manifest.toml`` with ``name`` and ``timezone``.

    Raises
    ------
    DataSourceError
        If a file is missing or malformed.
    """
    places_path = directory / "places.geojson"
    if not places_path.is_file():
        raise DataSourceError(str(places_path), "", "no such file")
    manifest_path = directory / "manifest.toml"
    manifest: dict[str, object] = {}
    if manifest_path.is_file():
        try:
            manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise DataSourceError(str(manifest_path), "", str(exc)) from None
    links_path = directory / "links.csv"
    places = load_places(places_path)
    links = load_links(links_path) if links_path.is_file() else ()
    try:
        destination = Destination(
            name=str(manifest.get("name", directory.name)),
            places=places,
            links=links,
            timezone=ZoneInfo(str(manifest.get("timezone", "Europe/Paris"))),
            passes=load_passes(directory / "passes.json", places=places, missing_ok=True),
        )
    except ValueError as exc:
        raise DataSourceError(str(directory), "", str(exc)) from None
    logger.info("loaded %s: %d places, %d links", destination.name, len(places), len(links))
    return destination
