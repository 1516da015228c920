"""Benchmark the timetable layer: GTFS import, earliest-arrival queries, travel-time matrices.

Measures, on the real SNCF TGV feed (``../shared/data/gtfs-sncf-tgv-2025-01``) and on a
synthetic feed ``--scale`` times larger (10 by default; generated here from a fixed seed, written
as GTFS text files and read back through the same loader):

- load time of the feed (CSV to :class:`~itinera.model.timetable.Timetable`) and router set-up
  (footpaths, connection arrays), and the process's peak resident memory after it;
- the time to build one date's sorted connections (done once per date, then cached);
- median and 95th-percentile time of one-to-all earliest-arrival queries (random origin, one of
  four dates, departure 05:00-20:00);
- the time to fill a travel-time matrix of 100 stations x 4 departure slots;
- on the embedded destination (``graphs/pays-cathare`` with its illustrative GTFS feed): load time,
  the rides of one date, one-to-all door-to-door journeys between places (walks, bikes and rides,
  what the planner runs) and the planner's typical matrix for a 3-day trip (every place, 4 slots,
  one search per distinct service pattern of the dates).

Targets on the 2-core machine: feed loaded < 5 s, query median < 20 ms, 100 x 4 matrix < 3 s.

Run from the repo root::

    .venv/bin/python -m benchmarks.bench_transit             # 200 queries, 10x synthetic feed
    .venv/bin/python -m benchmarks.bench_transit --quick     # smoke run (20 queries, 2x)

Timings are wall-clock and share the machine with whatever else runs: treat them as noisy.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from itinera.graph.build import build_destination_graph
from itinera.graph.footpaths import haversine_m
from itinera.graph.journeys import JourneyPlanner
from itinera.graph.rides import rides_of
from itinera.graph.transit import TransitRouter
from itinera.graph.travel_times import typical_travel_matrix
from itinera.loaders.destination import load_destination
from itinera.loaders.gtfs import load_gtfs
from itinera.model.timetable import LOCATION_STATION
from itinera.model.traveller import profile_from_spec

TGV_FEED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gtfs-sncf-tgv-2025-01"
SLOTS_S = (7 * 3600, 10 * 3600, 13 * 3600, 16 * 3600)
FIRST_DAY = dt.date(2025, 1, 22)
N_DAYS = 31
TARGET_LOAD_S = 5.0
TARGET_QUERY_MS = 20.0
TARGET_MATRIX_S = 3.0
TGV_SIZE = {"stations": 222, "routes": 86, "trips": 3078, "services": 630}


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """What one feed measured."""

    name: str
    stops: int
    trips: int
    stop_times: int
    connections_per_day: float
    load_s: float
    router_s: float
    peak_rss_mb: float
    day_build_ms: float
    query_median_ms: float
    query_p95_ms: float
    matrix_s: float
    matrix_reached: float


def peak_rss_mb() -> float:
    """Return the process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, path: Path, *, queries: int, matrix_stops: int, seed: int) -> Figures:
    """Load the feed at ``path`` and time queries on it."""
    start = time.perf_counter()
    tt = load_gtfs(path)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    router = TransitRouter(tt)
    router_s = time.perf_counter() - start
    rss = peak_rss_mb()

    rng = random.Random(seed)
    first, last = tt.validity
    days = sorted(
        first + dt.timedelta(days=d) for d in rng.sample(range((last - first).days + 1), 4)
    )
    build_ms = []
    for day in days:
        start = time.perf_counter()
        router.connections(day)
        build_ms.append(1000 * (time.perf_counter() - start))
    served = sorted(set(tt.stop_time_stop.tolist()))
    times_ms = []
    for _ in range(queries):
        origin = tt.stops[rng.choice(served)].stop_id
        day, depart = rng.choice(days), rng.randrange(5 * 3600, 20 * 3600, 60)
        start = time.perf_counter()
        router.earliest_arrivals(origin, day, depart)
        times_ms.append(1000 * (time.perf_counter() - start))

    stations = [s.stop_id for s in tt.stops if s.location_type == LOCATION_STATION]
    chosen = rng.sample(stations, min(matrix_stops, len(stations)))
    start = time.perf_counter()
    matrix = router.travel_time_matrix(chosen, days[0], SLOTS_S)
    matrix_s = time.perf_counter() - start
    return Figures(
        name=name,
        stops=tt.n_stops,
        trips=tt.n_trips,
        stop_times=tt.n_stop_times,
        connections_per_day=statistics.mean(len(router.connections(d).departure) for d in days),
        load_s=load_s,
        router_s=router_s,
        peak_rss_mb=rss,
        day_build_ms=statistics.median(build_ms),
        query_median_ms=statistics.median(times_ms),
        query_p95_ms=float(np.percentile(times_ms, 95)),
        matrix_s=matrix_s,
        matrix_reached=float((matrix >= 0).mean()),
    )


def write_synthetic_feed(folder: Path, *, scale: int, seed: int) -> None:
    """Write a random national rail feed ``scale`` times the TGV feed's size to ``folder``.

    Stations are spread over mainland France (one in ten within 900 m of another, so that
    footpaths exist); each route visits 3-8 stations, each next one 40-250 km away (TGV-like
    hops), and nine in ten start at a station of an earlier route; trips run at 160-250 km/h
    with 2-minute stops, start 05:00-21:30 and may run past midnight; every service runs on a
    random 1-11 of the 31 days (about the TGV feed's share of trips per day), from
    ``calendar_dates.txt`` only, as in the TGV feed.
    """
    rng = np.random.default_rng(seed)
    n_stations = TGV_SIZE["stations"] * scale
    lat = rng.uniform(42.5, 50.5, n_stations)
    lon = rng.uniform(-1.5, 7.5, n_stations)
    near = rng.random(n_stations) < 0.1  # noqa: PLR2004 - one station in ten
    for i in np.flatnonzero(near)[1:]:
        j = int(rng.integers(0, i))
        lat[i] = lat[j] + rng.uniform(-0.006, 0.006)
        lon[i] = lon[j] + rng.uniform(-0.008, 0.008)
    platforms = [[f"P{i}-{k}" for k in range(int(rng.integers(1, 3)))] for i in range(n_stations)]

    _write(
        folder / "agency.txt",
        ["agency_id", "agency_name", "agency_url", "agency_timezone"],
        [["SYN", "Synthetic rail", "https://example.invalid", "Europe/Paris"]],
    )
    stops = [
        [f"S{i}", f"Station {i}", f"{lat[i]:.6f}", f"{lon[i]:.6f}", "1", ""]
        for i in range(n_stations)
    ]
    stops += [
        [p, f"Station {i}", f"{lat[i]:.6f}", f"{lon[i]:.6f}", "0", f"S{i}"]
        for i in range(n_stations)
        for p in platforms[i]
    ]
    _write(
        folder / "stops.txt",
        ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station"],
        stops,
    )

    n_routes = TGV_SIZE["routes"] * scale
    paths: list[list[int]] = []
    for _ in range(n_routes):
        # most lines start where an earlier line calls, so the network is one piece
        used = [i for path in paths[-200:] for i in path]
        start = int(rng.choice(used)) if used and rng.random() < 0.9 else None  # noqa: PLR2004
        paths.append(_route_path(rng, lat, lon, start))
    _write(
        folder / "routes.txt",
        ["route_id", "agency_id", "route_short_name", "route_type"],
        [[f"R{r}", "SYN", f"L{r}", "2"] for r in range(n_routes)],
    )

    n_services = TGV_SIZE["services"] * scale
    dates = [
        [f"V{s}", (FIRST_DAY + dt.timedelta(days=int(d))).strftime("%Y%m%d"), "1"]
        for s in range(n_services)
        for d in sorted(rng.choice(N_DAYS, size=int(rng.integers(1, 12)), replace=False))
    ]
    _write(folder / "calendar_dates.txt", ["service_id", "date", "exception_type"], dates)

    trips, stop_times = [], []
    for t in range(TGV_SIZE["trips"] * scale):
        r = int(rng.integers(0, n_routes))
        path = paths[r] if rng.random() < 0.5 else paths[r][::-1]  # noqa: PLR2004 - direction
        trips.append([f"R{r}", f"V{int(rng.integers(0, n_services))}", f"T{t}"])
        clock = int(rng.integers(5 * 60, 21 * 60 + 30)) * 60
        speed = rng.uniform(160, 250) / 3.6
        for k, i in enumerate(path):
            if k:
                prev = path[k - 1]
                metres = 1.2 * float(haversine_m(lat[prev], lon[prev], lat[i], lon[i]))
                clock += max(60, round(metres / speed / 60) * 60)
            arrive = clock
            depart = clock if k in {0, len(path) - 1} else clock + 120
            platform = platforms[i][t % len(platforms[i])]
            pickup = "1" if k == len(path) - 1 else "0"
            drop_off = "1" if k == 0 else "0"
            stop_times.append(
                [f"T{t}", _hms(arrive), _hms(depart), platform, str(k), pickup, drop_off]
            )
            clock = depart
    _write(folder / "trips.txt", ["route_id", "service_id", "trip_id"], trips)
    _write(
        folder / "stop_times.txt",
        [
            "trip_id",
            "arrival_time",
            "departure_time",
            "stop_id",
            "stop_sequence",
            "pickup_type",
            "drop_off_type",
        ],
        stop_times,
    )


def _route_path(
    rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, start: int | None
) -> list[int]:
    here = int(rng.integers(0, len(lat))) if start is None else start
    path = [here]
    for _ in range(int(rng.integers(2, 8))):
        distance = haversine_m(lat[here], lon[here], lat, lon)
        distance[path] = np.inf
        band = np.flatnonzero((distance >= 40_000) & (distance <= 250_000))  # noqa: PLR2004
        here = int(rng.choice(band)) if len(band) else int(np.argmin(distance))
        path.append(here)
    return path


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def report(rows: list[Figures], *, targets: bool) -> None:
    """Print the figures of each feed, then how the second grows over the first."""
    columns = (
        ("stops", "{:>8,}", "stops"),
        ("trips", "{:>8,}", "trips"),
        ("stop_times", "{:>10,}", "stop_times"),
        ("connections_per_day", "{:>10,.0f}", "conns/day"),
        ("load_s", "{:>7.2f}", "load_s"),
        ("router_s", "{:>8.2f}", "router_s"),
        ("peak_rss_mb", "{:>7.0f}", "rss_MB"),
        ("day_build_ms", "{:>8.1f}", "day_ms"),
        ("query_median_ms", "{:>7.2f}", "q50_ms"),
        ("query_p95_ms", "{:>7.2f}", "q95_ms"),
        ("matrix_s", "{:>8.2f}", "matrix_s"),
        ("matrix_reached", "{:>7.0%}", "reached"),
    )
    widths = [len(f.format(0)) for _, f, _ in columns]
    print(
        f"{'feed':<16}"
        + " ".join(f"{h:>{w}}" for (_, _, h), w in zip(columns, widths, strict=True))
    )
    for row in rows:
        cells = [fmt.format(getattr(row, attr)) for attr, fmt, _ in columns]
        print(f"{row.name:<16}" + " ".join(cells))
    if len(rows) == 2:  # noqa: PLR2004 - the real feed and the synthetic one
        base, big = rows
        ratios = [
            f"{getattr(big, a) / getattr(base, a):>{w - 1}.1f}x" if getattr(base, a) else " " * w
            for (a, _, _), w in zip(columns, widths, strict=True)
        ]
        print(f"{'growth':<16}" + " ".join(ratios))
    if targets:
        tgv = rows[0]
        print()
        print(
            f"targets (TGV): load < 5 s: {_ok(tgv.load_s < TARGET_LOAD_S)}; "
            f"query median < 20 ms: {_ok(tgv.query_median_ms < TARGET_QUERY_MS)}; "
            f"100 x 4 matrix < 3 s: {_ok(tgv.matrix_s < TARGET_MATRIX_S)}"
        )
    print(
        f"peak RSS is cumulative over the process (Python + numpy + feeds): {peak_rss_mb():.0f} MB"
    )


def measure_destination(*, queries: int, seed: int) -> None:
    """Print the planner-side figures on the embedded destination and its GTFS feed."""
    rng = random.Random(seed)
    start = time.perf_counter()
    destination = load_destination()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    planner = JourneyPlanner(build_destination_graph(destination), profile_from_spec("couple"))
    graph_s = time.perf_counter() - start
    rides = rides_of(destination)
    dates = [dt.date(2027, 6, 14) + dt.timedelta(days=k) for k in range(3)]
    start = time.perf_counter()
    n_edges = sum(len(v) for v in rides.edges_on(dates[0]).values()) if rides else 0
    rides_ms = (time.perf_counter() - start) * 1000
    places = sorted(destination.places)
    durations = []
    for _ in range(queries):
        origin, day = rng.choice(places), rng.choice(dates)
        ready = rng.randrange(6 * 3600, 18 * 3600)
        start = time.perf_counter()
        planner.earliest_arrivals(origin, day, ready)
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    start = time.perf_counter()
    typical_travel_matrix(planner, places, dates, SLOTS_S, links=destination.links)
    matrix_s = time.perf_counter() - start
    trips = destination.timetable.n_trips if destination.timetable else 0
    print(
        f"embedded destination: {len(places)} places, {trips} GTFS trips; load {load_s:.2f} s, "
        f"graph {graph_s:.2f} s, rides of a date {rides_ms:.1f} ms ({n_edges} place pairs); "
        f"one-to-all journeys median {statistics.median(durations):.2f} ms / "
        f"p95 {durations[int(0.95 * (len(durations) - 1))]:.2f} ms; "
        f"typical matrix {len(places)} x {len(SLOTS_S)} slots x 3 dates {matrix_s:.2f} s"
    )


def _ok(met: bool) -> str:  # noqa: FBT001 - a predicate's value
    return "ok" if met else "MISSED"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 queries, 2x feed")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--matrix-stops", type=int, default=100)
    parser.add_argument("--scale", type=int, default=10, help="synthetic feed size over TGV")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    queries, matrix_stops, scale = args.queries, args.matrix_stops, args.scale
    if args.quick:
        queries, matrix_stops, scale = 20, 10, 2
    rows = [measure("tgv", TGV_FEED, queries=queries, matrix_stops=matrix_stops, seed=args.seed)]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_synthetic_feed(Path(tmp), scale=scale, seed=args.seed)
        print(
            f"synthetic feed ({scale}x) written in {time.perf_counter() - start:.1f} s",
        )
        rows.append(
            measure(
                f"synthetic-{scale}x",
                Path(tmp),
                queries=queries,
                matrix_stops=matrix_stops,
                seed=args.seed,
            )
        )
    print(
        f"{queries} one-to-all queries per feed; matrix {matrix_stops} stations x "
        f"{len(SLOTS_S)} slots"
    )
    report(rows, targets=not args.quick)
    measure_destination(queries=queries, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
