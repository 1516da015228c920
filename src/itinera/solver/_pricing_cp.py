"""CP-SAT model of one traveller's ticket problem; used only by :mod:`itinera.solver.pricing`.

The problem arrives as plain integer data so that this module knows nothing of the domain:

- ``counter[j]``: the counter price of visit ``j``;
- candidate ``k`` (a pass bought with its first use at visit ``anchors[k]``) costs
  ``prices[k]`` and offers visit ``j`` at ``offers[k][j]``; its anchor is always offered;
- ``exclusive[k]``: groups of visits of candidate ``k`` of which at most one may use it (the
  visits of one site, when the pass opens each site once).

Variables: ``y[k]`` (candidate bought) and ``x[k, j]`` (visit ``j`` paid with candidate ``k``),
with ``x[k, anchor_k] == y[k]``, ``x[k, j] <= y[k]``, at most one candidate per visit and per
exclusive group. The objective is lexicographic: total cost first, then fewer passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from itinera.errors import ItineraError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

TIME_LIMIT_S = 20.0


def solve_ticket_assignment(
    counter: Sequence[int],
    prices: Sequence[int],
    anchors: Sequence[int],
    offers: Sequence[Mapping[int, int]],
    exclusive: Sequence[Sequence[tuple[int, ...]]],
) -> tuple[int | None, ...]:
    """Return, for each visit, the candidate that pays it (None for the counter).

    Raises
    ------
    ItineraError
        If CP-SAT cannot prove optimality within :data:`TIME_LIMIT_S` (never observed on
        itineraries of a few weeks; the caller promises an exact answer, so it does not guess).
    """
    model = cp_model.CpModel()
    weight = len(prices) + 1  # cost dominates the number of passes
    y = [model.new_bool_var(f"y{k}") for k in range(len(prices))]
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for k, candidate_offers in enumerate(offers):
        for j in candidate_offers:
            x[k, j] = model.new_bool_var(f"x{k}_{j}")
            model.add_implication(x[k, j], y[k])
        model.add(x[k, anchors[k]] == y[k])
        for group in exclusive[k]:
            model.add_at_most_one(x[k, j] for j in group)
    for j in range(len(counter)):
        model.add_at_most_one(var for (_, visit), var in x.items() if visit == j)
    cost = sum(p * v for p, v in zip(prices, y, strict=True)) + sum(
        (offers[k][j] - counter[j]) * var for (k, j), var in x.items()
    )
    model.minimize(weight * cost + sum(y))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = TIME_LIMIT_S
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        msg = f"ticket pricing: CP-SAT did not prove optimality ({solver.status_name(status)})"
        raise ItineraError(msg)
    chosen: list[int | None] = [None] * len(counter)
    for (k, j), var in x.items():
        if solver.boolean_value(var):
            chosen[j] = k
    return tuple(chosen)
