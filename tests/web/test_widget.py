"""The route widget in headless Chromium, embedded by a portal on another origin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playwright.sync_api import expect
from tests.web.browser import BLANK_TILE_PREFIX, CLOSED_TILE_URL, screenshot_path
from tests.web.plans import assert_feasible, steps, wait_for_blank_tiles

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.web.conftest import WebSite

    from itinera.model.destination import Destination

PLAN_TIMEOUT_MS = 60_000


def _portal_page(site: WebSite, path: str, key: str) -> str:
    """Publish a portal page embedding the widget with one script tag; return its URL."""
    site.pages[path] = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Portail</title><link rel="icon" href="data:,">
<style>body {{ font-family: serif; color: #800; }} h2 {{ color: #080; }}</style></head>
<body><h1>Office de tourisme</h1><p>Notre parcours sans voiture :</p>
<script src="{site.api}/widget.js" data-key="{key}" data-themes="cathar,unesco" data-lang="fr"
  data-from="toulouse-matabiau" data-to="carcassonne-gare" data-days="2" data-start="2027-06-14"
  data-time-limit="1" data-tiles="{CLOSED_TILE_URL}"></script>
<p id="after">Fin de la page du portail.</p></body></html>"""
    return site.portal + path


def test_widget_from_another_origin_draws_the_route(
    page: Page, site: WebSite, default_destination: Destination
) -> None:
    page.goto(_portal_page(site, "/trip.html", site.keys["portal"]))
    widget = page.locator(".itinera-widget")
    expect(widget).to_have_attribute("data-ready", "true")
    # Inserted right after its script tag, in its own shadow root.
    host = page.locator("[data-itinera-widget]")
    assert host.evaluate("h => h.shadowRoot !== null && h.nextElementSibling.id === 'after'")
    expect(widget.locator("select[name=from]")).to_have_value("toulouse-matabiau")
    places = len(default_destination.places)
    expect(widget.locator("path.itinera-place")).to_have_count(places)  # before any plan

    with page.expect_response(
        lambda r: r.url.endswith("/v1/itineraries") and r.request.method == "POST",
        timeout=PLAN_TIMEOUT_MS,
    ) as answer:
        widget.locator("button.w-submit").click()
    response = answer.value
    body: dict[str, Any] = response.json()
    assert response.status == 201, body
    assert response.request.all_headers()["origin"] == site.portal
    assert response.all_headers()["access-control-allow-origin"] == site.portal
    assert body["itinerary"]["request"]["themes"] == ["cathar", "unesco"]
    assert_feasible(body, default_destination)

    visits, legs = steps(body, "visit"), steps(body, "leg")
    expect(widget).to_have_attribute("data-planned", "true")
    expect(widget.locator(".itinera-day")).to_have_count(2)
    expect(widget.locator(".itinera-day h3").first).to_contain_text("Jour 1")
    expect(widget.locator(".w-plan .itinera-visit")).to_have_count(len(visits))
    expect(widget.locator("path.itinera-leg")).to_have_count(len(legs))
    expect(widget.locator("path.itinera-visit-marker")).to_have_count(len(visits))
    wait_for_blank_tiles(page, BLANK_TILE_PREFIX)
    # The portal's styles stay out of the widget.
    assert widget.locator("h2").first.evaluate("h => getComputedStyle(h).color") != "rgb(0, 136, 0)"
    page.screenshot(path=screenshot_path("widget-other-origin.png"), full_page=True)


def test_widget_with_a_key_for_another_origin_says_why(page: Page, site: WebSite) -> None:
    page.goto(_portal_page(site, "/wrong-key.html", site.keys["elsewhere"]))
    problem = page.locator(".itinera-widget .itinera-problem")
    expect(problem).to_be_visible(timeout=PLAN_TIMEOUT_MS)
    expect(problem).to_contain_text("403")
    expect(problem).to_contain_text(site.portal)


def test_widget_demo_shows_script_and_iframe(page: Page, site: WebSite) -> None:
    page.goto(f"{site.api}/widget-demo?lang=en")
    expect(page.locator(".itinera-widget")).to_have_attribute("data-ready", "true")
    frame = page.frame_locator("iframe")
    expect(frame.locator(".itinera-widget")).to_have_attribute("data-ready", "true")
    expect(frame.locator("select[name=from]")).to_have_value("carcassonne-gare")
    frame.locator("input[name=start]").fill("2027-06-15")
    frame.locator("input[name=days]").fill("1")
    frame.locator("button.w-submit").click()  # the iframe plans with the page key
    expect(frame.locator(".itinera-widget")).to_have_attribute(
        "data-planned", "true", timeout=PLAN_TIMEOUT_MS
    )
    expect(frame.locator(".itinera-day")).to_have_count(1)
    expect(frame.locator("path.itinera-leg").first).to_be_attached()
    page.screenshot(path=screenshot_path("widget-demo.png"), full_page=True)
