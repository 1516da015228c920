"""Parameters of a solve, checked on construction (PyVRP's ``IteratedLocalSearchParams``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from itinera.errors import InvalidInputError


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveParams:
    """How long and how :func:`itinera.solver.solve` searches.

    Attributes
    ----------
    time_limit_s
        Wall-clock budget; the best solution is returned when it runs out (at most 10 % late).
    seed
        Seed of the random choices.
    max_iterations
        Stop after this many outer search iterations. With it (and a time limit that is not
        reached), a solve is reproducible: same data, seed and ``max_iterations``, same result.
    workers
        Independent searches run in parallel processes (seeds ``seed``, ``seed + 1``...); the
        best result is kept.
    """

    time_limit_s: float = 10.0
    seed: int = 0
    max_iterations: int | None = None
    workers: int = 1

    def __post_init__(self) -> None:
        if not (math.isfinite(self.time_limit_s) and self.time_limit_s > 0):
            msg = f"must be a positive number of seconds (got {self.time_limit_s})"
            raise InvalidInputError("time_limit_s", msg)
        if self.max_iterations is not None and self.max_iterations < 0:
            msg = f"must be >= 0 or None (got {self.max_iterations})"
            raise InvalidInputError("max_iterations", msg)
        if self.workers < 1:
            msg = f"must be >= 1 (got {self.workers})"
            raise InvalidInputError("workers", msg)
