"""The counter page in headless Chromium: fill the form, get a plan, see it drawn, print it."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from playwright.sync_api import expect
from tests.web.browser import BLANK_TILE_PREFIX, screenshot_path
from tests.web.plans import assert_feasible, steps, wait_for_blank_tiles

from itinera.api.routes.pages import STATIC_DIR

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from tests.web.conftest import WebSite

    from itinera.model.destination import Destination

PLAN_TIMEOUT_MS = 60_000
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch
FRENCH = json.loads((STATIC_DIR / "i18n" / "fr.json").read_text(encoding="utf-8"))
ENGLISH = json.loads((STATIC_DIR / "i18n" / "en.json").read_text(encoding="utf-8"))


def _open(page: Page, site: WebSite, query: str = "?lang=en") -> None:
    page.goto(f"{site.api}/counter{query}")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def _submit(page: Page) -> dict[str, Any]:
    with page.expect_response(
        lambda r: r.url.endswith("/v1/itineraries") and r.request.method == "POST",
        timeout=PLAN_TIMEOUT_MS,
    ) as answer:
        page.click("#submit")
    body: dict[str, Any] = answer.value.json()
    assert answer.value.status == 201, (answer.value.request.post_data, body)
    return body


def test_counter_plans_draws_and_switches_language(
    page: Page, site: WebSite, default_destination: Destination
) -> None:
    _open(page, site)
    page.select_option("#from", "toulouse-matabiau")
    page.select_option("#to", "carcassonne-gare")
    page.fill("#start", "2027-06-14")
    page.fill("#days", "2")
    page.check("#themes input[value=cathar]")
    page.check("#themes input[value=unesco]")
    page.fill("#adults", "2")
    page.fill("#children", "5, 10")
    page.fill("#must-see-input", "Cité de Carcassonne")
    page.press("#must-see-input", "Enter")
    expect(page.locator("#must-see .itinera-chip")).to_have_attribute(
        "data-id", "cite-de-carcassonne"
    )
    page.fill("#time-limit", "1")

    body = _submit(page)

    assert_feasible(body, default_destination)
    visits, legs = steps(body, "visit"), steps(body, "leg")
    assert "cite-de-carcassonne" in {v["place_id"] for v in visits}
    request = body["itinerary"]["request"]
    assert request["themes"] == ["cathar", "unesco"]
    assert sorted(t["age"] for t in request["profile"]["party"] if t["age"] is not None) == [5, 10]
    expect(page.locator(".itinera-day")).to_have_count(2)
    expect(page.locator("#plan .itinera-visit")).to_have_count(len(visits))
    expect(page.locator("#plan .itinera-leg")).to_have_count(len(legs))
    first = visits[0]["name"]
    expect(page.locator("#plan .itinera-visit").first).to_contain_text(first)
    # The route on the map: one polyline per leg, one circle marker per visit, tiles or not.
    expect(page.locator("#map path.itinera-leg")).to_have_count(len(legs))
    expect(page.locator("#map path.itinera-visit-marker")).to_have_count(len(visits))
    wait_for_blank_tiles(page, BLANK_TILE_PREFIX)
    tickets = body["itinerary"].get("tickets")
    if tickets is not None:  # the ticket recommendation, when the API carries one
        total = f"€{tickets['total_cents'] / 100:,.2f}"
        expect(page.locator(".itinera-tickets")).to_contain_text(total)
    page.screenshot(path=screenshot_path("counter-en.png"), full_page=True)

    page.click(".lang-switch button[data-lang=fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#plan h2").first).to_have_text(FRENCH["plan.title"])
    expect(page.locator("#submit")).to_have_text(FRENCH["form.submit"])
    expect(page.locator(".itinera-day h3").first).to_contain_text("Jour 1")
    expect(page.locator("#map path.itinera-leg")).to_have_count(len(legs))
    assert re.search(r"[?&]lang=fr\b", page.url)
    page.screenshot(path=screenshot_path("counter-fr.png"), full_page=True)

    _check_print_view(page)


def _check_print_view(page: Page) -> None:
    """Check the printable view: form hidden, map within A4, the whole route inside the map."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    expect(page.locator("#trip-form")).to_be_hidden()
    expect(page.locator("#map")).to_be_visible()
    box = page.locator("#map").bounding_box()
    assert box is not None
    assert box["width"] <= A4_WIDTH_PX
    for leg in page.locator("#map path.itinera-leg").all():  # the route fitted to the print box
        drawn = leg.bounding_box()
        assert drawn is not None
        assert box["x"] <= drawn["x"]
        assert drawn["x"] + drawn["width"] <= box["x"] + box["width"]
        assert box["y"] <= drawn["y"]
        assert drawn["y"] + drawn["height"] <= box["y"] + box["height"]
    page.screenshot(path=screenshot_path("counter-print.png"), full_page=True)
    page.pdf(path=screenshot_path("counter-print.pdf"), format="A4")


def test_counter_shows_field_errors_and_reasons(page: Page, site: WebSite) -> None:
    _open(page, site)
    page.fill("#days", "0")
    page.click("#submit")
    problem = page.locator("#problem")
    expect(problem).to_be_visible()
    expect(problem.locator("li[data-field=days]")).to_contain_text(ENGLISH["field.days"])
    expect(problem.locator("li[data-field=days]")).to_contain_text("(got 0)")
    expect(page.locator("#days")).to_have_attribute("aria-invalid", "true")

    page.select_option("#from", "toulouse-matabiau")
    page.select_option("#to", "toulouse-matabiau")
    page.fill("#start", "2027-01-12")
    page.fill("#days", "1")
    page.fill("#must-see-input", "chateau-de-queribus")
    page.click("#must-see button")
    page.fill("#time-limit", "1")
    page.click("#submit")
    reasons = problem.locator(".itinera-problem-reasons li")
    expect(reasons.first).to_contain_text("is closed on 2027-01-12", timeout=PLAN_TIMEOUT_MS)
    expect(page.locator("#days")).not_to_have_attribute("aria-invalid", "true")
    page.screenshot(path=screenshot_path("counter-errors.png"), full_page=True)


def test_counter_language_follows_accept_language(browser: Browser, site: WebSite) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{site.api}/counter")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("h1")).to_have_text(FRENCH["app.heading"])
        expect(page.locator("label[for=days]")).to_have_text(FRENCH["form.days"])
    finally:
        context.close()


def test_counter_opens_the_sample_route_from_a_link(page: Page, site: WebSite) -> None:
    with page.expect_response(
        lambda r: "/v1/itineraries/" in r.url, timeout=PLAN_TIMEOUT_MS
    ) as got:
        _open(page, site, "?lang=en&sample")
    body: dict[str, Any] = got.value.json()
    assert body["itinerary"]["request"]["from"] == "toulouse-matabiau"
    visits, legs = steps(body, "visit"), steps(body, "leg")
    expect(page.locator(".itinera-day")).to_have_count(3)
    expect(page.locator("#plan .itinera-visit")).to_have_count(len(visits))
    expect(page.locator("#map path.itinera-leg")).to_have_count(len(legs))
    page.screenshot(path=screenshot_path("counter-sample.png"), full_page=True)
