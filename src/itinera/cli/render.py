"""Render an itinerary as readable text for the terminal or a counter printout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itinera.model.itinerary import Leg, Visit

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.destination import Destination
    from itinera.model.itinerary import DayPlan, Itinerary

MODE_LABELS = {
    "walk": "walk",
    "bike": "bike",
    "train": "train",
    "coach": "coach",
    "bus": "bus",
    "boat": "boat",
}


def render_itinerary(itinerary: Itinerary, destination: Destination) -> str:
    """Return a day-by-day text itinerary."""
    request = itinerary.request
    names: dict[str, str] = {p.id: p.name for p in destination.places.values()}
    party = request.profile.kind.value
    if ages := request.profile.children_ages:
        party += f" (children aged {', '.join(map(str, ages))})"
    themes = ", ".join(sorted(request.themes)) or "all themes"
    walked_km = sum(day.walk_m for day in itinerary.days) / 1000
    co2_kg = sum(day.co2_g for day in itinerary.days) / 1000
    lines = [
        (
            f"{destination.name}: {request.days} day(s) from {names[request.origin]} "
            f"to {names[request.destination]}"
        ),
        f"Party: {party}; themes: {themes}",
        (
            f"{len(itinerary.visits)} visits, interest {itinerary.score:.1f}, "
            f"entry fees {itinerary.total_cost_cents / 100:.2f} EUR, walking {walked_km:.1f} km, "
            f"CO2e {co2_kg:.1f} kg for the party (estimate)"
        ),
    ]
    for number, day in enumerate(itinerary.days, start=1):
        lines.extend(("", f"Day {number} - {day.date:%A %d %B %Y}"))
        lines.extend(_day_lines(day, names))
    return "\n".join(lines) + "\n"


def _day_lines(day: DayPlan, names: dict[str, str]) -> list[str]:
    entries: list[tuple[dt.datetime, str]] = []
    for step in day.steps:
        span = f"{step.start:%H:%M}-{step.end:%H:%M}" if isinstance(step, Visit) else ""
        if isinstance(step, Visit):
            entries.append((step.start, f"  {span}  visit {names[step.place_id]}"))
        elif isinstance(step, Leg):
            line = f" {step.line}" if step.line else ""
            trip = f" [trip {step.trip_id}]" if step.trip_id else ""
            km = f", {step.distance_m / 1000:.1f} km" if step.distance_m else ""
            minutes = f", {step.duration_s // 60} min"
            co2 = f", {step.co2_g / 1000:.1f} kg CO2e" if step.co2_g else ""
            estimate = " (estimated)" if step.is_estimated else ""
            times = f"{step.depart:%H:%M}-{step.arrive:%H:%M}"
            route = f"{names[step.from_id]} -> {names[step.to_id]}"
            text = f"  {times}  {MODE_LABELS[step.mode]}{line}{trip}: {route}{km}{minutes}{co2}"
            text += estimate
            entries.append((step.depart, text))
    if day.lunch is not None:
        lunch = day.lunch
        entries.append(
            (
                lunch.start,
                f"  {lunch.start:%H:%M}-{lunch.end:%H:%M}  lunch at {names[lunch.place_id]}",
            )
        )
    lines = [text for _, text in sorted(entries, key=lambda e: e[0])]
    lines.append(
        f"  Travel: {day.distance_m / 1000:.1f} km, of which walking {day.walk_m / 1000:.1f} km; "
        f"car-free share {day.car_free_share:.0%} (distance not by car or taxi); "
        f"CO2e {day.co2_g / 1000:.1f} kg"
    )
    night = names[day.overnight] if day.overnight else "end of the trip"
    lines.append(f"  Night: {night}")
    return lines
