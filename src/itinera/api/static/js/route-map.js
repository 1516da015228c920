/* itinera front end: the route on a Leaflet map.
 * Places are circle markers and legs are polylines (vector layers), so the route shows even
 * when no map tile loads; failed tiles become a blank image, never a broken-image icon. */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};

  var DAY_COLOURS = ["#c0392b", "#2e86c1", "#27ae60", "#8e44ad", "#d68910", "#16a085", "#6e2c00"];
  var FRANCE_SOUTH = [[42.6, 1.2], [44.1, 3.2]];

  function dayColour(index) {
    return DAY_COLOURS[index % DAY_COLOURS.length];
  }

  function tooltip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  /* A map in `element`; `tiles` is {url, attribution} (url "" shows no tile layer). */
  function routeMap(L, element, tiles) {
    var map = L.map(element, { scrollWheelZoom: false, preferCanvas: false });
    if (tiles && tiles.url) {
      L.tileLayer(tiles.url, {
        attribution: tiles.attribution || "",
        maxZoom: 18,
        errorTileUrl: Itinera.BLANK_TILE,
        crossOrigin: false
      }).addTo(map);
    }
    map.fitBounds(FRANCE_SOUTH);
    var background = L.layerGroup().addTo(map);
    var route = L.featureGroup().addTo(map);

    function showPlaces(features) {
      background.clearLayers();
      features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        L.circleMarker([c[1], c[0]], {
          radius: 3, color: "#7f8c8d", weight: 1, fillOpacity: 0.5, className: "itinera-place"
        }).bindTooltip(tooltip(feature.properties.name)).addTo(background);
      });
      if (features.length && !route.getLayers().length) {
        map.fitBounds(L.featureGroup(background.getLayers()).getBounds(), { padding: [10, 10] });
      }
    }

    function point(places, id) {
      var place = places[id];
      return place ? [place.lat, place.lon] : null;
    }

    function marker(latlng, colour, name, className, radius) {
      return L.circleMarker(latlng, {
        radius: radius, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 0.95,
        className: className
      }).bindTooltip(tooltip(name));
    }

    /* Draw the itinerary of `response`; `places` maps id -> {name, lon, lat}. */
    function showPlan(response, places) {
      route.clearLayers();
      var days = response.itinerary.days;
      days.forEach(function (day, d) {
        var colour = dayColour(d);
        day.steps.forEach(function (step) {
          if (step.kind !== "leg") return;
          var a = point(places, step.from);
          var b = point(places, step.to);
          if (!a || !b) return;
          L.polyline([a, b], {
            color: colour, weight: 4, opacity: 0.85,
            dashArray: step.mode === "walk" || step.mode === "bike" ? "6 6" : null,
            className: "itinera-leg itinera-leg-" + step.mode
          }).addTo(route);
        });
        day.steps.forEach(function (step) {
          if (step.kind !== "visit") return;
          var at = point(places, step.place_id);
          if (at) marker(at, colour, step.name || Itinera.placeName(places, step.place_id),
                         "itinera-visit-marker", 7).addTo(route);
        });
        if (day.overnight) {
          var night = point(places, day.overnight);
          if (night) marker(night, "#1c2833", Itinera.placeName(places, day.overnight),
                            "itinera-night-marker", 5).addTo(route);
        }
      });
      [response.itinerary.request.from, response.itinerary.request.to].forEach(function (id) {
        var at = point(places, id);
        if (at) marker(at, "#000000", Itinera.placeName(places, id), "itinera-gateway-marker", 6)
          .addTo(route);
      });
      fit();
    }

    function fit() {
      map.invalidateSize();
      if (route.getLayers().length) map.fitBounds(route.getBounds(), { padding: [20, 20] });
    }

    return { map: map, showPlaces: showPlaces, showPlan: showPlan, fit: fit };
  }

  /* id -> {name, lon, lat} from a GeoJSON FeatureCollection of places. */
  function placeIndex(collection) {
    var index = {};
    (collection.features || []).forEach(function (feature) {
      index[feature.id] = {
        name: feature.properties.name,
        lon: feature.geometry.coordinates[0],
        lat: feature.geometry.coordinates[1]
      };
    });
    return index;
  }

  Itinera.routeMap = routeMap;
  Itinera.placeIndex = placeIndex;
  Itinera.dayColour = dayColour;
})(window);
