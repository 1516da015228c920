"""Solve a TOPTW instance with PyVRP's prize-collecting search: the reference solver.

PyVRP (Wouda, Lan & Kool, 2024) is the strongest open-source solver we measured on this problem;
``bench_toptw --compare pyvrp`` runs it on the same rows with the same time limit, and the same
independent checker judges both. PyVRP is a benchmark dependency (the ``dev`` extra), never a
runtime one.

The mapping keeps the instance's own arithmetic exact: every time is scaled by 100 to integers
(the instances use at most two decimals and distances are floored to one or two). Opening times
and service durations are rounded up and closing times down, so that a solution PyVRP deems
feasible stays feasible in the float replay of the checker. Customers are optional clients whose
prize is their score times :data:`PRIZE_WEIGHT`, and routes pay their travel at
:data:`DISTANCE_COST`: PyVRP minimises travel cost plus the prizes of the clients it leaves out.
That small travel cost is what lets its local search make room for more clients; without it
(pure prize objective) PyVRP was 20 points worse on a sample of rows, so the reference gets the
setting it does best with. The score reported is the checker's, never PyVRP's objective.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

from pyvrp import Model
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

if TYPE_CHECKING:
    from itinera.model.toptw import OrienteeringInstance

TIME_SCALE = 100
"""Instance time units per PyVRP integer unit: two decimals kept exactly."""

PRIZE_WEIGHT = 1_000
"""Objective units per score point (measured best of 100 ... 500 000 on a sample of rows)."""

DISTANCE_COST = 1
"""Objective units per scaled unit of travel: steers the local search towards short routes."""


def _up(value: float) -> int:
    return math.ceil(value * TIME_SCALE - 1e-6)


def _down(value: float) -> int:
    return math.floor(value * TIME_SCALE + 1e-6)


def build_model(instance: OrienteeringInstance, routes: int) -> Model:
    """Return the PyVRP model of ``instance`` with ``routes`` vehicles; vertex ids are kept."""
    model = Model()
    depot = model.add_depot(
        model.add_location(*instance.coords[0]),
        tw_early=_up(instance.open[0]),
        tw_late=_down(instance.close[0]),
    )
    model.add_vehicle_type(
        num_available=routes,
        start_depot=depot,
        end_depot=depot,
        tw_early=_up(instance.open[0] + instance.service[0]),
        tw_late=_down(instance.close[0]),
        unit_distance_cost=DISTANCE_COST,
    )
    for vertex in range(1, instance.num_vertices):
        model.add_client(
            model.add_location(*instance.coords[vertex]),
            service_duration=_up(instance.service[vertex]),
            tw_early=_up(instance.open[vertex]),
            tw_late=_down(instance.close[vertex]),
            prize=instance.score[vertex] * PRIZE_WEIGHT,
            required=False,
        )
    locations = model.locations
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            if i != j:
                travel = _up(instance.distance(i, j))
                model.add_edge(frm, to, distance=travel, duration=travel)
    return model


def solve_with_pyvrp(
    instance: OrienteeringInstance, routes: int, time_limit_s: float, seed: int = 0
) -> tuple[tuple[int, ...], ...]:
    """Return PyVRP's routes (vertex ids, depot excluded) after ``time_limit_s`` seconds.

    An infeasible best solution (PyVRP may end with time warp) is returned as no route at all,
    which scores zero, rather than handed to the checker as if it were an answer.
    """
    model = build_model(instance, routes)
    with warnings.catch_warnings():
        # Informational: PyVRP says its penalties saturated; the checker judges the answer.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = model.solve(
            MaxRuntime(time_limit_s), seed=seed, collect_stats=False, display=False
        )
    if not result.best.is_feasible():
        return ()
    # Client activities count from 0 after the single depot: vertex id = idx + 1.
    found = (
        tuple(activity.idx + 1 for activity in route if activity.is_client())
        for route in result.best.routes()
    )
    return tuple(route for route in found if route)
