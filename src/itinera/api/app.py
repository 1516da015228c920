"""The application factory: ``create_app()`` is cheap; data and database open in the lifespan.

Tests pass a destination already loaded and a temporary database URL; ``itinera serve`` passes
the graph folder and the URL from its options.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

import itinera
from itinera.api.access import AccessControl, AccessSettings, install_access
from itinera.api.body_limit import DEFAULT_MAX_BODY_BYTES, BodyLimitMiddleware
from itinera.api.deps import ApiSettings
from itinera.api.problems import install_problem_handlers, problem_responses
from itinera.api.routes import health, itineraries, pages, passes, places
from itinera.api.service import SampleItinerary
from itinera.api.store import DATABASE_URL_ENV, ItineraryStore, database_url_from_env
from itinera.loaders.destination import DEFAULT_GRAPH, load_destination
from itinera.model.destination import Destination

DESCRIPTION = """\
Car-free multi-day itineraries for the *Destination Pays Cathare*.

`POST /v1/itineraries` plans a trip between two gateways and stores it; fetch it again by id, or
export it as GeoJSON, GPX or iCalendar. Every error is `application/problem+json` (RFC 9457)
with `errors: [{"field", "reason"}]`; an infeasible request also lists its `reasons`.
"""


def create_app(
    destination: Destination | None = None,
    *,
    database_url: str | None = None,
    graph: Path = DEFAULT_GRAPH,
    max_iterations: int | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    require_api_key: bool = False,
    access: AccessSettings = AccessSettings(),
) -> FastAPI:
    """Return the itinera API application.

    Parameters
    ----------
    destination
        The destination to serve; None loads ``graph`` when the application starts.
    database_url
        SQLAlchemy URL of the itinerary database; None uses ``$ITINERA_DATABASE_URL``, else the
        SQLite file ``./itinera.sqlite3``. The schema is migrated to the latest revision on
        start-up.
    graph
        Destination folder loaded when ``destination`` is None.
    max_iterations
        Cap on the solver's iterations for every request (tests, benchmarks).
    max_body_bytes
        Larger request bodies are refused with 413.
    require_api_key
        Whether the solving routes need an ``X-API-Key`` (``itinera serve`` sets it; tests of
        other concerns leave it off). Keys sent are checked, and rate limits apply, either way.
    access
        Rate limits and key-cache settings (:mod:`itinera.api.access`).
    """
    access_control = AccessControl(access, require_api_key=require_api_key)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url_from_env(database_url)
        app.state.store = await run_in_threadpool(ItineraryStore.open, url)
        app.state.destination = destination or await run_in_threadpool(load_destination, graph)
        app.state.page_key = await run_in_threadpool(access_control.open, app.state.store.engine)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="itinera",
        version=itinera.__version__,
        summary="Car-free multi-day itinerary planner.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = ApiSettings(max_iterations=max_iterations)
    app.state.sample = SampleItinerary()
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    install_problem_handlers(app)
    install_access(app, access_control)
    app.include_router(health.router)
    guarded = problem_responses(401, 403, 429)  # answered by the access middleware on /v1/*
    app.include_router(places.router, responses=guarded)
    app.include_router(passes.router, responses=guarded)
    app.include_router(itineraries.router, responses=guarded)
    app.include_router(pages.router)
    pages.mount_static(app)
    return app


GRAPH_ENV = "ITINERA_GRAPH"
REQUIRE_API_KEY_ENV = "ITINERA_REQUIRE_API_KEY"


def create_app_from_env() -> FastAPI:
    """Return the app that each worker process of ``itinera serve --workers N`` runs.

    uvicorn imports this factory by name in every worker; the options of ``itinera serve``
    reach it through the environment (:func:`serve_environment`). Keys, the page key included
    (derived from the pepper), are shared through the database; rate limits are per process.
    """
    return create_app(
        graph=Path(os.environ.get(GRAPH_ENV, str(DEFAULT_GRAPH))),
        require_api_key=os.environ.get(REQUIRE_API_KEY_ENV) == "1",
    )


def serve_environment(graph: Path, database_url: str | None) -> dict[str, str]:
    """Return the environment that passes ``itinera serve``'s options to its workers."""
    environment = {GRAPH_ENV: str(graph), REQUIRE_API_KEY_ENV: "1"}
    if database_url is not None:
        environment[DATABASE_URL_ENV] = database_url
    return environment


app = create_app()
"""The default application (``fastapi run``, ``uvicorn itinera.api.app:app``)."""
