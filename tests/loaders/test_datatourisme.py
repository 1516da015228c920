"""DATAtourisme JSON-LD loader, on the ten real records of ``../shared/data/datatourisme-samples``.

Edge cases are built from a deep copy of the real Cucugnan record with one field changed, so every
input keeps the real shape and the test shows exactly what it changes.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from itinera.errors import DataSourceError
from itinera.loaders.datatourisme import (
    CHILD_MAX_AGE,
    DEFAULT_SCORE,
    UNKNOWN_OPENING_HOURS,
    VISIT_MIN_BY_KIND,
    UnsupportedRecordError,
    load_datatourisme,
    place_from_datatourisme,
)
from itinera.model.opening_hours import AlwaysOpen, DailyInterval
from itinera.model.place import FREE, PlaceKind, Theme, Wheelchair

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "datatourisme-samples"
CUCUGNAN = "41-000e77d6-ed98-3670-a9ea-9096e18f60b6.json"
MONTADY = "32-00638229-3cba-3311-ba75-b75077e31212.json"
LUCERNE = "30-0075b425-3bee-3e37-ae93-5f5a5535d1b2.json"
MAZETTE = "23-005819a3-aaf9-31ba-9f1f-5616e78d8738.json"
GHK = "30-00886baa-0a41-3529-a1f2-4b2c85dbb869.json"
MAISON = "58-004729f1-24e7-3d50-875a-eb24f0f15a43.json"
RESTAURANT = "30-0049c43b-5087-3c44-87ef-349d316fc2b8.json"
SKIPPED = {
    "23-005424b9-231a-3735-b357-b13d2e2f661a.json": "SportsAndLeisurePlace",
    RESTAURANT: "Restaurant",
    "30-00a39ffb-490b-3795-8f6c-7c2bb75ffa6a.json": "ActivityProvider",
    "49-00037bcf-28e4-3322-b72f-377587204703.json": "Exhibition",
}
LOADED = (CUCUGNAN, MONTADY, LUCERNE, MAZETTE, GHK, MAISON)
CUCUGNAN_ID = "https://data.datatourisme.fr/41/000e77d6-ed98-3670-a9ea-9096e18f60b6"
WEEKDAY_IDS = tuple(
    f"schema:{d}"
    for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
H = 3600


@cache
def _text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def _record(name: str) -> dict[str, Any]:
    """Return a fresh copy of a sample record, free to edit."""
    record: dict[str, Any] = json.loads(_text(name))
    return record


def _specs(record: dict[str, Any]) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = record["isLocatedAt"][0]["schema:openingHoursSpecification"]
    return specs


def _spec(
    first: str | None, last: str | None, days: str, opens: str | None, closes: str | None
) -> dict[str, Any]:
    """Return a spec in the flux's shape; ``days`` like ``"Mo Sa"`` ("" = no dayOfWeek)."""
    spec: dict[str, Any] = {"@type": ["schema:OpeningHoursSpecification"]}
    ids = {d.removeprefix("schema:")[:2]: d for d in WEEKDAY_IDS}
    if days:
        spec["schema:dayOfWeek"] = [{"@id": ids[d]} for d in days.split()]
    fields = {
        "schema:validFrom": first and f"{first}T00:00:00",
        "schema:validThrough": last and f"{last}T23:59:59",
        "schema:opens": opens,
        "schema:closes": closes,
    }
    spec.update({key: value for key, value in fields.items() if value is not None})
    return spec


def _with_specs(*specs: dict[str, Any]) -> dict[str, Any]:
    record = _record(CUCUGNAN)
    record["isLocatedAt"][0]["schema:openingHoursSpecification"] = list(specs)
    return record


def _iv(*spans: str) -> tuple[DailyInterval, ...]:
    """Return intervals from ``"10:30-12:30"`` strings."""
    out = []
    for span in spans:
        start, end = (_seconds(t) for t in span.split("-"))
        out.append(DailyInterval(start, end))
    return tuple(out)


def _seconds(text: str) -> int:
    hours, minutes, *_ = (int(p) for p in text.split(":"))
    return hours * H + minutes * 60


def _raw_intervals(record: dict[str, Any], day: dt.date) -> tuple[DailyInterval, ...]:
    """Return the union of the raw specs holding on ``day``: what the loader must reproduce."""
    spans: list[tuple[int, int]] = []
    for located_at in record["isLocatedAt"]:
        for spec in located_at.get("schema:openingHoursSpecification", []):
            first = dt.date.fromisoformat(spec["schema:validFrom"][:10])
            last = dt.date.fromisoformat(spec["schema:validThrough"][:10])
            days = {d["@id"] for d in spec.get("schema:dayOfWeek", [])} or set(WEEKDAY_IDS)
            if first <= day <= last and WEEKDAY_IDS[day.weekday()] in days:
                start = _seconds(spec.get("schema:opens", "00:00"))
                end = _seconds(spec.get("schema:closes", "24:00"))
                assert start < end, "the samples have no spec closing after midnight"
                spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(DailyInterval(start, end) for start, end in merged)


# --- identity, coordinates, kinds ----------------------------------------------------------


def test_place_from_datatourisme_reads_cucugnan_id_name_and_coordinates() -> None:
    place = place_from_datatourisme(_record(CUCUGNAN))

    assert place.id == CUCUGNAN_ID
    assert place.name == "ESPACE AUDIOVISUEL ACHILLE MIR"
    assert place.location.y == pytest.approx(42.8508071)  # Cucugnan, Aude: 42.85 N
    assert place.location.x == pytest.approx(2.6034057)  # 2.60 E
    assert place.kind is PlaceKind.MUSEUM


def test_place_from_datatourisme_reads_montady_wine_estate() -> None:
    place = place_from_datatourisme(_record(MONTADY))

    assert place.name == "DOMAINE DE SOUSTRES"
    assert (place.location.x, place.location.y) == pytest.approx((3.102811, 43.317706))
    assert place.kind is PlaceKind.WINE
    assert place.themes == {Theme.WINE}
    assert place.wheelchair is Wheelchair.YES


@pytest.mark.parametrize(
    ("name", "kind", "themes", "is_accommodation"),
    [
        (CUCUGNAN, PlaceKind.MUSEUM, set(), False),  # CulturalSite only
        (MONTADY, PlaceKind.WINE, {Theme.WINE}, False),  # WineCellar, TastingProvider
        (LUCERNE, PlaceKind.ABBEY, {Theme.RELIGIOUS}, False),  # Abbey, Church, Cloister...
        (MAZETTE, PlaceKind.TOWN, set(), True),  # Accommodation, RentalAccommodation
        (GHK, PlaceKind.TOWN, set(), True),
        (MAISON, PlaceKind.TOWN, set(), True),
    ],
)
def test_place_from_datatourisme_maps_sample_types(
    name: str, kind: PlaceKind, themes: set[Theme], *, is_accommodation: bool
) -> None:
    place = place_from_datatourisme(_record(name))

    assert (place.kind, set(place.themes), place.accommodation) == (kind, themes, is_accommodation)


@pytest.mark.parametrize(
    ("types", "kind", "themes", "is_accommodation"),
    [
        (["Castle", "CulturalSite"], PlaceKind.CASTLE, {Theme.MEDIEVAL}, False),
        (["Cathedral", "ReligiousSite"], PlaceKind.RELIGIOUS, {Theme.RELIGIOUS}, False),
        (["schema:Museum", "WineCellar"], PlaceKind.MUSEUM, {Theme.MUSEUM, Theme.WINE}, False),
        (["RemarkableBuilding", "CulturalSite"], PlaceKind.MONUMENT, set(), False),
        (["Village"], PlaceKind.VILLAGE, {Theme.VILLAGE}, False),
        (["City"], PlaceKind.VILLAGE, {Theme.CITY}, False),
        (["Castle", "Accommodation"], PlaceKind.CASTLE, {Theme.MEDIEVAL}, True),
        (
            ["https://www.datatourisme.fr/ontology/core#Abbey"],
            PlaceKind.ABBEY,
            {Theme.RELIGIOUS},
            False,
        ),
    ],
)
def test_place_from_datatourisme_maps_type_table(
    types: list[str], kind: PlaceKind, themes: set[Theme], *, is_accommodation: bool
) -> None:
    record = _record(CUCUGNAN)
    record["@type"] = [*types, "PlaceOfInterest", "PointOfInterest"]

    place = place_from_datatourisme(record)

    assert (place.kind, set(place.themes), place.accommodation) == (kind, themes, is_accommodation)


def test_place_from_datatourisme_raises_when_record_is_not_a_place() -> None:
    with pytest.raises(UnsupportedRecordError, match=r"@type: not a place .*Restaurant") as info:
        place_from_datatourisme(_record(RESTAURANT))

    assert isinstance(info.value, DataSourceError)
    assert info.value.location.endswith("0049c43b-5087-3c44-87ef-349d316fc2b8")


def test_place_from_datatourisme_prefers_french_name_then_first_language() -> None:
    record = _record(CUCUGNAN)
    record["rdfs:label"] = {"en": ["Achille Mir centre"], "fr": [" Espace Achille Mir "]}
    assert place_from_datatourisme(record).name == "Espace Achille Mir"

    record["rdfs:label"] = {"en": ["Achille Mir centre"], "de": ["Achille-Mir-Zentrum"]}
    assert place_from_datatourisme(record).name == "Achille Mir centre"


# --- opening hours ---------------------------------------------------------------------------


def test_cucugnan_record_has_114_dated_specs() -> None:
    specs = _specs(_record(CUCUGNAN))

    assert len(specs) == 114
    assert all("schema:validFrom" in s and "schema:validThrough" in s for s in specs)


CUCUGNAN_DAYS = [
    (dt.date(2022, 12, 17), _iv("10:30-12:30", "14:00-17:00")),  # Sat, first day of specs
    (dt.date(2022, 12, 25), ()),  # Christmas: no spec covers Dec 25
    (dt.date(2022, 12, 31), ()),  # Sat: the Dec 26-31 specs list Monday-Friday only
    (dt.date(2023, 1, 2), ()),  # the winter specs start on Jan 3
    (dt.date(2023, 1, 10), _iv("14:00-17:00")),  # Jan 3 - Feb 17: afternoons only
    (dt.date(2023, 4, 30), _iv("10:30-12:30", "14:00-18:30")),  # Sun, last day of spring
    (dt.date(2023, 7, 14), _iv("10:30-12:30", "14:00-19:30")),  # May 1 - Sep 30
    (dt.date(2023, 11, 4), _iv("10:30-12:30", "14:00-17:00")),  # Sat in Nov 1-5
    (dt.date(2023, 11, 5), ()),  # Sun: Nov 1-5 lists Wednesday-Saturday only
    (dt.date(2023, 12, 23), _iv("10:30-12:30", "14:00-17:00")),  # Sat, "Fermeture: Lundi.."
    (dt.date(2023, 12, 24), ()),  # Sun: the Dec 23-24 specs list Saturday only
    (dt.date(2024, 6, 1), ()),  # after every spec
]


@pytest.mark.parametrize(
    ("day", "expected"), CUCUGNAN_DAYS, ids=[str(day) for day, _ in CUCUGNAN_DAYS]
)
def test_cucugnan_opening_hours_on_real_dates(
    day: dt.date, expected: tuple[DailyInterval, ...]
) -> None:
    record = _record(CUCUGNAN)
    place = place_from_datatourisme(record)

    assert place.opening_hours.intervals_on(day) == expected
    assert _raw_intervals(record, day) == expected  # the hand reading agrees with the raw specs


@pytest.mark.parametrize("name", [CUCUGNAN, MONTADY, LUCERNE, MAZETTE, MAISON])
def test_place_from_datatourisme_hours_match_raw_specs_on_every_date(name: str) -> None:
    record = _record(name)
    schedule = place_from_datatourisme(record).opening_hours
    days = [dt.date(2021, 12, 20) + dt.timedelta(days=k) for k in range(3 * 366 + 30)]

    wrong = [d for d in days if schedule.intervals_on(d) != _raw_intervals(record, d)]

    assert wrong == []
    assert any(schedule.intervals_on(d) for d in days)


def test_cucugnan_expression_is_dated_osm_rules() -> None:
    expression = place_from_datatourisme(_record(CUCUGNAN)).opening_hours.expression

    assert expression.startswith("2022 Dec 17-2022 Dec 24 Mo-Su 10:30-12:30,14:00-17:00; ")
    assert "; 2023 May 01-2023 Sep 30 Mo-Su 10:30-12:30,14:00-19:30; " in expression
    assert expression.endswith("; 2023 Dec 26-2023 Dec 31 Tu-Sa 10:30-12:30,14:00-17:00")


def test_lucerne_overlapping_ranges_add_up() -> None:
    # 2024 Jan 01 - Dec 31 says Wednesday-Saturday 10:00-18:00; Dec 23 - Jan 07 adds Monday.
    hours = place_from_datatourisme(_record(LUCERNE)).opening_hours

    assert hours.intervals_on(dt.date(2024, 1, 1)) == _iv("10:00-18:00")  # Monday
    assert hours.intervals_on(dt.date(2024, 1, 8)) == ()  # Monday after the holidays
    assert hours.intervals_on(dt.date(2024, 1, 10)) == _iv("10:00-18:00")  # Wednesday


def test_place_from_datatourisme_splits_hours_past_midnight() -> None:
    record = _with_specs(
        _spec("2024-03-01", "2024-03-29", "Fr", "19:00:00", "02:00:00"),
        _spec("2024-03-01", "2024-03-29", "Sa", "10:00:00", "12:00:00"),
    )
    hours = place_from_datatourisme(record).opening_hours

    assert hours.intervals_on(dt.date(2024, 3, 1)) == _iv("19:00-24:00")  # Friday
    assert hours.intervals_on(dt.date(2024, 3, 2)) == _iv("00:00-02:00", "10:00-12:00")
    assert hours.intervals_on(dt.date(2024, 3, 30)) == _iv("00:00-02:00")  # after last Friday
    assert hours.intervals_on(dt.date(2024, 3, 31)) == ()


def test_place_from_datatourisme_reads_spec_without_days_as_every_day() -> None:
    hours = place_from_datatourisme(
        _with_specs(_spec("2024-05-01", "2024-05-31", "", "10:00", "12:00"))
    ).opening_hours

    assert {hours.intervals_on(dt.date(2024, 5, d)) for d in range(1, 32)} == {_iv("10:00-12:00")}
    assert hours.intervals_on(dt.date(2024, 6, 1)) == ()


def test_place_from_datatourisme_reads_spec_without_times_as_all_day_estimated() -> None:
    place = place_from_datatourisme(
        _with_specs(_spec("2024-05-01", "2024-05-31", "Mo", None, None))
    )

    assert place.opening_hours.intervals_on(dt.date(2024, 5, 6)) == _iv("00:00-24:00")
    assert place.opening_hours.intervals_on(dt.date(2024, 5, 7)) == ()
    assert "opening_hours" in place.estimated


def test_place_from_datatourisme_rounds_seconds_inwards_and_2359_to_midnight() -> None:
    hours = place_from_datatourisme(
        _with_specs(_spec("2024-05-01", "2024-05-31", "", "09:00:30", "23:59:59"))
    ).opening_hours

    assert hours.intervals_on(dt.date(2024, 5, 6)) == _iv("09:01-24:00")


def test_place_from_datatourisme_keeps_sub_minute_spec_from_wrapping_midnight() -> None:
    hours = place_from_datatourisme(
        _with_specs(
            _spec("2024-05-01", "2024-05-31", "Mo", "10:00:30", "10:00:45"),
            _spec("2024-05-01", "2024-05-31", "Tu", "09:00", "10:00"),
        )
    ).opening_hours

    assert hours.intervals_on(dt.date(2024, 5, 6)) == ()
    assert hours.intervals_on(dt.date(2024, 5, 7)) == _iv("09:00-10:00")


def test_place_from_datatourisme_applies_undated_specs_on_every_date() -> None:
    hours = place_from_datatourisme(
        _with_specs(
            _spec(None, None, "Mo", "09:00", "10:00"),
            _spec("2024-05-01", "2024-05-31", "Mo", "14:00", "15:00"),
        )
    ).opening_hours

    assert hours.intervals_on(dt.date(2024, 5, 6)) == _iv("09:00-10:00", "14:00-15:00")
    assert hours.intervals_on(dt.date(2024, 6, 3)) == _iv("09:00-10:00")
    assert hours.intervals_on(dt.date(2024, 6, 4)) == ()


def test_place_from_datatourisme_unknown_hours_are_not_open_24_7() -> None:
    place = place_from_datatourisme(_with_specs())

    assert not isinstance(place.opening_hours, AlwaysOpen)
    assert place.opening_hours.expression == UNKNOWN_OPENING_HOURS
    assert place.opening_hours.intervals_on(dt.date(2024, 5, 5)) == ()  # a Sunday
    assert "opening_hours" in place.estimated


def test_cucugnan_hours_are_not_estimated() -> None:
    assert "opening_hours" not in place_from_datatourisme(_record(CUCUGNAN)).estimated


# --- prices, accessibility, defaults, provenance ---------------------------------------------


def test_cucugnan_prices_take_the_upper_bound_of_each_rate() -> None:
    # Both the full rate and the child rate are given as 4-5 EUR per person.
    place = place_from_datatourisme(_record(CUCUGNAN))

    assert place.prices.adult_cents == 500
    assert place.prices.child_cents == 500
    assert place.prices.reduced_cents == 500
    assert (place.prices.child_min_age, place.prices.child_max_age) == (0, CHILD_MAX_AGE)
    assert "prices" not in place.estimated


def test_lucerne_prices_read_adult_child_and_reduced_rates_and_ignore_groups() -> None:
    prices = place_from_datatourisme(_record(LUCERNE)).prices

    assert (prices.adult_cents, prices.child_cents, prices.reduced_cents) == (800, 500, 650)


def test_montady_unlabelled_prices_are_an_estimate() -> None:
    place = place_from_datatourisme(_record(MONTADY))

    assert place.prices.adult_cents == 1500  # specs 0-7 EUR and 8-15 EUR, no policy given
    assert "prices" in place.estimated


def test_place_from_datatourisme_reads_inverted_range_by_its_upper_bound() -> None:
    record = _record(CUCUGNAN)
    record["offers"][0]["schema:priceSpecification"] = [
        {
            "schema:minPrice": ["9.5"],
            "schema:maxPrice": ["7"],
            "hasEligiblePolicy": ["kb:BaseRateFullRate"],
        }
    ]

    assert place_from_datatourisme(record).prices.adult_cents == 950


def test_place_from_datatourisme_without_offers_is_free() -> None:
    record = _record(CUCUGNAN)
    del record["offers"]
    place = place_from_datatourisme(record)

    assert place.prices == FREE
    assert "prices" not in place.estimated


def test_place_from_datatourisme_with_unpriced_offers_is_free_but_estimated() -> None:
    record = _record(CUCUGNAN)
    record["offers"][0]["schema:priceSpecification"] = [
        {"schema:priceCurrency": "EUR", "hasEligiblePolicy": [{"@id": "kb:BaseRateFullRate"}]}
    ]
    place = place_from_datatourisme(record)

    assert place.prices == FREE
    assert "prices" in place.estimated


def test_accommodation_lodging_rates_are_not_entry_prices() -> None:
    place = place_from_datatourisme(_record(MAZETTE))  # 205-509 EUR per week or weekend

    assert place.prices == FREE
    assert "prices" in place.estimated


@pytest.mark.parametrize(
    ("name", "wheelchair", "is_estimated"),
    [
        (MONTADY, Wheelchair.YES, False),  # reducedMobilityAccess: true
        (MAZETTE, Wheelchair.NO, False),  # reducedMobilityAccess: false
        (CUCUGNAN, Wheelchair.LIMITED, True),  # absent
    ],
)
def test_place_from_datatourisme_reads_reduced_mobility_access(
    name: str, wheelchair: Wheelchair, *, is_estimated: bool
) -> None:
    place = place_from_datatourisme(_record(name))

    assert place.wheelchair is wheelchair
    assert ("wheelchair" in place.estimated) is is_estimated


def test_place_from_datatourisme_flags_default_visit_and_score() -> None:
    place = place_from_datatourisme(_record(CUCUGNAN))

    assert place.visit_s == VISIT_MIN_BY_KIND[PlaceKind.MUSEUM] * 60
    assert place.score == DEFAULT_SCORE
    assert {"visit_min", "score"} <= place.estimated


def test_place_from_datatourisme_cites_record_licence_and_last_update() -> None:
    place = place_from_datatourisme(_record(CUCUGNAN), source="DATAtourisme Aude")

    expected = (
        f"DATAtourisme Aude {CUCUGNAN_ID} (Licence Ouverte / Etalab 2.0), lastUpdate 2023-01-06"
    )
    assert place.source["coordinates"] == expected
    assert place.source["opening_hours"] == expected
    assert place.source["wheelchair"] == f"{expected}; estimated"  # no reducedMobilityAccess
    assert "default" in place.source["visit_min"]


# --- batches ---------------------------------------------------------------------------------


def test_load_datatourisme_loads_samples_and_reports_skips(
    caplog: pytest.LogCaptureFixture,
) -> None:
    paths = sorted(SAMPLES.glob("*.json"))
    assert len(paths) == 10

    with caplog.at_level(logging.WARNING, logger="itinera.loaders.datatourisme"):
        places = load_datatourisme(paths)

    ids = {f"https://data.datatourisme.fr/{n[:2]}/{n[3:-5]}" for n in LOADED}
    assert set(places) == ids
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == len(SKIPPED)
    for name, type_name in SKIPPED.items():
        assert any(name in w and type_name in w and "not a place" in w for w in warnings), name


def test_load_datatourisme_reads_lists_and_graphs(tmp_path: Path) -> None:
    listed, graphed = tmp_path / "list.json", tmp_path / "graph.json"
    listed.write_text(json.dumps([_record(CUCUGNAN), _record(RESTAURANT)]), encoding="utf-8")
    auxiliary = {"@id": "https://data.datatourisme.fr/x", "@type": ["schema:PostalAddress"]}
    graphed.write_text(json.dumps({"@graph": [auxiliary, _record(MONTADY)]}), encoding="utf-8")

    places = load_datatourisme([listed, graphed])

    assert [p.kind for p in places.values()] == [PlaceKind.MUSEUM, PlaceKind.WINE]


def test_load_datatourisme_raises_when_id_repeats(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text(json.dumps([_record(CUCUGNAN), _record(CUCUGNAN)]), encoding="utf-8")

    with pytest.raises(DataSourceError, match="duplicate id") as info:
        load_datatourisme([path])

    assert info.value.location == f"[1] {CUCUGNAN_ID}"


def test_load_datatourisme_raises_when_file_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"@id": ', encoding="utf-8")

    with pytest.raises(DataSourceError, match="cannot read JSON-LD") as info:
        load_datatourisme([path])

    assert info.value.path == str(path)


# --- malformed input -------------------------------------------------------------------------


def test_place_from_datatourisme_raises_when_coordinates_are_missing() -> None:
    record = _record(CUCUGNAN)
    del record["isLocatedAt"][0]["schema:geo"]

    with pytest.raises(DataSourceError) as info:
        place_from_datatourisme(record)

    assert info.value.location == CUCUGNAN_ID
    assert info.value.reason == "isLocatedAt[].schema:geo: no coordinates in any location"


def test_place_from_datatourisme_raises_when_latitude_is_not_a_number() -> None:
    record = _record(CUCUGNAN)
    record["isLocatedAt"][0]["schema:geo"]["schema:latitude"] = "42,85"

    with pytest.raises(DataSourceError) as info:
        place_from_datatourisme(record)

    assert info.value.reason == (
        "isLocatedAt[0].schema:geo.schema:latitude: not a number within +-90 (got '42,85')"
    )


def test_place_from_datatourisme_raises_when_time_is_malformed() -> None:
    record = _record(CUCUGNAN)
    _specs(record)[5]["schema:opens"] = "25:00:00"

    with pytest.raises(DataSourceError) as info:
        place_from_datatourisme(record)

    assert info.value.reason == (
        "isLocatedAt[0].schema:openingHoursSpecification[5].schema:opens: "
        "not a time HH:MM[:SS] (got '25:00:00')"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            _spec("2024-05-31", "2024-05-01", "Mo", "10:00", "12:00"),
            r"validThrough: 2024-05-01 is before",
        ),
        (_spec("2024-05-01", "2024-05-31", "Mo", "10:00", None), r"schema:closes: missing"),
        (
            _spec("2024-05-01", None, "Mo", "10:00", "12:00"),
            r"validFrom and schema:validThrough go",
        ),
        ({"schema:dayOfWeek": [{"@id": "schema:Funday"}]}, r"dayOfWeek: not a schema.org day"),
        (
            {"schema:validFrom": "01/05/2024", "schema:validThrough": "2024-05-31"},
            r"not an ISO date",
        ),
        ({"schema:validFrom": 20240501, "schema:validThrough": "2024-05-31"}, r"got 20240501"),
    ],
)
def test_place_from_datatourisme_raises_when_spec_is_malformed(
    spec: dict[str, Any], message: str
) -> None:
    with pytest.raises(DataSourceError, match=r"openingHoursSpecification\[0\]\.?.*" + message):
        place_from_datatourisme(_with_specs(spec))


def test_place_from_datatourisme_raises_when_price_is_malformed() -> None:
    record = _record(CUCUGNAN)
    record["offers"][0]["schema:priceSpecification"][1]["schema:minPrice"] = ["cinq"]

    with pytest.raises(DataSourceError) as info:
        place_from_datatourisme(record)

    assert info.value.reason == (
        "offers[0].schema:priceSpecification[1].schema:minPrice: not a price >= 0 (got 'cinq')"
    )


def test_place_from_datatourisme_raises_when_wheelchair_flag_is_not_boolean() -> None:
    record = _record(CUCUGNAN)
    record["reducedMobilityAccess"] = "oui"

    with pytest.raises(DataSourceError, match=r"reducedMobilityAccess: expected true or false"):
        place_from_datatourisme(record)


def test_place_from_datatourisme_raises_when_id_is_missing() -> None:
    record = _record(CUCUGNAN)
    del record["@id"]

    with pytest.raises(DataSourceError, match=r"@id: must be a non-empty IRI \(got None\)"):
        place_from_datatourisme(record)
