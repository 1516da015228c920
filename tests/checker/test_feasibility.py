"""check_itinerary on a hand-built feasible itinerary, each test breaking one rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import pytest
from tests.strategies import HOUR, MINUTE, DayBuilder, example_itinerary, itinerary_from_days

from itinera.checker.feasibility import (
    Violation,
    ViolationKind,
    check_itinerary,
    summarize_violations,
)
from itinera.model.ids import PlaceId
from itinera.model.itinerary import CostLine, DayPlan, Itinerary, Leg, Visit
from itinera.model.link import Mode
from itinera.model.traveller import family_profile, profile_from_spec
from itinera.model.trip_request import TripRequest

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Step

K = ViolationKind


@pytest.fixture(scope="module")
def example(tiny_destination: Destination) -> Itinerary:
    return example_itinerary(tiny_destination)


def _kinds(violations: tuple[Violation, ...]) -> set[ViolationKind]:
    return {v.kind for v in violations}


def _step(itinerary: Itinerary, day: int, index: int) -> Step:
    return itinerary.days[day].steps[index]


def _with_steps(itinerary: Itinerary, day: int, steps: tuple[Step, ...]) -> Itinerary:
    days = list(itinerary.days)
    days[day] = dataclasses.replace(days[day], steps=steps)
    return dataclasses.replace(itinerary, days=tuple(days))


def _with_step(itinerary: Itinerary, day: int, index: int, step: Step) -> Itinerary:
    steps = list(itinerary.days[day].steps)
    steps[index] = step
    return _with_steps(itinerary, day, tuple(steps))


def _with_day(itinerary: Itinerary, day: int, **changes: object) -> Itinerary:
    days = list(itinerary.days)
    days[day] = dataclasses.replace(days[day], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(itinerary, days=tuple(days))


def _with_request(itinerary: Itinerary, **changes: object) -> Itinerary:
    request = dataclasses.replace(itinerary.request, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(itinerary, request=request)


def _at(itinerary: Itinerary, day: int, hhmm: str, destination: Destination) -> dt.datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return destination.local_datetime(itinerary.days[day].date, hours * HOUR + minutes * MINUTE)


def test_example_itinerary_is_what_the_tests_assume(example: Itinerary) -> None:
    first, second = example.days
    assert [type(s).__name__ for s in first.steps][:2] == ["Leg", "Visit"]
    assert first.visits[0].place_id == "cathedrale-saint-michel"
    assert second.legs[1].mode is Mode.COACH
    assert example.total_cost_cents == 2 * 1300 + 2 * 700 + 400


def test_check_itinerary_accepts_the_feasible_example(
    example: Itinerary, tiny_destination: Destination
) -> None:
    assert check_itinerary(example, tiny_destination) == ()


# --- visits ------------------------------------------------------------------------------------


def test_check_itinerary_flags_closed_when_a_visit_starts_before_opening(
    example: Itinerary, tiny_destination: Destination
) -> None:
    cathedral = _step(example, 0, 1)
    assert isinstance(cathedral, Visit)
    early = dataclasses.replace(cathedral, start=_at(example, 0, "09:50", tiny_destination))

    violations = check_itinerary(_with_step(example, 0, 1, early), tiny_destination)

    assert _kinds(violations) == {K.CLOSED}
    (violation,) = violations
    assert violation.day == 0
    assert violation.place_id == "cathedrale-saint-michel"
    assert violation.message == (
        "Cathédrale Saint-Michel is closed at 09:50 on 2027-06-15 (open 10:00-12:00, 14:00-18:00)"
    )


def test_check_itinerary_flags_closed_on_the_weekly_closing_day(
    tiny_destination: Destination,
) -> None:
    profile = profile_from_spec("couple")
    monday = dt.date(2027, 6, 14)
    day = DayBuilder(
        destination=tiny_destination,
        profile=profile,
        date=monday,
        here=PlaceId("carcassonne-gare"),
        now_s=profile.day_start_s,
    )
    day.go("cathedrale-saint-michel")
    day.visit(start_s=10 * HOUR)
    day.take_lunch()
    day.go("carcassonne-gare")
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=monday,
        days=1,
        profile=profile,
    )
    itinerary = itinerary_from_days(request, (day.day_plan(None),), tiny_destination)

    violations = check_itinerary(itinerary, tiny_destination)

    assert [v.message for v in violations] == [
        "Cathédrale Saint-Michel is closed all day on 2027-06-14"
    ]


def test_check_itinerary_flags_too_short_visit(
    example: Itinerary, tiny_destination: Destination
) -> None:
    basilica = _step(example, 0, 7)
    assert isinstance(basilica, Visit)
    short = dataclasses.replace(basilica, end=basilica.end - dt.timedelta(minutes=10))

    violations = check_itinerary(_with_step(example, 0, 7, short), tiny_destination)

    assert _kinds(violations) == {K.TOO_SHORT}
    assert "lasts 23 min, less than the 33 min it needs" in violations[0].message


def test_check_itinerary_flags_not_visitable_when_excluded(
    example: Itinerary, tiny_destination: Destination
) -> None:
    itinerary = _with_request(example, excluded=frozenset({PlaceId("basilique-saint-nazaire")}))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.NOT_VISITABLE}
    assert violations[0].place_id == "basilique-saint-nazaire"


def test_check_itinerary_flags_not_visitable_for_a_station(
    example: Itinerary, tiny_destination: Destination
) -> None:
    start = _at(example, 0, "09:30", tiny_destination)
    station = Visit(place_id=PlaceId("carcassonne-gare"), start=start, end=start)
    itinerary = _with_steps(example, 0, (station, *example.days[0].steps))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.NOT_VISITABLE}
    assert "Gare de Carcassonne is a station, not a place to visit" in violations[0].message


def test_check_itinerary_flags_not_visitable_for_a_wheelchair_user(
    tiny_destination: Destination,
) -> None:
    profile = profile_from_spec("reduced-mobility")
    day = DayBuilder(
        destination=tiny_destination,
        profile=profile,
        date=dt.date(2027, 6, 16),
        here=PlaceId("lastours"),
        now_s=profile.day_start_s,
    )
    day.go("chateaux-de-lastours")
    day.visit()
    day.take_lunch()
    day.go("lastours")
    request = TripRequest(
        origin=PlaceId("lastours"),
        destination=PlaceId("lastours"),
        start_date=day.date,
        days=1,
        profile=profile,
    )
    itinerary = itinerary_from_days(request, (day.day_plan(None),), tiny_destination)

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.NOT_VISITABLE}
    assert "not accessible to the party (wheelchair: no)" in violations[0].message


def test_check_itinerary_flags_repeated_visit(
    example: Itinerary, tiny_destination: Destination
) -> None:
    village = _step(example, 1, 2)
    assert isinstance(village, Visit)
    again = dataclasses.replace(
        village, start=village.end, end=village.end + (village.end - village.start)
    )
    steps = example.days[1].steps
    itinerary = _with_steps(example, 1, (*steps[:3], again, *steps[3:]))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.REPEATED}
    assert violations[0].message == "Lastours (village) is visited again on 2027-06-16"


def test_check_itinerary_flags_must_see_missing(
    example: Itinerary, tiny_destination: Destination
) -> None:
    must_see = example.request.must_see | {PlaceId("port-de-carcassonne")}

    violations = check_itinerary(_with_request(example, must_see=must_see), tiny_destination)

    assert violations == (
        Violation(
            kind=K.MUST_SEE_MISSING,
            day=None,
            place_id="port-de-carcassonne",
            message="Port de Carcassonne (Canal du Midi) is a must-see but is never visited",
        ),
    )


# --- legs --------------------------------------------------------------------------------------


def test_check_itinerary_flags_leg_departing_off_the_timetable(
    example: Itinerary, tiny_destination: Destination
) -> None:
    coach = _step(example, 1, 1)
    assert isinstance(coach, Leg)
    late = dataclasses.replace(coach, depart=coach.depart + dt.timedelta(minutes=1))

    violations = check_itinerary(_with_step(example, 1, 1, late), tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert "is not a departure of the timetable (08:15, 10:05" in violations[0].message


def test_check_itinerary_flags_leg_faster_than_walking(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 0, 0)
    assert isinstance(walk, Leg)
    fast = dataclasses.replace(walk, arrive=walk.arrive - dt.timedelta(minutes=2))

    violations = check_itinerary(_with_step(example, 0, 0, fast), tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert "takes 17 min 3 s, less than the 19 min 3 s it needs at 1.1 m/s" in (
        violations[0].message
    )


def test_check_itinerary_flags_leg_with_a_wrong_distance(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 0, 0)
    assert isinstance(walk, Leg)
    itinerary = _with_step(example, 0, 0, dataclasses.replace(walk, distance_m=900))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert "claims 900 m; the link is 1258 m" in violations[0].message


def test_check_itinerary_flags_leg_without_a_link(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 0, 0)
    assert isinstance(walk, Leg)
    itinerary = _with_step(example, 0, 0, dataclasses.replace(walk, mode=Mode.TRAIN))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert violations[0].message.startswith(
        "no train link from Gare de Carcassonne to Cathédrale Saint-Michel"
    )


def _coach_day(destination: Destination, date: dt.date, profile_spec: str) -> Itinerary:
    """Return a day out to Lastours by bike and back by coach."""
    profile = profile_from_spec(profile_spec)
    day = DayBuilder(
        destination=destination,
        profile=profile,
        date=date,
        here=PlaceId("carcassonne-gare"),
        now_s=profile.day_start_s,
    )
    day.go("carcassonne")
    day.go("lastours", Mode.BIKE)
    day.visit()
    day.take_lunch()
    day.go("carcassonne-gare", Mode.COACH, depart_s=13 * HOUR + 20 * MINUTE)
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=date,
        days=1,
        profile=profile,
    )
    return itinerary_from_days(request, (day.day_plan(None),), destination)


def test_check_itinerary_accepts_a_bike_ride_for_adults(tiny_destination: Destination) -> None:
    itinerary = _coach_day(tiny_destination, dt.date(2027, 6, 14), "family:9")

    assert check_itinerary(itinerary, tiny_destination) == ()


def test_check_itinerary_flags_leg_cycling_with_a_young_child(
    tiny_destination: Destination,
) -> None:
    itinerary = _coach_day(tiny_destination, dt.date(2027, 6, 14), "family:9,5")

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert "by bike, which the party cannot ride with a 5-year-old" in violations[0].message


def test_check_itinerary_flags_leg_when_the_coach_does_not_run(
    tiny_destination: Destination,
) -> None:
    sunday = dt.date(2027, 6, 20)
    itinerary = _coach_day(tiny_destination, sunday, "couple")

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.LEG}
    assert "does not run on 2027-06-20 (service days: Mo-Sa)" in violations[0].message


def test_check_itinerary_flags_walk_limit(
    example: Itinerary, tiny_destination: Destination
) -> None:
    profile = dataclasses.replace(example.request.profile, max_walk_m=1250)

    violations = check_itinerary(_with_request(example, profile=profile), tiny_destination)

    assert _kinds(violations) == {K.WALK_LIMIT}
    assert [v.place_id for v in violations] == ["carcassonne-gare", "basilique-saint-nazaire"]
    assert "walks 1258 m, more than the party's limit of 1250 m" in violations[0].message


def test_check_itinerary_flags_transfer_too_tight(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 1, 0)
    assert isinstance(walk, Leg)
    shift = dt.timedelta(minutes=21)
    late = dataclasses.replace(walk, depart=walk.depart + shift, arrive=walk.arrive + shift)

    violations = check_itinerary(_with_step(example, 1, 0, late), tiny_destination)

    assert _kinds(violations) == {K.TRANSFER}
    assert violations[0].message == (
        "the coach from Gare de Carcassonne departs at 10:05 on 2027-06-16, only 3 min 3 s "
        "after the previous step ends at 10:01:57 (5 min needed to board)"
    )


# --- sequence, day limits, lunch, days ---------------------------------------------------------


def test_check_itinerary_flags_sequence_when_steps_overlap(
    example: Itinerary, tiny_destination: Destination
) -> None:
    village = _step(example, 1, 2)
    assert isinstance(village, Visit)
    early = dataclasses.replace(village, start=village.start - dt.timedelta(minutes=5))

    violations = check_itinerary(_with_step(example, 1, 2, early), tiny_destination)

    assert _kinds(violations) == {K.SEQUENCE}
    assert "before the coach from Gare de Carcassonne to Lastours (village) ends" in (
        violations[0].message
    )


def test_check_itinerary_flags_sequence_when_the_night_is_elsewhere(
    example: Itinerary, tiny_destination: Destination
) -> None:
    itinerary = _with_day(example, 0, overnight=PlaceId("lastours"))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.SEQUENCE}
    assert [v.day for v in violations] == [0, 1]
    assert violations[0].message == (
        "day 1 (2027-06-15) ends at Carcassonne, Bastide Saint-Louis (place Carnot), "
        "not at Lastours (village)"
    )


def test_check_itinerary_flags_sequence_for_a_naive_datetime(
    example: Itinerary, tiny_destination: Destination
) -> None:
    cathedral = _step(example, 0, 1)
    assert isinstance(cathedral, Visit)
    naive = dataclasses.replace(cathedral, start=cathedral.start.replace(tzinfo=None))

    violations = check_itinerary(_with_step(example, 0, 1, naive), tiny_destination)

    assert _kinds(violations) == {K.SEQUENCE}
    assert "has no time zone" in violations[0].message


def test_check_itinerary_flags_sequence_for_a_step_on_another_date(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 0, 0)
    assert isinstance(walk, Leg)
    elsewhen = dataclasses.replace(walk, depart=walk.depart - dt.timedelta(days=1))

    violations = check_itinerary(_with_step(example, 0, 0, elsewhen), tiny_destination)

    assert K.SEQUENCE in _kinds(violations)
    assert "step 1 start 2027-06-14 09:30 is not on the day's date 2027-06-15" in (
        violations[0].message
    )


def test_check_itinerary_flags_day_limits_when_starting_early(
    example: Itinerary, tiny_destination: Destination
) -> None:
    walk = _step(example, 0, 0)
    assert isinstance(walk, Leg)
    shift = dt.timedelta(minutes=10)
    early = dataclasses.replace(walk, depart=walk.depart - shift, arrive=walk.arrive - shift)

    violations = check_itinerary(_with_step(example, 0, 0, early), tiny_destination)

    assert _kinds(violations) == {K.DAY_LIMITS}
    assert violations[0].message == (
        "day 1 (2027-06-15) starts at 09:20, before the party's day start 09:30"
    )


def test_check_itinerary_flags_day_limits_when_ending_late(
    example: Itinerary, tiny_destination: Destination
) -> None:
    profile = dataclasses.replace(example.request.profile, day_end_s=17 * HOUR)

    violations = check_itinerary(_with_request(example, profile=profile), tiny_destination)

    assert _kinds(violations) == {K.DAY_LIMITS}
    assert [v.day for v in violations] == [1]


def test_check_itinerary_flags_lunch_missing(
    example: Itinerary, tiny_destination: Destination
) -> None:
    violations = check_itinerary(_with_day(example, 1, lunch=None), tiny_destination)

    assert [(v.kind, v.message) for v in violations] == [(K.LUNCH, "no lunch break on 2027-06-16")]


def test_check_itinerary_flags_lunch_at_the_wrong_place(
    example: Itinerary, tiny_destination: Destination
) -> None:
    lunch = example.days[0].lunch
    assert lunch is not None
    moved = dataclasses.replace(lunch, place_id=PlaceId("chateau-comtal"))

    violations = check_itinerary(_with_day(example, 0, lunch=moved), tiny_destination)

    assert _kinds(violations) == {K.LUNCH}
    assert "but the party is at Cité de Carcassonne then" in violations[0].message


def test_check_itinerary_flags_lunch_too_short_and_too_late(
    example: Itinerary, tiny_destination: Destination
) -> None:
    lunch = example.days[0].lunch
    assert lunch is not None
    late = dataclasses.replace(lunch, start=_at(example, 0, "13:05", tiny_destination))

    violations = check_itinerary(_with_day(example, 0, lunch=late), tiny_destination)

    assert _kinds(violations) == {K.LUNCH}
    assert [v.message for v in violations] == [
        "lunch starts at 13:05 on 2027-06-15, outside 12:00-13:00",
        "lunch on 2027-06-15 lasts 40 min 50 s, less than 75 min",
    ]


def test_check_itinerary_flags_days_when_the_last_day_has_a_night(
    example: Itinerary, tiny_destination: Destination
) -> None:
    itinerary = _with_day(example, 1, overnight=PlaceId("carcassonne"))

    violations = check_itinerary(itinerary, tiny_destination)

    assert _kinds(violations) == {K.DAYS}


def test_check_itinerary_flags_days_when_the_request_wants_more(
    example: Itinerary, tiny_destination: Destination
) -> None:
    violations = check_itinerary(_with_request(example, days=3), tiny_destination)

    assert [(v.kind, v.day) for v in violations] == [(K.DAYS, None)]


def test_check_itinerary_flags_days_for_a_night_without_accommodation(
    tiny_destination: Destination,
) -> None:
    profile = family_profile((10,))
    start = dt.date(2027, 6, 15)
    builders = []
    for offset, here in enumerate(["carcassonne-gare", "port-de-carcassonne"]):
        day = DayBuilder(
            destination=tiny_destination,
            profile=profile,
            date=start + dt.timedelta(days=offset),
            here=PlaceId(here),
            now_s=profile.day_start_s,
        )
        day.go("carcassonne-gare" if offset else "port-de-carcassonne")
        day.take_lunch()
        builders.append(day)
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=start,
        days=2,
        profile=profile,
    )
    days = (
        builders[0].day_plan(PlaceId("port-de-carcassonne")),
        builders[1].day_plan(None),
    )

    violations = check_itinerary(
        itinerary_from_days(request, days, tiny_destination), tiny_destination
    )

    assert [(v.kind, v.day, v.place_id) for v in violations] == [(K.DAYS, 0, "port-de-carcassonne")]


# --- costs -------------------------------------------------------------------------------------


def test_check_itinerary_flags_cost_when_the_total_is_wrong(
    example: Itinerary, tiny_destination: Destination
) -> None:
    itinerary = dataclasses.replace(example, total_cost_cents=example.total_cost_cents + 100)

    violations = check_itinerary(itinerary, tiny_destination)

    assert [(v.kind, v.message) for v in violations] == [
        (K.COST, "cost lines sum to 44.00 €, but the total says 45.00 €")
    ]


def test_check_itinerary_flags_cost_when_a_line_is_wrong(
    example: Itinerary, tiny_destination: Destination
) -> None:
    costs = (
        CostLine(place_id=PlaceId("chateau-comtal"), category="adult", count=3, unit_cents=1300),
        *example.costs[1:],
    )
    itinerary = dataclasses.replace(
        example, costs=costs, total_cost_cents=sum(c.total_cents for c in costs)
    )

    violations = check_itinerary(itinerary, tiny_destination)

    assert [v.message for v in violations] == [
        "cost line 2 x adult at 13.00 € for Château comtal de Carcassonne is missing",
        "cost line 3 x adult at 13.00 € for Château comtal de Carcassonne is not owed",
    ]
    assert _kinds(violations) == {K.COST}


def test_check_itinerary_ignores_free_cost_lines(
    example: Itinerary, tiny_destination: Destination
) -> None:
    paying = tuple(c for c in example.costs if c.unit_cents)

    assert check_itinerary(dataclasses.replace(example, costs=paying), tiny_destination) == ()


def test_check_itinerary_flags_budget(example: Itinerary, tiny_destination: Destination) -> None:
    violations = check_itinerary(_with_request(example, budget_cents=4000), tiny_destination)

    assert [(v.kind, v.message) for v in violations] == [
        (K.BUDGET, "entry fees total 44.00 €, above the budget of 40.00 €")
    ]


# --- reporting ---------------------------------------------------------------------------------


def test_summarize_violations_says_feasible_when_there_are_none() -> None:
    assert summarize_violations(()) == "feasible"


def test_summarize_violations_lists_each_violation_with_its_day(
    example: Itinerary, tiny_destination: Destination
) -> None:
    itinerary = _with_request(example, budget_cents=4000, days=3)

    text = summarize_violations(check_itinerary(itinerary, tiny_destination))

    assert text == (
        "2 violations:\n"
        "  [days] trip: the itinerary has 2 days, the request asks for 3\n"
        "  [budget] trip: entry fees total 44.00 €, above the budget of 40.00 €"
    )


def test_check_itinerary_returns_no_violation_for_an_empty_day_plan(
    tiny_destination: Destination,
) -> None:
    profile = profile_from_spec("solo")
    date = dt.date(2027, 6, 15)
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=date,
        days=1,
        profile=profile,
    )
    lunch_day = DayBuilder(
        destination=tiny_destination,
        profile=profile,
        date=date,
        here=PlaceId("carcassonne-gare"),
        now_s=profile.day_start_s,
    )
    lunch_day.take_lunch()
    plan: DayPlan = lunch_day.day_plan(None)

    assert plan.steps == ()
    assert (
        check_itinerary(itinerary_from_days(request, (plan,), tiny_destination), tiny_destination)
        == ()
    )
