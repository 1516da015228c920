"""The generic prize-collecting routing problem the solver works on.

Every time value is an integer in one unit chosen by the caller (seconds from trip start for
itineraries, hundredths for the TOPTW benchmark). This module is the only place where values are
scaled and rounded into that unit (:func:`ceil_units`, :func:`floor_units`), always on the safe
side: durations and openings up, closings down, and capped at :data:`MAX_TIME`.

The problem: routes (days, vehicles) leave their start node no earlier than ``earliest_start``
and reach their end node no later than ``latest_end``; in between they visit nodes, each at most
once over all routes, starting service inside one of the node's windows (waiting before a window
opens is allowed) and staying ``service`` units. The goal is the largest total prize of the
visited nodes, subject to required nodes, choice groups, allowed routes and successors, linked
nodes, a lunch break per route and a money budget.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, cast

import numpy as np

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

MAX_TIME: Final[int] = 10**9
"""Ceiling for every time value (in the problem's unit); larger values are capped to it."""

UNREACHABLE: Final[int] = MAX_TIME
"""A travel time ``travel[i, j] >= UNREACHABLE`` means the arc ``i -> j`` may not be used."""

SCALE_EPSILON: Final[float] = 1e-6
"""Tolerance when scaling, so that ``48.17 * 100`` becomes exactly ``4817``, not ``4818``."""


def ceil_units(value: float, scale: float = 1.0) -> int:
    """Return ``value * scale`` rounded up to an integer, capped at :data:`MAX_TIME`.

    Use it for durations, travel times and window openings: rounding them up never makes an
    infeasible plan look feasible.

    Examples
    --------
    >>> ceil_units(48.17, 100)
    4817
    >>> ceil_units(0.001, 100)
    1
    """
    return min(MAX_TIME, max(0, math.ceil(value * scale - SCALE_EPSILON)))


def floor_units(value: float, scale: float = 1.0) -> int:
    """Return ``value * scale`` rounded down to an integer, capped at :data:`MAX_TIME`.

    Use it for window closings and time budgets.

    Examples
    --------
    >>> floor_units(1236, 100)
    123600
    """
    return min(MAX_TIME, max(0, math.floor(value * scale + SCALE_EPSILON)))


Window = tuple[int, int]


class FrozenNodeMap(Mapping[int, frozenset[int]]):
    """A read-only, picklable ``node -> frozenset of ints`` mapping."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[int, frozenset[int]] | None = None) -> None:
        self._items = {int(k): frozenset(int(x) for x in v) for k, v in (items or {}).items()}

    def __getitem__(self, key: int) -> frozenset[int]:
        return self._items[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"FrozenNodeMap({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenNodeMap], tuple[dict[int, frozenset[int]]]]:
        return (FrozenNodeMap, (self._items,))


@dataclass(frozen=True, slots=True, kw_only=True)
class LunchBreak:
    """A break of ``duration`` starting in ``[earliest_start, latest_start]``.

    It is taken between two stops (while travelling or waiting), never during a service.
    """

    earliest_start: int
    latest_start: int
    duration: int

    def __post_init__(self) -> None:
        if not 0 <= self.earliest_start <= self.latest_start <= MAX_TIME:
            msg = (
                f"need 0 <= earliest_start <= latest_start <= {MAX_TIME} "
                f"(got {self.earliest_start}, {self.latest_start})"
            )
            raise InvalidInputError("lunch", msg)
        if not 0 <= self.duration <= MAX_TIME:
            msg = f"duration must be in [0, {MAX_TIME}] (got {self.duration})"
            raise InvalidInputError("lunch.duration", msg)


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteSpec:
    """One route (a day, a vehicle): where and when it starts and ends.

    Attributes
    ----------
    start, end
        Nodes where the route starts and ends (several routes may share them).
    earliest_start
        Earliest departure from ``start``.
    latest_end
        Latest arrival at ``end``.
    lunch
        A break the route must take, or ``None``.
    """

    start: int
    end: int
    earliest_start: int
    latest_end: int
    lunch: LunchBreak | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.earliest_start <= self.latest_end <= MAX_TIME:
            msg = (
                f"need 0 <= earliest_start <= latest_end <= {MAX_TIME} "
                f"(got {self.earliest_start}, {self.latest_end})"
            )
            raise InvalidInputError("routes", msg)


def _frozen_array(value: ArrayLike, name: str, ndim: int) -> NDArray[np.int64]:
    array = np.array(value, dtype=np.int64, copy=True)
    if array.ndim != ndim:
        msg = f"must be a {ndim}-d array (got shape {array.shape})"
        raise InvalidInputError(name, msg)
    if array.size and int(array.min()) < 0:
        msg = f"values must be >= 0 (got {int(array.min())})"
        raise InvalidInputError(name, msg)
    array.setflags(write=False)
    return array


def _check_windows(windows: tuple[tuple[Window, ...], ...], n: int) -> None:
    if len(windows) != n:
        msg = f"must hold one tuple of windows per node ({n}), got {len(windows)}"
        raise InvalidInputError("windows", msg)
    for node, node_windows in enumerate(windows):
        previous_close = -1
        for open_, close in node_windows:
            if not 0 <= open_ <= close <= MAX_TIME:
                msg = f"node {node}: window ({open_}, {close}) must have 0 <= open <= close"
                raise InvalidInputError("windows", msg)
            if open_ <= previous_close:
                msg = f"node {node}: windows must be sorted and disjoint (got {node_windows})"
                raise InvalidInputError("windows", msg)
            previous_close = close


def _check_nodes(name: str, nodes: object, n: int, terminals: frozenset[int]) -> None:
    for node in nodes:  # type: ignore[attr-defined]
        if not isinstance(node, int | np.integer) or not 0 <= node < n:
            msg = f"node {node!r} is out of range 0..{n - 1}"
            raise InvalidInputError(name, msg)
        if node in terminals:
            msg = f"node {node} is a route start or end, it cannot be visited"
            raise InvalidInputError(name, msg)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ProblemData:
    """A prize-collecting, multi-route routing problem with time windows.

    Attributes
    ----------
    travel
        ``(n, n)`` travel time from ``i`` to ``j`` (after service at ``i``);
        ``>= UNREACHABLE`` forbids the arc.
    service
        ``(n,)`` service duration.
    prize
        ``(n,)`` prize collected once when the node is visited.
    windows
        Per node, sorted disjoint closed intervals for the *start* of service; ``()`` means the
        node cannot be visited. Ignored for route start and end nodes.
    routes
        The routes; their start and end nodes are never visits.
    required
        Nodes that must be visited.
    choice_groups
        Exactly one node of each group must be visited.
    allowed_routes
        Node -> indices of the routes that may visit it (absent: any route).
    allowed_successors
        Node (route starts included) -> nodes that may directly follow it (route ends
        included); absent: any node.
    linked
        Pairs ``(a, b)``: ``a`` is visited iff ``b`` is visited.
    cost
        ``(n,)`` money spent when visiting a node, or ``None``.
    budget
        Maximum total ``cost`` over all routes, or ``None`` for no limit.

    Notes
    -----
    Arrays are copied and made read-only. Equality is identity (``eq=False``): comparing
    arrays element-wise has no single truth value.
    """

    travel: NDArray[np.int64]
    service: NDArray[np.int64]
    prize: NDArray[np.int64]
    windows: tuple[tuple[Window, ...], ...]
    routes: tuple[RouteSpec, ...]
    required: frozenset[int] = frozenset()
    choice_groups: tuple[tuple[int, ...], ...] = ()
    allowed_routes: Mapping[int, frozenset[int]] = field(default_factory=dict)
    allowed_successors: Mapping[int, frozenset[int]] = field(default_factory=dict)
    linked: tuple[tuple[int, int], ...] = ()
    cost: NDArray[np.int64] | None = None
    budget: int | None = None

    def __post_init__(self) -> None:
        travel = _frozen_array(self.travel, "travel", 2)
        n = travel.shape[0]
        if n == 0 or travel.shape != (n, n):
            msg = f"must be a non-empty square (n, n) matrix (got shape {travel.shape})"
            raise InvalidInputError("travel", msg)
        object.__setattr__(self, "travel", travel)
        for name in ("service", "prize"):
            array = _frozen_array(getattr(self, name), name, 1)
            if array.shape != (n,):
                msg = f"must have shape ({n},) like travel (got {array.shape})"
                raise InvalidInputError(name, msg)
            object.__setattr__(self, name, array)
        if int(self.service.max()) > MAX_TIME:
            msg = f"values must be <= MAX_TIME = {MAX_TIME}"
            raise InvalidInputError("service", msg)
        windows = tuple(tuple((int(o), int(c)) for o, c in w) for w in self.windows)
        object.__setattr__(self, "windows", windows)
        _check_windows(windows, n)
        self._check_routes(n)
        terminals = self.terminals
        object.__setattr__(self, "required", frozenset(self.required))
        _check_nodes("required", self.required, n, terminals)
        for group in self.choice_groups:
            if not group or len(set(group)) != len(group):
                msg = f"each group must hold distinct nodes, at least one (got {group})"
                raise InvalidInputError("choice_groups", msg)
            _check_nodes("choice_groups", group, n, terminals)
        for pair in self.linked:
            if len(cast("tuple[int, ...]", pair)) != 2:  # noqa: PLR2004 - a pair
                msg = f"each entry must be a pair (a, b) (got {pair})"
                raise InvalidInputError("linked", msg)
            _check_nodes("linked", pair, n, terminals)
        self._check_mappings(n)
        self._check_budget(n)

    def _check_routes(self, n: int) -> None:
        if not self.routes:
            msg = "at least one route is needed"
            raise InvalidInputError("routes", msg)
        for index, route in enumerate(self.routes):
            for node in (route.start, route.end):
                if not 0 <= node < n:
                    msg = f"route {index}: node {node} is out of range 0..{n - 1}"
                    raise InvalidInputError("routes", msg)

    def _check_mappings(self, n: int) -> None:
        allowed_routes = FrozenNodeMap(self.allowed_routes)
        for node, indices in allowed_routes.items():
            if not 0 <= node < n:
                msg = f"node {node} is out of range 0..{n - 1}"
                raise InvalidInputError("allowed_routes", msg)
            bad = sorted(r for r in indices if not 0 <= r < len(self.routes))
            if bad:
                msg = f"node {node}: route indices {bad} out of range 0..{len(self.routes) - 1}"
                raise InvalidInputError("allowed_routes", msg)
        object.__setattr__(self, "allowed_routes", allowed_routes)
        successors = FrozenNodeMap(self.allowed_successors)
        for node, nexts in successors.items():
            bad = sorted(s for s in (node, *nexts) if not 0 <= s < n)
            if bad:
                msg = f"node {node}: nodes {bad} out of range 0..{n - 1}"
                raise InvalidInputError("allowed_successors", msg)
        object.__setattr__(self, "allowed_successors", successors)

    def _check_budget(self, n: int) -> None:
        if self.cost is not None:
            cost = _frozen_array(self.cost, "cost", 1)
            if cost.shape != (n,):
                msg = f"must have shape ({n},) like travel (got {cost.shape})"
                raise InvalidInputError("cost", msg)
            object.__setattr__(self, "cost", cost)
        if self.budget is not None:
            if self.budget < 0:
                msg = f"must be >= 0 (got {self.budget})"
                raise InvalidInputError("budget", msg)
            if self.cost is None:
                msg = "a budget needs a cost per node"
                raise InvalidInputError("budget", msg)

    @property
    def num_nodes(self) -> int:
        """Return the number of nodes ``n``."""
        return int(self.travel.shape[0])

    @property
    def num_routes(self) -> int:
        """Return the number of routes."""
        return len(self.routes)

    @property
    def terminals(self) -> frozenset[int]:
        """Return the nodes that start or end a route (never visits)."""
        return frozenset(r.start for r in self.routes) | frozenset(r.end for r in self.routes)

    @property
    def candidates(self) -> tuple[int, ...]:
        """Return the nodes that could be visited: not terminals, with at least one window."""
        terminals = self.terminals
        return tuple(
            i for i in range(self.num_nodes) if i not in terminals and len(self.windows[i]) > 0
        )

    def route_may_visit(self, route: int, node: int) -> bool:
        """Return whether ``route`` is allowed to visit ``node``."""
        allowed = self.allowed_routes.get(node)
        return allowed is None or route in allowed

    def arc_allowed(self, i: int, j: int) -> bool:
        """Return whether ``j`` may directly follow ``i`` (successor rule and reachability)."""
        if int(self.travel[i, j]) >= UNREACHABLE:
            return False
        successors = self.allowed_successors.get(i)
        return successors is None or j in successors
