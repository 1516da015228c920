"""GTFS feeds (folders or zips) to a :class:`~itinera.model.timetable.Timetable`.

Reads ``agency``, ``stops``, ``routes``, ``trips``, ``stop_times`` (required), ``calendar``
and/or ``calendar_dates`` (at least one), and the optional ``frequencies``, ``transfers`` and
``feed_info``. Several feeds (TGV + TER + coaches) merge into one timetable; their ids are then
namespaced ``feed_id:id`` so that two feeds' ``stop_id`` "1" never collide. Stops of different
feeds are linked by the router's walking transfers, not here.

The csv module is used rather than pandas: a feed of 17,000 stop times loads in well under a
second this way, and every row keeps its line number for error messages.

Service days are kept from the earliest date of any service for at most
``MAX_SERVICE_DAYS`` days; calendars promising service until 2099 are cut there, with a log
line.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from itinera.errors import DataSourceError
from itinera.loaders._gtfs_csv import (
    FeedSource,
    Table,
    column_values,
    float_in,
    int_in,
    parse_date,
    read_table,
)
from itinera.loaders._gtfs_stop_times import StopTimes, read_stop_times
from itinera.model.timetable import (
    LOCATION_STOP,
    FeedInfo,
    Route,
    Stop,
    Timetable,
    Transfer,
    Trip,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from numpy.typing import NDArray

logger = logging.getLogger(__name__)

MAX_SERVICE_DAYS = 3 * 366
"""Longest span of service days kept (three years from the first one)."""

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(slots=True)
class _Service:
    ranges: list[tuple[dt.date, dt.date, tuple[bool, ...]]] = field(default_factory=list)
    added: set[dt.date] = field(default_factory=set)
    removed: set[dt.date] = field(default_factory=set)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Feed:
    info: FeedInfo
    timezone: str
    timezone_at: str
    stops: tuple[Stop, ...]
    routes: tuple[Route, ...]
    trips: tuple[Trip, ...]
    trip_route: NDArray[np.int64]
    services: dict[str, _Service]
    stop_times: StopTimes
    transfers: tuple[Transfer, ...]


def load_gtfs(path: Path, *, feed_id: str | None = None) -> Timetable:
    """Return the timetable of one GTFS feed (a folder of ``.txt`` files or a ``.zip``).

    Parameters
    ----------
    path
        The feed.
    feed_id
        When given, every id is namespaced ``feed_id:id``; otherwise ids are the feed's own.

    Raises
    ------
    DataSourceError
        On a missing file or column, or a bad value, naming the file, line and column.
    """
    return _merge([_read_feed(FeedSource(path), feed_id)])


def load_gtfs_feeds(feeds: Mapping[str, Path]) -> Timetable:
    """Return one timetable merging several feeds, ids namespaced ``feed_id:id``.

    Parameters
    ----------
    feeds
        Feed id (``"tgv"``, ``"ter"``...) to feed path.

    Raises
    ------
    DataSourceError
        As :func:`load_gtfs`, or when the feeds' agencies are in different time zones.
    """
    return _merge([_read_feed(FeedSource(p), f) for f, p in feeds.items()])


def _merge(feeds: list[_Feed]) -> Timetable:
    timezone = feeds[0].timezone
    for feed in feeds[1:]:
        if feed.timezone != timezone:
            got = feed.timezone
            msg = f"agency_timezone: differs from {timezone} of the first feed (got {got!r})"
            raise DataSourceError(feed.timezone_at, "", msg)
    service_ids = tuple(s for feed in feeds for s in feed.services)
    first_date, service_days = _service_matrix([s for f in feeds for s in f.services.values()])
    service_index = {s: i for i, s in enumerate(service_ids)}
    stop_offsets = np.cumsum([0] + [len(f.stops) for f in feeds])
    route_offsets = np.cumsum([0] + [len(f.routes) for f in feeds])
    st_offsets = np.cumsum([0] + [len(f.stop_times.stop) for f in feeds])
    trips = tuple(t for f in feeds for t in f.trips)
    return Timetable(
        timezone=timezone,
        feeds=tuple(f.info for f in feeds),
        stops=tuple(s for f in feeds for s in f.stops),
        routes=tuple(r for f in feeds for r in f.routes),
        trips=trips,
        transfers=tuple(t for f in feeds for t in f.transfers),
        service_ids=service_ids,
        first_date=first_date,
        service_days=service_days,
        trip_route=np.concatenate(
            [f.trip_route + route_offsets[k] for k, f in enumerate(feeds)]
        ).astype(np.int32),
        trip_service=np.array([service_index[t.service_id] for t in trips], dtype=np.int32),
        trip_start=np.concatenate(
            [[0]] + [f.stop_times.trip_start[1:] + st_offsets[k] for k, f in enumerate(feeds)]
        ).astype(np.int64),
        stop_time_stop=np.concatenate(
            [f.stop_times.stop + stop_offsets[k] for k, f in enumerate(feeds)]
        ).astype(np.int32),
        arrival_s=np.concatenate([f.stop_times.arrival_s for f in feeds]).astype(np.int32),
        departure_s=np.concatenate([f.stop_times.departure_s for f in feeds]).astype(np.int32),
        pickup=np.concatenate([f.stop_times.pickup for f in feeds]).astype(np.bool_),
        drop_off=np.concatenate([f.stop_times.drop_off for f in feeds]).astype(np.bool_),
    )


def _read_feed(source: FeedSource, feed_id: str | None) -> _Feed:
    prefix = f"{feed_id}:" if feed_id else ""
    timezone, timezone_at = _read_timezone(source)
    stops, stop_index, stations = _read_stops(source, prefix)
    routes, route_index = _read_routes(source, prefix)
    services = _read_services(source)
    table = read_table(source, "trips.txt", ("route_id", "service_id", "trip_id"))
    route_of = column_values(table, "route_id", route_index.__getitem__, "not in routes.txt")
    column_values(table, "service_id", lambda s: services[s], "not in calendar(_dates).txt")
    raw_trip_ids = table.values("trip_id")
    _check_unique(table, "trip_id", raw_trip_ids)
    stop_times = read_stop_times(source, raw_trip_ids, stop_index, stations)
    service_col, headsigns = table.values("service_id"), table.values("trip_headsign")
    wheelchair = column_values(
        table, "wheelchair_accessible", int_in(0, 2, empty=0), "not 0, 1 or 2"
    )
    templates = stop_times.template.tolist()
    trips = tuple(
        Trip(
            trip_id=prefix + trip_id,
            route_id=routes[route_of[t]].route_id,
            service_id=prefix + service_col[t],
            headsign=headsigns[t],
            wheelchair_accessible=wheelchair[t],
        )
        for trip_id, t in zip(stop_times.trip_ids, templates, strict=True)
    )
    return _Feed(
        info=_read_feed_info(source, feed_id),
        timezone=timezone,
        timezone_at=timezone_at,
        stops=stops,
        routes=routes,
        trips=trips,
        trip_route=np.array(route_of, dtype=np.int64)[stop_times.template],
        services={prefix + k: v for k, v in services.items()},
        stop_times=stop_times,
        transfers=_read_transfers(source, prefix, {s.stop_id for s in stops}),
    )


def _check_unique(table: Table, column: str, values: list[str]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if not value:
            table.fail(i, column, "required value is empty")
        if value in seen:
            table.fail(i, column, "repeats an earlier row", value)
        seen.add(value)


def _read_timezone(source: FeedSource) -> tuple[str, str]:
    table = read_table(source, "agency.txt", ("agency_name", "agency_timezone"))
    if not len(table):
        raise DataSourceError(table.label, "", "no agency")
    zones = table.values("agency_timezone")
    for i, zone in enumerate(zones):
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            table.fail(i, "agency_timezone", "unknown IANA time zone", zone)
        if zone != zones[0]:
            table.fail(i, "agency_timezone", f"differs from {zones[0]} of line 2", zone)
    return zones[0], f"{table.label}:line {table.lines[0]}"


def _read_stops(
    source: FeedSource, prefix: str
) -> tuple[tuple[Stop, ...], dict[str, int], frozenset[str]]:
    table = read_table(source, "stops.txt", ("stop_id", "stop_lat", "stop_lon"))
    ids = table.values("stop_id")
    _check_unique(table, "stop_id", ids)
    kinds = column_values(table, "location_type", int_in(0, 4, empty=0), "not an int in 0-4")
    keep = [i for i, kind in enumerate(kinds) if kind <= 2]  # noqa: PLR2004 - GTFS entrance
    kept = Table(
        label=table.label,
        columns=table.columns,
        rows=[table.rows[i] for i in keep],
        lines=[table.lines[i] for i in keep],
    )
    lats = column_values(kept, "stop_lat", float_in(-90, 90), "not a latitude")
    lons = column_values(kept, "stop_lon", float_in(-180, 180), "not a longitude")
    access = column_values(kept, "wheelchair_boarding", int_in(0, 2, empty=0), "not 0, 1 or 2")
    names, parents = kept.values("stop_name"), kept.values("parent_station")
    known = set(ids)
    for row, parent in enumerate(parents):
        if parent and parent not in known:
            kept.fail(row, "parent_station", "not in stops.txt", parent)
    stops = tuple(
        Stop(
            stop_id=prefix + ids[i],
            name=names[row] or ids[i],
            lat=lats[row],
            lon=lons[row],
            location_type=kinds[i],
            parent_station=prefix + parents[row] if parents[row] else None,
            wheelchair_boarding=access[row],
        )
        for row, i in enumerate(keep)
    )
    index = {ids[i]: row for row, i in enumerate(keep) if kinds[i] == LOCATION_STOP}
    stations = frozenset(ids[i] for i in keep if kinds[i] != LOCATION_STOP)
    return stops, index, stations


def _read_routes(source: FeedSource, prefix: str) -> tuple[tuple[Route, ...], dict[str, int]]:
    table = read_table(source, "routes.txt", ("route_id", "route_type"))
    ids = table.values("route_id")
    _check_unique(table, "route_id", ids)
    types = column_values(table, "route_type", int_in(0, 1799), "not a GTFS route type")
    agencies, short, long = (
        table.values("agency_id"),
        table.values("route_short_name"),
        table.values("route_long_name"),
    )
    routes = tuple(
        Route(
            route_id=prefix + ids[i],
            agency_id=prefix + agencies[i],
            short_name=short[i],
            long_name=long[i],
            route_type=types[i],
        )
        for i in range(len(table))
    )
    return routes, {route_id: i for i, route_id in enumerate(ids)}


def _read_services(source: FeedSource) -> dict[str, _Service]:
    has_calendar, has_dates = source.has("calendar.txt"), source.has("calendar_dates.txt")
    if not (has_calendar or has_dates):
        msg = "calendar.txt or calendar_dates.txt: at least one is required"
        raise DataSourceError(str(source.path), "", msg)
    services: dict[str, _Service] = {}
    if has_calendar:
        table = read_table(
            source, "calendar.txt", ("service_id", *_WEEKDAYS, "start_date", "end_date")
        )
        flags = [column_values(table, d, int_in(0, 1), "not 0 or 1") for d in _WEEKDAYS]
        starts = column_values(table, "start_date", parse_date, "not a date YYYYMMDD")
        ends = column_values(table, "end_date", parse_date, "not a date YYYYMMDD")
        for i, service_id in enumerate(table.values("service_id")):
            if ends[i] < starts[i]:
                table.fail(i, "end_date", "before start_date", table.values("end_date")[i])
            week = tuple(bool(day[i]) for day in flags)
            services.setdefault(service_id, _Service()).ranges.append((starts[i], ends[i], week))
    if has_dates:
        table = read_table(source, "calendar_dates.txt", ("service_id", "date", "exception_type"))
        dates = column_values(table, "date", parse_date, "not a date YYYYMMDD")
        kinds = column_values(table, "exception_type", int_in(1, 2), "not 1 or 2")
        for service_id, date, kind in zip(table.values("service_id"), dates, kinds, strict=True):
            service = services.setdefault(service_id, _Service())
            (service.added if kind == 1 else service.removed).add(date)
    return services


def _service_matrix(services: list[_Service]) -> tuple[dt.date, NDArray[np.bool_]]:
    """Return the first date and the ``service_days`` matrix of ``services``."""
    dates = [d for s in services for r in s.ranges for d in r[:2]]
    dates += [d for s in services for d in (*s.added, *s.removed)]
    if not dates:
        return dt.date(1970, 1, 1), np.zeros((len(services), 0), dtype=np.bool_)
    first, last = min(dates), max(dates)
    n_days = (last - first).days + 1
    if n_days > MAX_SERVICE_DAYS:
        logger.warning("service days after %s dropped", first + dt.timedelta(MAX_SERVICE_DAYS - 1))
        n_days = MAX_SERVICE_DAYS
    weekday = (first.weekday() + np.arange(n_days)) % 7
    matrix = np.zeros((len(services), n_days), dtype=np.bool_)
    for s, service in enumerate(services):
        for start, end, week in service.ranges:
            a, b = (start - first).days, min(n_days, (end - first).days + 1)
            matrix[s, a:b] |= np.array(week, dtype=np.bool_)[weekday[a:b]]
        for day, value in [(d, True) for d in service.added] + [
            (d, False) for d in service.removed
        ]:
            if (d := (day - first).days) < n_days:
                matrix[s, d] = value
    return first, matrix


def _read_transfers(source: FeedSource, prefix: str, known: set[str]) -> tuple[Transfer, ...]:
    """Return the stop-to-stop rows of ``transfers.txt``.

    Rows restricted to given routes or trips, and in-seat transfers (types 4 and 5), are
    skipped with a log line: the router applies transfer rules per stop.
    """
    if not source.has("transfers.txt"):
        return ()
    table = read_table(source, "transfers.txt", ("from_stop_id", "to_stop_id", "transfer_type"))
    for column in ("from_stop_id", "to_stop_id"):
        column_values(table, column, lambda v: _known(prefix + v, known), "not in stops.txt")
    kinds = column_values(table, "transfer_type", int_in(0, 5, empty=0), "not an int in 0-5")
    times = column_values(table, "min_transfer_time", int_in(0, 86_400, empty=-1), "not seconds")
    qualifiers = ("from_route_id", "to_route_id", "from_trip_id", "to_trip_id")
    scoped = [table.values(q) for q in qualifiers]
    out: list[Transfer] = []
    skipped = 0
    for i, (a, b) in enumerate(
        zip(table.values("from_stop_id"), table.values("to_stop_id"), strict=True)
    ):
        if kinds[i] > 3 or any(values[i] for values in scoped):  # noqa: PLR2004 - GTFS codes
            skipped += 1
            continue
        mtt = times[i] if times[i] >= 0 else None
        out.append(
            Transfer(
                from_stop_id=prefix + a,
                to_stop_id=prefix + b,
                transfer_type=kinds[i],
                min_transfer_s=mtt,
            )
        )
    if skipped:
        logger.info("%s: %d route-, trip- or in-seat transfer rows skipped", table.label, skipped)
    return tuple(out)


def _known(value: str, known: set[str]) -> str:
    if value not in known:
        raise KeyError(value)
    return value


def _read_feed_info(source: FeedSource, feed_id: str | None) -> FeedInfo:
    name = feed_id or source.path.stem
    if not source.has("feed_info.txt"):
        return FeedInfo(feed_id=name, path=str(source.path))
    table = read_table(source, "feed_info.txt", ("feed_publisher_name",))
    if not len(table):
        return FeedInfo(feed_id=name, path=str(source.path))
    start = column_values(table, "feed_start_date", _optional_date, "not a date YYYYMMDD")
    end = column_values(table, "feed_end_date", _optional_date, "not a date YYYYMMDD")
    return FeedInfo(
        feed_id=name,
        path=str(source.path),
        publisher_name=table.values("feed_publisher_name")[0],
        version=table.values("feed_version")[0],
        start_date=start[0],
        end_date=end[0],
    )


def _optional_date(value: str) -> dt.date | None:
    return parse_date(value) if value else None
