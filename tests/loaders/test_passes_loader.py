"""The passes loader, on the real ``passes.json`` and on broken copies."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from itinera.errors import DataSourceError
from itinera.loaders.destination import DEFAULT_GRAPH
from itinera.loaders.passes import load_passes
from itinera.model.passes import BenefitKind, ValidityKind

if TYPE_CHECKING:
    from pathlib import Path

    from itinera.model.destination import Destination

PASSES_JSON = DEFAULT_GRAPH / "passes.json"


def _real() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PASSES_JSON.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "passes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_passes_reads_the_real_file_and_every_place_exists(
    default_destination: Destination,
) -> None:
    passes = load_passes(PASSES_JSON, places=default_destination.places)
    assert {p.id for p in passes} >= {"pass-sites-pays-cathare", "pass-tourisme-toulouse-24h"}
    for product in passes:
        assert product.place_ids <= set(default_destination.places)
        assert product.source
        assert "prices" in product.estimated
    cathare = next(p for p in passes if p.id == "pass-sites-pays-cathare")
    assert cathare.is_first_full_scheme
    assert len(cathare.benefits) >= 10
    toulouse = next(p for p in passes if p.id == "pass-tourisme-toulouse-48h")
    assert toulouse.validity.kind is ValidityKind.HOURS
    assert toulouse.includes_transport


def test_load_destination_attaches_the_passes(default_destination: Destination) -> None:
    assert {p.id for p in default_destination.passes} == {p["id"] for p in _real()["passes"]}
    benefit = default_destination.passes[1].benefit_at(next(iter(default_destination.places)))
    assert benefit is None or benefit.kind in BenefitKind


def test_load_passes_returns_nothing_when_missing_ok(tmp_path: Path) -> None:
    assert load_passes(tmp_path / "passes.json", missing_ok=True) == ()
    with pytest.raises(DataSourceError, match="cannot read passes"):
        load_passes(tmp_path / "passes.json")


def test_load_passes_raises_naming_pass_and_field(tmp_path: Path) -> None:
    data = _real()
    data["passes"][1]["validity"]["kind"] = "weeks"
    with pytest.raises(DataSourceError) as info:
        load_passes(_write(tmp_path, data))
    assert info.value.location == "passes[1] (pass-tourisme-toulouse-24h)"
    assert info.value.reason.startswith("validity.kind:")


def test_load_passes_raises_when_a_place_is_unknown(tmp_path: Path) -> None:
    data = _real()
    data["passes"][0]["benefits"][0]["place"] = "chateau-imaginaire"
    with pytest.raises(DataSourceError, match="unknown place 'chateau-imaginaire'") as info:
        load_passes(_write(tmp_path, data), places={"chateau-de-queribus"})
    assert info.value.location == "passes[0] (pass-sites-pays-cathare)"


def test_load_passes_raises_when_model_invariant_fails(tmp_path: Path) -> None:
    data = _real()
    data["passes"][0]["benefits"].append({"place": "musee-des-augustins", "kind": "free"})
    with pytest.raises(DataSourceError, match="cannot be mixed"):
        load_passes(_write(tmp_path, data))


def test_load_passes_raises_on_duplicate_ids(tmp_path: Path) -> None:
    data = _real()
    data["passes"].append(data["passes"][0])
    with pytest.raises(DataSourceError, match="duplicate id"):
        load_passes(_write(tmp_path, data))
