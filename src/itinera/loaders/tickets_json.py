"""The recommended tickets of an itinerary as JSON: the ``tickets`` member of a document.

Written beside the itinerary by ``itinera plan --format json`` / ``--save`` and by the API;
``itinera check`` ignores it (it is derived: re-price an itinerary with
:func:`itinera.solver.pricing.itinerary_tickets`). Money is integer euro cents, times are
ISO 8601 with their UTC offset. The shape is described field by field by
:class:`itinera.api.pass_schemas.TicketsOut`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.destination import Destination
    from itinera.model.tickets import PricedVisit, TicketLine, TicketPlan, TravellerTickets
    from itinera.model.traveller import Traveller
    from itinera.solver.pass_first import PassPlanResult


def tickets_to_json(
    plan: TicketPlan,
    destination: Destination,
    *,
    pass_first: PassPlanResult | None = None,
) -> dict[str, Any]:
    """Return ``plan`` as the JSON ``tickets`` object.

    Parameters
    ----------
    plan
        The recommended tickets (:attr:`itinera.solver.plan.PlanResult.tickets`).
    destination
        Gives place names, the passes on sale and the time zone of the written times.
    pass_first
        For a pass-first plan: the pass, objective, window and what the party pays with it.
    """
    tz = destination.timezone
    return {
        "passes_considered": [p.id for p in destination.passes],
        "counter_cents": plan.counter_cents,
        "total_cents": plan.total_cents,
        "saving_cents": plan.saving_cents,
        "travellers": [
            _traveller_to_json(t, plan.visits, destination, tz) for t in plan.travellers
        ],
        "pass_first": None if pass_first is None else _pass_first_to_json(pass_first, tz),
    }


def traveller_label(traveller: Traveller, index: int) -> str:
    """Return a short human label: ``adult 1``, ``child aged 8``, ``wheelchair user 1``."""
    if traveller.is_child:
        return f"child aged {traveller.age}"
    if traveller.uses_wheelchair:
        return f"wheelchair user {index + 1}"
    if traveller.is_reduced_rate:
        return f"reduced-rate adult {index + 1}"
    if traveller.age is not None:
        return f"adult aged {traveller.age}"
    return f"adult {index + 1}"


def _traveller_to_json(
    tickets: TravellerTickets,
    visits: tuple[PricedVisit, ...],
    destination: Destination,
    tz: dt.tzinfo,
) -> dict[str, Any]:
    traveller = tickets.traveller
    return {
        "traveller_index": tickets.traveller_index,
        "label": traveller_label(traveller, tickets.traveller_index),
        "age": traveller.age,
        "reduced_rate": traveller.is_reduced_rate,
        "wheelchair": traveller.uses_wheelchair,
        "method": tickets.method.value,
        "counter_cents": tickets.counter_cents,
        "passes_cents": tickets.passes_cents,
        "entries_cents": tickets.entries_cents,
        "total_cents": tickets.total_cents,
        "saving_cents": tickets.saving_cents,
        "passes": [
            {
                "pass_id": p.pass_id,
                "name": p.pass_name,
                "price_cents": p.price_cents,
                "first_use": p.first_use.astimezone(tz).isoformat(),
                "valid_until": p.valid_until.astimezone(tz).isoformat(),
            }
            for p in tickets.purchases
        ],
        "lines": [_line_to_json(line, visits, destination, tz) for line in tickets.lines],
    }


def _line_to_json(
    line: TicketLine, visits: tuple[PricedVisit, ...], destination: Destination, tz: dt.tzinfo
) -> dict[str, Any]:
    visit = visits[line.visit_index]
    place = destination.places.get(line.place_id)
    return {
        "visit_index": line.visit_index,
        "place_id": line.place_id,
        "name": place.name if place is not None else line.place_id,
        "start": visit.start.astimezone(tz).isoformat(),
        "counter_cents": line.counter_cents,
        "paid_cents": line.paid_cents,
        "saving_cents": line.saving_cents,
        "pass_id": line.pass_id,
        "benefit": None if line.benefit is None else line.benefit.value,
        "note": line.note,
    }


def _pass_first_to_json(result: PassPlanResult, tz: dt.tzinfo) -> dict[str, Any]:
    return {
        "pass_id": result.product.id,
        "name": result.product.name,
        "objective": result.objective.value,
        "window_start": result.window.start.astimezone(tz).isoformat(),
        "window_end": result.window.end.astimezone(tz).isoformat(),
        "window_dates": [d.isoformat() for d in result.window.dates],
        "interest": result.interest,
        "paid_cents": result.paid_cents,
        "interest_per_eur": round(result.value_per_euro, 4),
    }
