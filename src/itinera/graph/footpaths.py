"""Walking transfers between the stops of a timetable, and the change time at each stop.

Two stops closer than ``TRANSFER_RADIUS_M`` in a straight line are joined by a footpath of the
great-circle distance times ``WALK_DETOUR_FACTOR``, walked at ``REFERENCE_WALK_SPEED_MPS`` (the
values of :mod:`itinera.graph.build`). Platforms of one station (same coordinates) are 0 m
apart, so changing between them costs only the boarding buffer.

``transfers.txt`` overrides the coordinates, per GTFS: a ``min_transfer_time`` between two
stops is the whole time the change takes, walk and buffer included; between a stop and itself
it is the change time at that stop; ``transfer_type`` 3 forbids the change. A rule on a
station applies to all its platforms. A row with no ``min_transfer_time`` adds the straight-line
footpath even beyond the radius.

Each footpath has two durations: ``walk_s`` (when the walker is physically there, what a
journey's arrival time reports) and ``ready_s`` (when a vehicle departing there can be boarded:
the walk plus the boarding buffer, or the GTFS minimum transfer time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from itinera.graph.build import REFERENCE_WALK_SPEED_MPS, WALK_DETOUR_FACTOR
from itinera.model.geo import EARTH_RADIUS_M
from itinera.model.link import BOARDING_BUFFER_S
from itinera.model.timetable import LOCATION_STOP, TRANSFER_NOT_POSSIBLE

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from itinera.model.timetable import Timetable

TRANSFER_RADIUS_M = 1000.0
"""Stops closer than this (straight line) get a walking transfer: enough for the platforms and
forecourt of one station, or two Paris termini such as Gare de Lyon and Austerlitz."""

NO_CHANGE_S = 10**9
"""Change time of a stop where ``transfers.txt`` forbids changing (``transfer_type`` 3)."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Footpaths:
    """Footpaths in compressed rows: stop ``s`` leads to ``to_stop[start[s]:start[s + 1]]``.

    ``change_s[s]`` is the time needed at ``s`` between alighting and boarding another vehicle.
    """

    start: NDArray[np.int64]
    to_stop: NDArray[np.int32]
    walk_s: NDArray[np.int32]
    ready_s: NDArray[np.int32]
    distance_m: NDArray[np.int32]
    change_s: NDArray[np.int32]

    def between(self, a: int, b: int) -> int | None:
        """Return the index of the footpath from stop ``a`` to ``b``, or None."""
        lo, hi = int(self.start[a]), int(self.start[a + 1])
        k = lo + int(np.searchsorted(self.to_stop[lo:hi], b))
        return k if k < hi and self.to_stop[k] == b else None

    def __len__(self) -> int:
        return len(self.to_stop)


def haversine_m(
    lat1: NDArray[np.float64] | float,
    lon1: NDArray[np.float64] | float,
    lat2: NDArray[np.float64] | float,
    lon2: NDArray[np.float64] | float,
) -> NDArray[np.float64]:
    """Return great-circle distances in metres, vectorised (as :func:`~itinera.model.geo`)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2) - np.radians(lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    distance: NDArray[np.float64] = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return distance


def build_footpaths(
    timetable: Timetable,
    *,
    radius_m: float = TRANSFER_RADIUS_M,
    walk_speed_mps: float = REFERENCE_WALK_SPEED_MPS,
    boarding_buffer_s: int = BOARDING_BUFFER_S,
) -> Footpaths:
    """Return the footpaths and change times of ``timetable`` (rules in the module docstring).

    Parameters
    ----------
    radius_m
        Straight-line radius within which stops are joined.
    walk_speed_mps
        Walking speed on the footpaths.
    boarding_buffer_s
        Time needed at a stop before boarding, after walking there or alighting there.
    """
    lat = np.array([s.lat for s in timetable.stops])
    lon = np.array([s.lon for s in timetable.stops])
    a, b, distance = _pairs_within(timetable, lat, lon, radius_m)
    n = timetable.n_stops
    change = np.full(n, boarding_buffer_s, dtype=np.int64)
    rules = _transfer_rules(timetable, change)
    ready = np.full(len(a), -1, dtype=np.int64)
    if rules:
        keys = a * n + b
        ruled = np.array([k for k, _ in rules.items()], dtype=np.int64)
        keep = ~np.isin(keys, ruled)
        a, b, distance, ready = a[keep], b[keep], distance[keep], ready[keep]
        added = [(k, mtt) for k, mtt in rules.items() if mtt != NO_CHANGE_S]
        extra_a = np.array([k // n for k, _ in added], dtype=np.int64)
        extra_b = np.array([k % n for k, _ in added], dtype=np.int64)
        a, b = np.concatenate((a, extra_a)), np.concatenate((b, extra_b))
        distance = np.concatenate(
            (distance, haversine_m(lat[extra_a], lon[extra_a], lat[extra_b], lon[extra_b]))
        )
        ready = np.concatenate((ready, np.array([m for _, m in added], dtype=np.int64)))
    walk = np.rint(distance * WALK_DETOUR_FACTOR / walk_speed_mps).astype(np.int64)
    is_rule = ready >= 0
    ready = np.where(is_rule, ready, walk + boarding_buffer_s)
    walk = np.where(is_rule, ready, walk)
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    return Footpaths(
        start=np.searchsorted(a, np.arange(n + 1)).astype(np.int64),
        to_stop=b.astype(np.int32),
        walk_s=walk[order].astype(np.int32),
        ready_s=ready[order].astype(np.int32),
        distance_m=np.rint(distance[order] * WALK_DETOUR_FACTOR).astype(np.int32),
        change_s=change.astype(np.int32),
    )


def _pairs_within(
    timetable: Timetable, lat: NDArray[np.float64], lon: NDArray[np.float64], radius_m: float
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Return every ordered pair of distinct stops within ``radius_m``, with its distance.

    A sweep over stops sorted by latitude: each stop is compared only with the stops inside
    its latitude band, so the cost stays near-linear for national feeds.
    """
    platforms = np.flatnonzero([s.location_type == LOCATION_STOP for s in timetable.stops])
    by_lat = platforms[np.argsort(lat[platforms], kind="stable")]
    sorted_lat = lat[by_lat]
    band = math.degrees(radius_m / EARTH_RADIUS_M)
    lows = np.searchsorted(sorted_lat, sorted_lat - band, side="left")
    highs = np.searchsorted(sorted_lat, sorted_lat + band, side="right")
    parts_a, parts_b, parts_d = [], [], []
    for k, (lo, hi) in enumerate(zip(lows.tolist(), highs.tolist(), strict=True)):
        i, others = by_lat[k], by_lat[lo:hi]
        d = haversine_m(lat[i], lon[i], lat[others], lon[others])
        near = (d <= radius_m) & (others != i)
        parts_a.append(np.full(int(near.sum()), i, dtype=np.int64))
        parts_b.append(others[near].astype(np.int64))
        parts_d.append(d[near])
    if not parts_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    return np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_d)


def _transfer_rules(timetable: Timetable, change: NDArray[np.int64]) -> dict[int, int]:
    """Apply same-stop rules to ``change``; return ``a * n + b`` -> ready time for the others.

    The ready time is the GTFS minimum transfer time, ``NO_CHANGE_S`` for a forbidden
    transfer, or -1 for "straight-line footpath".
    """
    n = timetable.n_stops
    rules: dict[int, int] = {}
    for rule in timetable.transfers:
        froms = timetable.boarding_stops(rule.from_stop_id)
        tos = timetable.boarding_stops(rule.to_stop_id)
        forbidden = rule.transfer_type == TRANSFER_NOT_POSSIBLE
        for a in froms:
            for b in tos:
                if a == b:
                    if forbidden:
                        change[a] = NO_CHANGE_S
                    elif rule.min_transfer_s is not None:
                        change[a] = rule.min_transfer_s
                    continue
                if forbidden:
                    rules[a * n + b] = NO_CHANGE_S
                else:
                    rules[a * n + b] = -1 if rule.min_transfer_s is None else rule.min_transfer_s
    return rules
