"""Places from DATAtourisme JSON-LD records (the French national tourism open-data flux).

One record is one ``PointOfInterest`` object as the diffusion platform writes it (see
``../shared/data/datatourisme-samples/SOURCE.md``). DATAtourisme data are published under the
Licence Ouverte / Etalab 2.0; every imported fact keeps its record ``@id`` in ``Place.source``.

Mapping (DATAtourisme class, prefix dropped, so ``schema:Museum`` counts as ``Museum``)

=====================================================  ===========  ===============
``@type``                                              kind         themes
=====================================================  ===========  ===============
Castle                                                 castle       medieval
Abbey, Cloister, Convent, Monastery                    abbey        religious
Cathedral, Basilica, Church, Chapel, ReligiousSite     religious    religious
Museum, InterpretationCentre                           museum       museum
WineCellar, TastingProvider                            wine         wine
RemarkableBuilding, Monument, TechnicalHeritage,       monument     --
ArcheologicalSite
Village                                                village      village
City                                                   village      city
CulturalSite (no more specific class above)            museum       --
Accommodation, LodgingBusiness (and nothing above)     town         --
=====================================================  ===========  ===============

The first row that matches gives the kind; the themes of every matching row are merged; an
``Accommodation`` type also sets ``accommodation=True`` (a castle with guest rooms stays a castle).
Any other record (events, restaurants, shops, activity providers, sports and leisure places,
natural sites) has no :class:`PlaceKind`: :func:`place_from_datatourisme` raises
:class:`UnsupportedRecordError` and :func:`load_datatourisme` skips it with a logged warning.

Estimates (named in ``Place.estimated``)

- ``visit_min`` and ``score``: DATAtourisme has neither; :data:`VISIT_MIN_BY_KIND` and
  :data:`DEFAULT_SCORE` are used.
- ``opening_hours``: the ``schema:openingHoursSpecification`` objects are converted by
  :func:`~itinera.loaders.schema_org_hours.opening_hours_from_specifications`; no usable spec
  gives :data:`UNKNOWN_OPENING_HOURS`, never ``24/7``; a spec without ``opens``/``closes`` is
  read as open all day, which is also flagged.
- ``prices``: see :func:`_prices`.
- ``wheelchair``: no ``reducedMobilityAccess`` gives ``limited``.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final

from shapely import Point

from itinera.errors import DataSourceError, InvalidInputError
from itinera.loaders._jsonld import as_list, iri, local_name
from itinera.loaders.opening_hours import parse_opening_hours
from itinera.loaders.schema_org_hours import opening_hours_from_specifications
from itinera.model.ids import PlaceId
from itinera.model.place import FREE, Place, PlaceKind, Prices, Theme, Wheelchair

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from itinera.model.opening_hours import OpeningSchedule

logger = logging.getLogger(__name__)

LICENCE: Final = "Licence Ouverte / Etalab 2.0"
DEFAULT_SCORE: Final = 5.0
UNKNOWN_OPENING_HOURS: Final = "Tu-Sa 10:00-12:00,14:00-17:00"
"""Used when a record has no hours: core hours, and no Sunday or Monday (the usual closing days)."""
CHILD_MAX_AGE: Final = 11
"""DATAtourisme gives no ages: the child rate is taken to stop at 11 (the common "-12 ans")."""
VISIT_MIN_BY_KIND: Final = {
    PlaceKind.CASTLE: 90,
    PlaceKind.ABBEY: 60,
    PlaceKind.RELIGIOUS: 30,
    PlaceKind.MUSEUM: 60,
    PlaceKind.MONUMENT: 30,
    PlaceKind.VILLAGE: 60,
    PlaceKind.WINE: 60,
    PlaceKind.TOWN: 0,
}

_TYPE_TABLE: Final[tuple[tuple[frozenset[str], PlaceKind, frozenset[Theme]], ...]] = (
    (frozenset({"Castle"}), PlaceKind.CASTLE, frozenset({Theme.MEDIEVAL})),
    (
        frozenset({"Abbey", "Cloister", "Convent", "Monastery"}),
        PlaceKind.ABBEY,
        frozenset({Theme.RELIGIOUS}),
    ),
    (
        frozenset({"Cathedral", "Basilica", "Church", "Chapel", "ReligiousSite"}),
        PlaceKind.RELIGIOUS,
        frozenset({Theme.RELIGIOUS}),
    ),
    (frozenset({"Museum", "InterpretationCentre"}), PlaceKind.MUSEUM, frozenset({Theme.MUSEUM})),
    (frozenset({"WineCellar", "TastingProvider"}), PlaceKind.WINE, frozenset({Theme.WINE})),
    (
        frozenset({"RemarkableBuilding", "Monument", "TechnicalHeritage", "ArcheologicalSite"}),
        PlaceKind.MONUMENT,
        frozenset(),
    ),
    (frozenset({"Village"}), PlaceKind.VILLAGE, frozenset({Theme.VILLAGE})),
    (frozenset({"City"}), PlaceKind.VILLAGE, frozenset({Theme.CITY})),
    (frozenset({"CulturalSite"}), PlaceKind.MUSEUM, frozenset()),
)
_ACCOMMODATION_TYPES: Final = frozenset({"Accommodation", "LodgingBusiness"})
_GENERIC_TYPES: Final = frozenset({"PointOfInterest", "PlaceOfInterest"})


class UnsupportedRecordError(DataSourceError):
    """A well-formed record that is not a place to visit or to sleep (event, restaurant...)."""


@dataclass(frozen=True, slots=True)
class _Where:
    path: str
    location: str

    def error(self, field: str, reason: str) -> DataSourceError:
        return DataSourceError(self.path, self.location, f"{field}: {reason}")


def place_from_datatourisme(record: Mapping[str, Any], *, source: str = "DATAtourisme") -> Place:
    """Return the place a DATAtourisme JSON-LD record describes.

    Parameters
    ----------
    record
        One ``PointOfInterest`` object, as in the national flux.
    source
        Name of the data source, used in ``Place.source`` and in error messages.

    Raises
    ------
    UnsupportedRecordError
        If the record's ``@type`` is not a place to visit or to sleep (see the module table).
    DataSourceError
        If a field the place needs is missing or malformed; the message names the field.
    """
    record_id = record.get("@id")
    location = record_id if isinstance(record_id, str) else ""
    return _place_from_record(record, where=_Where(f"<{source} record>", location), source=source)


def load_datatourisme(paths: Iterable[Path]) -> dict[PlaceId, Place]:
    """Return the places of DATAtourisme JSON-LD files, keyed by ``@id``.

    A file holds one record, a list of records, or a ``{"@graph": [...]}`` document (whose
    nodes without a ``PointOfInterest`` type are auxiliary nodes and are passed over).

    Raises
    ------
    DataSourceError
        If a file cannot be read, a record is malformed, or an ``@id`` appears twice.

    Notes
    -----
    Records that are not places to visit or sleep are not an error: each is skipped with a
    warning naming the file, the record and its types, and the count is logged at the end.
    """
    places: dict[PlaceId, Place] = {}
    skipped = 0
    for path in paths:
        for location, record in _records_in(path):
            where = _Where(str(path), location)
            try:
                place = _place_from_record(record, where=where, source="DATAtourisme")
            except UnsupportedRecordError as exc:
                logger.warning("skipped %s", exc)
                skipped += 1
                continue
            if place.id in places:
                raise where.error("@id", f"duplicate id {place.id!r}")
            places[place.id] = place
    logger.info("loaded %d DATAtourisme places, skipped %d records", len(places), skipped)
    return places


def _records_in(path: Path) -> list[tuple[str, Mapping[str, Any]]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataSourceError(str(path), "", f"cannot read JSON-LD: {exc}") from None
    if isinstance(document, Mapping) and "@graph" in document:
        prefix, items, only_pois = "@graph", document["@graph"], True
    elif isinstance(document, Mapping):
        record_id = document.get("@id")
        return [(record_id if isinstance(record_id, str) else "", document)]
    else:
        prefix, items, only_pois = "", document, False
    if not isinstance(items, list):
        raise DataSourceError(str(path), prefix, "expected a JSON-LD object, list or @graph")
    records: list[tuple[str, Mapping[str, Any]]] = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise DataSourceError(str(path), f"{prefix}[{index}]", "not a JSON object")
        if only_pois and "PointOfInterest" not in _types(item):
            continue
        record_id = item.get("@id")
        label = record_id if isinstance(record_id, str) else ""
        records.append((f"{prefix}[{index}] {label}".rstrip(), item))
    return records


def _place_from_record(record: Mapping[str, Any], *, where: _Where, source: str) -> Place:
    record_id = record.get("@id")
    if not isinstance(record_id, str) or not record_id.strip():
        raise where.error("@id", f"must be a non-empty IRI (got {record_id!r})")
    kind, themes, accommodation = _kind_and_themes(record, where)
    opening_hours, hours_estimated = _opening_hours(record, where)
    prices, prices_estimated = _prices(record, where, is_lodging_only=kind is PlaceKind.TOWN)
    wheelchair, wheelchair_estimated = _wheelchair(record, where)
    flags = {
        "opening_hours": hours_estimated,
        "prices": prices_estimated,
        "wheelchair": wheelchair_estimated,
    }
    estimated = {"visit_min", "score"} | {name for name, flag in flags.items() if flag}
    cite = f"{source} {record_id} ({LICENCE})"
    last_update = record.get("lastUpdate") or record.get("lastUpdateDatatourisme")
    if isinstance(last_update, str):
        cite += f", lastUpdate {last_update[:10]}"
    sources = dict.fromkeys(("coordinates", "name", "kind"), cite)
    sources |= {name: f"{cite}; estimated" if flag else cite for name, flag in flags.items()}
    sources |= dict.fromkeys(("visit_min", "score"), f"itinera default ({source} has none)")
    try:
        return Place(
            id=PlaceId(record_id),
            name=_text(record.get("rdfs:label"), "rdfs:label", where),
            kind=kind,
            location=_location(record, where),
            themes=themes,
            visit_s=VISIT_MIN_BY_KIND[kind] * 60,
            opening_hours=opening_hours,
            prices=prices,
            wheelchair=wheelchair,
            score=DEFAULT_SCORE,
            accommodation=accommodation,
            source=sources,
            estimated=frozenset(estimated),
        )
    except InvalidInputError as exc:
        raise DataSourceError(where.path, where.location, str(exc)) from None


def _types(record: Mapping[str, Any]) -> list[str]:
    return [local_name(t) for t in as_list(record.get("@type")) if isinstance(t, str)]


def _kind_and_themes(
    record: Mapping[str, Any], where: _Where
) -> tuple[PlaceKind, frozenset[Theme], bool]:
    types = set(_types(record))
    accommodation = bool(types & _ACCOMMODATION_TYPES)
    kinds = [(kind, themes) for names, kind, themes in _TYPE_TABLE if types & names]
    if kinds:
        return kinds[0][0], frozenset(t for _, themes in kinds for t in themes), accommodation
    if accommodation:
        return PlaceKind.TOWN, frozenset(), True
    shown = ", ".join(sorted(types - _GENERIC_TYPES)) or "none"
    reason = f"@type: not a place to visit or sleep ({shown})"
    raise UnsupportedRecordError(where.path, where.location, reason)


def _location(record: Mapping[str, Any], where: _Where) -> Point:
    for index, located_at in enumerate(as_list(record.get("isLocatedAt"))):
        geos = as_list(located_at.get("schema:geo")) if isinstance(located_at, Mapping) else []
        if not geos or not isinstance(geos[0], Mapping):
            continue
        field = f"isLocatedAt[{index}].schema:geo"
        lat = _coordinate(geos[0].get("schema:latitude"), f"{field}.schema:latitude", 90.0, where)
        lon = _coordinate(
            geos[0].get("schema:longitude"), f"{field}.schema:longitude", 180.0, where
        )
        if lat == 0.0 and lon == 0.0:
            raise where.error(field, "(0, 0) is a placeholder, not a location")
        return Point(lon, lat)
    raise where.error("isLocatedAt[].schema:geo", "no coordinates in any location")


def _coordinate(value: object, field: str, limit: float, where: _Where) -> float:
    try:
        number = float(value) if isinstance(value, str | int | float) else math.nan
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not -limit <= number <= limit:
        raise where.error(field, f"not a number within +-{limit:g} (got {value!r})")
    return number


def _opening_hours(record: Mapping[str, Any], where: _Where) -> tuple[OpeningSchedule, bool]:
    try:
        expression, is_estimated = opening_hours_from_specifications(_hours_specs(record, where))
    except InvalidInputError as exc:
        raise DataSourceError(where.path, where.location, str(exc)) from None
    try:
        schedule = parse_opening_hours(expression or UNKNOWN_OPENING_HOURS)
    except InvalidInputError as exc:  # a bug here, not in the data: say which record
        raise where.error("schema:openingHoursSpecification", str(exc)) from None
    return schedule, is_estimated


def _hours_specs(record: Mapping[str, Any], where: _Where) -> Iterator[tuple[str, object]]:
    """Yield each opening-hours spec of the record's locations, with its field name."""
    for i, located_at in enumerate(as_list(record.get("isLocatedAt"))):
        if not isinstance(located_at, Mapping):
            where_field = f"isLocatedAt[{i}]"
            raise where.error(where_field, "not a JSON object")
        specs = located_at.get("schema:openingHoursSpecification")
        for j, spec in enumerate(as_list(specs)):
            yield f"isLocatedAt[{i}].schema:openingHoursSpecification[{j}]", spec


def _prices(
    record: Mapping[str, Any], where: _Where, *, is_lodging_only: bool
) -> tuple[Prices, bool]:
    """Return the entry prices and whether they are an estimate.

    Notes
    -----
    Each ``schema:priceSpecification`` is read as the range of all its ``minPrice`` and
    ``maxPrice`` values (some records invert them) and counts by its upper bound, so a budget is
    never underestimated. By ``hasEligiblePolicy``/``hasAudience``: ``BaseRateFullRate`` or
    ``Adults`` is the adult price, ``ChildRate`` or ``Children`` the child price (ages 0 to
    :data:`CHILD_MAX_AGE`), ``ReducedRate`` the reduced price; group rates, extra charges and
    other policies are not entry prices and are left out. A missing child or reduced price is
    the adult price. Without a labelled adult price, the unlabelled specs (then any price) give
    it, flagged as an estimate. No priced spec means free, flagged as an estimate when the
    record still shows prices (specs without amounts, a ``TextPriceSpecification``). Lodging
    rates (per night, per week) are not entry prices: an accommodation enters free, flagged
    as an estimate when it has offers.
    """
    offers = [offer for offer in as_list(record.get("offers")) if isinstance(offer, Mapping)]
    if is_lodging_only:
        return FREE, bool(offers)
    rates: dict[str, list[int]] = {"adult": [], "child": [], "reduced": [], "other": []}
    has_unpriced = False
    for i, offer in enumerate(offers):
        has_unpriced = has_unpriced or "TextPriceSpecification" in offer
        for j, spec in enumerate(as_list(offer.get("schema:priceSpecification"))):
            field = f"offers[{i}].schema:priceSpecification[{j}]"
            if not isinstance(spec, Mapping):
                raise where.error(field, "not a JSON object")
            amounts = _amounts(spec, field, where)
            role = _price_role(spec)
            if not amounts:
                has_unpriced = True
            elif role in rates:
                rates[role].append(max(amounts))
    priced = [cents for values in rates.values() for cents in values]
    if not priced:
        return FREE, has_unpriced
    adult = rates["adult"] or rates["other"] or priced
    adult_cents = max(adult)
    return (
        Prices(
            adult_cents=adult_cents,
            child_cents=max(rates["child"], default=adult_cents),
            child_min_age=0,
            child_max_age=CHILD_MAX_AGE,
            reduced_cents=max(rates["reduced"], default=adult_cents),
        ),
        adult is not rates["adult"],
    )


def _amounts(spec: Mapping[str, Any], field: str, where: _Where) -> list[int]:
    currency = spec.get("schema:priceCurrency", "EUR")
    cents: list[int] = []
    for key in ("schema:minPrice", "schema:maxPrice", "schema:price"):
        for value in as_list(spec.get(key)):
            try:
                amount = Decimal(str(value)) if isinstance(value, str | int | float) else None
            except InvalidOperation:
                amount = None
            if amount is None or isinstance(value, bool) or not amount.is_finite() or amount < 0:
                msg = f"not a price >= 0 (got {value!r})"
                raise where.error(field + "." + key, msg)
            cents.append(int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    if cents and currency != "EUR":
        msg = f"only EUR is supported (got {currency!r})"
        raise where.error(field + ".schema:priceCurrency", msg)
    return cents


def _price_role(spec: Mapping[str, Any]) -> str:
    policies = {local_name(iri(p)) for p in as_list(spec.get("hasEligiblePolicy"))}
    audiences = {
        local_name(iri(a))
        for key in ("hasAudience", "hasEligibleAudience")
        for a in as_list(spec.get(key))
    }
    if policies & {"Group", "ExtraCharge"} or "Groups" in audiences:
        return "ignored"
    if "ChildRate" in policies or "Children" in audiences:
        return "child"
    if "ReducedRate" in policies:
        return "reduced"
    if "BaseRateFullRate" in policies or "Adults" in audiences:
        return "adult"
    return "ignored" if policies or audiences else "other"


def _wheelchair(record: Mapping[str, Any], where: _Where) -> tuple[Wheelchair, bool]:
    value = record.get("reducedMobilityAccess")
    values = as_list(value)
    if not values:
        return Wheelchair.LIMITED, True
    if len(values) == 1 and isinstance(values[0], bool):
        return (Wheelchair.YES if values[0] else Wheelchair.NO), False
    raise where.error("reducedMobilityAccess", f"expected true or false (got {value!r})")


def _text(value: object, field: str, where: _Where) -> str:
    """Return the French text of a ``{lang: [values]}`` map, else the first language's."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, Mapping):
        for lang in ("fr", *value):
            for text in as_list(value.get(lang)):
                if isinstance(text, str) and text.strip():
                    return text.strip()
    raise where.error(field, f"no text in any language (got {value!r})")
