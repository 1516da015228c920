# ruff: noqa: INP001 - a standalone script, not a package
"""Generate the illustrative GTFS feed of the Pays Cathare graph from its compact description.

Usage (from the repository root)::

    .venv/bin/python scripts/build_pays_cathare_gtfs.py

reads ``graphs/pays-cathare/gtfs/pays-cathare-illustrative.toml`` and the stop positions and
names from ``graphs/pays-cathare/places.geojson``, and (re)writes the GTFS feed in
``graphs/pays-cathare/gtfs/pays-cathare-illustrative/``. The output is deterministic, so the
committed feed can be regenerated and diffed. Stop ids are the graph's place ids.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "graphs" / "pays-cathare"
SOURCE = GRAPH / "gtfs" / "pays-cathare-illustrative.toml"
OUTPUT = GRAPH / "gtfs" / "pays-cathare-illustrative"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
TIMEZONE = "Europe/Paris"


def easter(year: int) -> dt.date:
    """Return Easter Sunday of ``year`` (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * el) // 433
    month = (h + el - 7 * m + 90) // 25
    return dt.date(year, month, (h + el - 7 * m + 33 * month + 19) % 32)


def french_public_holidays(year: int) -> list[dt.date]:
    """Return the eleven French public holidays of ``year`` (metropolitan France)."""
    sunday = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [sunday + dt.timedelta(days=n) for n in (1, 39, 50)]
    return sorted([dt.date(year, m, d) for m, d in fixed] + moving)


def weekday_flags(spec: str) -> list[int]:
    """Return the seven calendar.txt flags of ``"Mo-Sa"`` or ``"Su"``."""
    first, _, last = spec.partition("-")
    lo = DAY_CODES.index(first)
    hi = DAY_CODES.index(last or first)
    return [int(lo <= k <= hi) for k in range(7)]


def gtfs_date(day: dt.date) -> str:
    """Return ``YYYYMMDD``."""
    return day.strftime("%Y%m%d")


def hhmm_minutes(text: str) -> int:
    """Return minutes after midnight of ``"HH:MM"``."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def gtfs_time(minutes: int) -> str:
    """Return ``HH:MM:SS`` of a minute count."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def departures(direction: dict[str, Any]) -> list[int]:
    """Return the first-stop departures of a direction, listed or ``every`` N minutes."""
    if "every" in direction:
        first, last, step = direction["every"]
        return list(range(hhmm_minutes(first), hhmm_minutes(last) + 1, int(step)))
    return [hhmm_minutes(t) for t in direction["departures"]]


def services(spec: dict[str, Any], feed: dict[str, Any]) -> tuple[list[list[str]], list[list[str]]]:
    """Return calendar.txt and calendar_dates.txt rows of every service pattern."""
    start = dt.date.fromisoformat(feed["start_date"])
    end = dt.date.fromisoformat(feed["end_date"])
    years = range(start.year, end.year + 1)
    holidays = [d for y in years for d in french_public_holidays(y) if start <= d <= end]
    calendar: list[list[str]] = []
    dates: list[list[str]] = []
    for service_id, pattern in spec.items():
        flags = weekday_flags(pattern["weekdays"])
        removed = {
            dt.date(y, *map(int, md.split("-"))) for md in pattern.get("removed", ()) for y in years
        }
        if "season" in pattern:
            for year in years:
                first, last = (dt.date(year, *map(int, md.split("-"))) for md in pattern["season"])
                sid = f"{service_id}-{year}"
                calendar.append([sid, *map(str, flags), gtfs_date(first), gtfs_date(last)])
                dates.extend(
                    [sid, gtfs_date(d), "2"] for d in sorted(removed) if first <= d <= last
                )
            continue
        calendar.append([service_id, *map(str, flags), gtfs_date(start), gtfs_date(end)])
        exceptions: dict[dt.date, str] = {}
        for day in holidays:
            runs_by_weekday = bool(flags[day.weekday()])
            if pattern["holidays"] == "off" and runs_by_weekday:
                exceptions[day] = "2"
            elif pattern["holidays"] == "only" and not runs_by_weekday:
                exceptions[day] = "1"
        for day in removed:
            if start <= day <= end:
                if exceptions.get(day) == "1":
                    del exceptions[day]
                elif flags[day.weekday()]:
                    exceptions[day] = "2"
        dates.extend([service_id, gtfs_date(d), kind] for d, kind in sorted(exceptions.items()))
    return calendar, dates


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    """Write one GTFS file (UTF-8, no BOM, LF line ends, minimal quoting)."""
    with (OUTPUT / name).open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main() -> int:
    """Generate the feed; return the process exit status."""
    spec = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
    places = {
        f["properties"]["id"]: f
        for f in json.loads((GRAPH / "places.geojson").read_text(encoding="utf-8"))["features"]
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    feed = spec["feed"]
    write(
        "agency.txt",
        ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"],
        [[k, a["name"], a["url"], TIMEZONE, feed["lang"]] for k, a in spec["agencies"].items()],
    )
    calendar, calendar_dates = services(spec["services"], feed)
    write("calendar.txt", ["service_id", *WEEKDAYS, "start_date", "end_date"], calendar)
    write("calendar_dates.txt", ["service_id", "date", "exception_type"], calendar_dates)
    write(
        "feed_info.txt",
        [
            "feed_publisher_name",
            "feed_publisher_url",
            "feed_lang",
            "feed_start_date",
            "feed_end_date",
            "feed_version",
        ],
        [
            [
                feed["publisher_name"],
                feed["publisher_url"],
                feed["lang"],
                gtfs_date(dt.date.fromisoformat(feed["start_date"])),
                gtfs_date(dt.date.fromisoformat(feed["end_date"])),
                feed["version"],
            ]
        ],
    )
    used: dict[str, None] = {}
    routes: list[list[str]] = []
    trips: list[list[str]] = []
    stop_times: list[list[str]] = []
    for route in spec["routes"]:
        rid = route["id"]
        routes.append(
            [
                rid,
                route["agency"],
                route["short_name"],
                route["long_name"],
                str(route["route_type"]),
            ]
        )
        pattern = spec["services"][route["service"]]
        service_ids = (
            [
                f"{route['service']}-{y}"
                for y in range(int(feed["start_date"][:4]), int(feed["end_date"][:4]) + 1)
            ]
            if "season" in pattern
            else [route["service"]]
        )
        dwell = int(route.get("dwell_min", 1))
        for direction_id, direction in enumerate(route["directions"]):
            stops = direction["stops"]
            for stop_id, _ in stops:
                if stop_id not in places:
                    sys.stderr.write(f"{rid}: unknown place {stop_id!r}\n")
                    return 1
                used[stop_id] = None
            headsign = places[stops[-1][0]]["properties"]["name"]
            for start in departures(direction):
                for service_id in service_ids:
                    suffix = f"-{service_id[-4:]}" if service_id != route["service"] else ""
                    trip_id = (
                        f"{rid}-{'ab'[direction_id]}-{start // 60:02d}{start % 60:02d}{suffix}"
                    )
                    trips.append([rid, service_id, trip_id, headsign, str(direction_id)])
                    for seq, (stop_id, minute) in enumerate(stops, start=1):
                        arrive = start + int(minute)
                        leave = arrive if seq in {1, len(stops)} else arrive + dwell
                        stop_times.append(
                            [trip_id, gtfs_time(arrive), gtfs_time(leave), stop_id, str(seq)]
                        )
    write(
        "routes.txt",
        ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
        routes,
    )
    write(
        "trips.txt", ["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"], trips
    )
    write(
        "stop_times.txt",
        ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"],
        stop_times,
    )
    stop_rows = []
    for stop_id in sorted(used):
        props, (lon, lat) = (
            places[stop_id]["properties"],
            places[stop_id]["geometry"]["coordinates"],
        )
        stop_rows.append([stop_id, props["name"], f"{lat:.5f}", f"{lon:.5f}", "0"])
    write("stops.txt", ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"], stop_rows)
    sys.stdout.write(
        f"{OUTPUT.relative_to(ROOT)}: {len(stop_rows)} stops, {len(routes)} routes, "
        f"{len(trips)} trips, {len(stop_times)} stop times\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
