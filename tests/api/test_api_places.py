from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itinera.model.place import Theme

if TYPE_CHECKING:
    import httpx

    from itinera.model.destination import Destination


def _assert_feature_collection(document: dict[str, Any]) -> None:
    assert document["type"] == "FeatureCollection"
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)


def test_list_places_answers_every_place_as_geojson(
    client: httpx.Client, default_destination: Destination
) -> None:
    response = client.get("/v1/places")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    document = response.json()
    _assert_feature_collection(document)
    ids = [f["id"] for f in document["features"]]
    assert ids == sorted(default_destination.places)


def test_list_places_filters_by_theme_kind_and_wheelchair(
    client: httpx.Client, default_destination: Destination
) -> None:
    params = {"theme": "cathar", "kind": "castle", "wheelchair": "no"}
    features = client.get("/v1/places", params=params).json()["features"]
    expected = {
        p.id
        for p in default_destination.places.values()
        if Theme.CATHAR in p.themes and p.kind == "castle" and p.wheelchair == "no"
    }
    assert expected
    assert {f["id"] for f in features} == expected
    for feature in features:
        assert "cathar" in feature["properties"]["themes"]
        assert feature["properties"]["kind"] == "castle"


def test_list_places_filters_by_bbox(client: httpx.Client) -> None:
    bbox = (2.30, 43.18, 2.40, 43.25)  # around Carcassonne
    document = client.get("/v1/places", params={"bbox": ",".join(map(str, bbox))}).json()
    _assert_feature_collection(document)
    assert document["features"]
    assert "carcassonne-gare" in {f["id"] for f in document["features"]}
    for feature in document["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert bbox[0] <= lon <= bbox[2]
        assert bbox[1] <= lat <= bbox[3]


def test_list_places_refuses_malformed_bbox(client: httpx.Client) -> None:
    for bbox in ("1,2,3", "a,b,c,d", "3,43,2,44"):
        response = client.get("/v1/places", params={"bbox": bbox})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "query.bbox"


def test_list_themes_and_gateways(client: httpx.Client, default_destination: Destination) -> None:
    themes = client.get("/v1/themes").json()
    assert [t["id"] for t in themes] == sorted(default_destination.themes)
    assert all(t["places"] > 0 for t in themes)
    gateways = client.get("/v1/gateways").json()
    assert [g["id"] for g in gateways] == [g.id for g in default_destination.gateways]
    assert "toulouse-matabiau" in {g["id"] for g in gateways}
