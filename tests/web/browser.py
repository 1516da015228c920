"""Headless Chromium for the browser tests: Debian's ``chromium`` driven by Playwright.

Playwright's own browser download is never used (no ``playwright install``): the tests launch
the system Chromium at :data:`CHROMIUM`, which ``.ci/run`` installs with apt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
"""Where each browser test leaves its screenshot (git-ignored ``/artifacts``)."""

CLOSED_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
"""A tile server that refuses every connection (TCP port 9): the map must do without tiles."""

BLANK_TILE_PREFIX = "data:image/gif;base64,"
"""What a failed tile becomes (``Itinera.BLANK_TILE``): never a broken-image icon."""


def launch_chromium(playwright: Playwright) -> Browser:
    """Return the system Chromium, headless; fail with how to install it when it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "package; install it with `sudo apt-get install -y chromium` (.ci/run does). "
            "Do not run `playwright install`.",
            pytrace=False,
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def screenshot_path(name: str) -> Path:
    """Return the artefact path of the screenshot ``name`` (the folder is created)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
