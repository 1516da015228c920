"""Independent feasibility check of an itinerary against its destination.

:func:`check_itinerary` replays an :class:`~itinera.model.itinerary.Itinerary` step by step
against the destination's data (opening hours, links and timetables, prices) and the request
(party, daily rhythm, must-see and excluded places, budget), and returns every rule it breaks.

Notes
-----
The checker never imports :mod:`itinera.solver`: it is the judge of the planner's output, so it
recomputes everything from the model and the raw links instead of trusting the planner's
travel-time matrices or the journeys it expanded. A bug in the planner then shows up as a
violation instead of being confirmed by the same code that made it.

Each rule family has its own :class:`ViolationKind`, so a single defect yields a single kind:

``closed``, ``too-short``, ``not-visitable``
    a visit outside the place's opening hours, shorter than the party's visit time, or of a
    place the party may not visit (unknown, not an attraction, not accessible, excluded);
``repeated``, ``must-see-missing``
    a place visited twice, a must-see place never visited;
``leg``, ``walk-limit``, ``transfer``
    a leg that follows no link, misses the timetable or is faster than the link allows; a walk
    longer than the party's limit; a timetabled departure without time to board;
``trip``, ``timetable``
    a leg naming a GTFS ``trip_id`` that is not in the destination's feeds or does not run on
    the leg's date; a leg whose trip does not call at both places in that order, or whose
    departure or arrival differs from the feed's stop times;
``sequence``, ``day-limits``, ``lunch``, ``days``
    steps out of order or at the wrong place, datetimes naive or off the day's date; a day
    starting too early or ending too late; a missing or misplaced lunch; wrong days or nights;
``cost``, ``budget``
    cost lines or total that do not match the prices; a total above the budget.

This module walks the itinerary in trip order; the rules themselves live in private modules,
one per scope: ``_visit_rules``, ``_leg_rules``, ``_day_rules`` (sequence, day limits, lunch)
and ``_trip_rules`` (days, repeats, must-see, costs, budget), sharing the day context and the
message formatting of ``_context``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinera.checker._context import Day
from itinera.checker._day_rules import (
    check_clock,
    check_day_limits,
    check_lunch,
    check_order,
    check_places,
    is_naive,
    moments,
)
from itinera.checker._leg_rules import WALK_SLACK_S, check_leg, check_transfer
from itinera.checker._trip_rules import check_costs, check_days, check_must_see, check_repeats
from itinera.checker._violation import Violation, ViolationKind
from itinera.checker._visit_rules import check_visit
from itinera.model.itinerary import Visit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import Itinerary

__all__ = [
    "WALK_SLACK_S",
    "Violation",
    "ViolationKind",
    "check_itinerary",
    "summarize_violations",
]


def check_itinerary(itinerary: Itinerary, destination: Destination) -> tuple[Violation, ...]:
    """Return the rules ``itinerary`` breaks on ``destination``; empty means feasible.

    Parameters
    ----------
    itinerary
        The itinerary to judge, with the request it answers.
    destination
        The places, links and time zone it is judged against.

    Returns
    -------
    tuple of Violation
        In trip order: days and nights first, then each day's steps, then trip-wide rules
        (repeated and must-see places, costs, budget).
    """
    found = list(check_days(itinerary, destination))
    start: PlaceId = itinerary.request.origin
    for index, plan in enumerate(itinerary.days):
        is_last = index == len(itinerary.days) - 1
        end = itinerary.request.destination if is_last else plan.overnight
        day = Day(
            index=index,
            plan=plan,
            itinerary=itinerary,
            destination=destination,
            start_id=start,
            end_id=end,
        )
        found.extend(_check_day(day))
        start = plan.overnight if plan.overnight is not None else _end_position(day)
    found.extend(check_repeats(itinerary, destination))
    found.extend(check_must_see(itinerary, destination))
    found.extend(check_costs(itinerary, destination))
    return tuple(found)


def summarize_violations(violations: Iterable[Violation]) -> str:
    """Return a printable report: ``feasible``, or one line per violation after a count."""
    lines = [str(v) for v in violations]
    if not lines:
        return "feasible"
    plural = "" if len(lines) == 1 else "s"
    return "\n".join([f"{len(lines)} violation{plural}:", *(f"  {line}" for line in lines)])


def _check_day(day: Day) -> list[Violation]:
    found = check_clock(day)
    found.extend(check_places(day))
    if any(is_naive(moment) for _, moment in moments(day.plan)):
        return found  # naive datetimes cannot be compared with aware ones: stop here
    found.extend(check_order(day))
    for index, step in enumerate(day.plan.steps):
        if isinstance(step, Visit):
            found.extend(check_visit(day, step))
        else:
            link, leg_found = check_leg(day, step)
            found.extend(leg_found)
            if (link is not None and link.is_timetabled) or step.trip_id is not None:
                found.extend(check_transfer(day, index, step))
    found.extend(check_day_limits(day))
    found.extend(check_lunch(day))
    return found


def _end_position(day: Day) -> PlaceId:
    here = day.start_id
    for leg in day.plan.legs:
        here = leg.to_id
    return here
