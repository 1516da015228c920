"""Rules on one leg: ``leg``, ``walk-limit``, ``transfer``, ``trip`` and ``timetable`` violations.

A leg is judged against the destination's own links (or, for a walk, the link the graph derives),
never against the planner's journeys: it must follow a link that runs that day, keep to its
timetable or take at least its duration, stay within the party's walking limit and, when
timetabled, leave time to board after the previous step.

A leg naming a GTFS ``trip_id`` is judged against the destination's timetable itself: the trip
exists and runs on the leg's date, its route is of the leg's mode, it calls at a stop serving
the leg's origin (boarding allowed) and later at one serving its target (alighting allowed),
its stop times there are the leg's departure and arrival, and the distance is the one the
stops' positions give (:meth:`~itinera.graph.rides.RideIndex.distance_m`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.checker._context import Day, hhmm, minutes, minutes_s, span
from itinera.checker._violation import Violation, ViolationKind
from itinera.graph.build import derived_walk_link
from itinera.graph.journeys import MIN_CYCLING_AGE, walk_duration_s
from itinera.graph.rides import rides_of, route_display_name
from itinera.model.itinerary import Leg
from itinera.model.link import BOARDING_BUFFER_S, Link, Mode

if TYPE_CHECKING:
    from itinera.graph.rides import RideIndex
    from itinera.model.destination import Destination


WALK_SLACK_S = 1
"""Slack on walking durations, for rounding differences between the planner and the checker."""


def check_leg(day: Day, leg: Leg) -> tuple[Link | None, list[Violation]]:
    """Return the link ``leg`` is best explained by (None if none) and what it breaks.

    A leg with a ``trip_id`` is checked against the timetable and explained by no link.
    """
    if leg.trip_id is not None:
        return None, _check_trip_leg(day, leg)
    candidates = _candidate_links(day.destination, leg)
    if not candidates:
        msg = f"no {leg.mode.value} link from {day.name(leg.from_id)} to {day.name(leg.to_id)}"
        msg += f" (leg on {day.date} at {day.clock(leg.depart)})"
        return None, [day.violation(ViolationKind.LEG, msg, leg.from_id)]
    judged = [(link, _check_leg_on_link(day, leg, link)) for link in candidates]
    link, found = min(judged, key=lambda pair: len(pair[1]))
    return link, found


def _candidate_links(destination: Destination, leg: Leg) -> list[Link]:
    """Return the links ``leg`` may follow, explicit or (for walks) derived as in the graph."""
    if leg.from_id not in destination.places or leg.to_id not in destination.places:
        return []
    links = [
        k
        for k in destination.links
        if (k.from_id, k.to_id, k.mode) == (leg.from_id, leg.to_id, leg.mode)
    ]
    if links or leg.mode is not Mode.WALK or leg.from_id == leg.to_id:
        return links
    walk = derived_walk_link(destination, leg.from_id, leg.to_id)
    return [] if walk is None else [walk]


def _check_leg_on_link(day: Day, leg: Leg, link: Link) -> list[Violation]:
    what = f"the {leg.mode.value} from {day.name(leg.from_id)} to {day.name(leg.to_id)}"
    what += f" on {day.date} at {day.clock(leg.depart)}"
    found = []
    if leg.distance_m != link.distance_m:
        msg = f"{what} claims {leg.distance_m} m; the link is {link.distance_m} m"
        found.append(day.violation(ViolationKind.LEG, msg, leg.from_id))
    if not link.runs_on(day.date):
        problem: str | None = f"does not run on {day.date} (service days: {_service_days(link)})"
    elif link.is_timetabled:
        problem = _timetable_problem(day, leg, link)
    else:
        problem = _free_leg_problem(day, leg, link)
    if problem is not None:
        found.append(day.violation(ViolationKind.LEG, f"{what} {problem}", leg.from_id))
    if leg.mode is Mode.WALK and link.distance_m > day.profile.max_walk_m:
        msg = f"{what} walks {link.distance_m} m, more than the party's limit of "
        msg += f"{day.profile.max_walk_m} m"
        found.append(day.violation(ViolationKind.WALK_LIMIT, msg, leg.from_id))
    return found


def _timetable_problem(day: Day, leg: Leg, link: Link) -> str | None:
    depart_s = _seconds_since_midnight(day, leg.depart)
    if depart_s not in link.departures:
        times = ", ".join(hhmm(s) for s in link.departures)
        return f"is not a departure of the timetable ({times})"
    expected = leg.depart + dt.timedelta(seconds=link.duration_s)
    if leg.arrive != expected:
        return f"arrives at {day.clock(leg.arrive)}; the service arrives at {day.clock(expected)}"
    return None


def _free_leg_problem(day: Day, leg: Leg, link: Link) -> str | None:
    profile = day.profile
    if leg.mode is Mode.BIKE:
        youngest = min(profile.children_ages, default=MIN_CYCLING_AGE)
        if profile.needs_step_free_access or youngest < MIN_CYCLING_AGE:
            who = (
                "a wheelchair user" if profile.needs_step_free_access else f"a {youngest}-year-old"
            )
            return f"is by bike, which the party cannot ride with {who}"
    if leg.mode is Mode.WALK:
        needed_s, slack_s = walk_duration_s(link, profile), WALK_SLACK_S
        pace = f" at {profile.walk_speed_mps:g} m/s"
    else:
        needed_s, slack_s, pace = link.duration_s, 0, ""
    took = leg.arrive - leg.depart
    if took < dt.timedelta(seconds=needed_s - slack_s):
        return f"takes {minutes(took)}, less than the {minutes_s(needed_s)} it needs{pace}"
    return None


def _check_trip_leg(day: Day, leg: Leg) -> list[Violation]:
    """Return what a leg on GTFS trip ``leg.trip_id`` breaks (module docstring)."""
    what = f"the {leg.mode.value} from {day.name(leg.from_id)} to {day.name(leg.to_id)}"
    what += f" on {day.date} at {day.clock(leg.depart)} (trip {leg.trip_id})"
    rides = rides_of(day.destination)
    trip = None if rides is None else rides.trip_of(leg.trip_id or "")
    if rides is None or trip is None:
        where = "the destination's timetable" if rides is not None else "any feed (none loaded)"
        msg = f"{what} names a trip that is not in {where}"
        return [day.violation(ViolationKind.TRIP, msg, leg.from_id)]
    tt = rides.timetable
    route = tt.routes[int(tt.trip_route[trip])]
    line = route_display_name(route.short_name, route.long_name, route.route_id)
    if not tt.trips_on(day.date)[trip]:
        msg = f"{what} is on {line}, whose trip does not run on {day.date}"
        msg += f" (service {tt.trips[trip].service_id})"
        return [day.violation(ViolationKind.TRIP, msg, leg.from_id)]
    found: list[Violation] = []
    if route.mode is not leg.mode:
        msg = f"{what} is by {route.mode.value} on {line}, not by {leg.mode.value}"
        found.append(day.violation(ViolationKind.LEG, msg, leg.from_id))
    problem, calls = _calls_problem(rides, trip, leg, day)
    if problem is not None:
        found.append(day.violation(ViolationKind.TIMETABLE, f"{what} {problem}", leg.from_id))
        return found
    board, alight = calls
    for moment, stop_time, times, verb in (
        (leg.depart, board, tt.departure_s, "leaves"),
        (leg.arrive, alight, tt.arrival_s, "reaches"),
    ):
        expected_s = int(times[stop_time])
        if _seconds_since_midnight(day, moment) != expected_s:
            place = day.name(rides.place_of_stop_time(stop_time))
            msg = f"{what}: the trip {verb} {place} at {hhmm(expected_s)}, "
            msg += f"not at {day.clock(moment)}"
            found.append(day.violation(ViolationKind.TIMETABLE, msg, leg.from_id))
    distance = rides.distance_m(board, alight)
    if leg.distance_m != distance:
        msg = f"{what} claims {leg.distance_m} m; the trip's stops are {distance} m apart"
        found.append(day.violation(ViolationKind.LEG, msg, leg.from_id))
    return found


def _calls_problem(
    rides: RideIndex, trip: int, leg: Leg, day: Day
) -> tuple[str | None, tuple[int, int]]:
    """Return why the trip cannot carry ``leg`` (or None) and the boarding/alighting calls.

    Among the calls at the leg's places in the right order, the pair departing at the leg's
    time is preferred (a trip may call twice at a place).
    """
    tt = rides.timetable
    calls = range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1]))
    boards = [i for i in calls if rides.place_of_stop_time(i) == leg.from_id]
    alights = [j for j in calls if rides.place_of_stop_time(j) == leg.to_id]
    if not boards or not alights:
        missing = leg.from_id if not boards else leg.to_id
        return f"does not call at {day.name(missing)}", (0, 0)
    pairs = [(i, j) for i in boards for j in alights if i < j and tt.pickup[i] and tt.drop_off[j]]
    if not pairs:
        if all(j < i for i in boards for j in alights):
            msg = f"calls at {day.name(leg.to_id)} before {day.name(leg.from_id)}"
            return msg, (0, 0)
        return "allows no boarding there and alighting at the target in this order", (0, 0)
    depart_s = _seconds_since_midnight(day, leg.depart)
    pairs.sort(key=lambda p: (int(tt.departure_s[p[0]]) != depart_s, p[1] - p[0]))
    return None, pairs[0]


def check_transfer(day: Day, index: int, leg: Leg) -> list[Violation]:
    """Return a transfer violation if ``leg`` leaves too soon after what the party did before.

    A departure before the previous step ends is an overlap, which ``check_order`` reports.
    Staying on board the same GTFS trip (the previous leg on the same ``trip_id``) needs no
    transfer time.
    """
    previous = day.plan.steps[index - 1] if index > 0 else None
    if isinstance(previous, Leg) and leg.trip_id is not None and previous.trip_id == leg.trip_id:
        return []
    ends = [span(s)[1] for s in day.plan.steps[:index]]
    lunch = day.plan.lunch
    if lunch is not None and lunch.end <= leg.depart:
        ends.append(lunch.end)
    if not ends:
        return []
    ready = max(ends)
    gap = leg.depart - ready
    if dt.timedelta(0) <= gap < dt.timedelta(seconds=BOARDING_BUFFER_S):
        msg = f"the {leg.mode.value} from {day.name(leg.from_id)} departs at "
        msg += f"{day.clock(leg.depart)} on {day.date}, only {minutes(gap)} after the previous "
        msg += f"step ends at {day.clock(ready)} ({minutes_s(BOARDING_BUFFER_S)} needed to board)"
        return [day.violation(ViolationKind.TRANSFER, msg, leg.from_id)]
    return []


def _seconds_since_midnight(day: Day, moment: dt.datetime) -> int:
    local = moment.astimezone(day.destination.timezone)
    offset_days = (local.date() - day.date).days
    return offset_days * 86_400 + local.hour * 3600 + local.minute * 60 + local.second


def _service_days(link: Link) -> str:
    return link.service_days.expression if link.service_days is not None else "every day"
