"""Render the recommended tickets of an itinerary: the "Tickets" section of ``itinera plan``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinera.loaders.tickets_json import traveller_label

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.tickets import TicketPlan, TravellerTickets
    from itinera.solver.pass_first import PassPlanResult


def render_tickets(
    plan: TicketPlan, destination: Destination, *, pass_first: PassPlanResult | None = None
) -> str:
    """Return the "Tickets" section: per traveller the passes to buy and every entry's price.

    Travellers whose tickets are the same as an earlier traveller's are summarised in one line.
    """
    names: dict[str, str] = {p.id: p.name for p in destination.places.values()}
    considered = ", ".join(p.name for p in destination.passes) or "none on sale"
    lines = ["", "Tickets (exact cheapest for the party)", f"  Passes considered: {considered}"]
    if pass_first is not None:
        lines.extend(_pass_first_lines(pass_first))
    seen: dict[tuple[object, ...], str] = {}
    for tickets in plan.travellers:
        label = traveller_label(tickets.traveller, tickets.traveller_index)
        key = _signature(tickets)
        if key in seen:
            lines.append(
                f"  {label.capitalize()}: same as {seen[key]}, {_euros(tickets.total_cents)}"
            )
            continue
        seen[key] = label
        lines.extend(_traveller_lines(label, tickets, plan, names))
    lines.append(
        f"  Party total {_euros(plan.total_cents)} (counter price {_euros(plan.counter_cents)},"
        f" saving {_euros(plan.saving_cents)})"
    )
    return "\n".join(lines) + "\n"


def _pass_first_lines(result: PassPlanResult) -> list[str]:
    window = result.window
    buyers = sum(bool(t.purchases) for t in result.with_pass.travellers)
    return [
        (
            f"  Planned with {result.product.name} ({result.objective.value}): valid "
            f"{window.start:%a %d %b %H:%M} to {window.end:%a %d %b %Y %H:%M}"
        ),
        (
            f"  With only this pass on sale: {_euros(result.paid_cents)} for the party "
            f"({buyers} of {len(result.with_pass.travellers)} travellers buy it), interest "
            f"{result.interest:.1f}, {result.value_per_euro:.2f} interest per EUR"
        ),
    ]


def _traveller_lines(
    label: str, tickets: TravellerTickets, plan: TicketPlan, names: dict[str, str]
) -> list[str]:
    if tickets.purchases:
        buys = "; ".join(
            f"buy {p.pass_name} {_euros(p.price_cents)}, first use {p.first_use:%a %d %b}"
            for p in tickets.purchases
        )
    else:
        buys = "no pass (every entry at the counter)"
    lines = [f"  {label.capitalize()}: {buys}"]
    for line in tickets.lines:
        visit = plan.visits[line.visit_index]
        name = names.get(line.place_id, line.place_id)
        price = "free" if line.counter_cents == 0 else _euros(line.paid_cents)
        text = f"    {visit.start:%a %H:%M}  {name}: {price}"
        if line.saving_cents:
            text += f" instead of {_euros(line.counter_cents)} (saves {_euros(line.saving_cents)})"
        if line.note:
            text += f" - {line.note}"
        lines.append(text)
    lines.append(
        f"    total {_euros(tickets.total_cents)} (counter price {_euros(tickets.counter_cents)},"
        f" saving {_euros(tickets.saving_cents)})"
    )
    return lines


def _signature(tickets: TravellerTickets) -> tuple[object, ...]:
    return (
        tuple((p.pass_id, p.price_cents, p.first_use) for p in tickets.purchases),
        tuple((line.counter_cents, line.paid_cents, line.pass_id) for line in tickets.lines),
    )


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f} EUR"
