"""Properties of check_itinerary on itineraries feasible by construction, and single mutations.

Each mutation breaks exactly one rule and must yield exactly that violation kind; it only
applies where it can do so cleanly (e.g. a visit can be moved into closed hours only where the
party was waiting for the place to open), so the tests ``assume`` a mutable spot exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from hypothesis import assume, given
from hypothesis import strategies as st
from tests.fixtures_destinations import load_tiny_destination
from tests.strategies import feasible_itineraries

from itinera.checker.feasibility import ViolationKind, check_itinerary
from itinera.model.itinerary import Leg, Visit
from itinera.model.link import BOARDING_BUFFER_S, Mode

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import DayPlan, Itinerary, Step

MINUTE = dt.timedelta(minutes=1)
BUFFER = dt.timedelta(seconds=BOARDING_BUFFER_S)

Spot = tuple[int, int]
"""A step of an itinerary as ``(day index, step index)``."""


def _kinds(itinerary: Itinerary) -> set[ViolationKind]:
    return {v.kind for v in check_itinerary(itinerary, load_tiny_destination())}


def _replace_steps(itinerary: Itinerary, day: int, steps: tuple[Step, ...]) -> Itinerary:
    days = list(itinerary.days)
    days[day] = dataclasses.replace(days[day], steps=steps)
    return dataclasses.replace(itinerary, days=tuple(days))


def _replace_step(itinerary: Itinerary, spot: Spot, *new: Step) -> Itinerary:
    day, index = spot
    steps = itinerary.days[day].steps
    return _replace_steps(itinerary, day, (*steps[:index], *new, *steps[index + 1 :]))


def _span(step: Step) -> tuple[dt.datetime, dt.datetime]:
    return (step.start, step.end) if isinstance(step, Visit) else (step.depart, step.arrive)


def _free_before(itinerary: Itinerary, day: int, index: int) -> dt.datetime:
    """Return when the party is free before step ``index`` of ``day`` (previous step, lunch)."""
    plan = itinerary.days[day]
    start = _span(plan.steps[index])[0]
    profile = itinerary.request.profile
    moments = [load_tiny_destination().local_datetime(plan.date, profile.day_start_s)]
    moments.extend(_span(s)[1] for s in plan.steps[:index])
    if plan.lunch is not None and plan.lunch.end <= start:
        moments.append(plan.lunch.end)
    return max(moments)


def _free_after(itinerary: Itinerary, day: int, index: int) -> dt.datetime:
    """Return when the party must leave after step ``index`` (next step less the buffer)."""
    plan = itinerary.days[day]
    end = _span(plan.steps[index])[1]
    profile = itinerary.request.profile
    moments = [load_tiny_destination().local_datetime(plan.date, profile.day_end_s) + BUFFER]
    moments.extend(_span(s)[0] for s in plan.steps[index + 1 :])
    if plan.lunch is not None and plan.lunch.start >= end:
        moments.append(plan.lunch.start)
    return min(moments) - BUFFER


def _visit_spots(itinerary: Itinerary) -> list[tuple[Spot, Visit]]:
    return [
        ((d, i), step)
        for d, plan in enumerate(itinerary.days)
        for i, step in enumerate(plan.steps)
        if isinstance(step, Visit)
    ]


@given(feasible_itineraries())
def test_check_itinerary_accepts_itineraries_feasible_by_construction(
    itinerary: Itinerary,
) -> None:
    assert check_itinerary(itinerary, load_tiny_destination()) == ()


def _closed_shifts(itinerary: Itinerary, destination: Destination) -> list[tuple[Spot, Visit]]:
    """Return visits moved to start just before opening, or end just after closing."""
    shifted = []
    for (day, index), visit in _visit_spots(itinerary):
        plan: DayPlan = itinerary.days[day]
        place = destination.places[visit.place_id]
        for opens_s, closes_s in place.opening_hours.intervals_on(plan.date):
            opens = destination.local_datetime(plan.date, opens_s)
            closes = destination.local_datetime(plan.date, closes_s)
            if not opens <= visit.start < closes:
                continue
            if opens_s > 0 and opens - MINUTE >= _free_before(itinerary, day, index):
                shifted.append(((day, index), dataclasses.replace(visit, start=opens - MINUTE)))
            if closes_s < 86_400 and closes + MINUTE <= _free_after(itinerary, day, index):
                shifted.append(((day, index), dataclasses.replace(visit, end=closes + MINUTE)))
    return shifted


@given(feasible_itineraries(), st.data())
def test_check_itinerary_flags_only_closed_after_shifting_a_visit_into_closed_hours(
    itinerary: Itinerary, data: st.DataObject
) -> None:
    shifts = _closed_shifts(itinerary, load_tiny_destination())
    assume(shifts)
    spot, visit = data.draw(st.sampled_from(shifts))

    assert _kinds(_replace_step(itinerary, spot, visit)) == {ViolationKind.CLOSED}


@given(feasible_itineraries(), st.data())
def test_check_itinerary_flags_only_repeated_after_splitting_a_visit(
    itinerary: Itinerary, data: st.DataObject
) -> None:
    profile = itinerary.request.profile
    places = load_tiny_destination().places
    long_visits = [
        (spot, visit)
        for spot, visit in _visit_spots(itinerary)
        if visit.end - visit.start
        >= 2 * dt.timedelta(seconds=profile.visit_duration_s(places[visit.place_id]))
    ]
    assume(long_visits)
    spot, visit = data.draw(st.sampled_from(long_visits))
    middle = visit.start + (visit.end - visit.start) // 2
    halves = (dataclasses.replace(visit, end=middle), dataclasses.replace(visit, start=middle))

    assert _kinds(_replace_step(itinerary, spot, *halves)) == {ViolationKind.REPEATED}


def _late_ends(itinerary: Itinerary, late: dt.timedelta) -> list[tuple[Spot, Step]]:
    """Return last steps of a day pushed to end ``late`` after the party's day end."""
    destination = load_tiny_destination()
    pushed: list[tuple[Spot, Step]] = []
    for day, plan in enumerate(itinerary.days):
        if not plan.steps:
            continue
        last = plan.steps[-1]
        day_end = destination.local_datetime(plan.date, itinerary.request.profile.day_end_s)
        new_end = day_end + late
        spot = (day, len(plan.steps) - 1)
        if isinstance(last, Leg) and last.mode in {Mode.WALK, Mode.BIKE}:
            if plan.lunch is None or plan.lunch.end <= last.depart:
                shift = new_end - last.arrive
                pushed.append(
                    (spot, dataclasses.replace(last, depart=last.depart + shift, arrive=new_end))
                )
        elif isinstance(last, Visit) and (plan.lunch is None or plan.lunch.end <= last.start):
            place = destination.places[last.place_id]
            if any(
                destination.local_datetime(plan.date, o) <= last.start
                and new_end <= destination.local_datetime(plan.date, c)
                for o, c in place.opening_hours.intervals_on(plan.date)
            ):
                pushed.append((spot, dataclasses.replace(last, end=new_end)))
    return pushed


@given(feasible_itineraries(), st.integers(1, 90), st.data())
def test_check_itinerary_flags_only_day_limits_after_pushing_the_day_end(
    itinerary: Itinerary, late_min: int, data: st.DataObject
) -> None:
    pushed = _late_ends(itinerary, late_min * MINUTE)
    assume(pushed)
    spot, step = data.draw(st.sampled_from(pushed))

    assert _kinds(_replace_step(itinerary, spot, step)) == {ViolationKind.DAY_LIMITS}


@given(feasible_itineraries(), st.one_of(st.integers(-5000, -1), st.integers(1, 5000)))
def test_check_itinerary_flags_only_cost_after_changing_the_total(
    itinerary: Itinerary, error_cents: int
) -> None:
    wrong = dataclasses.replace(
        itinerary, total_cost_cents=itinerary.total_cost_cents + error_cents
    )

    violations = check_itinerary(wrong, load_tiny_destination())

    assert [v.kind for v in violations] == [ViolationKind.COST]


@given(feasible_itineraries(), st.integers(1, 240), st.data())
def test_check_itinerary_flags_only_leg_after_moving_a_departure_off_the_timetable(
    itinerary: Itinerary, delay_s: int, data: st.DataObject
) -> None:
    destination = load_tiny_destination()
    timetabled = {(k.from_id, k.to_id, k.mode) for k in destination.links if k.is_timetabled}
    rides = [
        ((d, i), step)
        for d, plan in enumerate(itinerary.days)
        for i, step in enumerate(plan.steps)
        if isinstance(step, Leg) and (step.from_id, step.to_id, step.mode) in timetabled
    ]
    assume(rides)
    spot, ride = data.draw(st.sampled_from(rides))
    moved = dataclasses.replace(ride, depart=ride.depart + dt.timedelta(seconds=delay_s))
    assume(delay_s % 60 != 0 or moved.depart.minute % 5 != 0)  # no other departure there

    violations = check_itinerary(_replace_step(itinerary, spot, moved), destination)

    assert {v.kind for v in violations} == {ViolationKind.LEG}
    assert all("timetable" in v.message for v in violations)
