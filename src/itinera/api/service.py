"""What the itinerary routes do, between parsing and answering: plan, store, load.

Kept out of the routes so that each route is one call (polar's endpoint → service split).
"""

from __future__ import annotations

import threading

from itinera.api.deps import ApiSettings
from itinera.api.schemas import PartyIn, TripRequestIn
from itinera.api.store import ItineraryNotFoundError, ItineraryStore, StoredItinerary
from itinera.loaders.itinerary_json import itinerary_from_json, itinerary_to_json
from itinera.loaders.tickets_json import tickets_to_json
from itinera.model.destination import Destination
from itinera.model.itinerary import Itinerary
from itinera.solver.pass_first import plan_with_pass
from itinera.solver.plan import plan_itinerary

SAMPLE_REQUEST = TripRequestIn.model_validate(
    {
        "from": "toulouse-matabiau",
        "to": "carcassonne-gare",
        "start": "2027-06-14",
        "days": 3,
        "themes": ["cathar", "unesco"],
        "party": PartyIn(adults=2, children_ages=(5, 10)),
    }
)
"""The README's sample: a 3-day family trip from Toulouse to Carcassonne."""


def plan_and_store(
    trip: TripRequestIn, destination: Destination, store: ItineraryStore, settings: ApiSettings
) -> StoredItinerary:
    """Plan ``trip`` on ``destination`` and store the itinerary.

    Raises
    ------
    InvalidInputError
        If the request names unknown places or themes.
    InfeasibleRequestError
        If no itinerary satisfies it.
    """
    request = trip.to_domain()
    params = trip.solve_params(max_iterations=settings.max_iterations)
    pass_first = None
    if trip.pass_ is None:
        result = plan_itinerary(request, destination, params=params)
    else:
        pass_first = plan_with_pass(
            request,
            destination,
            trip.pass_,
            first_use=trip.pass_first_use,
            objective=trip.objective,
            params=params,
        )
        result = pass_first.plan
    document = itinerary_to_json(result.itinerary, destination)
    if result.tickets is not None:
        document["tickets"] = tickets_to_json(result.tickets, destination, pass_first=pass_first)
    return store.add(
        request=trip.model_dump(mode="json", by_alias=True, exclude_unset=True),
        document=document,
    )


def load_itinerary(
    itinerary_id: str, destination: Destination, store: ItineraryStore
) -> tuple[StoredItinerary, Itinerary]:
    """Return a stored itinerary with its domain form (for the exports)."""
    stored = store.get(itinerary_id)
    return stored, itinerary_from_json(stored.document, destination)


class SampleItinerary:
    """The README's sample, planned once per server and then served from the store.

    ``GET /v1/sample`` is the link a newcomer clicks first, often several times: planning it on
    every click cost a full solve each (and let anyone make the server solve for free). The
    first call plans and stores it under a lock; later calls return the stored id, re-planning
    only if the stored itinerary has gone (another database, say).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._id: str | None = None

    def itinerary_id(
        self, destination: Destination, store: ItineraryStore, settings: ApiSettings
    ) -> str:
        """Return the id of the stored sample itinerary, planning it on first use."""
        with self._lock:
            if self._id is not None:
                try:
                    store.get(self._id)
                except ItineraryNotFoundError:
                    self._id = None
                else:
                    return self._id
            self._id = plan_and_store(SAMPLE_REQUEST, destination, store, settings).id
            return self._id
