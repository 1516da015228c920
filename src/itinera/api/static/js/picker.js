/* itinera front end: a picker of places (type a name, pick it, remove it again). */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};
  var h = Itinera.h;

  /* Turn `container` (holding an <input> and a <button>) into a picker over `features`
   * (GeoJSON place features). Returns {values(), relabel(t), input}. */
  function placePicker(container, features, t) {
    var input = container.querySelector("input");
    var button = container.querySelector("button");
    var list = container.querySelector("ul") || container.appendChild(h("ul", { className: "itinera-chips" }));
    var datalist = h("datalist", { id: input.id + "-options" });
    var byName = {};
    var chosen = [];
    features.forEach(function (feature) {
      byName[feature.properties.name.toLowerCase()] = feature;
      byName[String(feature.id).toLowerCase()] = feature;
      datalist.appendChild(h("option", { value: feature.properties.name }));
    });
    container.appendChild(datalist);
    input.setAttribute("list", datalist.id);

    function render() {
      Itinera.clear(list);
      chosen.forEach(function (feature) {
        var name = feature.properties.name;
        list.appendChild(h("li", { className: "itinera-chip", "data-id": feature.id }, [
          h("span", { text: name }),
          h("button", { type: "button", className: "itinera-chip-remove", text: "×",
                        "aria-label": t("form.picker.remove", { name: name }),
                        onclick: function () { remove(feature.id); } })
        ]));
      });
    }

    function remove(id) {
      chosen = chosen.filter(function (feature) { return feature.id !== id; });
      render();
    }

    function add() {
      var text = input.value.trim();
      if (!text) return;
      var feature = byName[text.toLowerCase()];
      if (!feature) {
        input.setCustomValidity(t("form.picker.unknown", { name: text }));
        input.reportValidity();
        return;
      }
      input.setCustomValidity("");
      if (chosen.indexOf(feature) < 0) chosen.push(feature);
      input.value = "";
      render();
    }

    button.addEventListener("click", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); add(); }
    });
    input.addEventListener("input", function () { input.setCustomValidity(""); });

    return {
      input: input,
      values: function () { return chosen.map(function (feature) { return feature.id; }); },
      relabel: function (next) { t = next; render(); }
    };
  }

  Itinera.placePicker = placePicker;
})(window);
