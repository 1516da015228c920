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
``sequence``, ``day-limits``, ``lunch``, ``days``
    steps out of order or at the wrong place, datetimes naive or off the day's date; a day
    starting too early or ending too late; a missing or misplaced lunch; wrong days or nights;
``cost``, ``budget``
    cost lines or total that do not match the prices; a total above the budget.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from itinera.graph.build import derived_walk_link
from itinera.graph.journeys import MIN_CYCLING_AGE, walk_duration_s
from itinera.model.itinerary import Leg, Visit
from itinera.model.link import BOARDING_BUFFER_S, Link, Mode

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import DayPlan, Itinerary, Step
    from itinera.model.opening_hours import DailyInterval
    from itinera.model.place import Place, Prices
    from itinera.model.traveller import Traveller, TravellerProfile

WALK_SLACK_S = 1
"""Slack on walking durations, for rounding differences between the planner and the checker."""


class ViolationKind(StrEnum):
    """The rule families an itinerary can break (see the module docstring)."""

    CLOSED = "closed"
    TOO_SHORT = "too-short"
    NOT_VISITABLE = "not-visitable"
    REPEATED = "repeated"
    MUST_SEE_MISSING = "must-see-missing"
    LEG = "leg"
    WALK_LIMIT = "walk-limit"
    TRANSFER = "transfer"
    SEQUENCE = "sequence"
    DAY_LIMITS = "day-limits"
    LUNCH = "lunch"
    DAYS = "days"
    COST = "cost"
    BUDGET = "budget"


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One broken rule: its kind, the 0-based day and place concerned, and a readable sentence."""

    kind: ViolationKind
    day: int | None
    place_id: str | None
    message: str

    def __str__(self) -> str:
        where = "trip" if self.day is None else f"day {self.day + 1}"
        return f"[{self.kind.value}] {where}: {self.message}"


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
    found = list(_check_days(itinerary, destination))
    start: PlaceId = itinerary.request.origin
    for index, plan in enumerate(itinerary.days):
        is_last = index == len(itinerary.days) - 1
        end = itinerary.request.destination if is_last else plan.overnight
        day = _Day(
            index=index,
            plan=plan,
            itinerary=itinerary,
            destination=destination,
            start_id=start,
            end_id=end,
        )
        found.extend(_check_day(day))
        start = plan.overnight if plan.overnight is not None else _end_position(day)
    found.extend(_check_repeats(itinerary, destination))
    found.extend(_check_must_see(itinerary, destination))
    found.extend(_check_costs(itinerary, destination))
    return tuple(found)


def summarize_violations(violations: Iterable[Violation]) -> str:
    """Return a printable report: ``feasible``, or one line per violation after a count."""
    lines = [str(v) for v in violations]
    if not lines:
        return "feasible"
    plural = "" if len(lines) == 1 else "s"
    return "\n".join([f"{len(lines)} violation{plural}:", *(f"  {line}" for line in lines)])


@dataclass(frozen=True, slots=True, kw_only=True)
class _Day:
    """One day being checked, with where it must start and end (``end_id`` None: unknown)."""

    index: int
    plan: DayPlan
    itinerary: Itinerary
    destination: Destination
    start_id: PlaceId
    end_id: PlaceId | None

    @property
    def profile(self) -> TravellerProfile:
        return self.itinerary.request.profile

    @property
    def date(self) -> dt.date:
        return self.plan.date

    def at(self, seconds: int) -> dt.datetime:
        """Return the local datetime ``seconds`` after the day's local midnight."""
        return self.destination.local_datetime(self.date, seconds)

    def clock(self, moment: dt.datetime) -> str:
        """Return ``moment`` as local ``HH:MM`` (``HH:MM:SS`` when seconds matter)."""
        local = moment.astimezone(self.destination.timezone)
        return f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"

    def name(self, place_id: str | None) -> str:
        return _place_name(self.destination, place_id)

    def violation(self, kind: ViolationKind, message: str, place_id: str | None) -> Violation:
        return Violation(kind=kind, day=self.index, place_id=place_id, message=message)


def _check_day(day: _Day) -> list[Violation]:
    found = _check_clock(day)
    found.extend(_check_places(day))
    if any(_is_naive(moment) for _, moment in _moments(day.plan)):
        return found  # naive datetimes cannot be compared with aware ones: stop here
    found.extend(_check_order(day))
    for index, step in enumerate(day.plan.steps):
        if isinstance(step, Visit):
            found.extend(_check_visit(day, step))
        else:
            link, leg_found = _check_leg(day, step)
            found.extend(leg_found)
            if link is not None and link.is_timetabled:
                found.extend(_check_transfer(day, index, step))
    found.extend(_check_day_limits(day))
    found.extend(_check_lunch(day))
    return found


# --- days and nights ---------------------------------------------------------------------------


def _check_days(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    request = itinerary.request
    if len(itinerary.days) != request.days:
        msg = f"the itinerary has {len(itinerary.days)} days, the request asks for {request.days}"
        yield Violation(kind=ViolationKind.DAYS, day=None, place_id=None, message=msg)
    last = len(itinerary.days) - 1
    for index, plan in enumerate(itinerary.days):
        expected = request.start_date + dt.timedelta(days=index)
        problem = None
        if plan.date != expected:
            problem = f"day {index + 1} is dated {plan.date}, expected {expected}"
        elif index < last and plan.overnight is None:
            problem = f"no overnight stop after {plan.date}, which is not the last day"
        elif index == last and plan.overnight is not None:
            where = _place_name(destination, plan.overnight)
            problem = f"the last day {plan.date} has an overnight stop at {where}"
        elif plan.overnight is not None and not _sleeps(destination, plan.overnight):
            where = _place_name(destination, plan.overnight)
            problem = f"{where} has no accommodation for the night after {plan.date}"
        if problem is not None:
            yield Violation(
                kind=ViolationKind.DAYS, day=index, place_id=plan.overnight, message=problem
            )


def _sleeps(destination: Destination, place_id: str) -> bool:
    place = destination.places.get(place_id)  # type: ignore[call-overload]
    return place is not None and bool(place.accommodation)


# --- sequence: clock, places, order ------------------------------------------------------------


def _moments(plan: DayPlan) -> Iterator[tuple[str, dt.datetime]]:
    for position, step in enumerate(plan.steps):
        start, end = _span(step)
        yield f"step {position + 1} start", start
        yield f"step {position + 1} end", end
    if plan.lunch is not None:
        yield "lunch start", plan.lunch.start
        yield "lunch end", plan.lunch.end


def _check_clock(day: _Day) -> list[Violation]:
    found = []
    for label, moment in _moments(day.plan):
        if _is_naive(moment):
            msg = f"{label} {moment.isoformat()} on {day.date} has no time zone"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, None))
        elif moment.astimezone(day.destination.timezone).date() != day.date:
            local = moment.astimezone(day.destination.timezone)
            msg = f"{label} {local:%Y-%m-%d %H:%M} is not on the day's date {day.date}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, None))
    return found


def _is_naive(moment: dt.datetime) -> bool:
    return moment.tzinfo is None or moment.utcoffset() is None


def _check_places(day: _Day) -> list[Violation]:
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


def _end_position(day: _Day) -> PlaceId:
    here = day.start_id
    for leg in day.plan.legs:
        here = leg.to_id
    return here


def _check_order(day: _Day) -> list[Violation]:
    found = []
    previous: Step | None = None
    for step in day.plan.steps:
        start, end = _span(step)
        if end < start:
            msg = f"{_describe(day, step)} on {day.date} ends at {day.clock(end)}, "
            msg += f"before it starts at {day.clock(start)}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, _step_place(step)))
        if previous is not None and start < _span(previous)[1]:
            msg = f"{_describe(day, step)} starts at {day.clock(start)} on {day.date}, before "
            msg += f"{_describe(day, previous)} ends at {day.clock(_span(previous)[1])}"
            found.append(day.violation(ViolationKind.SEQUENCE, msg, _step_place(step)))
        previous = step
    return found


def _span(step: Step) -> tuple[dt.datetime, dt.datetime]:
    return (step.start, step.end) if isinstance(step, Visit) else (step.depart, step.arrive)


def _step_place(step: Step) -> PlaceId:
    return step.place_id if isinstance(step, Visit) else step.from_id


def _describe(day: _Day, step: Step) -> str:
    if isinstance(step, Visit):
        return f"the visit of {day.name(step.place_id)}"
    return f"the {step.mode.value} from {day.name(step.from_id)} to {day.name(step.to_id)}"


# --- visits ------------------------------------------------------------------------------------


def _check_visit(day: _Day, visit: Visit) -> list[Violation]:
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
        took = _minutes(visit.end - visit.start)
        msg = f"the visit of {place.name} on {day.date} at {day.clock(visit.start)} lasts "
        msg += f"{took}, less than the {_minutes(dt.timedelta(seconds=needed_s))} it needs"
        found.append(day.violation(ViolationKind.TOO_SHORT, msg, place.id))
    return found


def _unvisitable_reason(day: _Day, place: Place) -> str | None:
    if not place.kind.is_attraction:
        return f"is a {place.kind.value}, not a place to visit"
    if not day.profile.fits(place):
        return f"is not accessible to the party (wheelchair: {place.wheelchair.value})"
    if place.id in day.itinerary.request.excluded:
        return "is excluded by the request"
    return None


def _check_opening(day: _Day, visit: Visit, place: Place) -> list[Violation]:
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


# --- legs --------------------------------------------------------------------------------------


def _check_leg(day: _Day, leg: Leg) -> tuple[Link | None, list[Violation]]:
    """Return the link ``leg`` is best explained by (None if none) and what it breaks."""
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


def _check_leg_on_link(day: _Day, leg: Leg, link: Link) -> list[Violation]:
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


def _timetable_problem(day: _Day, leg: Leg, link: Link) -> str | None:
    depart_s = _seconds_since_midnight(day, leg.depart)
    if depart_s not in link.departures:
        times = ", ".join(_hhmm(s) for s in link.departures)
        return f"is not a departure of the timetable ({times})"
    expected = leg.depart + dt.timedelta(seconds=link.duration_s)
    if leg.arrive != expected:
        return f"arrives at {day.clock(leg.arrive)}; the service arrives at {day.clock(expected)}"
    return None


def _free_leg_problem(day: _Day, leg: Leg, link: Link) -> str | None:
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
        return f"takes {_minutes(took)}, less than the {_minutes_s(needed_s)} it needs{pace}"
    return None


def _check_transfer(day: _Day, index: int, leg: Leg) -> list[Violation]:
    """Return a transfer violation if ``leg`` leaves too soon after what the party did before.

    A departure before the previous step ends is an overlap, which ``_check_order`` reports.
    """
    ends = [_span(s)[1] for s in day.plan.steps[:index]]
    lunch = day.plan.lunch
    if lunch is not None and lunch.end <= leg.depart:
        ends.append(lunch.end)
    if not ends:
        return []
    ready = max(ends)
    gap = leg.depart - ready
    if dt.timedelta(0) <= gap < dt.timedelta(seconds=BOARDING_BUFFER_S):
        msg = f"the {leg.mode.value} from {day.name(leg.from_id)} departs at "
        msg += f"{day.clock(leg.depart)} on {day.date}, only {_minutes(gap)} after the previous "
        msg += f"step ends at {day.clock(ready)} ({_minutes_s(BOARDING_BUFFER_S)} needed to board)"
        return [day.violation(ViolationKind.TRANSFER, msg, leg.from_id)]
    return []


# --- day limits and lunch ----------------------------------------------------------------------


def _check_day_limits(day: _Day) -> list[Violation]:
    if not day.plan.steps:
        return []
    found = []
    first = min(_span(s)[0] for s in day.plan.steps)
    last = max(_span(s)[1] for s in day.plan.steps)
    day_start, day_end = day.at(day.profile.day_start_s), day.at(day.profile.day_end_s)
    if first < day_start:
        msg = f"day {day.index + 1} ({day.date}) starts at {day.clock(first)}, before the "
        msg += f"party's day start {day.clock(day_start)}"
        found.append(day.violation(ViolationKind.DAY_LIMITS, msg, None))
    if last > day_end:
        msg = f"day {day.index + 1} ({day.date}) ends at {day.clock(last)}, after the "
        msg += f"party's day end {_hhmm(day.profile.day_end_s)}"
        found.append(day.violation(ViolationKind.DAY_LIMITS, msg, None))
    return found


def _check_lunch(day: _Day) -> list[Violation]:
    lunch = day.plan.lunch
    profile = day.profile
    if lunch is None:
        msg = f"no lunch break on {day.date}"
        return [day.violation(ViolationKind.LUNCH, msg, None)]
    found = []
    earliest, latest = profile.lunch_earliest_s, profile.lunch_latest_s
    if not day.at(earliest) <= lunch.start <= day.at(latest):
        msg = f"lunch starts at {day.clock(lunch.start)} on {day.date}, outside "
        msg += f"{_hhmm(earliest)}-{_hhmm(latest)}"
        found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
    if lunch.end - lunch.start < dt.timedelta(seconds=profile.lunch_s):
        msg = f"lunch on {day.date} lasts {_minutes(lunch.end - lunch.start)}, less than "
        msg += _minutes_s(profile.lunch_s)
        found.append(day.violation(ViolationKind.LUNCH, msg, lunch.place_id))
    found.extend(_check_lunch_place(day))
    return found


def _check_lunch_place(day: _Day) -> list[Violation]:
    lunch = day.plan.lunch
    if lunch is None:
        return []
    found = []
    here = day.start_id
    for step in day.plan.steps:
        start, end = _span(step)
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


# --- trip-wide: repeats, must-see, costs -------------------------------------------------------


def _check_repeats(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    seen: set[PlaceId] = set()
    for index, plan in enumerate(itinerary.days):
        for visit in plan.visits:
            if visit.place_id in seen:
                name = _place_name(destination, visit.place_id)
                msg = f"{name} is visited again on {plan.date}"
                yield Violation(
                    kind=ViolationKind.REPEATED, day=index, place_id=visit.place_id, message=msg
                )
            seen.add(visit.place_id)


def _check_must_see(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    visited = set(itinerary.visited_ids)
    for place_id in sorted(itinerary.request.must_see - visited):
        msg = f"{_place_name(destination, place_id)} is a must-see but is never visited"
        yield Violation(
            kind=ViolationKind.MUST_SEE_MISSING, day=None, place_id=place_id, message=msg
        )


_LineKey = tuple[str, str, int, int]
"""A cost line as ``(place_id, category, count, unit_cents)``."""


def _expected_cost_lines(itinerary: Itinerary, destination: Destination) -> Counter[_LineKey]:
    """Return the cost lines the party should pay, free entries (0 cents) left out.

    One line per visited place (once, however often visited) and distinct category and unit
    price; categories are ``free`` (younger than the child ages), ``child``, ``reduced`` (reduced
    rate or wheelchair user) and ``adult``.
    """
    lines: Counter[_LineKey] = Counter()
    for place_id in dict.fromkeys(itinerary.visited_ids):
        place = destination.places.get(place_id)
        if place is None:
            continue
        per_category = Counter(
            (_category(place.prices, t), _unit_price(place.prices, t))
            for t in itinerary.request.profile.party
        )
        for (category, unit), count in per_category.items():
            if unit:
                lines[place_id, category, count, unit] += 1
    return lines


def _category(prices: Prices, traveller: Traveller) -> str:
    is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
    return prices.category_for(traveller.age, is_reduced=is_reduced)


def _unit_price(prices: Prices, traveller: Traveller) -> int:
    is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
    return prices.for_age(traveller.age, is_reduced=is_reduced)


def _check_costs(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    """Check the cost lines against the prices; lines at 0 cents are optional and not compared."""
    expected = _expected_cost_lines(itinerary, destination)
    listed: Counter[_LineKey] = Counter(
        (line.place_id, line.category, line.count, line.unit_cents)
        for line in itinerary.costs
        if line.unit_cents != 0
    )
    for key, why in [
        *((k, "is missing") for k in (expected - listed).elements()),
        *((k, "is not owed") for k in (listed - expected).elements()),
    ]:
        place_id, category, count, unit = key
        name = _place_name(destination, place_id)
        msg = f"cost line {count} x {category} at {_euros(unit)} for {name} {why}"
        yield Violation(kind=ViolationKind.COST, day=None, place_id=place_id, message=msg)
    listed_total = sum(line.total_cents for line in itinerary.costs)
    if listed_total != itinerary.total_cost_cents:
        msg = f"cost lines sum to {_euros(listed_total)}, but the total says "
        msg += _euros(itinerary.total_cost_cents)
        yield Violation(kind=ViolationKind.COST, day=None, place_id=None, message=msg)
    total = sum(count * unit * n for (_, _, count, unit), n in expected.items())
    budget = itinerary.request.budget_cents
    if budget is not None and total > budget:
        msg = f"entry fees total {_euros(total)}, above the budget of {_euros(budget)}"
        yield Violation(kind=ViolationKind.BUDGET, day=None, place_id=None, message=msg)


# --- formatting --------------------------------------------------------------------------------


def _place_name(destination: Destination, place_id: str | None) -> str:
    place = destination.places.get(place_id)  # type: ignore[call-overload]
    return place.name if place is not None else repr(place_id)


def _seconds_since_midnight(day: _Day, moment: dt.datetime) -> int:
    local = moment.astimezone(day.destination.timezone)
    offset_days = (local.date() - day.date).days
    return offset_days * 86_400 + local.hour * 3600 + local.minute * 60 + local.second


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _hours(intervals: tuple[DailyInterval, ...]) -> str:
    return ", ".join(f"{_hhmm(start)}-{_hhmm(end)}" for start, end in intervals)


def _service_days(link: Link) -> str:
    return link.service_days.expression if link.service_days is not None else "every day"


def _minutes(delta: dt.timedelta) -> str:
    return _minutes_s(round(delta.total_seconds()))


def _minutes_s(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} €"
