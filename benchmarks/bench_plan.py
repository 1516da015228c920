"""Benchmark the itinerary planner on the embedded Pays Cathare graph.

For a fixed set of realistic requests, plans each at several solver time limits and prints the
interest collected, the number of visits and heritage sites, the replay's drops, the runtime and
the independent checker's verdict: how much interest a short limit loses.

Run from the repo root::

    .venv/bin/python -m benchmarks.bench_plan                 # limits 2, 10, 60 s
    .venv/bin/python -m benchmarks.bench_plan --limits 2,10 --seeds 0,1
    .venv/bin/python -m benchmarks.bench_plan --quick         # smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import time
from dataclasses import dataclass

from itinera.checker.feasibility import check_itinerary
from itinera.errors import InfeasibleRequestError
from itinera.loaders.destination import load_destination
from itinera.model.ids import PlaceId
from itinera.model.place import PlaceKind, Theme
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.params import SolveParams
from itinera.solver.plan import plan_itinerary

HERITAGE = {
    PlaceKind.CASTLE,
    PlaceKind.ABBEY,
    PlaceKind.RELIGIOUS,
    PlaceKind.MUSEUM,
    PlaceKind.MONUMENT,
}


@dataclass(frozen=True, slots=True)
class Case:
    """A named benchmark request."""

    name: str
    request: TripRequest


def cases() -> list[Case]:
    """Return the benchmark requests (summer and winter, several profiles and lengths)."""

    def request(
        origin: str, to: str, start: dt.date, days: int, profile: str, themes: set[Theme]
    ) -> TripRequest:
        return TripRequest(
            origin=PlaceId(origin),
            destination=PlaceId(to),
            start_date=start,
            days=days,
            profile=profile_from_spec(profile),
            themes=frozenset(themes),
        )

    june, october = dt.date(2027, 6, 14), dt.date(2027, 10, 19)
    return [
        Case(
            "family-3d-cathar-unesco",
            request(
                "toulouse-matabiau",
                "carcassonne-gare",
                june,
                3,
                "family:5,10",
                {Theme.CATHAR, Theme.UNESCO},
            ),
        ),
        Case(
            "couple-5d-all", request("toulouse-blagnac", "narbonne-gare", june, 5, "couple", set())
        ),
        Case(
            "seniors-4d-religious",
            request(
                "albi-ville",
                "toulouse-matabiau",
                october,
                4,
                "seniors",
                {Theme.RELIGIOUS, Theme.UNESCO},
            ),
        ),
        Case(
            "wheelchair-2d-canal",
            request(
                "toulouse-matabiau",
                "carcassonne-gare",
                october,
                2,
                "reduced-mobility",
                {Theme.CANAL_DU_MIDI, Theme.UNESCO},
            ),
        ),
        Case(
            "couple-7d-cathar",
            request(
                "carcassonne-airport",
                "toulouse-blagnac",
                june,
                7,
                "couple",
                {Theme.CATHAR, Theme.MEDIEVAL, Theme.WINE},
            ),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", default="2,10,60", help="comma-separated time limits (s)")
    parser.add_argument("--seeds", default="0", help="comma-separated seeds")
    parser.add_argument("--quick", action="store_true", help="one case at 1 s (smoke test)")
    args = parser.parse_args()
    limits = [1.0] if args.quick else [float(x) for x in args.limits.split(",")]
    seeds = [int(x) for x in args.seeds.split(",")]
    selected = cases()[:1] if args.quick else cases()
    destination = load_destination()
    header = ("case", "limit", "seed", "score", "visits", "herit.", "drop", "time")
    print(f"{header[0]:28} " + " ".join(f"{h:>6}" for h in header[1:]) + "  check")
    scores: dict[float, list[float]] = {limit: [] for limit in limits}
    for case in selected:
        for limit in limits:
            for seed in seeds:
                started = time.perf_counter()
                try:
                    result = plan_itinerary(
                        case.request, destination, params=SolveParams(time_limit_s=limit, seed=seed)
                    )
                except InfeasibleRequestError as exc:
                    print(f"{case.name:28} {limit:5.0f} {seed:4} infeasible: {exc}")
                    continue
                elapsed = time.perf_counter() - started
                itinerary = result.itinerary
                heritage = sum(
                    destination.places[v].kind in HERITAGE for v in set(itinerary.visited_ids)
                )
                verdict = "ok" if not check_itinerary(itinerary, destination) else "VIOLATION"
                scores[limit].append(itinerary.score)
                row = (
                    f"{limit:6.0f} {seed:6} {itinerary.score:6.1f} {len(itinerary.visits):6} "
                    f"{heritage:6} {len(result.dropped_in_replay):6} {elapsed:6.1f}"
                )
                print(f"{case.name:28} {row}  {verdict}")
    print()
    for limit, values in scores.items():
        if values:
            mean = statistics.mean(values)
            print(f"limit {limit:5.0f} s: mean score {mean:6.1f} over {len(values)} runs")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
