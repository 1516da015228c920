"""Team orienteering problem with time windows (TOPTW): the benchmark instance.

The standard TOPTW benchmark (Righini & Salani, Montemanni & Gambardella, Vansteenwegen et al.)
measures the solver's quality. This module holds one instance as read from its file, in the
instance's own units (floats, as written), with no solver concern in it.

Vertex 0 is the depot: every route leaves it no earlier than its ``open`` and must be back by
its ``close`` (the time budget ``Tmax``). For the other vertices ``open``
and ``close`` bound the *start of service*, waiting is allowed, and service lasts ``service``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from itinera.errors import InvalidInputError

ROUNDING_EPSILON = 1e-9
"""Tolerance added before flooring, so that a distance equal to a decimal number (``5.0``,
``48.17``) computed as ``48.16999999999`` still floors to itself."""


class DistanceRounding(StrEnum):
    """How travel times (Euclidean distances) are rounded in a benchmark family.

    Per the README distributed with the instances: down to one decimal for the Solomon-based
    instances, down to two decimals for the Cordeau-based ones.
    """

    FLOOR1 = "floor1"
    FLOOR2 = "floor2"

    @property
    def decimals(self) -> int:
        """Return the number of decimals kept."""
        return 1 if self is DistanceRounding.FLOOR1 else 2


def rounded_distance(dx: float, dy: float, rounding: DistanceRounding) -> float:
    """Return the Euclidean length of ``(dx, dy)`` floored to the rule's decimals.

    Parameters
    ----------
    dx, dy
        Coordinate differences.
    rounding
        The instance's rounding rule.

    Returns
    -------
    float
        The rounded distance, e.g. ``48.1`` for 48.167 under :attr:`DistanceRounding.FLOOR1`.
    """
    factor = float(10**rounding.decimals)
    return math.floor(math.hypot(dx, dy) * factor + ROUNDING_EPSILON) / factor


@dataclass(frozen=True, slots=True, kw_only=True)
class OrienteeringInstance:
    """One TOPTW instance; index 0 is the depot, 1..N the customers.

    Attributes
    ----------
    name
        Instance name, e.g. ``"c101"`` or ``"pr01"``.
    coords
        ``(x, y)`` per vertex.
    service
        Service (visit) duration per vertex.
    score
        Score (prize) per vertex, collected once; 0 for the depot.
    open, close
        Earliest and latest start of service per vertex. For the depot, ``open`` is the earliest
        departure and ``close`` the time budget ``Tmax`` by which every route must be back.
    rounding
        Distance rounding rule.
    routes_needed
        ``v`` from the header: routes with which every vertex can be visited (0 if unknown).
    """

    name: str
    coords: tuple[tuple[float, float], ...]
    service: tuple[float, ...]
    score: tuple[int, ...]
    open: tuple[float, ...]
    close: tuple[float, ...]
    rounding: DistanceRounding
    routes_needed: int = 0

    def __post_init__(self) -> None:
        n = len(self.coords)
        if n < 1:
            msg = "needs at least the depot (got no vertex)"
            raise InvalidInputError("coords", msg)
        for name in ("service", "score", "open", "close"):
            size = len(getattr(self, name))
            if size != n:
                msg = f"must have one value per vertex ({n}), got {size}"
                raise InvalidInputError(name, msg)
        for i in range(n):
            if self.service[i] < 0:
                msg = f"vertex {i} has a negative service time ({self.service[i]})"
                raise InvalidInputError("service", msg)
            if self.score[i] < 0:
                msg = f"vertex {i} has a negative score ({self.score[i]})"
                raise InvalidInputError("score", msg)
            if self.close[i] < self.open[i]:
                msg = f"vertex {i} closes ({self.close[i]}) before it opens ({self.open[i]})"
                raise InvalidInputError("close", msg)

    @property
    def num_vertices(self) -> int:
        """Return the number of vertices, depot included."""
        return len(self.coords)

    @property
    def tmax(self) -> float:
        """Return the time budget: every route must be back at the depot by then."""
        return self.close[0]

    def distance(self, i: int, j: int) -> float:
        """Return the rounded travel time from vertex ``i`` to vertex ``j``."""
        (xi, yi), (xj, yj) = self.coords[i], self.coords[j]
        return rounded_distance(xj - xi, yj - yi, self.rounding)
