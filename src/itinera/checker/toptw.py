"""Independent feasibility check and score of TOPTW routes.

This module is the judge of the benchmark: it never imports the solver. It recomputes every
travel time from the coordinates with the instance's rounding rule, in float arithmetic, and
replays each route from the depot with waiting allowed.

Every violation is one line starting with its kind, so a caller (or a test) can tell them apart:

``unknown vertex``
    a vertex id that is not a customer of the instance (out of range, or the depot);
``repeated vertex``
    a customer visited twice, in the same route or in two routes;
``late service``
    a customer reached after its closing time;
``late return``
    a route back at the depot after the time budget ``Tmax``;
``too many routes``
    more routes than allowed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from itinera.model.toptw import OrienteeringInstance

TIME_TOLERANCE = 1e-6
"""Slack granted to float comparisons of times (sums of 1- or 2-decimal numbers)."""


def _travel(instance: OrienteeringInstance, i: int, j: int) -> float:
    (xi, yi), (xj, yj) = instance.coords[i], instance.coords[j]
    factor = float(10**instance.rounding.decimals)
    return math.floor(math.hypot(xj - xi, yj - yi) * factor + 1e-9) / factor


def _replay(
    instance: OrienteeringInstance, index: int, route: Sequence[int], seen: set[int]
) -> list[str]:
    violations: list[str] = []
    n = instance.num_vertices
    time = instance.open[0] + instance.service[0]
    previous = 0
    for position, vertex in enumerate(route):
        label = f"route {index} position {position}"
        if not 0 < vertex < n:
            violations.append(f"unknown vertex: {label} holds {vertex} (customers are 1..{n - 1})")
            continue
        if vertex in seen:
            violations.append(f"repeated vertex: {label} visits {vertex} again")
        seen.add(vertex)
        arrival = time + _travel(instance, previous, vertex)
        if arrival > instance.close[vertex] + TIME_TOLERANCE:
            violations.append(
                f"late service: {label} reaches {vertex} at {arrival:.2f}, "
                f"after it closes at {instance.close[vertex]:g}"
            )
        time = max(arrival, instance.open[vertex]) + instance.service[vertex]
        previous = vertex
    back = time + _travel(instance, previous, 0)
    if back > instance.tmax + TIME_TOLERANCE:
        violations.append(
            f"late return: route {index} is back at the depot at {back:.2f}, "
            f"after Tmax = {instance.tmax:g}"
        )
    return violations


def check_toptw_routes(
    instance: OrienteeringInstance,
    routes: Sequence[Sequence[int]],
    *,
    max_routes: int | None = None,
) -> tuple[str, ...]:
    """Return the violations of ``routes`` on ``instance``; empty means feasible.

    Parameters
    ----------
    instance
        The TOPTW instance.
    routes
        Per route, the customers in visiting order (depot excluded at both ends).
    max_routes
        The number of routes ``m`` allowed, if it should be checked.

    Returns
    -------
    tuple of str
        One line per violation, starting with its kind (see the module docstring).
    """
    violations: list[str] = []
    if max_routes is not None and len(routes) > max_routes:
        violations.append(f"too many routes: {len(routes)} routes, at most {max_routes} allowed")
    seen: set[int] = set()
    for index, route in enumerate(routes):
        violations.extend(_replay(instance, index, route, seen))
    return tuple(violations)


def toptw_score(instance: OrienteeringInstance, routes: Sequence[Sequence[int]]) -> int:
    """Return the total score of the distinct customers in ``routes`` (unknown ids ignored)."""
    visited = {v for route in routes for v in route if 0 < v < instance.num_vertices}
    return sum(instance.score[v] for v in visited)
