"""Load a destination graph folder (``graphs/<name>/``).

``manifest.toml`` may list GTFS feeds, several at once, each one a table::

    [[feeds]]
    path = "gtfs/pays-cathare-illustrative"   # folder or .zip, relative to the graph folder
    id = "pays-cathare"                      # optional: namespaces its ids (default: folder name)
    emission_class = "tgv"                   # optional: the feed's trains for CO2 estimates
    stops = { "StopArea:OCE87611004" = "toulouse-matabiau" }   # optional explicit mapping

A real operator feed therefore drops in by configuration alone. Each feed stop serves a place:
the one named in ``stops``, else the place whose id is the stop's own id, else (for a station
or a platform of one) the nearest place within ``STOP_PLACE_RADIUS_M``; platforms serve what
their parent station serves. Stops serving no place are not used by the planner.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from shapely import Point

from itinera.errors import DataSourceError
from itinera.loaders.gtfs import load_gtfs_feeds
from itinera.loaders.links import load_links
from itinera.loaders.passes import load_passes
from itinera.loaders.places import load_places
from itinera.model.destination import Destination
from itinera.model.emissions import EmissionClass
from itinera.model.geo import great_circle_m
from itinera.model.ids import PlaceId
from itinera.model.timetable import LOCATION_STATION

if TYPE_CHECKING:
    from collections.abc import Mapping

    from itinera.model.place import Place
    from itinera.model.timetable import Timetable

logger = logging.getLogger(__name__)

GRAPHS_DIR = Path(__file__).resolve().parents[3] / "graphs"
DEFAULT_GRAPH = GRAPHS_DIR / "pays-cathare"

STOP_PLACE_RADIUS_M = 400.0
"""A station farther than this from every place serves none (unless mapped explicitly)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedConfig:
    """One ``[[feeds]]`` entry of ``manifest.toml`` (see the module docstring)."""

    feed_id: str
    path: Path
    emission_class: EmissionClass | None = None
    stops: Mapping[str, str] | None = None


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
    feeds = feed_configs(manifest, directory, where=str(manifest_path))
    timetable = load_gtfs_feeds({f.feed_id: f.path for f in feeds}) if feeds else None
    stop_places = (
        _stop_places(timetable, feeds, places, where=str(manifest_path))
        if timetable is not None
        else {}
    )
    classes = {f.feed_id: f.emission_class for f in feeds if f.emission_class is not None}
    try:
        destination = Destination(
            name=str(manifest.get("name", directory.name)),
            places=places,
            links=links,
            timezone=ZoneInfo(str(manifest.get("timezone", "Europe/Paris"))),
            passes=load_passes(directory / "passes.json", places=places, missing_ok=True),
            timetable=timetable,
            stop_places=stop_places,
            feed_emission_classes=classes,
        )
    except ValueError as exc:
        raise DataSourceError(str(directory), "", str(exc)) from None
    logger.info(
        "loaded %s: %d places, %d links, %d feeds (%d stops serving places)",
        destination.name,
        len(places),
        len(links),
        len(feeds),
        len(stop_places),
    )
    return destination


def feed_configs(
    manifest: Mapping[str, object], directory: Path, *, where: str
) -> list[FeedConfig]:
    """Return the ``[[feeds]]`` of a manifest, paths resolved against ``directory``.

    Raises
    ------
    DataSourceError
        When an entry is not a table, lacks ``path``, names a missing path, repeats an id or
        has an unknown ``emission_class``.
    """
    raw = manifest.get("feeds", [])
    if not isinstance(raw, list):
        raise DataSourceError(where, "feeds", "must be an array of tables ([[feeds]])")
    configs: list[FeedConfig] = []
    for k, entry in enumerate(raw):
        field = f"feeds[{k}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise DataSourceError(where, field, "must be a table with a string 'path'")
        path = (directory / entry["path"]).resolve()
        if not path.exists():
            raise DataSourceError(where, f"{field}.path", f"no such feed {str(path)!r}")
        feed_id = str(entry.get("id") or path.stem)
        if any(c.feed_id == feed_id for c in configs):
            raise DataSourceError(where, f"{field}.id", f"feed id {feed_id!r} is used twice")
        emission: EmissionClass | None = None
        if "emission_class" in entry:
            try:
                emission = EmissionClass(str(entry["emission_class"]))
            except ValueError:
                known = ", ".join(c.value for c in EmissionClass)
                msg = f"unknown emission class {entry['emission_class']!r} (known: {known})"
                raise DataSourceError(where, f"{field}.emission_class", msg) from None
        stops = entry.get("stops")
        if stops is not None and not isinstance(stops, dict):
            raise DataSourceError(where, f"{field}.stops", "must be a table stop_id = place_id")
        configs.append(
            FeedConfig(
                feed_id=feed_id,
                path=path,
                emission_class=emission,
                stops={str(a): str(b) for a, b in (stops or {}).items()},
            )
        )
    return configs


def _stop_places(
    timetable: Timetable, feeds: list[FeedConfig], places: Mapping[PlaceId, Place], *, where: str
) -> dict[str, PlaceId]:
    """Return the place each stop serves (module docstring), by namespaced ``stop_id``."""
    explicit = {f"{f.feed_id}:{s}": p for f in feeds for s, p in (f.stops or {}).items()}
    for stop_id, place_id in explicit.items():
        if place_id not in places:
            msg = f"stop {stop_id!r} is mapped to unknown place {place_id!r}"
            raise DataSourceError(where, "feeds.stops", msg)
    served: dict[str, PlaceId] = {}
    for stop in timetable.stops:
        own = stop.stop_id.partition(":")[2]
        if stop.stop_id in explicit:
            served[stop.stop_id] = PlaceId(explicit[stop.stop_id])
        elif own in places:
            served[stop.stop_id] = PlaceId(own)
        elif stop.parent_station is None or stop.location_type == LOCATION_STATION:
            nearest = _nearest_place(stop.lat, stop.lon, places)
            if nearest is not None:
                served[stop.stop_id] = nearest
    for stop in timetable.stops:
        parent = stop.parent_station
        if stop.stop_id not in served and parent is not None and parent in served:
            served[stop.stop_id] = served[parent]
    return served


def _nearest_place(lat: float, lon: float, places: Mapping[PlaceId, Place]) -> PlaceId | None:
    here = Point(lon, lat)
    best = min(places.values(), key=lambda p: great_circle_m(here, p.location))
    return best.id if great_circle_m(here, best.location) <= STOP_PLACE_RADIUS_M else None
