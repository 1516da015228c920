"""What the itinerary routes do, between parsing and answering: plan, store, load.

Kept out of the routes so that each route is one call (polar's endpoint → service split).
"""

from __future__ import annotations

from itinera.api.deps import ApiSettings
from itinera.api.schemas import PartyIn, TripRequestIn
from itinera.api.store import ItineraryStore, StoredItinerary
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
