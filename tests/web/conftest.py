"""Fixtures of the browser tests: the API, a portal on another origin, headless Chromium.

The API runs on a real uvicorn server with keys required; the portal is a second HTTP server on
another port with a publishable key for its origin.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import sync_playwright
from tests.api_server import running_server, sqlite_url
from tests.web.browser import CLOSED_TILE_URL, launch_chromium
from tests.web.origin_server import portal_server

from itinera.api.app import create_app
from itinera.api.keys import KeyKind, create_api_key

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from itinera.model.destination import Destination

WEB_MAX_ITERATIONS = 10
"""Solver iterations per plan: a second or two per request."""


class WebSite:
    """The running site: API base URL, the portal's origin and pages, and the widget keys."""

    def __init__(self, api: str, portal: str, pages: dict[str, str], keys: dict[str, str]) -> None:
        self.api = api
        self.portal = portal
        self.pages = pages
        self.keys = keys


@pytest.fixture(scope="session")
def site(
    default_destination: Destination, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebSite]:
    """Return the API (keys required) and a portal on another origin with a key for it."""
    database = sqlite_url(tmp_path_factory.mktemp("web") / "itinera.sqlite3")
    previous_tiles = os.environ.get("ITINERA_TILE_URL")
    os.environ["ITINERA_TILE_URL"] = CLOSED_TILE_URL
    with portal_server() as (portal, pages):
        keys = {
            "portal": create_api_key(
                database, name="portal", kind=KeyKind.PUBLISHABLE, origins=(portal,)
            ),
            "elsewhere": create_api_key(
                database,
                name="elsewhere",
                kind=KeyKind.PUBLISHABLE,
                origins=("https://elsewhere.example",),
            ),
        }
        app = create_app(
            default_destination,
            database_url=database,
            max_iterations=WEB_MAX_ITERATIONS,
            require_api_key=True,
        )
        try:
            with running_server(app) as api:
                yield WebSite(api, portal, pages, keys)
        finally:
            if previous_tiles is None:
                os.environ.pop("ITINERA_TILE_URL", None)
            else:
                os.environ["ITINERA_TILE_URL"] = previous_tiles


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Return headless Chromium (Debian's package), for the whole session."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """Return a fresh English page, 1280x900, that records uncaught script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert not errors, f"uncaught script errors: {errors}"
