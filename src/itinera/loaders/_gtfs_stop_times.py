"""``stop_times.txt`` and ``frequencies.txt``: per-trip arrays, checked and expanded.

Rows may come in any order; they are sorted by trip and ``stop_sequence``. Intermediate stops
without times (GTFS non-timepoints) get times interpolated linearly between the timed stops
around them. Each ``frequencies.txt`` period turns its template trip into one trip per headway
(``exact_times=0`` periods are expanded the same way: a router needs concrete departures, and a
schedule at the stated headway is what the feed promises).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from itinera.loaders._gtfs_csv import column_values, int_in, parse_time, read_table

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from numpy.typing import NDArray

    from itinera.loaders._gtfs_csv import FeedSource, Table

logger = logging.getLogger(__name__)

NO_TIME = -1
_TIME_REASON = "not a GTFS time H:MM:SS"


@dataclass(frozen=True, slots=True, kw_only=True)
class StopTimes:
    """Stop times of one feed in trip order; ``trip_start`` has ``len(trip_ids) + 1`` entries.

    ``template`` gives, per output trip, the index of the ``trips.txt`` row it comes from.
    """

    trip_ids: tuple[str, ...]
    template: NDArray[np.int64]
    trip_start: NDArray[np.int64]
    stop: NDArray[np.int32]
    arrival_s: NDArray[np.int32]
    departure_s: NDArray[np.int32]
    pickup: NDArray[np.bool_]
    drop_off: NDArray[np.bool_]


def read_stop_times(
    source: FeedSource,
    trip_ids: Sequence[str],
    stop_index: Mapping[str, int],
    station_ids: frozenset[str],
) -> StopTimes:
    """Return the checked stop times of ``source``, frequency-based trips expanded.

    Parameters
    ----------
    trip_ids
        The raw ``trip_id`` of each ``trips.txt`` row, in order.
    stop_index
        Raw ``stop_id`` to local stop index, for stops trips may call at.
    station_ids
        Raw ids of stations and entrances (``location_type`` 1, 2), which trips may not call at.

    Raises
    ------
    DataSourceError
        On an unknown trip or stop, a bad time, a repeated ``stop_sequence`` or times running
        backwards along a trip.
    """
    table = read_table(
        source,
        "stop_times.txt",
        ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"),
    )
    trip_index = {trip_id: i for i, trip_id in enumerate(trip_ids)}
    trips = np.array(column_values(table, "trip_id", trip_index.__getitem__, "not in trips.txt"))
    stops = np.array(_stop_column(table, stop_index, station_ids), dtype=np.int32)
    sequence = np.array(column_values(table, "stop_sequence", int_in(0, 2**31 - 1), "not an int"))
    arrival = np.array(column_values(table, "arrival_time", _time_or_none, _TIME_REASON))
    departure = np.array(column_values(table, "departure_time", _time_or_none, _TIME_REASON))
    pickup = np.array(column_values(table, "pickup_type", int_in(0, 3, empty=0), "not 0-3")) != 1
    drop = np.array(column_values(table, "drop_off_type", int_in(0, 3, empty=0), "not 0-3")) != 1

    order = np.lexsort((sequence, trips))
    trips, sequence = trips[order], sequence[order]
    repeated = np.flatnonzero((trips[1:] == trips[:-1]) & (sequence[1:] == sequence[:-1]))
    if len(repeated):
        row = int(max(order[repeated[0]], order[repeated[0] + 1]))
        table.fail(row, "stop_sequence", "repeats within the trip", str(sequence[repeated[0]]))
    arrival, departure = arrival[order], departure[order]
    first = np.searchsorted(trips, np.arange(len(trip_ids)), side="left")
    end = np.searchsorted(trips, np.arange(len(trip_ids)), side="right")
    _fill_times(table, order, arrival, departure, first, end)
    _check_times(table, order, trips, arrival, departure)

    periods = _read_frequencies(source, trip_index)
    return _expand(
        trip_ids,
        periods,
        first,
        end,
        stop=stops[order],
        arrival=arrival,
        departure=departure,
        pickup=pickup[order],
        drop_off=drop[order],
    )


def _time_or_none(value: str) -> int:
    parsed = parse_time(value)
    return NO_TIME if parsed is None else parsed


def _stop_column(
    table: Table, stop_index: Mapping[str, int], station_ids: frozenset[str]
) -> list[int]:
    out = column_values(table, "stop_id", lambda v: stop_index.get(v, -1), "")
    for i, stop in enumerate(out):
        if stop < 0:
            value = table.rows[i][table.columns["stop_id"]]
            if value in station_ids:
                table.fail(i, "stop_id", "a station or entrance, not a stop or platform", value)
            table.fail(i, "stop_id", "not in stops.txt", value)
    return out


def _fill_times(
    table: Table,
    order: NDArray[np.int64],
    arrival: NDArray[np.int64],
    departure: NDArray[np.int64],
    first: NDArray[np.int64],
    end: NDArray[np.int64],
) -> None:
    """Copy a lone arrival or departure to the other; interpolate untimed stops in place."""
    only_dep = (arrival == NO_TIME) & (departure != NO_TIME)
    arrival[only_dep] = departure[only_dep]
    only_arr = (departure == NO_TIME) & (arrival != NO_TIME)
    departure[only_arr] = arrival[only_arr]
    untimed = arrival == NO_TIME
    if not untimed.any():
        return
    for a, b in zip(first.tolist(), end.tolist(), strict=True):
        if a == b or not untimed[a:b].any():
            continue
        for edge in (a, b - 1):
            if untimed[edge]:
                table.fail(
                    int(order[edge]), "arrival_time", "required at a trip's first and last stop"
                )
        timed = np.flatnonzero(~untimed[a:b]) + a
        for i, j in zip(timed[:-1].tolist(), timed[1:].tolist(), strict=True):
            if j - i > 1:
                k = np.arange(i + 1, j)
                span = arrival[j] - departure[i]
                filled = departure[i] + np.round(span * (k - i) / (j - i)).astype(np.int64)
                arrival[k] = departure[k] = filled


def _check_times(
    table: Table,
    order: NDArray[np.int64],
    trips: NDArray[np.int64],
    arrival: NDArray[np.int64],
    departure: NDArray[np.int64],
) -> None:
    early = np.flatnonzero(departure < arrival)
    if len(early):
        i = int(order[early[0]])
        value = table.rows[i][table.columns["departure_time"]]
        table.fail(i, "departure_time", "earlier than arrival_time", value)
    backwards = np.flatnonzero((trips[1:] == trips[:-1]) & (arrival[1:] < departure[:-1]))
    if len(backwards):
        i = int(order[backwards[0] + 1])
        value = table.rows[i][table.columns["arrival_time"]]
        table.fail(i, "arrival_time", "earlier than the departure from the previous stop", value)


def _read_frequencies(
    source: FeedSource, trip_index: Mapping[str, int]
) -> dict[int, list[tuple[int, int, int]]]:
    """Return, per template trip, its ``(start_s, end_s, headway_s)`` periods."""
    if not source.has("frequencies.txt"):
        return {}
    table = read_table(
        source, "frequencies.txt", ("trip_id", "start_time", "end_time", "headway_secs")
    )
    trips = column_values(table, "trip_id", trip_index.__getitem__, "not in trips.txt")
    starts = column_values(table, "start_time", _required_time, _TIME_REASON)
    ends = column_values(table, "end_time", _required_time, _TIME_REASON)
    headways = column_values(table, "headway_secs", int_in(1, 86_400), "not an int in 1-86400")
    column_values(table, "exact_times", int_in(0, 1, empty=0), "not 0 or 1")
    periods: dict[int, list[tuple[int, int, int]]] = {}
    for i, (trip, start, stop, headway) in enumerate(
        zip(trips, starts, ends, headways, strict=True)
    ):
        if stop <= start:
            table.fail(i, "end_time", "not after start_time", table.values("end_time")[i])
        periods.setdefault(trip, []).append((start, stop, headway))
    return periods


def _required_time(value: str) -> int:
    parsed = parse_time(value)
    if parsed is None:
        raise ValueError(value)
    return parsed


def _expand(
    trip_ids: Sequence[str],
    periods: Mapping[int, list[tuple[int, int, int]]],
    first: NDArray[np.int64],
    end: NDArray[np.int64],
    **columns: NDArray[np.generic],
) -> StopTimes:
    """Return the stop times per output trip: frequency templates replaced by their runs."""
    names: list[str] = []
    template: list[int] = []
    shift: list[int] = []
    empty = 0
    departure = columns["departure"]
    for t, trip_id in enumerate(trip_ids):
        if first[t] == end[t]:
            empty += 1
            continue
        if t not in periods:
            names.append(trip_id)
            template.append(t)
            shift.append(0)
            continue
        base = int(departure[first[t]])
        for start, stop, headway in periods[t]:
            for run in range(start, stop, headway):
                names.append(f"{trip_id}@{run // 3600:02d}:{run % 3600 // 60:02d}:{run % 60:02d}")
                template.append(t)
                shift.append(run - base)
    if empty:
        logger.warning("%d trip(s) without stop times ignored", empty)
    templates = np.array(template, dtype=np.int64)
    lengths = (end - first)[templates]
    trip_start = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    index = np.repeat(first[templates] - trip_start[:-1], lengths) + np.arange(trip_start[-1])
    offset = np.repeat(np.array(shift, dtype=np.int64), lengths)
    return StopTimes(
        trip_ids=tuple(names),
        template=templates,
        trip_start=trip_start,
        stop=columns["stop"][index].astype(np.int32),
        arrival_s=(columns["arrival"][index] + offset).astype(np.int32),
        departure_s=(departure[index] + offset).astype(np.int32),
        pickup=columns["pickup"][index].astype(np.bool_),
        drop_off=columns["drop_off"][index].astype(np.bool_),
    )
