"""Vectorised evaluation of every single-node insertion into one route.

Given the forward and backward times of a route (:mod:`itinera.solver.schedule`), inserting
node ``x`` between positions ``k`` and ``k + 1`` is feasible iff the new arrival at
``seq[k + 1]`` is no later than its latest start there. This is exact, with several windows per
node and with the lunch break (four ways: the break before ``k``, after ``k + 1``, just before or
just after ``x``), so one numpy pass rates all ``(position, candidate)`` pairs.

The cost of an insertion is the delay it causes at ``seq[k + 1]`` (detour, service and waiting
at ``x``), the ``Shift`` of Vansteenwegen et al.'s iterated local search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from itinera.solver.schedule import INF

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from itinera.solver.problem import LunchBreak
    from itinera.solver.schedule import CompiledProblem


def _earliest(
    problem: CompiledProblem, cands: NDArray[np.int64], arrival: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Return the earliest service start of each candidate column for each arrival."""
    if problem.single_window:
        opens = problem.window_open[cands, 0]
        closes = problem.window_close[cands, 0]
        start = np.maximum(arrival, opens)
        return np.where(arrival <= closes, start, INF)
    opens = problem.window_open[cands][None, :, :]
    closes = problem.window_close[cands][None, :, :]
    arr = arrival[:, :, None]
    return np.where(arr <= closes, np.maximum(arr, opens), INF).min(axis=2)


def _lunch_arrival(
    end: NDArray[np.int64], travel: NDArray[np.int64], lunch: LunchBreak
) -> NDArray[np.int64]:
    arrival = np.maximum(end + travel, np.maximum(end, lunch.earliest_start)) + lunch.duration
    return np.where(end <= lunch.latest_start, arrival, INF)


def insertion_costs(
    problem: CompiledProblem,
    lunch: LunchBreak | None,
    seq: Sequence[int],
    times: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]],
    cands: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Return the ``(positions, candidates)`` insertion costs, ``INF`` where infeasible.

    Parameters
    ----------
    problem
        The compiled problem.
    lunch
        The route's lunch break, if any.
    seq
        ``start, visits..., end``.
    times
        ``(end0, end1, lat0, lat1)`` of the route.
    cands
        Candidate nodes (columns).

    Returns
    -------
    numpy.ndarray
        ``cost[k, c]``: delay at ``seq[k + 1]`` when ``cands[c]`` goes between positions ``k``
        and ``k + 1``.
    """
    end0, end1, lat0, lat1 = (np.asarray(t, dtype=np.int64) for t in times)
    nodes = np.asarray(seq, dtype=np.int64)
    u, w = nodes[:-1], nodes[1:]
    travel = problem.travel
    t_ux = travel[u[:, None], cands[None, :]]
    t_xw = travel[cands[None, :], w[:, None]]
    t_uw = travel[u, w][:, None]
    svc = problem.service[cands][None, :]
    e1 = end1[:-1][:, None]
    l1 = lat1[1:][:, None]
    arrival = e1 + t_ux
    arr_w = _earliest(problem, cands, arrival) + svc + t_xw
    cost = np.where(arr_w <= l1, arr_w - (e1 + t_uw), INF)
    if lunch is None:
        return cost
    e0 = end0[:-1][:, None]
    l0 = lat0[1:][:, None]
    end_x = _earliest(problem, cands, e0 + t_ux) + svc
    # Break after seq[k + 1] (still pending around x).
    arr_w = end_x + t_xw
    old = e0 + t_uw
    cost = np.minimum(cost, np.where(arr_w <= l0, arr_w - old, INF))
    old = _lunch_arrival(e0, t_uw, lunch)
    # Break just after x.
    arr_w = _lunch_arrival(end_x, t_xw, lunch)
    cost = np.minimum(cost, np.where(arr_w <= l1, arr_w - old, INF))
    # Break just before x.
    end_x = _earliest(problem, cands, _lunch_arrival(e0, t_ux, lunch)) + svc
    arr_w = end_x + t_xw
    return np.minimum(cost, np.where(arr_w <= l1, arr_w - old, INF))
