"""Entry costs of a party at a place, as itemised cost lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinera.model.itinerary import CostLine

if TYPE_CHECKING:
    from itinera.model.place import Place
    from itinera.model.traveller import Traveller, TravellerProfile


def price_category(traveller: Traveller, place: Place) -> tuple[str, int]:
    """Return the ticket category (``adult``, ``child``, ``reduced``, ``free``) and its price."""
    is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
    unit = place.prices.for_age(traveller.age, is_reduced=is_reduced)
    category = place.prices.category_for(traveller.age, is_reduced=is_reduced)
    return ("free" if unit == 0 else category), unit


def entry_cost_lines(place: Place, profile: TravellerProfile) -> tuple[CostLine, ...]:
    """Return what the party pays to enter ``place``: one line per category and unit price."""
    counts: dict[tuple[str, int], int] = {}
    for traveller in profile.party:
        key = price_category(traveller, place)
        counts[key] = counts.get(key, 0) + 1
    return tuple(
        CostLine(place_id=place.id, category=category, count=count, unit_cents=unit)
        for (category, unit), count in sorted(counts.items())
    )
