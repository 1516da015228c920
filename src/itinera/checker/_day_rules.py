"""Rules on one day's timeline: ``sequence``, ``day-limits`` and ``lunch`` violations.

The steps must be dated on the day, in local time with a time zone, in order, each starting where
the party is; the day must fit the party's daily rhythm and hold a lunch break at the right time
and place.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.checker._context import Day, hhmm, minutes, minutes_s, span
from itinera.checker._violation import Violation, ViolationKind
from itinera.model.itinerary import Leg, Visit

if TYPE_CHECKING:
    from collections.abc import Iterator

    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import DayPlan, Step


# --- sequence: clock, places, order ------------------------------------------------------------


def moments(plan: DayPlan) -> Iterator[tuple[str, dt.datetime]]:
    for position, step in enumerate(plan.steps):
        start, end = span(step)
        yield f"step {position + 1} start", start
        yield f"step {position + 1} end", end
    if plan.lunch is not None:
        yield "lunch start", plan.lunch.start
        yield "lunch end", plan.lunch.end


def check_clock(day: Day) -> list[Violation]:
    found = []
    for label, moment in moments(day.plan):
        if is_naive(moment):
            msg = f"{label} {moment.isoformat()} on {day.date} has no time zone"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, None))
        elif moment.astimezone(day.destination.timezone).date() != day.date:
            local = moment.astimezone(day.destination.timezone)
            msg = f"{label} {local:%Y-%m-%d %H:%M} is not on the day's date {day.date}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, None))
    return found


def is_naive(moment: dt.datetime) -> bool:
    return moment.tzinfo is None or moment.utcoffset() is None


def check_places(day: Day) -> list[Violation]:
    found = []
    here = day.start_id
    for position, step in enumerate(day.plan.steps):
        at = _step_place(step)
        if at != here:
            where = "is at" if isinstance(step, Visit) else "leaves from"
            msg = f"{_describe(day, step)} (step {position + 1} on {day.date}) {where} "
            msg += f"{day.name(at)}, but the party is at {day.name(here)}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, at))
        if isinstance(step, Leg):
            here = step.to_id
    if day.end_id is not None and here != day.end_id:
        msg = f"day {day.index + 1} ({day.date}) ends at {day.name(here)}, "
        msg += f"not at {day.name(day.end_id)}"
        found.append(day.violation(ViolationKind.SEQUENCE, msg, here))
    return found


def check_order(day: Day) -> list[Violation]:
    found = []
    previous: Step | None = None
    for step in day.plan.steps:
        start, end = span(step)
        if end < start:
            msg = f"{_describe(day, step)} on {day.date} ends at {day.clock(end)}, "
            msg += f"before it starts at {day.clock(start)}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, _step_place(step)))
        if previous is not None and start < span(previous)[1]:
            msg = f"{_describe(day, step)} starts at {day.clock(start)} on {day.date}, before "
            msg += f"{_describe(day, previous)} ends at {day.clock(span(previous)[1])}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, _step_place(step)))
        previous = step
    return found


def _step_place(step: Step) -> PlaceId:
    return step.place_id if isinstance(step, Visit) else step.from_id


def _describe(day: Day, step: Step) -> str:
    if isinstance(step, Visit):
        return f"the visit of {day.name(step.place_id)}"
    return f"the {step.mode.value} from {day.name(step.from_id)} to {day.name(step.to_id)}"


# --- day limits and lunch ----------------------------------------------------------------------


def check_day_limits(day: Day) -> list[Violation]:
    if not day.plan.steps:
        return []
    found = []
    first = min(span(s)[0] for s in day.plan.steps)
    last = max(span(s)[1] for s in day.plan.steps)
    day_start, day_end = day.at(day.profile.day_start_s), day.at(day.profile.day_end_s)
    if first < day_start:
        msg = f"day {day.index + 1} ({day.date}) starts at {day.clock(first)}, before the "
        msg += f"party's day start {day.clock(day_start)}"
        found.append(day.violation(ViolationKind.DAY_LIMITS, msg, None))
    if last > day_end:
        msg = f"day {day.index + 1} ({day.date}) ends at {day.clock(last)}, after the "
        msg += f"party's day end {hhmm(day.profile.day_end_s)}"
        found.append(day.violation(ViolationKind.DAY_LIMITS, msg, None))
    return found


def check_lunch(day: Day) -> list[Violation]:
    lunch = day.plan.lunch
    profile = day.profile
    if lunch is None:
        msg = f"no lunch break on {day.date}"
        return [day.violation(ViolationKind.LUNCH, msg, None)]
    found = []
    earliest, latest = profile.lunch_earliest_s, profile.lunch_latest_s
    if not day.at(earliest) <= lunch.start <= day.at(latest):
        msg = f"lunch starts at {day.clock(lunch.start)} on {day.date}, outside "
        msg += f"{hhmm(earliest)}-{hhmm(latest)}"
        found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
    if lunch.end - lunch.start < dt.timedelta(seconds=profile.lunch_s):
        msg = f"lunch on {day.date} lasts {minutes(lunch.end - lunch.start)}, less than "
        msg += minutes_s(profile.lunch_s)
        found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
    found.extend(_check_lunch_place(day))
    return found


def _check_lunch_place(day: Day) -> list[Violation]:
    lunch = day.plan.lunch
    if lunch is None:
        return []
    found = []
    here = day.start_id
    for step in day.plan.steps:
        start, end = span(step)
        if start < lunch.end and lunch.start < end:
            msg = f"lunch {day.clock(lunch.start)}-{day.clock(lunch.end)} on {day.date} "
            msg += f"overlaps {_describe(day, step)}"
            found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
        elif end <= lunch.start and isinstance(step, Leg):
            here = step.to_id
    if lunch.place_id != here:
        msg = f"lunch at {day.name(lunch.place_id)} on {day.date} at {day.clock(lunch.start)}, "
        msg += f"but the party is at {day.name(here)} then"
        found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
    return found
