"""Walking and cycling networks from local OpenStreetMap XML files (osmnx, no network access).

``osmnx.graph_from_xml`` applies no ``network_type`` filter to a file: fed a raw extract it
builds edges along buildings, canal banks and fences. So the XML is streamed first with the
standard library (two passes, constant memory per element), keeping only the ways of the walk
or bike network and the nodes they use, and osmnx builds the graph from that filtered file.

The filters are osmnx's own ``walk`` and ``bike`` Overpass filters (``osmnx._overpass``), with
one change: osmnx drops every ``highway=cycleway`` from the walk network and every
``highway=footway`` from the bike network, whereas shared paths (``foot=designated`` +
``bicycle=designated``, the French *voies vertes* along canals) serve both. Here a cycleway is
walkable when ``foot`` is ``yes``/``designated``/``permissive``, and a footway rideable when
``bicycle`` is. Cyclists may ride both ways where ``oneway:bicycle=no``.

Where no extract covers a point, callers fall back to straight line x detour factor
(:func:`itinera.graph.build.derived_walk_link`); :func:`is_covered` says which case applies.
"""

from __future__ import annotations

import bz2
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal
from xml.etree import ElementTree as ET

import networkx as nx
import numpy as np
import osmnx as ox

from itinera.errors import DataSourceError, InvalidInputError
from itinera.graph.build import REFERENCE_WALK_SPEED_MPS
from itinera.graph.footpaths import haversine_m

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

logger = logging.getLogger(__name__)

NetworkType = Literal["walk", "bike"]

BIKE_SPEED_MPS = 4.2
"""Leisure cycling speed (15 km/h), as the French ADEME and most bike planners assume."""

MAX_SNAP_M = 250.0
"""A point farther than this from the network is not covered by the extract."""

_SHARED = re.compile(r"^(yes|designated|permissive)$")
_EXCLUDE = {
    "walk": re.compile(
        r"abandoned|bus_guideway|construction|motor|no|planned|platform|proposed|raceway|"
        r"razed|rest_area|services"
    ),
    "bike": re.compile(
        r"abandoned|bus_guideway|construction|corridor|elevator|escalator|motor|no|planned|"
        r"platform|proposed|raceway|razed|rest_area|services|steps"
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class OsmNetwork:
    """A walk or bike graph (osmnx schema: nodes ``x``/``y``, edges ``length`` in metres).

    ``bounds`` is ``(min_lon, min_lat, max_lon, max_lat)`` of the extract.
    """

    G: nx.MultiDiGraph[int]
    network_type: NetworkType
    speed_mps: float
    bounds: tuple[float, float, float, float]
    source: str
    node_ids: NDArray[np.int64]
    node_lon: NDArray[np.float64]
    node_lat: NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActiveRoute:
    """A shortest walk or ride: network distance plus the straight hops to and from it."""

    distance_m: float
    duration_s: int
    nodes: tuple[int, ...]
    access_m: float


def is_way_kept(tags: dict[str, str], network_type: NetworkType) -> bool:
    """Return whether a way with ``tags`` belongs to the ``walk`` or ``bike`` network.

    Examples
    --------
    >>> is_way_kept({"highway": "cycleway", "foot": "designated"}, "walk")
    True
    >>> is_way_kept({"building": "yes"}, "walk")
    False
    """
    highway = tags.get("highway")
    if highway is None or tags.get("area") == "yes" or "private" in tags.get("access", ""):
        return False
    if "private" in tags.get("service", ""):
        return False
    own, other = ("foot", "cycleway") if network_type == "walk" else ("bicycle", "footway")
    if highway == other:
        return bool(_SHARED.match(tags.get(own, "")))
    if _EXCLUDE[network_type].search(highway) or tags.get(own) == "no":
        return False
    if network_type == "walk":
        sidewalks = ("sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right")
        return not any(tags.get(k) == "separate" for k in sidewalks)
    return True


def load_osm_network(path: Path, *, network_type: NetworkType = "walk") -> OsmNetwork:
    """Return the walk or bike network of a local ``.osm`` or ``.osm.bz2`` file.

    Parameters
    ----------
    path
        An OSM XML extract.
    network_type
        ``"walk"`` (all ways walkable both ways) or ``"bike"`` (one-way streets respected).

    Raises
    ------
    DataSourceError
        When the file is missing, not OSM XML, or has no way of the network.
    """
    if network_type not in _EXCLUDE:
        msg = f"must be 'walk' or 'bike' (got {network_type!r})"
        raise InvalidInputError("network_type", msg)
    if not path.is_file():
        raise DataSourceError(str(path), "", "OSM file is missing")
    with tempfile.TemporaryDirectory() as tmp:
        filtered = Path(tmp) / "network.osm"
        bounds = _write_filtered(path, filtered, network_type)
        G = ox.graph_from_xml(filtered, bidirectional=network_type == "walk", simplify=False)
    ids = np.array(list(G.nodes), dtype=np.int64)
    lon = np.array([G.nodes[n]["x"] for n in ids], dtype=np.float64)
    lat = np.array([G.nodes[n]["y"] for n in ids], dtype=np.float64)
    if bounds is None:
        bounds = (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))
    logger.info("%s %s network: %d nodes, %d edges", path.name, network_type, len(G), len(G.edges))
    return OsmNetwork(
        G=G,
        network_type=network_type,
        speed_mps=REFERENCE_WALK_SPEED_MPS if network_type == "walk" else BIKE_SPEED_MPS,
        bounds=bounds,
        source=str(path),
        node_ids=ids,
        node_lon=lon,
        node_lat=lat,
    )


def nearest_node(network: OsmNetwork, lon: float, lat: float) -> tuple[int, float]:
    """Return the network node nearest to ``(lon, lat)`` and its great-circle distance (m)."""
    distance = haversine_m(lat, lon, network.node_lat, network.node_lon)
    k = int(np.argmin(distance))
    return int(network.node_ids[k]), float(distance[k])


def is_covered(
    network: OsmNetwork, lon: float, lat: float, *, max_snap_m: float = MAX_SNAP_M
) -> bool:
    """Return whether ``(lon, lat)`` lies inside the extract, within ``max_snap_m`` of a way."""
    min_lon, min_lat, max_lon, max_lat = network.bounds
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        return False
    return nearest_node(network, lon, lat)[1] <= max_snap_m


def shortest_route(
    network: OsmNetwork, origin: tuple[float, float], target: tuple[float, float]
) -> ActiveRoute | None:
    """Return the shortest walk or ride between two ``(lon, lat)`` points.

    The distance is the network path between the nearest nodes plus the straight hops to and
    from them; the duration is at the network's speed.

    Returns
    -------
    ActiveRoute or None
        None when a point is not :func:`is_covered` or no path joins them: the caller then
        falls back to straight line x detour factor.
    """
    if not (is_covered(network, *origin) and is_covered(network, *target)):
        return None
    a, access_a = nearest_node(network, *origin)
    b, access_b = nearest_node(network, *target)
    try:
        length, path = nx.bidirectional_dijkstra(network.G, a, b, weight="length")
    except nx.NetworkXNoPath:
        return None
    distance = float(length) + access_a + access_b
    return ActiveRoute(
        distance_m=distance,
        duration_s=round(distance / network.speed_mps),
        nodes=tuple(int(n) for n in path),
        access_m=access_a + access_b,
    )


def _open(path: Path) -> IO[bytes]:
    return bz2.open(path, "rb") if path.suffix == ".bz2" else path.open("rb")


def _elements(path: Path) -> Iterator[ET.Element]:
    """Yield the top-level elements of an OSM XML file, freeing each after use."""
    with _open(path) as handle:
        try:
            context = ET.iterparse(handle, events=("start", "end"))  # noqa: S314 - local file
            _, root = next(context)
            if root.tag != "osm":
                msg = f"not OSM XML (root element {root.tag!r})"
                raise DataSourceError(str(path), "", msg)
            for event, elem in context:
                if event == "end" and elem.tag in {"bounds", "node", "way", "relation"}:
                    yield elem
                    root.clear()
        except ET.ParseError as exc:
            raise DataSourceError(
                str(path), f"line {exc.position[0]}", f"bad XML ({exc})"
            ) from None


def _write_filtered(
    source: Path, target: Path, network_type: NetworkType
) -> tuple[float, float, float, float] | None:
    """Write the network's ways and their nodes to ``target``; return the extract's bounds."""
    bounds = None
    ways: list[bytes] = []
    refs: set[str] = set()
    for elem in _elements(source):
        if elem.tag == "bounds":
            bounds = tuple(
                float(elem.get(k, "nan")) for k in ("minlon", "minlat", "maxlon", "maxlat")
            )
        elif elem.tag == "way":
            tags = {t.get("k", ""): t.get("v", "") for t in elem.iter("tag")}
            if is_way_kept(tags, network_type):
                if network_type == "bike" and tags.get("oneway:bicycle") == "no":
                    for tag in elem.findall("tag"):
                        if tag.get("k") == "oneway":
                            elem.remove(tag)
                refs.update(nd.get("ref", "") for nd in elem.iter("nd"))
                ways.append(ET.tostring(elem))
    if not ways:
        raise DataSourceError(str(source), "", f"no way of the {network_type} network")
    with target.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(b'<osm version="0.6" generator="itinera.loaders.osm">\n')
        for elem in _elements(source):
            if elem.tag == "node" and elem.get("id") in refs:
                out.write(ET.tostring(elem))
        out.writelines(ways)
        out.write(b"</osm>\n")
    logger.info("%s: %d ways kept for the %s network", source.name, len(ways), network_type)
    if bounds is None or any(np.isnan(bounds)):
        return None
    return bounds[0], bounds[1], bounds[2], bounds[3]
