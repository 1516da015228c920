"""Explain, in plain sentences, why a trip request cannot be satisfied.

Runs before the solver (and again when it finds nothing) so that an infeasible request is
answered with reasons such as "Château de Quéribus is closed on 2027-01-12", never with an empty
plan. Each rule looks at one cause: a must-see place closed, out of reach, inaccessible or over
budget, no connection between the gateways, or nothing open for the requested themes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinera.graph.rides import rides_of
from itinera.model.link import Mode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from itinera.graph.journeys import JourneyPlanner
    from itinera.model.destination import Destination
    from itinera.model.place import Place
    from itinera.model.trip_request import TripRequest

MAX_LISTED = 5
"""How many places a reason lists before summarising the rest."""


def explain_infeasible(
    request: TripRequest, destination: Destination, planner: JourneyPlanner
) -> tuple[str, ...]:
    """Return the reasons ``request`` cannot be planned; empty if no cause is found.

    Parameters
    ----------
    request
        A request already validated against ``destination``.
    destination
        Places and links.
    planner
        Earliest-arrival journeys for the request's party.
    """
    reasons: list[str] = []
    for place_id in sorted(request.must_see):
        place = destination.places[place_id]
        reasons.extend(_must_see_reasons(place, request, destination, planner))
    reasons.extend(_budget_reasons(request, destination))
    reasons.extend(_gateway_reasons(request, destination, planner))
    reasons.extend(_theme_reasons(request, destination))
    return tuple(reasons)


def closed_sentence(place: Place, dates: Sequence[dt.date]) -> str:
    """Return "X is closed on D" or "X is closed every day from D1 to D2"."""
    if len(dates) == 1:
        return f"{place.name} is closed on {dates[0].isoformat()}"
    return (
        f"{place.name} is closed every day from {dates[0].isoformat()} to {dates[-1].isoformat()}"
    )


def open_long_enough(place: Place, day: dt.date, visit_s: int) -> bool:
    """Return whether ``place`` has an opening interval on ``day`` of at least ``visit_s``."""
    return any(end - start >= visit_s for start, end in place.opening_hours.intervals_on(day))


def _must_see_reasons(
    place: Place, request: TripRequest, destination: Destination, planner: JourneyPlanner
) -> list[str]:
    profile = request.profile
    if not profile.fits(place):
        return [f"{place.name} has no wheelchair access"]
    visit_s = profile.visit_duration_s(place)
    if not any(place.opening_hours.intervals_on(d) for d in request.dates):
        return [closed_sentence(place, request.dates)]
    if not any(open_long_enough(place, d, visit_s) for d in request.dates):
        minutes = visit_s // 60
        return [f"{place.name} is never open for the {minutes} min a visit takes on those dates"]
    bases = sorted(
        {request.origin, request.destination, *(p.id for p in destination.accommodations)}
    )
    day = request.start_date
    if not any(place.id in planner.earliest_arrivals(b, day, profile.day_start_s) for b in bases):
        return [f"{place.name} cannot be reached without a car from any gateway or overnight town"]
    if not any(_round_trip_fits(place, d, bases, request, planner) for d in request.dates):
        minutes = visit_s // 60
        return [
            (
                f"{place.name} can be reached without a car, but no connection leaves it "
                f"after a {minutes} min visit in time to reach a gateway or overnight town "
                "the same day"
            )
        ]
    return []


def _round_trip_fits(
    place: Place,
    day: dt.date,
    bases: Sequence[str],
    request: TripRequest,
    planner: JourneyPlanner,
) -> bool:
    """Return whether some base reaches ``place``, visits it and gets back to a base that day."""
    profile = request.profile
    visit_s = profile.visit_duration_s(place)
    arrivals = [
        journey.arrive_s
        for base in bases
        if (journey := planner.journey(base, place.id, day, profile.day_start_s)) is not None
    ]
    if not arrivals:
        return False
    for start_s, end_s in place.opening_hours.intervals_on(day):
        begin = max(start_s, min(arrivals))
        if begin + visit_s > end_s:
            continue
        leaving = planner.earliest_arrivals(place.id, day, begin + visit_s)
        if any(b in leaving and leaving[b].arrive_s <= profile.day_end_s for b in bases):
            return True
    return False


def _budget_reasons(request: TripRequest, destination: Destination) -> list[str]:
    if request.budget_cents is None:
        return []
    total = sum(
        request.profile.entry_price_cents(destination.places[p].prices) for p in request.must_see
    )
    if total <= request.budget_cents:
        return []
    return [
        (
            f"the must-see entries cost {total / 100:.2f} EUR for this party, "
            f"over the {request.budget_cents / 100:.2f} EUR budget"
        )
    ]


def _gateway_reasons(
    request: TripRequest, destination: Destination, planner: JourneyPlanner
) -> list[str]:
    origin = destination.places[request.origin]
    target = destination.places[request.destination]
    if request.days > 1 or origin.id == target.id:
        return []
    journey = planner.journey(origin.id, target.id, request.start_date, request.profile.day_start_s)
    if journey is not None and journey.arrive_s <= request.profile.day_end_s:
        return []
    return [
        *_no_service_reasons(origin, target, request.start_date, destination),
        (
            f"there is no car-free connection from {origin.name} to {target.name} "
            f"on {request.start_date.isoformat()} within the day"
        ),
    ]


def _no_service_reasons(
    origin: Place, target: Place, day: dt.date, destination: Destination
) -> list[str]:
    """Return why the timetable gives nothing that day: no service at either end, or at all."""
    rides = rides_of(destination)
    if rides is None:
        return []
    on = day.isoformat()
    if not rides.timetable.trips_on(day).any():
        return [f"no train, coach or bus of the timetable runs on {on}"]
    scheduled = {Mode.TRAIN, Mode.COACH}
    if not rides.trips_leaving(origin.id, day, scheduled):
        return [f"no train or coach runs from {origin.name} on {on}"]
    arriving = {
        ride.trip
        for edges in rides.edges_on(day).values()
        for edge in edges
        if edge.target == target.id
        for ride in edge.rides
        if rides.mode_of(ride.trip) in scheduled
    }
    if not arriving:
        return [f"no train or coach runs to {target.name} on {on}"]
    return [f"no service between {origin.name} and {target.name} on {on}"]


def _theme_reasons(request: TripRequest, destination: Destination) -> list[str]:
    if not request.themes:
        return []
    themed = [
        p
        for p in destination.places.values()
        if p.kind.is_attraction
        and p.themes & request.themes
        and p.id not in request.excluded
        and request.profile.fits(p)
    ]
    if not themed:
        wanted = ", ".join(sorted(request.themes))
        return [f"no place this party can visit has the theme(s) {wanted}"]
    open_any = [
        p
        for p in themed
        if any(open_long_enough(p, d, request.profile.visit_duration_s(p)) for d in request.dates)
    ]
    if open_any:
        return []
    sentences = [closed_sentence(p, request.dates) for p in sorted(themed, key=lambda p: -p.score)]
    if len(sentences) > MAX_LISTED:
        rest = len(sentences) - MAX_LISTED
        sentences = [
            *sentences[:MAX_LISTED],
            f"and {rest} other place(s) of those themes are closed too",
        ]
    return sentences
