"""The itinera exception tree.

Every error raised on purpose derives from :class:`ItineraError`. The tree carries no HTTP
knowledge: the API maps each family to a status code, the CLI prints one line.
"""

from __future__ import annotations


class ItineraError(Exception):
    """Base class for every error itinera raises on purpose."""


class InvalidInputError(ItineraError, ValueError):
    """A request or model field has an invalid value.

    Parameters
    ----------
    field
        Dotted name of the offending field, e.g. ``"days"`` or ``"profile.children"``.
    reason
        Why the value is invalid, ideally quoting it.
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class DataSourceError(ItineraError):
    """A data file (GeoJSON, CSV, JSON-LD, GTFS, instance file) is malformed.

    Parameters
    ----------
    path
        The file that is broken.
    location
        Where in the file: a line number, record id or JSON path (may be empty).
    reason
        What is wrong.
    """

    def __init__(self, path: str, location: str, reason: str) -> None:
        self.path = path
        self.location = location
        self.reason = reason
        where = f"{path}:{location}" if location else path
        super().__init__(f"{where}: {reason}")


class InfeasibleRequestError(ItineraError):
    """No itinerary satisfies the request; ``reasons`` says why, in plain sentences."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons) if reasons else "no feasible itinerary")
