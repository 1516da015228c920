"""Timetables and routers for the transit tests, each loaded once per process.

- ``tgv``: the real national SNCF TGV feed of ``../shared/data/gtfs-sncf-tgv-2025-01``
  (service 2025-01-22..2025-02-21, calendar_dates only).
- ``ter``: ``fixtures/gtfs/aude-ter-bus`` (calendar + exceptions, frequencies, transfers, BOM,
  quoting, CRLF; illustrative timetables at real places around Carcassonne).
- ``merged``: ``ter`` and the coach feed ``fixtures/gtfs/aude-coach.zip``, namespaced.

Plain cached functions rather than pytest fixtures, so Hypothesis tests can use them too.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from itinera.graph.transit import TransitRouter
from itinera.loaders.gtfs import load_gtfs, load_gtfs_feeds

if TYPE_CHECKING:
    from itinera.model.timetable import Timetable

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT / ".." / "shared" / "data"
TGV_FEED = SHARED_DATA / "gtfs-sncf-tgv-2025-01"
OSM_PONTS_JUMEAUX = SHARED_DATA / "osm-toulouse-ponts-jumeaux" / "map.osm"
GTFS_FIXTURES = REPO_ROOT / "fixtures" / "gtfs"
TER_FEED = GTFS_FIXTURES / "aude-ter-bus"
COACH_FEED = GTFS_FIXTURES / "aude-coach.zip"
BROKEN_FEEDS = GTFS_FIXTURES / "broken"


@functools.cache
def timetable(name: str) -> Timetable:
    """Return the ``tgv``, ``ter``, ``coach`` or ``merged`` timetable."""
    if name == "tgv":
        return load_gtfs(TGV_FEED)
    if name == "ter":
        return load_gtfs(TER_FEED)
    if name == "coach":
        return load_gtfs(COACH_FEED)
    if name == "merged":
        return load_gtfs_feeds({"ter": TER_FEED, "coach": COACH_FEED})
    msg = f"no timetable named {name!r}"
    raise KeyError(msg)


@functools.cache
def router(name: str) -> TransitRouter:
    """Return a router on :func:`timetable` ``name`` with the default footpaths and buffer."""
    return TransitRouter(timetable(name))


def station(name: str, stop_name: str) -> str:
    """Return the id of the station (or the stop) of timetable ``name`` called ``stop_name``."""
    stops = timetable(name).stops
    found = [s for s in stops if s.name == stop_name]
    found.sort(key=lambda s: -s.location_type)
    return found[0].stop_id
