"""What a visitor asks for: a multi-day trip between two gateways."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from itinera.model.ids import PlaceId
    from itinera.model.place import Theme
    from itinera.model.traveller import TravellerProfile

MAX_DAYS = 14


@dataclass(frozen=True, slots=True, kw_only=True)
class TripRequest:
    """A request for an itinerary.

    Parameters
    ----------
    origin, destination
        Gateways where the trip starts and ends (may be the same).
    start_date
        Local date of the first day.
    days
        Number of days, 1 to 14; there are ``days - 1`` nights.
    themes
        Themes the visitor cares about; empty means every theme.
    budget_cents
        Optional ceiling on the party's total entry fees.
    must_see, excluded
        Places the itinerary must include, or must avoid.
    """

    origin: PlaceId
    destination: PlaceId
    start_date: dt.date
    days: int
    profile: TravellerProfile
    themes: frozenset[Theme] = frozenset()
    budget_cents: int | None = None
    must_see: frozenset[PlaceId] = frozenset()
    excluded: frozenset[PlaceId] = frozenset()

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_DAYS:
            msg = f"must be between 1 and {MAX_DAYS} (got {self.days})"
            raise InvalidInputError("days", msg)
        if self.budget_cents is not None and self.budget_cents < 0:
            msg = f"must be >= 0 (got {self.budget_cents})"
            raise InvalidInputError("budget", msg)
        if clash := self.must_see & self.excluded:
            msg = f"{', '.join(sorted(clash))} both must-see and excluded"
            raise InvalidInputError("excluded", msg)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """Return the local dates of the trip, in order."""
        return tuple(self.start_date + dt.timedelta(days=d) for d in range(self.days))

    @property
    def end_date(self) -> dt.date:
        """Return the date of the last day."""
        return self.dates[-1]
