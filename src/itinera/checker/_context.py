"""The day being checked, and how rule messages write places, times and durations.

Shared by the rule modules of :mod:`itinera.checker.feasibility`, so every message reads
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.checker._violation import Violation, ViolationKind
from itinera.model.itinerary import Visit

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import DayPlan, Itinerary, Step
    from itinera.model.traveller import TravellerProfile


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
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
        return place_name(self.destination, place_id)

    def violation(self, kind: ViolationKind, message: str, place_id: str | None) -> Violation:
        return Violation(kind=kind, day=self.index, place_id=place_id, message=message)


def span(step: Step) -> tuple[dt.datetime, dt.datetime]:
    return (step.start, step.end) if isinstance(step, Visit) else (step.depart, step.arrive)


def place_name(destination: Destination, place_id: str | None) -> str:
    place = destination.places.get(place_id)  # type: ignore[call-overload]
    return place.name if place is not None else repr(place_id)


def hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def minutes(delta: dt.timedelta) -> str:
    return minutes_s(round(delta.total_seconds()))


def minutes_s(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
