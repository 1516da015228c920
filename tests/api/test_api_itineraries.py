from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import icalendar
from tests.api_server import TWO_DAY_TRIP

from itinera.checker.feasibility import check_itinerary
from itinera.loaders.itinerary_json import FORMAT, itinerary_from_json

if TYPE_CHECKING:
    import httpx

    from itinera.model.destination import Destination

GPX = "{http://www.topografix.com/GPX/1/1}"


def test_create_itinerary_answers_201_with_location_and_a_feasible_itinerary(
    planned: httpx.Response, default_destination: Destination
) -> None:
    assert planned.status_code == 201, planned.text
    body = planned.json()
    assert len(body["id"]) == 32
    assert planned.headers["location"].endswith(f"/v1/itineraries/{body['id']}")
    document = body["itinerary"]
    assert document["format"] == FORMAT
    assert document["request"]["from"] == TWO_DAY_TRIP["from"]
    assert len(document["days"]) == 2
    itinerary = itinerary_from_json(document, default_destination)
    assert itinerary.visits
    assert check_itinerary(itinerary, default_destination) == ()


def test_get_itinerary_round_trips_the_created_body(
    client: httpx.Client, planned: httpx.Response
) -> None:
    response = client.get(planned.headers["location"])
    assert response.status_code == 200
    assert response.json() == planned.json()


def test_export_geojson_has_a_point_per_visit_and_a_line_per_leg(
    client: httpx.Client, planned: httpx.Response
) -> None:
    days = planned.json()["itinerary"]["days"]
    response = client.get(planned.json()["links"]["geojson"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    document = response.json()
    assert document["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in document["features"]]
    assert kinds == [step["kind"] for day in days for step in day["steps"]]
    for feature in document["features"]:
        geometry = feature["geometry"]
        if feature["properties"]["kind"] == "visit":
            assert geometry["type"] == "Point"
            assert len(geometry["coordinates"]) == 2
        else:
            assert geometry["type"] == "LineString"
            assert len(geometry["coordinates"]) >= 2


def test_export_gpx_is_gpx_1_1_with_waypoints_and_tracks(
    client: httpx.Client, planned: httpx.Response
) -> None:
    days = planned.json()["itinerary"]["days"]
    response = client.get(planned.json()["links"]["gpx"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gpx+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's output
    assert root.tag == f"{GPX}gpx"
    assert root.get("version") == "1.1"
    visits = [s for day in days for s in day["steps"] if s["kind"] == "visit"]
    legs = [s for day in days for s in day["steps"] if s["kind"] == "leg"]
    waypoints = root.findall(f"{GPX}wpt")
    assert [w.findtext(f"{GPX}name") for w in waypoints] == [v["name"] for v in visits]
    tracks = root.findall(f"{GPX}trk")
    assert [t.findtext(f"{GPX}type") for t in tracks] == [leg["mode"] for leg in legs]
    for track in tracks:
        points = track.findall(f"{GPX}trkseg/{GPX}trkpt")
        assert len(points) == 2
        assert all(p.findtext(f"{GPX}time", "").endswith("Z") for p in points)


def test_export_ical_has_an_event_per_step_in_europe_paris(
    client: httpx.Client, planned: httpx.Response
) -> None:
    days = planned.json()["itinerary"]["days"]
    response = client.get(planned.json()["links"]["ics"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Paris"]
    events = calendar.events
    steps = [s for day in days for s in day["steps"]]
    assert len(events) == len(steps)
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = events[0]
    start = first.decoded("DTSTART")
    assert isinstance(start, dt.datetime)
    assert str(start.tzinfo) == "Europe/Paris"
    expected = steps[0]["start"] if steps[0]["kind"] == "visit" else steps[0]["depart"]
    assert start == dt.datetime.fromisoformat(expected)
    assert b"DTSTART;TZID=Europe/Paris:" in response.content


def test_sample_route_plans_and_redirects_to_the_itinerary(client: httpx.Client) -> None:
    response = client.get("/v1/sample")
    assert response.status_code == 303
    location = response.headers["location"]
    itinerary = client.get(location).json()["itinerary"]
    assert itinerary["request"]["from"] == "toulouse-matabiau"
    assert itinerary["request"]["to"] == "carcassonne-gare"
    assert len(itinerary["days"]) == 3


def test_unknown_itinerary_answers_404_problem(client: httpx.Client) -> None:
    for path in ("/v1/itineraries/0123456789abcdef", "/v1/itineraries/nope.gpx"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "/problems/not-found"
        assert problem["status"] == 404
