"""Map a TOPTW benchmark instance onto the generic :class:`ProblemData` and back.

Times are scaled by 100: the instance distances are floored to one or two decimals, so the
scaled values are exact integers (see :func:`itinera.solver.problem.ceil_units`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np

from itinera.solver.problem import ProblemData, RouteSpec, ceil_units, floor_units

if TYPE_CHECKING:
    from collections.abc import Sequence

    from itinera.model.toptw import OrienteeringInstance

TIME_SCALE: Final[int] = 100
"""Solver time units per instance time unit (hundredths)."""


def problem_from_instance(instance: OrienteeringInstance, routes: int) -> ProblemData:
    """Return the generic problem for ``instance`` with ``routes`` routes (the TOPTW ``m``).

    Parameters
    ----------
    instance
        The TOPTW instance; vertex ``i`` becomes node ``i`` (0 = depot, start and end of all
        routes).
    routes
        Number of routes ``m``.

    Returns
    -------
    ProblemData
        Travel times, services and windows in hundredths of the instance's time unit.
    """
    n = instance.num_vertices
    travel = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i != j:
                travel[i, j] = ceil_units(instance.distance(i, j), TIME_SCALE)
    service = np.array([ceil_units(s, TIME_SCALE) for s in instance.service], dtype=np.int64)
    service[0] = 0
    windows = tuple(
        ((ceil_units(instance.open[i], TIME_SCALE), floor_units(instance.close[i], TIME_SCALE)),)
        if i > 0
        else ()
        for i in range(n)
    )
    spec = RouteSpec(
        start=0,
        end=0,
        earliest_start=ceil_units(instance.open[0], TIME_SCALE),
        latest_end=floor_units(instance.close[0], TIME_SCALE),
    )
    return ProblemData(
        travel=travel,
        service=service,
        prize=np.array(instance.score, dtype=np.int64),
        windows=windows,
        routes=(spec,) * routes,
    )


def routes_to_instance(routes: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """Return solver routes as TOPTW vertex lists (node ``i`` is vertex ``i``; depot excluded)."""
    return tuple(tuple(int(v) for v in route) for route in routes)
