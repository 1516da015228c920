"""Dependencies of the routes: the destination, the store and the server settings.

All three live on ``app.state``, set by the lifespan of :func:`itinera.api.app.create_app`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from itinera.api.problems import ServiceNotReadyError
from itinera.api.store import ItineraryStore
from itinera.model.destination import Destination


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSettings:
    """Server-side settings of a running API.

    Attributes
    ----------
    max_iterations
        Cap on the solver's iterations for every request (None: only the time limit applies).
        Tests and benchmarks set it to keep solves short and reproducible.
    """

    max_iterations: int | None = None


async def get_destination(request: Request) -> Destination:
    """Return the loaded destination, or refuse while it is still loading.

    The three dependencies are ``async`` although they never wait: FastAPI runs a plain ``def``
    dependency in its thread pool, a hand-off that costs more than the lookup itself on every
    request (it was a good part of the CPU of ``GET /v1/places`` under load).
    """
    destination: Destination | None = getattr(request.app.state, "destination", None)
    if destination is None:
        msg = "the destination is not loaded yet"
        raise ServiceNotReadyError(msg)
    return destination


async def get_store(request: Request) -> ItineraryStore:
    """Return the itinerary store, or refuse while the database is not open."""
    store: ItineraryStore | None = getattr(request.app.state, "store", None)
    if store is None:
        msg = "the database is not open yet"
        raise ServiceNotReadyError(msg)
    return store


async def get_settings(request: Request) -> ApiSettings:
    """Return the server settings."""
    settings: ApiSettings = request.app.state.settings
    return settings


DestinationDep = Annotated[Destination, Depends(get_destination)]
StoreDep = Annotated[ItineraryStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
