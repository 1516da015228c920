"""Response classes with the media types of the export formats."""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response


class GeoJSONResponse(JSONResponse):
    """GeoJSON (RFC 7946)."""

    media_type = "application/geo+json"


class GPXResponse(Response):
    """GPX 1.1."""

    media_type = "application/gpx+xml"


class ICalendarResponse(Response):
    """iCalendar (RFC 5545)."""

    media_type = "text/calendar"
