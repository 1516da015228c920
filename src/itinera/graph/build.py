"""Build the destination graph: places as nodes, car-free links as edges.

Node attributes: ``x`` (lon), ``y`` (lat), ``kind`` (:class:`~itinera.model.place.PlaceKind`).
Edge attributes: ``mode`` (:class:`~itinera.model.link.Mode`), ``duration_s`` (for a walking
adult at ``REFERENCE_WALK_SPEED_MPS`` on walk edges), ``distance_m``, ``source``, and ``link``
(the :class:`~itinera.model.link.Link`; timetabled edges carry departures and service days).

``G.graph["rides"]`` is the :class:`~itinera.graph.rides.RideIndex` of the destination's GTFS
timetable (None without one): rides are date-dependent, so they are not edges.

Walking between places closer than ``WALK_RADIUS_M`` is derived from coordinates: great-circle
distance times ``WALK_DETOUR_FACTOR``, flagged as estimated. Explicit links (footpaths up to a
castle, train and coach lines) come from the destination data.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

import networkx as nx

from itinera.graph.rides import rides_of
from itinera.model.geo import great_circle_m
from itinera.model.link import Link, Mode

if TYPE_CHECKING:
    from itinera.model.destination import Destination

logger = logging.getLogger(__name__)

WALK_RADIUS_M = 3000.0
"""Places closer than this (straight line) get a derived walking edge."""

WALK_DETOUR_FACTOR = 1.3
"""Street distance over straight-line distance; 1.2-1.4 is usual in European towns (Levinson &
El-Geneidy 2009 report a median circuity of about 1.2-1.3)."""

REFERENCE_WALK_SPEED_MPS = 1.25
"""Walking speed (4.5 km/h) that explicit footpath durations are quoted for."""

DERIVED_WALK_SOURCE = "straight line x 1.3 detour factor (estimated)"


def derived_walk_link(destination: Destination, from_id: str, to_id: str) -> Link | None:
    """Return the walking link derived from coordinates, or None if the places are too far.

    The distance is the great-circle distance times ``WALK_DETOUR_FACTOR``; the duration is for
    an adult at ``REFERENCE_WALK_SPEED_MPS``. Both are flagged as estimated.
    """
    a = destination.places[from_id]  # type: ignore[index]
    b = destination.places[to_id]  # type: ignore[index]
    straight = great_circle_m(a.location, b.location)
    if a.id == b.id or straight > WALK_RADIUS_M:
        return None
    distance_m = round(straight * WALK_DETOUR_FACTOR)
    return Link(
        from_id=a.id,
        to_id=b.id,
        mode=Mode.WALK,
        duration_s=max(1, round(distance_m / REFERENCE_WALK_SPEED_MPS)),
        distance_m=distance_m,
        source=DERIVED_WALK_SOURCE,
        estimated=frozenset({"duration_s", "distance_m"}),
    )


def build_destination_graph(destination: Destination) -> nx.MultiDiGraph[str]:
    """Return the car-free graph of ``destination`` (schema in the module docstring)."""
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=destination.name)
    G.graph["rides"] = rides_of(destination)
    for place in destination.places.values():
        G.add_node(place.id, x=place.location.x, y=place.location.y, kind=place.kind)
    for link in destination.links:
        _add_link(G, link)
    explicit_walks = {(k.from_id, k.to_id) for k in destination.links if k.mode is Mode.WALK}
    for a, b in itertools.permutations(destination.places, 2):
        if (a, b) in explicit_walks:
            continue
        walk = derived_walk_link(destination, a, b)
        if walk is not None:
            _add_link(G, walk)
    logger.info("graph %s: %d nodes, %d edges", G.name, len(G), G.number_of_edges())
    return G


def _add_link(G: nx.MultiDiGraph[str], link: Link) -> None:
    G.add_edge(
        link.from_id,
        link.to_id,
        mode=link.mode,
        duration_s=link.duration_s,
        distance_m=link.distance_m,
        source=link.source,
        link=link,
    )
