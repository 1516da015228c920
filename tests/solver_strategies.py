"""Hypothesis strategies for the generic solver: small random problems."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from itinera.solver import UNREACHABLE, LunchBreak, ProblemData, RouteSpec


@st.composite
def small_problems(
    draw: st.DrawFn, max_visits: int = 7, *, arbitrary_travel: bool = False
) -> ProblemData:
    """Draw a problem: depot 0, 1..max_visits visit nodes, 1-2 routes, windows and lunch.

    Travel is Euclidean between integer points, or with ``arbitrary_travel`` any matrix
    (no triangle inequality) with some forbidden arcs.
    """
    visits = draw(st.integers(1, max_visits))
    n = visits + 1
    if arbitrary_travel:
        cells = st.one_of(st.integers(0, 60), st.just(UNREACHABLE))
        flat = draw(st.lists(cells, min_size=n * n, max_size=n * n))
        travel = np.array(flat, dtype=np.int64).reshape(n, n)
    else:
        xy = draw(
            st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=n, max_size=n)
        )
        coords = np.array(xy, dtype=np.float64)
        delta = coords[:, None, :] - coords[None, :, :]
        travel = np.ceil(np.hypot(delta[..., 0], delta[..., 1]))
    service = [0, *draw(st.lists(st.integers(0, 25), min_size=visits, max_size=visits))]
    prizes = [0, *draw(st.lists(st.integers(0, 20), min_size=visits, max_size=visits))]
    windows: list[tuple[tuple[int, int], ...]] = [()]
    for _ in range(visits):
        count = draw(st.integers(0, 2))
        cuts = sorted(draw(st.lists(st.integers(0, 200), min_size=2 * count, max_size=2 * count)))
        node_windows = tuple((cuts[2 * k], cuts[2 * k + 1]) for k in range(count))
        node_windows = tuple(
            w for k, w in enumerate(node_windows) if k == 0 or w[0] > node_windows[k - 1][1]
        )
        windows.append(node_windows)
    lunch = None
    if draw(st.booleans()):
        begin = draw(st.integers(40, 90))
        lunch = LunchBreak(
            earliest_start=begin,
            latest_start=begin + draw(st.integers(0, 30)),
            duration=draw(st.integers(5, 20)),
        )
    latest = draw(st.integers(110, 220))
    route = RouteSpec(start=0, end=0, earliest_start=0, latest_end=latest, lunch=lunch)
    return ProblemData(
        travel=travel.astype(np.int64),
        service=np.array(service, dtype=np.int64),
        prize=np.array(prizes, dtype=np.int64),
        windows=tuple(windows),
        routes=(route,) * draw(st.integers(1, 2)),
    )
