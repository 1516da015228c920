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


class Candidates:
    """Candidate nodes with their columns of travel, service and windows gathered once.

    Rating the same candidates against many routes then costs row gathers only.

    Parameters
    ----------
    problem
        The compiled problem.
    nodes
        The candidate nodes (columns of every cost table).
    """

    __slots__ = ("back", "close", "nodes", "open", "service", "single", "to")

    def __init__(self, problem: CompiledProblem, nodes: NDArray[np.int64]) -> None:
        self.nodes = nodes
        self.to = problem.travel[:, nodes]
        self.back = problem.travel_t[:, nodes]
        self.service = problem.service[nodes][None, :]
        self.single = problem.single_window
        if self.single:
            self.open = problem.window_open[nodes, 0][None, :]
            self.close = problem.window_close[nodes, 0][None, :]
        else:
            self.open = problem.window_open[nodes][None, :, :]
            self.close = problem.window_close[nodes][None, :, :]

    def earliest(self, arrival: NDArray[np.int64]) -> NDArray[np.int64]:
        """Return the earliest service start of each candidate column for each arrival."""
        if self.single:
            return np.where(arrival <= self.close, np.maximum(arrival, self.open), INF)
        arr = arrival[:, :, None]
        starts = np.where(arr <= self.close, np.maximum(arr, self.open), INF)
        earliest: NDArray[np.int64] = starts.min(axis=2)
        return earliest


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
    cands: Candidates | NDArray[np.int64],
    *,
    skip: bool = False,
) -> NDArray[np.int64]:
    """Return the ``(gaps, candidates)`` insertion costs, ``INF`` where infeasible.

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
        Candidate nodes (columns), best prepared once as :class:`Candidates`.
    skip
        If false, gap ``k`` lies between positions ``k`` and ``k + 1`` (insertion). If true,
        gap ``k`` lies between positions ``k`` and ``k + 2``: the candidate *replaces* the visit
        at position ``k + 1``.

    Returns
    -------
    numpy.ndarray
        ``cost[k, c]``: delay at the right end of gap ``k`` when ``cands[c]`` goes into it.
    """
    if not isinstance(cands, Candidates):
        cands = Candidates(problem, cands)
    end1 = np.asarray(times[1], dtype=np.int64)
    lat1 = np.asarray(times[3], dtype=np.int64)
    nodes = np.asarray(seq, dtype=np.int64)
    step = 2 if skip else 1
    u, w = nodes[:-step], nodes[step:]
    t_ux = cands.to[u]
    t_xw = cands.back[w]
    # Reference: the current arrival at w (through the skipped node, if any).
    before_w = nodes[step - 1 : -1]
    t_ref = problem.travel[before_w, w][:, None]
    svc = cands.service
    e1 = end1[:-step][:, None]
    l1 = lat1[step:][:, None]
    ref1 = end1[step - 1 : -1][:, None] + t_ref
    arr_w = cands.earliest(e1 + t_ux) + svc + t_xw
    if lunch is None:
        return np.where(arr_w <= l1, arr_w - ref1, INF)
    end0 = np.asarray(times[0], dtype=np.int64)
    lat0 = np.asarray(times[2], dtype=np.int64)
    e0 = end0[:-step][:, None]
    l0 = lat0[step:][:, None]
    ref0 = end0[step - 1 : -1][:, None]
    ref = np.minimum(ref1, np.minimum(ref0 + t_ref, _lunch_arrival(ref0, t_ref, lunch)))
    ref = np.where(ref >= INF, 0, ref)
    cost = np.where(arr_w <= l1, arr_w - ref, INF)
    end_x = cands.earliest(e0 + t_ux) + svc
    # Break after w (still pending around x).
    arr_w = end_x + t_xw
    cost = np.minimum(cost, np.where(arr_w <= l0, arr_w - ref, INF))
    # Break just after x.
    arr_w = _lunch_arrival(end_x, t_xw, lunch)
    cost = np.minimum(cost, np.where(arr_w <= l1, arr_w - ref, INF))
    # Break just before x.
    end_x = cands.earliest(_lunch_arrival(e0, t_ux, lunch)) + svc
    arr_w = end_x + t_xw
    return np.minimum(cost, np.where(arr_w <= l1, arr_w - ref, INF))
