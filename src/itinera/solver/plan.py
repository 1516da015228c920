"""Plan an itinerary: diagnose, build the problem, solve, replay on timetables, check.

This is the one function the CLI and the API call. It follows networkx's reduce-solve-expand
pattern: the destination graph is reduced to a typical travel-time matrix between candidate
places, OR-Tools chooses days, visits and nights on it, and every hop is expanded back into
concrete legs on the real timetable. The result is verified by the independent checker before
it is returned; a request that cannot be met raises :class:`InfeasibleRequestError` with reasons.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from itinera.checker.diagnose import explain_infeasible, open_long_enough
from itinera.checker.feasibility import check_itinerary
from itinera.errors import InfeasibleRequestError
from itinera.graph.journeys import JourneyPlanner, shared_planner
from itinera.graph.travel_times import UNREACHABLE_S, typical_travel_matrix
from itinera.model.ids import PlaceId
from itinera.model.itinerary import DayPlan, Itinerary
from itinera.model.opening_hours import SECONDS_PER_DAY
from itinera.model.pricing import entry_cost_lines
from itinera.solver.expand import DayReplayer, ReplayedDay
from itinera.solver.params import SolveParams
from itinera.solver.pricing import itinerary_tickets
from itinera.solver.solve import solve
from itinera.solver.trip_problem import (
    PRIZE_SCALE,
    DaySkeleton,
    NodeRole,
    TripProblem,
    build_trip_problem,
    visit_prize,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

    from itinera.model.destination import Destination
    from itinera.model.place import Place
    from itinera.model.tickets import TicketPlan
    from itinera.model.traveller import TravellerProfile
    from itinera.model.trip_request import TripRequest
    from itinera.solver.result import SolveResult

SAMPLE_STEP_S = 3600
"""Departure times sampled for the typical travel-time matrix: every hour of the day."""

CORRECTION_ROUNDS = 2
"""Solver rounds: after the first, hops that the timetable made longer than their typical time
are corrected in the matrix and the trip is solved again; the best replayed plan wins."""

FIRST_ROUND_SHARE = 0.7
"""Share of the solver's time given to the first round; the correction round, when the
timetable asks for one, has the rest. Most plans need no correction, so the first round gets
most of the time rather than half of it."""

FINISH_RESERVE_SHARE = 0.1
"""Share of the time limit kept after solving to replay, extend, check and price the plan:
``time_limit_s`` bounds the whole of :func:`plan_itinerary`, set-up included."""

MIN_ROUND_S = 0.2
"""A solver round always gets this much, even when set-up ate the budget."""

MAX_REPLAYS = 400
"""Day replays the night fallback of :func:`_replay` may try before giving up."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanResult:
    """An itinerary with how it was found, and its recommended tickets.

    ``tickets`` is the exact cheapest way for the party to pay the itinerary's entries with the
    destination's passes (:func:`itinerary_tickets`); None only before it is priced.
    """

    itinerary: Itinerary
    solve: SolveResult
    dropped_in_replay: tuple[PlaceId, ...]
    inserted_in_replay: tuple[PlaceId, ...]
    runtime_s: float
    tickets: TicketPlan | None = None


def plan_itinerary(
    request: TripRequest,
    destination: Destination,
    *,
    params: SolveParams | None = None,
    on_progress: Callable[[int, float], None] | None = None,
    prizes: Mapping[PlaceId, int] | None = None,
) -> PlanResult:
    """Return the best itinerary found for ``request``, with its recommended tickets.

    Parameters
    ----------
    request
        What the visitor asks for.
    destination
        Places and links.
    params
        Limits and seed; ``time_limit_s`` bounds the whole call, set-up and checks included
        (the solver rounds get what is left, at least :data:`MIN_ROUND_S` each).
    on_progress
        Called with ``(best_prize, elapsed_s)`` as the solver improves.
    prizes
        What visiting each place is worth to the search, in prize units (:data:`PRIZE_SCALE`
        per interest point), instead of :func:`visit_prize`; places absent or worth 0 are not
        planned unless they are must-see. Pass-first planning
        (:mod:`itinera.solver.pass_first`) reweights interest this way. The itinerary's
        ``score`` is always the plain interest.

    Raises
    ------
    InvalidInputError
        If the request names unknown places or themes.
    InfeasibleRequestError
        If no itinerary satisfies the request; ``reasons`` says why.
    """
    started = time.perf_counter()
    destination.validate_request(request)
    planner = shared_planner(destination, request.profile)
    if reasons := explain_infeasible(request, destination, planner):
        raise InfeasibleRequestError(reasons)
    candidates = _candidates(request, destination)
    if prizes is not None:
        candidates = tuple(p for p in candidates if prizes.get(p, 0) > 0 or p in request.must_see)
    hotels = tuple(p.id for p in destination.accommodations if p.id not in request.excluded)
    matrix_ids = tuple(dict.fromkeys((request.origin, request.destination, *candidates, *hotels)))
    samples = range(request.profile.day_start_s, request.profile.day_end_s, SAMPLE_STEP_S)
    travel = typical_travel_matrix(
        planner, matrix_ids, request.dates, tuple(samples), links=destination.links
    )
    reachable = _reachable_candidates(candidates, matrix_ids, travel)
    replayer = DayReplayer(request, destination, planner)
    params = params or SolveParams()
    finish_by = started + params.time_limit_s * (1.0 - FINISH_RESERVE_SHARE)
    best: PlanResult | None = None
    for round_index in range(CORRECTION_ROUNDS):
        problem = build_trip_problem(
            request,
            destination,
            candidates=reachable,
            hotels=hotels,
            travel_s=travel,
            matrix_ids=matrix_ids,
        )
        if prizes is not None:
            problem = _with_prizes(problem, prizes)
        left_s = finish_by - time.perf_counter()
        share = FIRST_ROUND_SHARE if round_index < CORRECTION_ROUNDS - 1 else 1.0
        round_params = replace(params, time_limit_s=max(left_s * share, MIN_ROUND_S))
        result = solve(problem.data, round_params, on_progress=on_progress)
        if not result.is_feasible():
            if best is not None:
                break
            raise InfeasibleRequestError(_no_plan_reasons(request, destination, planner, result))
        days, dropped = _replay(problem.skeleton(result), request, replayer, hotels)
        days, inserted = _insert_more(days, reachable, request, destination, replayer, prizes)
        itinerary = _itinerary(request, destination, days)
        if best is None or itinerary.score > best.itinerary.score:
            best = PlanResult(
                itinerary=itinerary,
                solve=result,
                dropped_in_replay=dropped,
                inserted_in_replay=inserted,
                runtime_s=0.0,
            )
        if not dropped:
            break
        travel = _corrected_travel(travel, matrix_ids, problem, result, request, planner)
    if best is None:  # pragma: no cover - the loop runs at least once
        raise InfeasibleRequestError(("no round of the solver ran",))
    if violations := check_itinerary(best.itinerary, destination):
        raise InfeasibleRequestError(tuple(v.message for v in violations))
    tickets = itinerary_tickets(best.itinerary, destination)
    return replace(best, runtime_s=time.perf_counter() - started, tickets=tickets)


def _with_prizes(problem: TripProblem, prizes: Mapping[PlaceId, int]) -> TripProblem:
    """Return ``problem`` with the visit prizes replaced by ``prizes`` (0 when absent)."""
    prize = problem.data.prize.copy()
    for i, node in enumerate(problem.nodes):
        if node.role is NodeRole.VISIT and node.place_id is not None:
            prize[i] = prizes.get(node.place_id, 0)
    return replace(problem, data=replace(problem.data, prize=prize))


def _no_plan_reasons(
    request: TripRequest,
    destination: Destination,
    planner: JourneyPlanner,
    result: SolveResult,
) -> tuple[str, ...]:
    return explain_infeasible(request, destination, planner) or (
        (
            f"no car-free itinerary of {request.days} day(s) from "
            f"{destination.places[request.origin].name} to "
            f"{destination.places[request.destination].name} meets every constraint "
            f"({result.status})"
        ),
    )


def _corrected_travel(
    travel: NDArray[np.int64],
    matrix_ids: Sequence[PlaceId],
    problem: TripProblem,
    result: SolveResult,
    request: TripRequest,
    planner: JourneyPlanner,
) -> NDArray[np.int64]:
    """Return ``travel`` raised to the real journey times of the solver's hops.

    Each hop of the solution is re-timed on the timetable at the time the solver meant to leave;
    where the real journey takes longer than the typical time (a coach just missed), the matrix
    learns the longer time, so the next round plans with it.
    """
    corrected = travel.copy()
    position = {p: i for i, p in enumerate(matrix_ids)}
    profile = request.profile
    day_span_s = profile.day_end_s - profile.day_start_s
    for day, (route, starts) in enumerate(zip(result.routes, result.start_times, strict=True)):
        places: list[tuple[str, int]] = []
        if day == 0:
            places.append((request.origin, profile.day_start_s))
        for node, start in zip(route, starts, strict=True):
            place = problem.nodes[node].place_id
            if place is not None:
                leave = start + int(problem.data.service[node]) - day * SECONDS_PER_DAY
                places.append((place, leave))
        if day == request.days - 1:
            places.append((request.destination, profile.day_end_s))
        for (a, leave), (b, _) in itertools.pairwise(places):
            if a == b:
                continue
            journey = planner.journey(a, b, request.dates[day], leave)
            real = journey.duration_s if journey is not None else day_span_s
            i, j = position[PlaceId(a)], position[PlaceId(b)]
            if corrected[i, j] != UNREACHABLE_S:
                corrected[i, j] = max(int(corrected[i, j]), real)
    return corrected


def _candidates(request: TripRequest, destination: Destination) -> tuple[PlaceId, ...]:
    """Return the attractions the party could visit on some day of the trip."""
    profile: TravellerProfile = request.profile

    def eligible(place: Place) -> bool:
        return (
            place.kind.is_attraction
            and place.id not in request.excluded
            and profile.fits(place)
            and (place.score > 0 or place.id in request.must_see)
            and any(
                open_long_enough(place, d, profile.visit_duration_s(place)) for d in request.dates
            )
        )

    return tuple(sorted(p.id for p in destination.places.values() if eligible(p)))


def _reachable_candidates(
    candidates: Sequence[PlaceId], matrix_ids: Sequence[PlaceId], matrix: NDArray[np.int64]
) -> tuple[PlaceId, ...]:
    """Keep candidates some other matrix place reaches and that reach back somewhere."""
    position = {p: i for i, p in enumerate(matrix_ids)}
    kept = []
    for place_id in candidates:
        i = position[place_id]
        others = [j for j in range(len(matrix_ids)) if j != i]
        if (matrix[others, i] != UNREACHABLE_S).any() and (
            matrix[i, others] != UNREACHABLE_S
        ).any():
            kept.append(place_id)
    return tuple(kept)


def _day_ends(request: TripRequest, skeleton: Sequence[DaySkeleton]) -> list[PlaceId]:
    return [s.overnight or request.destination for s in skeleton[:-1]] + [request.destination]


def _replay(
    skeleton: Sequence[DaySkeleton],
    request: TripRequest,
    replayer: DayReplayer,
    hotels: Sequence[PlaceId],
) -> tuple[list[DayPlan], tuple[PlaceId, ...]]:
    """Replay every day; when a night's stop can't be reached, fall back to another one.

    The fallback searches depth first: a night that can be reached but from which a later day
    cannot be finished (no Sunday coach out of Quillan, say) is replaced by the next
    accommodation, at most :data:`MAX_REPLAYS` day replays in all.
    """
    ends = _day_ends(request, skeleton)
    budget = [MAX_REPLAYS]
    stuck: list[tuple[int, str]] = []

    def from_day(d: int, start: str) -> list[ReplayedDay] | None:
        if d == len(skeleton):
            return []
        is_last = d == request.days - 1
        options = [ends[d]] if is_last else [ends[d], *(h for h in hotels if h != ends[d])]
        for end in options:
            if budget[0] <= 0:
                break
            budget[0] -= 1
            replayed = replayer.replay(d, start, skeleton[d].visits, end, keep=request.must_see)
            if replayed is None:
                continue
            rest = from_day(d + 1, end)
            if rest is not None:
                return [replayed, *rest]
        stuck.append((d, start))
        return None

    replayed_days = from_day(0, request.origin)
    if replayed_days is None:
        d, start = max(stuck)
        reason = (
            f"no car-free connection to finish day {d + 1} "
            f"({request.dates[d].isoformat()}) from {start}"
        )
        raise InfeasibleRequestError((reason,))
    days = [r.plan for r in replayed_days]
    dropped = tuple(p for r in replayed_days for p in r.dropped)
    return days, dropped


def _insert_more(
    days: list[DayPlan],
    candidates: Sequence[PlaceId],
    request: TripRequest,
    destination: Destination,
    replayer: DayReplayer,
    prizes: Mapping[PlaceId, int] | None = None,
) -> tuple[list[DayPlan], tuple[PlaceId, ...]]:
    """Greedily insert unvisited candidates where they still fit on the real timetable."""
    visited = {v.place_id for day in days for v in day.visits}

    def worth(place_id: PlaceId) -> int:
        if prizes is not None:
            return prizes.get(place_id, 0)
        return visit_prize(destination.places[place_id], request)

    ranked = sorted((p for p in candidates if p not in visited), key=lambda p: -worth(p))
    inserted: list[PlaceId] = []
    profile = request.profile
    spent = sum(profile.entry_price_cents(destination.places[p].prices) for p in visited)
    for place_id in ranked:
        place = destination.places[place_id]
        fee = profile.entry_price_cents(place.prices)
        over_budget = request.budget_cents is not None and spent + fee > request.budget_cents
        if worth(place_id) <= 0 or over_budget:
            continue
        for d, day in enumerate(days):
            start = request.origin if d == 0 else days[d - 1].overnight or request.origin
            end = day.overnight or request.destination
            current = [v.place_id for v in day.visits]
            for position in range(len(current) + 1):
                trial = [*current[:position], place_id, *current[position:]]
                plan = replayer.day_plan(d, start, trial, end)
                if plan is not None:
                    days[d] = plan
                    inserted.append(place_id)
                    spent += fee
                    break
            else:
                continue
            break
    return days, tuple(inserted)


def _itinerary(
    request: TripRequest, destination: Destination, days: Sequence[DayPlan]
) -> Itinerary:
    costs = tuple(
        line
        for day in days
        for visit in day.visits
        for line in entry_cost_lines(destination.places[visit.place_id], request.profile)
    )
    score = sum(
        visit_prize(destination.places[v.place_id], request) for day in days for v in day.visits
    )
    return Itinerary(
        request=request,
        days=tuple(days),
        costs=costs,
        total_cost_cents=sum(line.total_cents for line in costs),
        score=score / PRIZE_SCALE,
    )
