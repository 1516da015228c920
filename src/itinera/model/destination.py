"""A destination: its places and car-free links, with request validation against them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from itinera.model.emissions import EmissionClass
    from itinera.model.ids import PlaceId
    from itinera.model.link import Link
    from itinera.model.passes import PassProduct
    from itinera.model.place import Place, Theme
    from itinera.model.timetable import Timetable
    from itinera.model.trip_request import TripRequest

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, kw_only=True)
class Destination:
    """Everything the planner knows about one destination.

    Parameters
    ----------
    name
        Human name, e.g. "Destination Pays Cathare".
    places
        Places by id.
    links
        Explicit car-free links (timetabled services, footpaths); walking between nearby places
        is derived from coordinates by :mod:`itinera.graph`.
    timezone
        Local time zone of opening hours and timetables.
    timetable
        The destination's GTFS feeds merged (None when its services are only links).
    stop_places
        The place each feed stop serves, by ``stop_id`` (stops serving no place are absent).
    feed_emission_classes
        Per feed id, the emission class of all its vehicles when the feed's configuration says
        it (otherwise each route's ``route_type`` decides).
    """

    name: str
    places: Mapping[PlaceId, Place]
    links: tuple[Link, ...]
    timezone: ZoneInfo = PARIS
    passes: tuple[PassProduct, ...] = ()
    timetable: Timetable | None = None
    stop_places: Mapping[str, PlaceId] = dataclasses.field(default_factory=dict)
    feed_emission_classes: Mapping[str, EmissionClass] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for place_id, place in self.places.items():
            if place.id != place_id:
                msg = f"keyed as {place_id!r} but its id is {place.id!r}"
                raise InvalidInputError("places", msg)
        for link in self.links:
            for end in (link.from_id, link.to_id):
                if end not in self.places:
                    msg = f"link {link.from_id}->{link.to_id} names unknown place {end!r}"
                    raise InvalidInputError("links", msg)
        for stop_id, place_id in self.stop_places.items():
            if place_id not in self.places:
                msg = f"stop {stop_id!r} serves unknown place {place_id!r}"
                raise InvalidInputError("stop_places", msg)

    @cached_property
    def themes(self) -> frozenset[Theme]:
        """Return the themes some place of the destination has."""
        return frozenset(t for p in self.places.values() for t in p.themes)

    @cached_property
    def gateways(self) -> tuple[Place, ...]:
        """Return the gateways, sorted by id."""
        return tuple(sorted((p for p in self.places.values() if p.is_gateway), key=_by_id))

    @cached_property
    def accommodations(self) -> tuple[Place, ...]:
        """Return the places a visitor can sleep at, sorted by id."""
        return tuple(sorted((p for p in self.places.values() if p.accommodation), key=_by_id))

    def place(self, place_id: str, *, field: str = "place") -> Place:
        """Return a place by id, or raise an error naming ``field`` and the unknown id."""
        try:
            return self.places[place_id]  # type: ignore[index]
        except KeyError:
            msg = f"unknown place {place_id!r}"
            raise InvalidInputError(field, msg) from None

    def local_datetime(self, day: dt.date, seconds: int) -> dt.datetime:
        """Return the aware local datetime ``seconds`` after local midnight of ``day``."""
        naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
        return naive.replace(tzinfo=self.timezone)

    def validate_request(self, request: TripRequest) -> None:
        """Raise :class:`InvalidInputError` naming the first field ``request`` gets wrong here."""
        for field, place_id in (("from", request.origin), ("to", request.destination)):
            place = self.place(place_id, field=field)
            if not place.is_gateway:
                names = ", ".join(g.id for g in self.gateways)
                msg = f"{place_id!r} is not a gateway (gateways: {names})"
                raise InvalidInputError(field, msg)
        if unknown := request.themes - self.themes:
            known = ", ".join(sorted(self.themes))
            msg = f"unknown theme(s) {', '.join(sorted(unknown))} (known: {known})"
            raise InvalidInputError("themes", msg)
        for field, ids in (("must_see", request.must_see), ("exclude", request.excluded)):
            for place_id in sorted(ids):
                place = self.place(place_id, field=field)
                if field == "must_see" and not place.kind.is_attraction:
                    msg = f"{place_id!r} is a {place.kind.value}, not a place to visit"
                    raise InvalidInputError(field, msg)


def _by_id(place: Place) -> str:
    return place.id
