"""Walk and bike networks from the real OSM extract of Toulouse, Ponts-Jumeaux (no network)."""

from __future__ import annotations

import bz2
import functools
import itertools
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

import pytest
from tests.fixtures_transit import OSM_PONTS_JUMEAUX

from itinera.errors import DataSourceError, InvalidInputError
from itinera.graph.build import REFERENCE_WALK_SPEED_MPS
from itinera.graph.footpaths import haversine_m
from itinera.loaders.osm import (
    BIKE_SPEED_MPS,
    is_covered,
    is_way_kept,
    load_osm_network,
    nearest_node,
    shortest_route,
)

if TYPE_CHECKING:
    from pathlib import Path

    from itinera.loaders.osm import ActiveRoute, NetworkType, OsmNetwork

TOWPATH = 35444448  # highway=path, foot=designated, bicycle=no: the Canal du Midi south bank
ONE_WAY_CYCLEWAY = 1115715481  # beside it, foot=no, oneway=yes (east to west)
PORT_DE_L_EMBOUCHURE = (1.426775, 43.6122347)  # node 415765028, on the towpath
TOWPATH_EAST = (1.4313938, 43.6135417)  # node 231831550, on the towpath
TOWPATH_NODES = (
    (1.426775, 43.6122347),
    (1.4276012, 43.612422),
    (1.4285958, 43.6126523),
    (1.4294515, 43.6128609),
    (1.4303533, 43.6131251),
    (1.4308198, 43.6132918),
    (1.4308509, 43.6133053),
    (1.4313938, 43.6135417),
)


@functools.cache
def _network(network_type: NetworkType) -> OsmNetwork:
    return load_osm_network(OSM_PONTS_JUMEAUX, network_type=network_type)


@functools.cache
def _raw_ways() -> dict[int, dict[str, str]]:
    root = ET.parse(OSM_PONTS_JUMEAUX).getroot()  # noqa: S314 - a local test file
    return {
        int(w.get("id", "0")): {t.get("k", ""): t.get("v", "") for t in w.iter("tag")}
        for w in root.iter("way")
    }


def _way_ids(data: dict[str, object]) -> set[int]:
    osmid = data["osmid"]
    return set(osmid) if isinstance(osmid, list) else {int(str(osmid))}


def _route_ways(network: OsmNetwork, route: ActiveRoute) -> set[int]:
    ways: set[int] = set()
    for a, b in itertools.pairwise(route.nodes):
        data = min(network.G[a][b].values(), key=lambda d: float(d["length"]))
        ways |= _way_ids(data)
    return ways


@pytest.mark.parametrize("network_type", ["walk", "bike"])
def test_load_osm_network_keeps_no_building_or_canal_bank_edge(network_type: NetworkType) -> None:
    network = _network(network_type)
    raw = _raw_ways()
    used = set().union(*(_way_ids(d) for _, _, d in network.G.edges(data=True)))
    assert used
    assert all("highway" in raw[w] for w in used)
    assert not any("building" in raw[w] or "waterway" in raw[w] for w in used)
    assert all(is_way_kept(raw[w], network_type) for w in used)
    non_highway = sum("highway" not in tags for tags in raw.values())
    assert non_highway > 300  # the raw extract is mostly buildings and banks


def test_load_osm_network_walk_excludes_foot_no_and_private_ways() -> None:
    raw = _raw_ways()
    used = set().union(*(_way_ids(d) for _, _, d in _network("walk").G.edges(data=True)))
    assert ONE_WAY_CYCLEWAY not in used
    assert not any(raw[w].get("foot") == "no" or raw[w].get("access") == "private" for w in used)
    shared = {w for w in used if raw[w]["highway"] == "cycleway"}
    assert shared  # voies vertes with foot=designated stay walkable
    assert all(raw[w].get("foot") in {"yes", "designated", "permissive"} for w in shared)


def test_shortest_route_walks_along_the_canal_towpath() -> None:
    network = _network("walk")
    route = shortest_route(network, PORT_DE_L_EMBOUCHURE, TOWPATH_EAST)
    assert route is not None
    assert _route_ways(network, route) == {TOWPATH}
    along = sum(
        float(haversine_m(a[1], a[0], b[1], b[0])) for a, b in itertools.pairwise(TOWPATH_NODES)
    )
    assert route.distance_m == pytest.approx(along, rel=0.01)
    assert route.access_m == pytest.approx(0.0, abs=1.0)
    assert route.duration_s == round(route.distance_m / REFERENCE_WALK_SPEED_MPS)


def test_shortest_route_rides_the_one_way_cycleway_its_way() -> None:
    network = _network("bike")
    route = shortest_route(network, (1.4319078, 43.6137356), (1.4260203, 43.6120188))
    assert route is not None
    assert ONE_WAY_CYCLEWAY in _route_ways(network, route)
    assert TOWPATH not in _route_ways(network, route)  # bicycle=no
    assert route.duration_s == round(route.distance_m / BIKE_SPEED_MPS)
    for a, b, data in network.G.edges(data=True):
        if ONE_WAY_CYCLEWAY in _way_ids(data):
            assert network.G.nodes[b]["x"] <= network.G.nodes[a]["x"]  # only east to west


def test_is_covered_inside_the_extract_only() -> None:
    network = _network("walk")
    assert is_covered(network, *PORT_DE_L_EMBOUCHURE)
    assert not is_covered(network, 2.3517, 43.2180)  # Carcassonne station
    node, distance = nearest_node(network, *TOWPATH_EAST)
    assert distance < 1.0
    assert network.G.nodes[node]["x"] == pytest.approx(TOWPATH_EAST[0])
    assert not is_covered(network, 1.4290, 43.6129, max_snap_m=0.5)  # mid-canal, strict snap


def test_shortest_route_is_none_outside_the_extract() -> None:
    assert shortest_route(_network("walk"), PORT_DE_L_EMBOUCHURE, (2.3517, 43.2180)) is None


def test_load_osm_network_reads_bz2(tmp_path: Path) -> None:
    packed = tmp_path / "map.osm.bz2"
    packed.write_bytes(bz2.compress(OSM_PONTS_JUMEAUX.read_bytes(), compresslevel=1))
    network = load_osm_network(packed, network_type="bike")
    assert len(network.G) == len(_network("bike").G)
    assert network.bounds == _network("bike").bounds


def test_is_way_kept_follows_osmnx_filters_with_shared_paths() -> None:
    assert is_way_kept({"highway": "footway"}, "walk")
    assert not is_way_kept({"highway": "footway"}, "bike")
    assert is_way_kept({"highway": "footway", "bicycle": "yes"}, "bike")
    assert not is_way_kept({"highway": "cycleway"}, "walk")
    assert not is_way_kept({"highway": "motorway"}, "walk")
    assert not is_way_kept({"highway": "steps"}, "bike")
    assert not is_way_kept({"highway": "service", "access": "private"}, "walk")
    assert not is_way_kept({"highway": "pedestrian", "area": "yes"}, "walk")
    assert not is_way_kept({"highway": "primary", "sidewalk": "separate"}, "walk")
    assert not is_way_kept({"waterway": "canal"}, "walk")


def test_load_osm_network_raises_when_file_is_missing_or_not_osm(tmp_path: Path) -> None:
    with pytest.raises(DataSourceError, match="OSM file is missing"):
        load_osm_network(tmp_path / "none.osm")
    html = tmp_path / "page.osm"
    html.write_text("<html><body/></html>")
    with pytest.raises(DataSourceError, match="not OSM XML"):
        load_osm_network(html)
    broken = tmp_path / "broken.osm"
    broken.write_text('<osm version="0.6">\n<node id="1" lat="43.6"\n</osm>')
    with pytest.raises(DataSourceError, match=r"broken.osm:line \d+: bad XML"):
        load_osm_network(broken)
    empty = tmp_path / "empty.osm"
    empty.write_text('<osm version="0.6"><node id="1" lat="43.6" lon="1.4"/></osm>')
    with pytest.raises(DataSourceError, match="no way of the walk network"):
        load_osm_network(empty)


def test_load_osm_network_raises_when_network_type_is_unknown() -> None:
    with pytest.raises(InvalidInputError, match="network_type: must be 'walk' or 'bike'"):
        load_osm_network(OSM_PONTS_JUMEAUX, network_type="drive")  # type: ignore[arg-type]
