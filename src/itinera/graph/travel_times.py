"""Typical travel times between places, as a matrix for the optimiser.

The optimiser works on one static matrix, but car-free travel depends on the departure time
(a coach twice a day) and the date (no coach on Sundays). For each distinct service pattern among
the trip's dates (which links run, and which trips of the destination's GTFS feeds run) and each
sampled departure time, one earliest-arrival search per origin gives door-to-door durations,
waiting included (GTFS rides included, :mod:`itinera.graph.rides`); the matrix keeps their
median over the samples where the target is reachable. The planner then replays the chosen
order on the real timetable (:mod:`itinera.solver.expand`), so the median only has to rank
options well.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from itinera.graph.journeys import JourneyPlanner
    from itinera.model.link import Link

UNREACHABLE_S = -1
"""Marks a pair of places with no car-free journey at any sampled time."""


def service_pattern(links: Sequence[Link], day: dt.date) -> tuple[bool, ...]:
    """Return which timetabled links run on ``day``; dates with equal patterns route alike."""
    return tuple(link.runs_on(day) for link in links if link.is_timetabled)


def typical_travel_matrix(
    planner: JourneyPlanner,
    place_ids: Sequence[str],
    days: Sequence[dt.date],
    sample_times_s: Sequence[int],
    *,
    links: Sequence[Link],
) -> NDArray[np.int64]:
    """Return median door-to-door travel times (s) between ``place_ids``.

    Parameters
    ----------
    planner
        Earliest-arrival journeys for the party.
    place_ids
        Matrix rows and columns, in order.
    days
        The trip's dates; one representative date per distinct service pattern is sampled.
    sample_times_s
        Departure times (seconds from local midnight) to sample.
    links
        The destination's links, to group dates by service pattern.

    Returns
    -------
    NDArray[np.int64]
        ``(n, n)`` matrix, 0 on the diagonal, ``UNREACHABLE_S`` where no sample reaches.
    """
    representatives = {(service_pattern(links, d), planner.service_key(d)): d for d in days}
    index = {place_id: i for i, place_id in enumerate(place_ids)}
    samples: list[list[list[int]]] = [[[] for _ in place_ids] for _ in place_ids]
    for day in representatives.values():
        for origin in place_ids:
            row = samples[index[origin]]
            for ready_s in sample_times_s:
                for target, journey in planner.earliest_arrivals(origin, day, ready_s).items():
                    if target in index:
                        row[index[target]].append(journey.duration_s)
    matrix = np.full((len(place_ids), len(place_ids)), UNREACHABLE_S, dtype=np.int64)
    for i, row in enumerate(samples):
        for j, durations in enumerate(row):
            if durations:
                matrix[i, j] = round(statistics.median(durations))
    np.fill_diagonal(matrix, 0)
    return matrix
