"""Replay the solver's day skeletons on the real timetables, producing concrete steps.

The optimiser plans on typical travel times; this module walks each day in time order with
exact earliest-arrival journeys, places the lunch break, and keeps a visit only when it still
fits (opening hours, day end, and a journey on to the night's stop). It can also try to insert
more visits into a replayed day. Everything here is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from itinera.graph.journeys import Journey
from itinera.model.emissions import class_of_mode, co2_grams
from itinera.model.ids import PlaceId
from itinera.model.itinerary import DayPlan, Leg, Lunch, Visit

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from itinera.graph.journeys import Hop, JourneyPlanner
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Step
    from itinera.model.trip_request import TripRequest


@dataclass(frozen=True, slots=True)
class _Span:
    """A visit or the lunch break: a place and a time span in seconds from local midnight."""

    place_id: str
    start_s: int
    end_s: int


@dataclass(slots=True)
class _DayState:
    """Mutable replay state: where the party is, from when, and what it has done."""

    location: str
    ready_s: int
    lunch: _Span | None = None
    steps: list[_Span | Hop] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplayedDay:
    """A day replayed on the timetable: its plan and the visits it had to leave out."""

    plan: DayPlan
    dropped: tuple[PlaceId, ...]


class DayReplayer:
    """Replays days of one request on exact journeys."""

    def __init__(
        self, request: TripRequest, destination: Destination, planner: JourneyPlanner
    ) -> None:
        self._request = request
        self._destination = destination
        self._planner = planner
        self._profile = request.profile

    def replay(
        self,
        day_index: int,
        start: str,
        visits: Sequence[PlaceId],
        end: str,
        *,
        keep: frozenset[PlaceId] = frozenset(),
    ) -> ReplayedDay | None:
        """Return the day from ``start`` to ``end`` with as many of ``visits`` as fit, in order.

        Visits in ``keep`` (must-see places) are kept first; the others are added in order when
        they still fit. None when even the kept visits (or the bare journey) don't fit that day.
        """
        kept = [p for p in visits if p in keep]
        if self._simulate(day_index, start, kept, end) is None:
            kept = []
        dropped: list[PlaceId] = []
        for place_id in visits:
            if place_id in kept:
                continue
            trial = [p for p in visits if p in kept or p == place_id]
            if self._simulate(day_index, start, trial, end) is None:
                dropped.append(place_id)
            else:
                kept = trial
        state = self._simulate(day_index, start, kept, end)
        if state is None:
            return None
        return ReplayedDay(plan=self._day_plan(day_index, state, end), dropped=tuple(dropped))

    def day_plan(
        self, day_index: int, start: str, visits: Sequence[PlaceId], end: str
    ) -> DayPlan | None:
        """Return the day with all ``visits`` in this order, or None if they don't all fit."""
        state = self._simulate(day_index, start, visits, end)
        return None if state is None else self._day_plan(day_index, state, end)

    def _simulate(
        self, day_index: int, start: str, visits: Sequence[PlaceId], end: str
    ) -> _DayState | None:
        day = self._request.dates[day_index]
        state = _DayState(location=start, ready_s=self._profile.day_start_s)
        for place_id in visits:
            if not self._travel(state, day, place_id) or not self._visit(state, day, place_id):
                return None
        if not self._travel(state, day, end):
            return None
        if state.lunch is None and not self._take_lunch(state, force=True):
            return None
        return state

    def _travel(self, state: _DayState, day: dt.date, target: str) -> bool:
        if state.location == target:
            return True
        journey = self._planner.journey(state.location, target, day, state.ready_s)
        if journey is None:
            return False
        if state.lunch is None and journey.arrive_s > self._profile.lunch_latest_s:
            return self._travel_with_lunch(state, day, target, journey)
        if journey.arrive_s > self._profile.day_end_s:
            return False
        idle_at_lunch = journey.hops and journey.hops[0].depart_s >= self._profile.lunch_earliest_s
        if state.lunch is None and idle_at_lunch and self._take_lunch(state, force=False):
            return self._travel(state, day, target)
        self._record_journey(state, journey)
        return True

    def _travel_with_lunch(
        self, state: _DayState, day: dt.date, target: str, journey: Journey
    ) -> bool:
        """Travel to ``target`` taking lunch on the way: before leaving or at a change.

        Lunch may not start after ``lunch_latest_s``, so it happens at the last place of the
        journey reached in time; every such place is tried and the earliest arrival wins.
        """
        profile = self._profile
        best: tuple[int, int, Journey] | None = None
        for k in range(-1, len(journey.hops) - 1):
            place = journey.hops[k].link.to_id if k >= 0 else state.location
            reached = journey.hops[k].arrive_s if k >= 0 else state.ready_s
            lunch_start = max(reached, profile.lunch_earliest_s)
            if lunch_start > profile.lunch_latest_s:
                continue
            rest = self._planner.journey(place, target, day, lunch_start + profile.lunch_s)
            if rest is not None and (best is None or rest.arrive_s < best[2].arrive_s):
                best = (k, lunch_start, rest)
        if best is None or best[2].arrive_s > profile.day_end_s:
            return False
        k, lunch_start, rest = best
        first_part = Journey(
            hops=journey.hops[: k + 1],
            ready_s=state.ready_s,
            arrive_s=journey.hops[k].arrive_s if k >= 0 else state.ready_s,
        )
        self._record_journey(state, first_part)
        state.lunch = _Span(state.location, lunch_start, lunch_start + profile.lunch_s)
        state.ready_s = lunch_start + profile.lunch_s
        self._record_journey(state, rest)
        return True

    def _visit(self, state: _DayState, day: dt.date, place_id: PlaceId) -> bool:
        place = self._destination.places[place_id]
        duration = self._profile.visit_duration_s(place)
        start = _first_fit(place.opening_hours.intervals_on(day), state.ready_s, duration)
        if start is None:
            return False
        if state.lunch is None and start + duration > self._profile.lunch_latest_s:
            if not self._take_lunch(state, force=True):
                return False
            start = _first_fit(place.opening_hours.intervals_on(day), state.ready_s, duration)
            if start is None:
                return False
        end = start + duration
        if end > self._profile.day_end_s:
            return False
        state.steps.append(_Span(place_id, start, end))
        state.ready_s = end
        return True

    def _take_lunch(self, state: _DayState, *, force: bool) -> bool:
        """Take lunch where the party is, as soon as the window allows; False if too late."""
        start = max(state.ready_s, self._profile.lunch_earliest_s)
        if start > self._profile.lunch_latest_s or (not force and start > state.ready_s):
            return False
        state.lunch = _Span(state.location, start, start + self._profile.lunch_s)
        state.ready_s = start + self._profile.lunch_s
        return True

    def _record_journey(self, state: _DayState, journey: Journey) -> None:
        state.steps.extend(journey.hops)
        state.location = journey.hops[-1].link.to_id if journey.hops else state.location
        state.ready_s = journey.arrive_s

    def _day_plan(self, day_index: int, state: _DayState, end: str) -> DayPlan:
        day = self._request.dates[day_index]
        at = self._destination.local_datetime
        steps: list[Step] = []
        for step in state.steps:
            if isinstance(step, _Span):
                steps.append(
                    Visit(
                        place_id=PlaceId(step.place_id),
                        start=at(day, step.start_s),
                        end=at(day, step.end_s),
                    )
                )
                continue
            steps.append(
                Leg(
                    mode=step.link.mode,
                    from_id=step.link.from_id,
                    to_id=step.link.to_id,
                    depart=at(day, step.depart_s),
                    arrive=at(day, step.arrive_s),
                    distance_m=step.distance_m,
                    line=step.link.line,
                    trip_id=step.trip_id,
                    is_estimated=bool(step.link.estimated),
                    co2_g=co2_grams(
                        step.emission_class or class_of_mode(step.link.mode),
                        step.distance_m,
                        len(self._profile.party),
                    ),
                )
            )
        lunch = None
        if state.lunch is not None:
            lunch = Lunch(
                place_id=PlaceId(state.lunch.place_id),
                start=at(day, state.lunch.start_s),
                end=at(day, state.lunch.end_s),
            )
        is_last = day_index == self._request.days - 1
        return DayPlan(
            date=day,
            steps=tuple(steps),
            overnight=None if is_last else PlaceId(end),
            lunch=lunch,
        )


def _first_fit(intervals: Sequence[tuple[int, int]], ready_s: int, duration_s: int) -> int | None:
    for start_s, end_s in intervals:
        begin = max(start_s, ready_s)
        if begin + duration_s <= end_s:
            return begin
    return None
