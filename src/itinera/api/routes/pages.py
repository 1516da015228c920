"""The human pages: the counter page, the route widget (script and iframe) and its demo.

Everything is served from the package (``static/`` and ``templates/``), nothing from a CDN, so
the pages work without internet. The pages hold no logic of their own: they call the ``/v1``
API from the browser with the page key (``app.state.page_key``) or the widget's own key.

| path | what |
|---|---|
| ``/counter`` | the tourism-office counter page (``?lang=fr|en``) |
| ``/widget.js`` | the embeddable widget: one ``<script>`` tag with ``data-*`` settings |
| ``/widget`` | the widget alone, for an ``<iframe>`` (``?key=&themes=&lang=&from=&to=``) |
| ``/widget-demo`` | both ways of embedding, side by side |
| ``/static/...`` | CSS, JavaScript, vendored Leaflet |
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Header, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
"""The front-end assets, shipped as package data."""

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_PATH = "/static"
LANGUAGES = ("en", "fr")
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
WIDGET_SCRIPTS = ("core.js", "api.js", "errors-view.js", "plan-view.js", "route-map.js")
"""Shared modules bundled, in this order, before ``widget-main.js`` in ``/widget.js``."""

router = APIRouter(include_in_schema=False)

_I18N_TEXT = re.compile(r'(<[a-z0-9]+ [^>]*data-i18n="([a-z_.]+)"[^>]*>)</')
_I18N_ATTRIBUTE = re.compile(r'data-i18n-(placeholder|aria)="([a-z_.]+)"')

Lang = Annotated[str | None, Query(description="Page language: fr or en.")]
AcceptLanguage = Annotated[str | None, Header()]


@dataclass(frozen=True, slots=True, kw_only=True)
class TileSettings:
    """Where the map's background tiles come from (``ITINERA_TILE_URL``, an empty URL: none)."""

    url: str = DEFAULT_TILE_URL
    attribution: str = DEFAULT_TILE_ATTRIBUTION

    @classmethod
    def from_env(cls) -> TileSettings:
        """Return the settings of ``$ITINERA_TILE_URL`` and ``$ITINERA_TILE_ATTRIBUTION``."""
        url = os.environ.get("ITINERA_TILE_URL")
        if url is None:
            return cls()
        return cls(url=url, attribution=os.environ.get("ITINERA_TILE_ATTRIBUTION", ""))

    def as_json(self) -> dict[str, str]:
        """Return the settings as the front end reads them."""
        return {"url": self.url, "attribution": self.attribution}


def mount_static(app: FastAPI) -> None:
    """Serve the front-end assets at ``/static``."""
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_DIR), name="static")


def negotiate_language(lang: str | None, accept_language: str | None) -> str:
    """Return ``lang`` when it is supported, else the best of ``Accept-Language``, else en."""
    if lang in LANGUAGES:
        return lang
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"


@router.get("/counter", response_class=HTMLResponse)
def counter_page(
    request: Request, lang: Lang = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """Return the counter page: a trip form, the plan day by day, its map; printable."""
    language = negotiate_language(lang, accept_language)
    config = {
        "lang": language,
        "key": _page_key(request),
        "api": "",
        "tiles": TileSettings.from_env().as_json(),
        "i18n": _dictionaries(),
    }
    return _page("counter.html", lang=language, config=_script_json(config))


def translate_markup(markup: str, lang: str) -> str:
    """Fill the ``data-i18n`` elements and placeholders of ``markup`` in ``lang``.

    The page's script does the same on every language switch; doing it here too means the page
    reads right before (and without) its script.
    """
    strings = _dictionaries()[lang]

    def escaped(key: str, *, quote: bool) -> str:  # "$" would start a template placeholder
        return html.escape(strings.get(key, ""), quote=quote).replace("$", "$$")

    def text(match: re.Match[str]) -> str:
        return f"{match[1]}{escaped(match[2], quote=False)}</"

    def attribute(match: re.Match[str]) -> str:
        name = "placeholder" if match[1] == "placeholder" else "aria-label"
        return f'{match[0]} {name}="{escaped(match[2], quote=True)}"'

    markup = _I18N_TEXT.sub(text, markup)
    return _I18N_ATTRIBUTE.sub(attribute, markup)


@router.get("/widget.js")
def widget_script() -> Response:
    """Return the widget: shared modules, the dictionaries, the default tiles, the bootstrap."""
    body = _widget_source(TileSettings.from_env())
    headers = {"Cache-Control": "public, max-age=300"}
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


@router.get("/widget", response_class=HTMLResponse)
def widget_frame(  # noqa: PLR0917 - one parameter per query setting
    request: Request,
    key: Annotated[str | None, Query()] = None,
    themes: Annotated[str, Query()] = "",
    lang: Lang = None,
    from_: Annotated[str, Query(alias="from")] = "",
    to: Annotated[str, Query()] = "",
    accept_language: AcceptLanguage = None,
) -> HTMLResponse:
    """Return the widget alone on a page, for an ``<iframe>``."""
    language = negotiate_language(lang, accept_language)
    attributes = {
        "data-key": _page_key(request) if key is None else key,
        "data-themes": themes,
        "data-lang": language,
        "data-from": from_,
        "data-to": to,
    }
    return _page("widget-frame.html", lang=language, script=_script_tag(attributes))


@router.get("/widget-demo", response_class=HTMLResponse)
def widget_demo(
    request: Request, lang: Lang = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """Return a page embedding the widget both ways: a script tag and an iframe."""
    language = negotiate_language(lang, accept_language)
    key = _page_key(request)
    attributes = {
        "data-key": key,
        "data-themes": "cathar,unesco",
        "data-lang": language,
        "data-from": "toulouse-matabiau",
        "data-to": "carcassonne-gare",
    }
    query = {"key": key, "themes": "medieval", "lang": language, "from": "carcassonne-gare"}
    frame = f"/widget?{urlencode(query)}"
    return _page(
        "widget-demo.html",
        lang=language,
        script=_script_tag(attributes),
        snippet=html.escape(_script_tag({**attributes, "data-key": "pk_..."}, "http://HOST")),
        frame=html.escape(frame),
    )


def _page_key(request: Request) -> str:
    key: str = getattr(request.app.state, "page_key", "") or ""
    return key


def _page(template: str, **values: str) -> HTMLResponse:
    markup = translate_markup(_template(template), values["lang"])
    text = Template(markup).substitute(static=STATIC_PATH, **values)
    return HTMLResponse(text, headers={"Cache-Control": "no-store"})


def _script_tag(attributes: dict[str, str], origin: str = "") -> str:
    data = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
    return f'<script src="{origin}/widget.js" {data}></script>'


def _script_json(value: object) -> str:
    """Return ``value`` as JSON safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _template(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


@cache
def _dictionaries() -> dict[str, dict[str, str]]:
    """Return the UI strings, one dictionary per language (``static/i18n/<lang>.json``)."""
    return {
        lang: json.loads((STATIC_DIR / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }


@cache
def _widget_source(tiles: TileSettings) -> str:
    defaults = {"i18n": _dictionaries(), "tiles": tiles.as_json(), "static": STATIC_PATH}
    parts = [
        "/* itinera route widget: bundled from itinera/api/static/js (no build step). */",
        "(function (root) {",
        "  var Itinera = root.Itinera = root.Itinera || {};",
        f"  Itinera.widgetDefaults = {_script_json(defaults)};",
        "})(window);",
    ]
    scripts = (*WIDGET_SCRIPTS, "widget-main.js")
    parts.extend((STATIC_DIR / "js" / name).read_text(encoding="utf-8") for name in scripts)
    return "\n".join(parts)
