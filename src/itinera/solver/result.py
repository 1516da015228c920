"""The outcome of a solve (PyVRP's ``Result``): routes, times, prize, status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from itinera.errors import InvalidInputError


class SolveStatus(StrEnum):
    """How a solve ended.

    ``FEASIBLE``: the routes satisfy every constraint (required nodes and choice groups
    included). ``INFEASIBLE``: the required nodes, choice groups or routes cannot all be
    satisfied (proved up front, or no search found a way; ``reasons`` says which).
    ``NO_SOLUTION_FOUND``: the search ended without any valid solution.
    """

    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    NO_SOLUTION_FOUND = "no_solution_found"


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveResult:
    """The best solution found.

    Attributes
    ----------
    routes
        Per route, the visited nodes in order (route start and end excluded).
    start_times
        Per route, the earliest feasible service start of each visited node.
    lunch_starts
        Per route, when the lunch break starts (``None`` if the route has none).
    prize
        Total prize of the visited nodes.
    status
        How the solve ended.
    runtime_s
        Wall-clock time spent.
    iterations
        Outer search iterations done (summed over workers).
    reasons
        Why the status is not ``FEASIBLE``, in plain sentences (empty otherwise).
    """

    routes: tuple[tuple[int, ...], ...]
    start_times: tuple[tuple[int, ...], ...]
    lunch_starts: tuple[int | None, ...]
    prize: int
    status: SolveStatus
    runtime_s: float
    iterations: int
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.start_times) != len(self.routes) or any(
            len(t) != len(r) for t, r in zip(self.start_times, self.routes, strict=True)
        ):
            msg = "must hold one start time per visited node"
            raise InvalidInputError("start_times", msg)
        if len(self.lunch_starts) != len(self.routes):
            msg = "must hold one entry per route"
            raise InvalidInputError("lunch_starts", msg)

    def is_feasible(self) -> bool:
        """Return whether the routes satisfy every constraint."""
        return self.status is SolveStatus.FEASIBLE

    def summary(self) -> str:
        """Return a short human-readable account of the result."""
        visits = sum(len(route) for route in self.routes)
        used = sum(1 for route in self.routes if route)
        lines = [
            f"status: {self.status.value}",
            f"prize: {self.prize}",
            f"visits: {visits} over {used}/{len(self.routes)} routes",
            f"iterations: {self.iterations}",
            f"runtime: {self.runtime_s:.2f} s",
        ]
        lines.extend(f"reason: {reason}" for reason in self.reasons)
        return "\n".join(lines)
