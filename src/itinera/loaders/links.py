"""Car-free links from ``links.csv`` (one row per direction; typical departures).

Columns: ``from_id,to_id,mode,line,duration_min,distance_km,departures,service_days,source,
estimated``. ``departures`` is a space-separated list of local ``HH:MM`` times; ``service_days``
an OpenStreetMap ``opening_hours`` expression of the days the service runs.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from itinera.errors import DataSourceError, InvalidInputError
from itinera.loaders.opening_hours import parse_opening_hours
from itinera.model.ids import PlaceId
from itinera.model.link import Link, Mode

if TYPE_CHECKING:
    from pathlib import Path

COLUMNS = (
    "from_id",
    "to_id",
    "mode",
    "line",
    "duration_min",
    "distance_km",
    "departures",
    "service_days",
    "source",
    "estimated",
)


def load_links(path: Path) -> tuple[Link, ...]:
    """Return the links of a ``links.csv`` file.

    Raises
    ------
    DataSourceError
        On a missing column or a bad value, naming the line and the column.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataSourceError(str(path), "line 1", f"missing column(s) {', '.join(missing)}")
        return tuple(
            _link_from_row(row, path=path, line=reader.line_num)
            for row in reader
            if any(row.values())
        )


def _link_from_row(row: dict[str, str], *, path: Path, line: int) -> Link:
    column = "mode"
    try:
        mode = Mode(row["mode"].strip())
        column = "duration_min"
        duration_s = round(float(row["duration_min"]) * 60)
        column = "distance_km"
        distance_m = round(float(row["distance_km"]) * 1000)
        column = "departures"
        departures = tuple(sorted(_seconds(t) for t in row["departures"].split()))
        column = "service_days"
        days = row["service_days"].strip()
        service_days = parse_opening_hours(days, field_name="service_days") if days else None
        column = "from_id"
        return Link(
            from_id=PlaceId(row["from_id"].strip()),
            to_id=PlaceId(row["to_id"].strip()),
            mode=mode,
            line=row["line"].strip() or None,
            duration_s=duration_s,
            distance_m=distance_m,
            departures=departures,
            service_days=service_days,
            source=row["source"].strip(),
            estimated=frozenset(e.strip() for e in row["estimated"].split(";") if e.strip()),
        )
    except (ValueError, InvalidInputError) as exc:
        value = row.get(column, "")
        reason = (
            f"{column}: {exc}"
            if isinstance(exc, InvalidInputError)
            else f"{column}: bad value {value!r}"
        )
        raise DataSourceError(str(path), f"line {line}", reason) from None


def _seconds(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    if not (0 <= int(hours) <= 47 and 0 <= int(minutes) < 60):  # noqa: PLR2004 - clock
        raise ValueError(hhmm)
    return int(hours) * 3600 + int(minutes) * 60
