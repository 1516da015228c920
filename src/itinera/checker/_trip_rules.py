"""Trip-wide rules: ``days``, ``repeated``, ``must-see-missing``, ``cost`` and ``budget``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from itinera.checker._context import place_name
from itinera.checker._violation import Violation, ViolationKind

if TYPE_CHECKING:
    from collections.abc import Iterator

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import Itinerary
    from itinera.model.place import Prices
    from itinera.model.traveller import Traveller


# --- days and nights ---------------------------------------------------------------------------


def check_days(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
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
            where = place_name(destination, plan.overnight)
            problem = f"the last day {plan.date} has an overnight stop at {where}"
        elif plan.overnight is not None and not _sleeps(destination, plan.overnight):
            where = place_name(destination, plan.overnight)
            problem = f"{where} has no accommodation for the night after {plan.date}"
        if problem is not None:
            yield Violation(
                kind=ViolationKind.DAYS, day=index, place_id=plan.overnight, message=problem
            )


def _sleeps(destination: Destination, place_id: str) -> bool:
    place = destination.places.get(place_id)  # type: ignore[call-overload]
    return place is not None and bool(place.accommodation)


# --- repeats and must-see ----------------------------------------------------------------------


def check_repeats(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    seen: set[PlaceId] = set()
    for index, plan in enumerate(itinerary.days):
        for visit in plan.visits:
            if visit.place_id in seen:
                name = place_name(destination, visit.place_id)
                msg = f"{name} is visited again on {plan.date}"
                yield Violation(
                    kind=ViolationKind.REPEATED, day=index, place_id=visit.place_id, message=msg
                )
            seen.add(visit.place_id)


def check_must_see(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
    visited = set(itinerary.visited_ids)
    for place_id in sorted(itinerary.request.must_see - visited):
        msg = f"{place_name(destination, place_id)} is a must-see but is never visited"
        yield Violation(
            kind=ViolationKind.MUST_SEE_MISSING, day=None, place_id=place_id, message=msg
        )


# --- costs and budget --------------------------------------------------------------------------


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


def check_costs(itinerary: Itinerary, destination: Destination) -> Iterator[Violation]:
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
        name = place_name(destination, place_id)
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


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} €"
