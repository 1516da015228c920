"""Itinerary exports: GeoJSON (RFC 7946), GPX 1.1 and iCalendar (RFC 5545).

Every export is drawn from the domain :class:`Itinerary` and the destination's coordinates.
A leg becomes a straight line from its departure place to its arrival place: itinera knows the
stops of a leg, not the track of the train or the walk, and the exports say so
(``geometry: "straight-line"`` in GeoJSON, ``<type>`` and the description in GPX).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import icalendar

from itinera.model.destination import Destination
from itinera.model.itinerary import Itinerary, Leg, Visit

GPX_NS = "http://www.topografix.com/GPX/1/1"
PRODID = "-//itinera//itinerary export//EN"


def itinerary_geojson(itinerary: Itinerary, destination: Destination) -> dict[str, Any]:
    """Return a FeatureCollection: a Point per visit and a LineString per leg, in time order."""
    features: list[dict[str, Any]] = []
    for day_number, day in enumerate(itinerary.days, start=1):
        for step in day.steps:
            if isinstance(step, Visit):
                place = destination.places[step.place_id]
                geometry: dict[str, Any] = {
                    "type": "Point",
                    "coordinates": _lonlat(destination, step.place_id),
                }
                properties: dict[str, Any] = {
                    "kind": "visit",
                    "day": day_number,
                    "place_id": step.place_id,
                    "name": place.name,
                    "start": step.start.isoformat(),
                    "end": step.end.isoformat(),
                }
            else:
                geometry = {
                    "type": "LineString",
                    "coordinates": [
                        _lonlat(destination, step.from_id),
                        _lonlat(destination, step.to_id),
                    ],
                }
                properties = {
                    "kind": "leg",
                    "day": day_number,
                    "mode": step.mode.value,
                    "from": step.from_id,
                    "to": step.to_id,
                    "depart": step.depart.isoformat(),
                    "arrive": step.arrive.isoformat(),
                    "line": step.line,
                    "distance_m": step.distance_m,
                    "geometry": "straight-line",
                }
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def itinerary_gpx(itinerary: Itinerary, destination: Destination) -> bytes:
    """Return a GPX 1.1 document: a waypoint per visit, a track per leg."""
    ET.register_namespace("", GPX_NS)
    root = ET.Element(f"{{{GPX_NS}}}gpx", {"version": "1.1", "creator": "itinera"})
    metadata = ET.SubElement(root, f"{{{GPX_NS}}}metadata")
    _text(metadata, "name", f"{destination.name}: {itinerary.request.days}-day itinerary")
    for day in itinerary.days:
        for visit in day.visits:
            lon, lat = _lonlat(destination, visit.place_id)
            waypoint = ET.SubElement(root, f"{{{GPX_NS}}}wpt", {"lat": f"{lat}", "lon": f"{lon}"})
            _text(waypoint, "time", _utc(visit.start))
            _text(waypoint, "name", destination.places[visit.place_id].name)
            _text(waypoint, "desc", f"{_hhmm(visit.start)}-{_hhmm(visit.end)}")
    for day in itinerary.days:
        for leg in day.legs:
            track = ET.SubElement(root, f"{{{GPX_NS}}}trk")
            _text(track, "name", _leg_summary(leg, destination))
            _text(track, "desc", "straight line between the leg's ends, not the actual path")
            _text(track, "type", leg.mode.value)
            segment = ET.SubElement(track, f"{{{GPX_NS}}}trkseg")
            for place_id, moment in ((leg.from_id, leg.depart), (leg.to_id, leg.arrive)):
                lon, lat = _lonlat(destination, place_id)
                point = ET.SubElement(
                    segment, f"{{{GPX_NS}}}trkpt", {"lat": f"{lat}", "lon": f"{lon}"}
                )
                _text(point, "time", _utc(moment))
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def itinerary_ical(
    itinerary: Itinerary, destination: Destination, *, uid_prefix: str, stamp: dt.datetime
) -> bytes:
    """Return an iCalendar: a VEVENT per visit and per leg, in the destination's time zone.

    Parameters
    ----------
    uid_prefix
        Makes the events' UIDs globally unique (the itinerary id).
    stamp
        DTSTAMP of every event (when the itinerary was created).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{destination.name} itinerary")
    for d, day in enumerate(itinerary.days):
        for s, step in enumerate(day.steps):
            event = icalendar.Event()
            event.add("uid", f"{uid_prefix}-{d}-{s}@itinera")
            event.add("dtstamp", stamp)
            if isinstance(step, Visit):
                place = destination.places[step.place_id]
                event.add("summary", f"Visit: {place.name}")
                event.add("location", place.name)
                event.add("geo", (place.location.y, place.location.x))
                start, end = step.start, step.end
            else:
                event.add("summary", _leg_summary(step, destination))
                event.add("location", destination.places[step.from_id].name)
                start, end = step.depart, step.arrive
            event.add("dtstart", start.astimezone(destination.timezone))
            event.add("dtend", end.astimezone(destination.timezone))
            calendar.add_component(event)
    first = itinerary.request.start_date
    calendar.add_missing_timezones(
        first_date=first, last_date=first + dt.timedelta(days=itinerary.request.days + 1)
    )
    document: bytes = calendar.to_ical()
    return document


def _lonlat(destination: Destination, place_id: str) -> list[float]:
    location = destination.places[place_id].location  # type: ignore[index]  # PlaceId is a str
    return [location.x, location.y]


def _leg_summary(leg: Leg, destination: Destination) -> str:
    line = f" {leg.line}" if leg.line else ""
    origin, end = destination.places[leg.from_id].name, destination.places[leg.to_id].name
    return f"{leg.mode.value.capitalize()}{line}: {origin} → {end}"


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{GPX_NS}}}{tag}").text = value


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")
