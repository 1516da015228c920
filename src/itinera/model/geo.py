"""Great-circle distances between WGS84 points."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely import Point

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), as osmnx's ``EARTH_RADIUS_M``."""


def great_circle_m(a: Point, b: Point) -> float:
    """Return the haversine distance in metres between two ``Point(lon, lat)``."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a.x, a.y, b.x, b.y))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
