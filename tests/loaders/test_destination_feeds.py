"""GTFS feeds configured in ``manifest.toml``: a real operator feed drops in by configuration."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import TYPE_CHECKING

import pytest

from itinera.errors import DataSourceError
from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.loaders.destination import DEFAULT_GRAPH, load_destination
from itinera.model.emissions import EmissionClass
from itinera.model.traveller import profile_from_spec

if TYPE_CHECKING:
    from pathlib import Path

TGV_FEED = DEFAULT_GRAPH.parents[2] / "shared" / "data" / "gtfs-sncf-tgv-2025-01"
TGV_DAY = dt.date(2025, 1, 22)
"""A Wednesday inside the TGV feed's service window."""


def _graph_copy(tmp_path: Path, feeds: str) -> Path:
    """Return a copy of the embedded graph whose manifest lists ``feeds`` (TOML tables)."""
    for name in ("places.geojson", "links.csv", "passes.json"):
        shutil.copy(DEFAULT_GRAPH / name, tmp_path / name)
    shutil.copytree(DEFAULT_GRAPH / "gtfs", tmp_path / "gtfs")
    (tmp_path / "manifest.toml").write_text(f'name = "copy"\n{feeds}', encoding="utf-8")
    return tmp_path


EMBEDDED = '[[feeds]]\nid = "pays-cathare"\npath = "gtfs/pays-cathare-illustrative"\n'


@pytest.mark.skipif(not TGV_FEED.is_dir(), reason="the shared SNCF TGV feed is not present")
def test_the_real_tgv_feed_plugs_in_by_configuration_alone(tmp_path: Path) -> None:
    tgv = f'[[feeds]]\nid = "tgv"\npath = "{TGV_FEED}"\nemission_class = "tgv"\n'
    destination = load_destination(_graph_copy(tmp_path, EMBEDDED + tgv))
    assert destination.timetable is not None
    assert [f.feed_id for f in destination.timetable.feeds] == ["pays-cathare", "tgv"]
    # Stations are matched to the graph's places by position; platforms follow their station.
    served = destination.stop_places
    assert served["tgv:StopArea:OCE87611004"] == "toulouse-matabiau"
    assert served["tgv:StopPoint:OCETGV INOUI-87615286"] == "carcassonne-gare"
    planner = JourneyPlanner(build_destination_graph(destination), profile_from_spec("couple"))
    journey = planner.journey("toulouse-matabiau", "carcassonne-gare", TGV_DAY, 7 * 3600)
    assert journey is not None
    (hop,) = journey.hops
    assert hop.trip_id is not None
    assert hop.trip_id.startswith("tgv:")
    assert hop.emission_class is EmissionClass.TGV
    tt = destination.timetable
    trip = [t.trip_id for t in tt.trips].index(hop.trip_id)
    assert tt.trips_on(TGV_DAY)[trip]


def test_the_embedded_graph_loads_its_feed_from_the_manifest(tmp_path: Path) -> None:
    destination = load_destination(_graph_copy(tmp_path, EMBEDDED))
    assert destination.timetable is not None
    assert destination.timetable.feeds[0].version == "illustrative-2027"
    assert len(destination.stop_places) == destination.timetable.n_stops


@pytest.mark.parametrize(
    ("feeds", "field", "reason"),
    [
        ('[[feeds]]\npath = "gtfs/missing"\n', "feeds[0].path", "no such feed"),
        ("[[feeds]]\nid = 'x'\n", "feeds[0]", "string 'path'"),
        (EMBEDDED + 'emission_class = "rocket"\n', "feeds[0].emission_class", "unknown emission"),
        (EMBEDDED + EMBEDDED, "feeds[1].id", "used twice"),
        (EMBEDDED + 'stops = { "x" = "nowhere" }\n', "feeds.stops", "unknown place 'nowhere'"),
    ],
)
def test_a_bad_feed_configuration_names_the_field(
    tmp_path: Path, feeds: str, field: str, reason: str
) -> None:
    with pytest.raises(DataSourceError) as caught:
        load_destination(_graph_copy(tmp_path, feeds))
    assert field in str(caught.value)
    assert reason in str(caught.value)


def test_a_graph_without_feeds_has_no_timetable(tmp_path: Path) -> None:
    destination = load_destination(_graph_copy(tmp_path, ""))
    assert destination.timetable is None
    assert destination.stop_places == {}
