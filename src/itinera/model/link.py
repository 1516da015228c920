"""Car-free links between places: walking, cycling and timetabled services."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.ids import PlaceId
    from itinera.model.opening_hours import OpeningSchedule

BOARDING_BUFFER_S = 300
"""Time a traveller must be at the stop before a timetabled departure (also the minimum
transfer time between two timetabled legs)."""


class Mode(StrEnum):
    """Car-free transport modes, named as GTFS route types are described."""

    WALK = "walk"
    BIKE = "bike"
    TRAIN = "train"
    COACH = "coach"
    BUS = "bus"
    BOAT = "boat"

    @property
    def is_active(self) -> bool:
        """Return whether the mode is the traveller's own effort (walk, bike)."""
        return self in {Mode.WALK, Mode.BIKE}

    @property
    def is_car(self) -> bool:
        """Return whether the mode is a private car or a taxi (none is, yet: car-free share)."""
        return False


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A directed car-free connection from one place to another.

    Parameters
    ----------
    departures
        Departure times from ``from_id`` in seconds from local midnight, sorted. Empty for
        links usable at any time (walking, cycling).
    service_days
        The days a timetabled service runs; None means every day.
    estimated
        Names of the fields that are estimates (``duration_s``, ``departures``...).
    """

    from_id: PlaceId
    to_id: PlaceId
    mode: Mode
    duration_s: int
    distance_m: int
    line: str | None = None
    departures: tuple[int, ...] = ()
    service_days: OpeningSchedule | None = None
    source: str = ""
    estimated: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        where = f"link {self.from_id}->{self.to_id}"
        if self.from_id == self.to_id:
            msg = "a link must join two different places"
            raise InvalidInputError(where, msg)
        if self.duration_s <= 0 or self.distance_m < 0:
            got = f"{self.duration_s}, {self.distance_m}"
            msg = f"duration must be > 0 and distance >= 0 (got {got})"
            raise InvalidInputError(where, msg)
        if list(self.departures) != sorted(self.departures):
            msg = "departures must be sorted"
            raise InvalidInputError(where, msg)

    @property
    def is_timetabled(self) -> bool:
        """Return whether the link only runs at set departure times."""
        return bool(self.departures)

    def runs_on(self, day: dt.date) -> bool:
        """Return whether the service runs on ``day`` (always true for walking and cycling)."""
        return self.service_days is None or bool(self.service_days.intervals_on(day))

    def next_departure_s(self, day: dt.date, ready_s: int) -> int | None:
        """Return the first departure on ``day`` a traveller ready at ``ready_s`` can take.

        A timetabled departure needs the traveller at the stop ``BOARDING_BUFFER_S`` before.
        Walking and cycling leave at ``ready_s``. None when nothing runs any more that day.
        """
        if not self.runs_on(day):
            return None
        if not self.is_timetabled:
            return ready_s
        i = bisect.bisect_left(self.departures, ready_s + BOARDING_BUFFER_S)
        return self.departures[i] if i < len(self.departures) else None
