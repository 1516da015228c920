"""Plan, fetch and export itineraries.

Exports are addressed by suffix: ``/v1/itineraries/{id}.geojson``, ``.gpx`` and ``.ics``. Their
routes are declared before ``/v1/itineraries/{id}`` so that the suffix is not read as an id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import RedirectResponse

from itinera.api.access import require_api_key
from itinera.api.deps import DestinationDep, SettingsDep, StoreDep
from itinera.api.exports import itinerary_geojson, itinerary_gpx, itinerary_ical
from itinera.api.problems import problem_responses
from itinera.api.responses import GeoJSONResponse, GPXResponse, ICalendarResponse
from itinera.api.schemas import ItineraryOut, TripRequestIn
from itinera.api.service import SampleItinerary, load_itinerary, plan_and_store

router = APIRouter(prefix="/v1", tags=["itineraries"])

ItineraryId = Annotated[
    str,
    Path(
        description="Itinerary id, as returned by `POST /v1/itineraries`.",
        examples=["3f2a9c0e4b1d4f6a8e7c5b3a1d2f4e6c"],
    ),
]

_STORED_LINKS = {
    name: {
        "operationId": operation,
        "parameters": {"itinerary_id": "$response.body#/id"},
        "description": description,
    }
    for name, operation, description in (
        ("GetItinerary", "get_itinerary_v1_itineraries__itinerary_id__get", "Fetch it again."),
        (
            "ExportGeoJSON",
            "export_geojson_v1_itineraries__itinerary_id__geojson_get",
            "Export it as GeoJSON.",
        ),
        ("ExportGPX", "export_gpx_v1_itineraries__itinerary_id__gpx_get", "Export it as GPX."),
        (
            "ExportICalendar",
            "export_ical_v1_itineraries__itinerary_id__ics_get",
            "Export it as iCalendar.",
        ),
    )
}
"""OpenAPI links from a created itinerary to its fetch and export operations."""


@router.post(
    "/itineraries",
    status_code=201,
    summary="Plan an itinerary and store it",
    dependencies=[Depends(require_api_key)],
    responses={
        201: {
            "description": "Planned and stored; `Location` gives its URL.",
            "headers": {
                "Location": {"description": "URL of the itinerary.", "schema": {"type": "string"}}
            },
            "links": _STORED_LINKS,
        },
        **problem_responses(413, 422),
    },
)
def create_itinerary(
    trip: TripRequestIn,
    destination: DestinationDep,
    store: StoreDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> ItineraryOut:
    """Plan the requested trip (this takes about `time_limit_s`), store it and return it.

    A request that cannot be met answers 422 with type `/problems/infeasible-request` and the
    `reasons`, e.g. "Château de Quéribus is closed on 2027-01-12".
    """
    stored = plan_and_store(trip, destination, store, settings)
    response.headers["Location"] = str(request.url_for("get_itinerary", itinerary_id=stored.id))
    return ItineraryOut.from_domain(stored)


@router.get(
    "/sample",
    status_code=303,
    response_class=RedirectResponse,
    summary="Redirect to the README's sample trip (planned once per server)",
)
def plan_sample(
    destination: DestinationDep, store: StoreDep, settings: SettingsDep, request: Request
) -> RedirectResponse:
    """Redirect to the sample 3-day family trip Toulouse → Carcassonne.

    No key is needed: the sample is planned once, on the first call, and served from the
    store afterwards, so a click costs no solve.
    """
    sample: SampleItinerary = request.app.state.sample
    itinerary_id = sample.itinerary_id(destination, store, settings)
    return RedirectResponse(request.url_for("get_itinerary", itinerary_id=itinerary_id), 303)


@router.get(
    "/itineraries/{itinerary_id}.geojson",
    response_class=GeoJSONResponse,
    summary="Export as GeoJSON",
    responses={
        200: {"description": "A Point per visit, a LineString per leg (straight lines)."},
        **problem_responses(404),
    },
)
def export_geojson(
    itinerary_id: ItineraryId, destination: DestinationDep, store: StoreDep
) -> dict[str, Any]:
    """Return the itinerary as a GeoJSON FeatureCollection."""
    _, itinerary = load_itinerary(itinerary_id, destination, store)
    return itinerary_geojson(itinerary, destination)


@router.get(
    "/itineraries/{itinerary_id}.gpx",
    response_class=GPXResponse,
    summary="Export as GPX 1.1",
    responses={
        200: {
            "description": "A waypoint per visit, a track per leg.",
            "content": {GPXResponse.media_type: {"schema": {"type": "string"}}},
        },
        **problem_responses(404),
    },
)
def export_gpx(
    itinerary_id: ItineraryId, destination: DestinationDep, store: StoreDep
) -> GPXResponse:
    """Return the itinerary as a GPX 1.1 document."""
    stored, itinerary = load_itinerary(itinerary_id, destination, store)
    return GPXResponse(itinerary_gpx(itinerary, destination), headers=_download(stored.id, "gpx"))


@router.get(
    "/itineraries/{itinerary_id}.ics",
    response_class=ICalendarResponse,
    summary="Export as iCalendar",
    responses={
        200: {
            "description": "A VEVENT per visit and per leg, TZID Europe/Paris.",
            "content": {ICalendarResponse.media_type: {"schema": {"type": "string"}}},
        },
        **problem_responses(404),
    },
)
def export_ical(
    itinerary_id: ItineraryId, destination: DestinationDep, store: StoreDep
) -> ICalendarResponse:
    """Return the itinerary as an iCalendar (RFC 5545)."""
    stored, itinerary = load_itinerary(itinerary_id, destination, store)
    body = itinerary_ical(itinerary, destination, uid_prefix=stored.id, stamp=stored.created_at)
    return ICalendarResponse(body, headers=_download(stored.id, "ics"))


@router.get(
    "/itineraries/{itinerary_id}",
    summary="Fetch a stored itinerary",
    responses=problem_responses(404),
)
def get_itinerary(itinerary_id: ItineraryId, store: StoreDep) -> ItineraryOut:
    """Return a stored itinerary."""
    return ItineraryOut.from_domain(store.get(itinerary_id))


def _download(itinerary_id: str, suffix: str) -> dict[str, str]:
    return {"Content-Disposition": f'inline; filename="itinerary-{itinerary_id}.{suffix}"'}
