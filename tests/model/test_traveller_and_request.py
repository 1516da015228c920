"""Traveller profiles, prices by age and trip request validation."""

from __future__ import annotations

import datetime as dt

import pytest

from itinera.errors import InvalidInputError
from itinera.model.ids import PlaceId
from itinera.model.place import Prices
from itinera.model.traveller import ProfileKind, profile_from_spec
from itinera.model.trip_request import TripRequest

PRICES = Prices(
    adult_cents=1100, child_cents=600, child_min_age=6, child_max_age=17, reduced_cents=800
)


def test_profile_from_spec_family_has_children_and_slower_pace() -> None:
    profile = profile_from_spec("family:5,10")
    assert profile.kind is ProfileKind.FAMILY
    assert profile.children_ages == (5, 10)
    assert len(profile.party) == 4
    couple = profile_from_spec("couple")
    assert profile.max_walk_m < couple.max_walk_m
    assert profile.day_start_s >= couple.day_start_s


def test_family_pays_child_and_free_prices_by_age() -> None:
    profile = profile_from_spec("family:5,10")
    assert profile.entry_price_cents(PRICES) == 1100 + 1100 + 0 + 600


def test_reduced_mobility_profile_pays_reduced_rate_and_skips_inaccessible() -> None:
    profile = profile_from_spec("reduced-mobility")
    assert profile.needs_step_free_access
    assert profile.entry_price_cents(PRICES) == 800 + 1100


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("tourist", "profile: unknown profile 'tourist'"),
        ("family:5,x", "profile: children's ages must be integers"),
        ("family:25", "profile: children's ages must be integers from 0 to 17"),
        ("couple:3", "profile: profile 'couple' takes no arguments"),
    ],
)
def test_profile_from_spec_raises_when_spec_is_bad(spec: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        profile_from_spec(spec)


def _request(**overrides: object) -> TripRequest:
    fields: dict[str, object] = {
        "origin": PlaceId("toulouse-matabiau"),
        "destination": PlaceId("carcassonne-gare"),
        "start_date": dt.date(2027, 6, 14),
        "days": 3,
        "profile": profile_from_spec("couple"),
    }
    fields.update(overrides)
    return TripRequest(**fields)  # type: ignore[arg-type]


def test_trip_request_dates_are_consecutive() -> None:
    request = _request()
    assert request.dates == (dt.date(2027, 6, 14), dt.date(2027, 6, 15), dt.date(2027, 6, 16))


@pytest.mark.parametrize("days", [0, 15, -1])
def test_trip_request_raises_when_days_out_of_range(days: int) -> None:
    with pytest.raises(
        InvalidInputError, match=rf"^days: must be between 1 and 14 \(got {days}\)$"
    ):
        _request(days=days)


def test_trip_request_raises_when_place_is_both_must_see_and_excluded() -> None:
    both = frozenset({PlaceId("chateau-de-queribus")})
    with pytest.raises(InvalidInputError, match="chateau-de-queribus both must-see and excluded"):
        _request(must_see=both, excluded=both)


def test_trip_request_raises_when_budget_negative() -> None:
    with pytest.raises(InvalidInputError, match=r"^budget: must be >= 0"):
        _request(budget_cents=-1)
