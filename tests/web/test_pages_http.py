"""The pages over HTTP (no browser): languages, escaping, packaged assets, no CDN."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import httpx
import pytest
from tests.web.browser import CLOSED_TILE_URL

from itinera.api.routes.pages import LANGUAGES, STATIC_DIR, TEMPLATES_DIR, negotiate_language

if TYPE_CHECKING:
    from tests.web.conftest import WebSite

_CONFIG = re.compile(
    r'<script type="application/json" id="itinera-config">(.*?)</script>', re.DOTALL
)


@pytest.mark.parametrize(
    ("lang", "accept", "expected"),
    [
        ("fr", "en", "fr"),
        ("en", "fr-FR", "en"),
        (None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        (None, "de-DE,en;q=0.5,fr;q=0.7", "fr"),
        (None, "fr;q=0,en", "en"),
        ("de", "de-CH", "en"),
        (None, None, "en"),
        (None, "fr;q=abc, en;q=0.1", "en"),
    ],
)
def test_language_negotiation(lang: str | None, accept: str | None, expected: str) -> None:
    assert negotiate_language(lang, accept) == expected


def test_every_ui_string_exists_in_every_language() -> None:
    dictionaries = {
        lang: json.loads((STATIC_DIR / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }
    keys = {lang: set(d) for lang, d in dictionaries.items()}
    assert keys["en"] == keys["fr"]
    used = set()
    for path in (*STATIC_DIR.glob("js/*.js"), *TEMPLATES_DIR.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("([a-z_.]*[a-z_])"', text))
        used |= set(re.findall(r'data-i18n(?:-placeholder|-aria)?="([a-z_.]*[a-z_])"', text))
        used |= set(re.findall(r'field\("([a-z_.]*[a-z_])"', text))
    assert used, "no translated string found: the pattern is wrong"
    assert used <= keys["en"], sorted(used - keys["en"])
    assert all(v.strip() for d in dictionaries.values() for v in d.values())


def test_counter_page_is_self_contained(site: WebSite) -> None:
    page = httpx.get(f"{site.api}/counter", headers={"Accept-Language": "fr-FR"})
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    french = json.loads((STATIC_DIR / "i18n" / "fr.json").read_text(encoding="utf-8"))
    # Readable before (and without) the page's script: labels are filled on the server.
    assert f'<label for="days" data-i18n="form.days">{french["form.days"]}</label>' in page.text
    assert f'<title data-i18n="app.title">{french["app.title"]}</title>' in page.text
    assert 'data-i18n="' not in re.sub(r'data-i18n="[a-z_.]+"[^>]*>[^<]+</', "", page.text)
    sources = re.findall(r'(?:src|href)="([^"]*)"', page.text)
    assert sources
    assert all(s.startswith(("/static/", "data:")) for s in sources), sources
    for source in sources:
        if source.startswith("/static/"):
            assert httpx.get(site.api + source).status_code == 200, source
    match = _CONFIG.search(page.text)
    assert match is not None
    assert "<" not in match.group(1)
    config = json.loads(match.group(1))
    assert config["lang"] == "fr"
    assert config["key"].startswith("pk_")
    assert config["tiles"]["url"] == CLOSED_TILE_URL
    assert set(config["i18n"]) == set(LANGUAGES)


def test_widget_script_and_vendored_leaflet(site: WebSite) -> None:
    script = httpx.get(f"{site.api}/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "Itinera.widgetDefaults" in script.text
    assert CLOSED_TILE_URL in script.text
    assert not re.search(r"unpkg|jsdelivr|cdnjs|googleapis|cdn\.", script.text)
    leaflet = httpx.get(f"{site.api}/static/vendor/leaflet/leaflet.js")
    assert leaflet.status_code == 200
    assert 't.version="1.9.4"' in leaflet.text
    assert "BSD" in (STATIC_DIR / "vendor" / "leaflet" / "LICENSE").read_text(encoding="utf-8")
    for image in ("marker-icon.png", "layers.png"):
        assert httpx.get(f"{site.api}/static/vendor/leaflet/images/{image}").status_code == 200


def test_widget_frame_escapes_its_settings(site: WebSite) -> None:
    hostile = '"><script>alert(1)</script>'
    page = httpx.get(f"{site.api}/widget", params={"themes": hostile, "key": "pk_x", "lang": "fr"})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text
    assert 'data-themes="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    assert 'data-key="pk_x"' in page.text


def test_widget_frame_defaults_to_the_page_key(site: WebSite) -> None:
    page = httpx.get(f"{site.api}/widget")
    assert re.search(r'data-key="pk_[^"]+"', page.text)
    demo = httpx.get(f"{site.api}/widget-demo")
    assert demo.status_code == 200
    assert "<iframe src=" in demo.text
    assert demo.text.count('src="/widget.js"') == 1
