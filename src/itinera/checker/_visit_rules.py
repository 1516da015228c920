"""Rules on one visit: ``not-visitable``, ``closed`` and ``too-short`` violations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.checker._context import Day, hhmm, minutes
from itinera.checker._violation import Violation, ViolationKind

if TYPE_CHECKING:
    from itinera.model.itinerary import Visit
    from itinera.model.opening_hours import DailyInterval
    from itinera.model.place import Place


def check_visit(day: Day, visit: Visit) -> list[Violation]:
    place = day.destination.places.get(visit.place_id)
    if place is None:
        msg = f"visit of unknown place {visit.place_id!r} on {day.date}"
        return [day.violation(ViolationKind.NOT_VISITABLE, msg, visit.place_id)]
    found = []
    reason = _unvisitable_reason(day, place)
    if reason is not None:
        msg = f"{place.name} {reason} (visit on {day.date} at {day.clock(visit.start)})"
        found.append(day.violation(ViolationKind.NOT_VISITABLE, msg, place.id))
    found.extend(_check_opening(day, visit, place))
    needed_s = day.profile.visit_duration_s(place)
    if visit.end - visit.start < dt.timedelta(seconds=needed_s):
        took = minutes(visit.end - visit.start)
        msg = f"the visit of {place.name} on {day.date} at {day.clock(visit.start)} lasts "
        msg += f"{took}, less than the {minutes(dt.timedelta(seconds=needed_s))} it needs"
        found.append(day.violation(ViolationKind.TOO_SHORT, msg, place.id))
    return found


def _unvisitable_reason(day: Day, place: Place) -> str | None:
    if not place.kind.is_attraction:
        return f"is a {place.kind.value}, not a place to visit"
    if not day.profile.fits(place):
        return f"is not accessible to the party (wheelchair: {place.wheelchair.value})"
    if place.id in day.itinerary.request.excluded:
        return "is excluded by the request"
    return None


def _check_opening(day: Day, visit: Visit, place: Place) -> list[Violation]:
    intervals = place.opening_hours.intervals_on(day.date)
    spans = [(day.at(iv.start_s), day.at(iv.end_s)) for iv in intervals]
    if any(opens <= visit.start and visit.end <= closes for opens, closes in spans):
        return []
    if not intervals:
        msg = f"{place.name} is closed all day on {day.date}"
    else:
        hours = _hours(intervals)
        closing = next((c for o, c in spans if o <= visit.start < c), None)
        if closing is None:
            msg = f"{place.name} is closed at {day.clock(visit.start)} on {day.date} "
            msg += f"(open {hours})"
        else:
            msg = f"{place.name} closes at {day.clock(closing)} on {day.date}, before the visit "
            msg += f"ends at {day.clock(visit.end)} (open {hours})"
    return [day.violation(ViolationKind.CLOSED, msg, place.id)]


def _hours(intervals: tuple[DailyInterval, ...]) -> str:
    return ", ".join(f"{hhmm(start)}-{hhmm(end)}" for start, end in intervals)
