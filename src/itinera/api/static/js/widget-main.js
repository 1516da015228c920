/* itinera route widget: turns its own <script> tag into a compact form, a map and a
 * day-by-day list, inside a shadow root inserted right after the tag.
 *   <script src="http://HOST/widget.js" data-key="pk_..." data-themes="cathar,unesco"
 *           data-lang="fr" data-from="toulouse-matabiau" data-to="carcassonne-gare"
 *           data-days="2" data-tiles="https://tiles.example/{z}/{x}/{y}.png"></script>
 * Optional: data-start (YYYY-MM-DD), data-time-limit (solver seconds, default 3),
 * data-tiles-attribution. An empty data-tiles shows no background map.
 * The API base URL is the script's own URL without "/widget.js". */
(function (root) {
  "use strict";
  var Itinera = root.Itinera;
  var h = Itinera.h;
  var script = document.currentScript;
  if (!script || !script.src) return;

  var base = script.src.replace(/\/widget\.js(?:[?#].*)?$/, "");
  var defaults = Itinera.widgetDefaults;
  var data = script.dataset;
  var browserLang = (root.navigator && root.navigator.language || "en").slice(0, 2).toLowerCase();
  var lang = data.lang === "fr" || data.lang === "en" ? data.lang : (browserLang === "fr" ? "fr" : "en");
  var t = Itinera.translator(defaults.i18n, lang);
  var api = Itinera.client(base, data.key || "");
  var themes = (data.themes || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  var tiles = data.tiles !== undefined
    ? { url: data.tiles, attribution: data.tilesAttribution || "" }
    : defaults.tiles;
  var assets = base + defaults.static;

  /* Leaflet once per page, without taking window.L from a page that has its own. */
  function loadLeaflet() {
    if (Itinera.leafletPromise) return Itinera.leafletPromise;
    Itinera.leafletPromise = new Promise(function (resolve, reject) {
      var previous = root.L;
      var tag = document.createElement("script");
      tag.src = assets + "/vendor/leaflet/leaflet.js";
      tag.onload = function () {
        var ours = root.L;
        if (previous && ours !== previous) ours.noConflict();
        resolve(ours);
      };
      tag.onerror = function () { reject(new Error("cannot load " + tag.src)); };
      document.head.appendChild(tag);
    });
    return Itinera.leafletPromise;
  }

  function stylesheet(shadow, href) {
    return new Promise(function (resolve) {
      var link = h("link", { rel: "stylesheet", href: href });
      link.onload = resolve;
      link.onerror = resolve; /* unstyled beats nothing */
      shadow.appendChild(link);
    });
  }

  function field(labelKey, control) {
    return h("label", { className: "w-field" }, [h("span", { text: t(labelKey) }), control]);
  }

  var host = h("div", { className: "itinera-widget-host", "data-itinera-widget": "" });
  script.parentNode.insertBefore(host, script.nextSibling);
  var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var styles = Promise.all([
    stylesheet(shadow, assets + "/vendor/leaflet/leaflet.css"),
    stylesheet(shadow, assets + "/css/itinera.css"),
    stylesheet(shadow, assets + "/css/widget.css")
  ]);

  var from = h("select", { name: "from" });
  var to = h("select", { name: "to" });
  var startDate = h("input", { type: "date", name: "start",
    value: data.start || new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10) });
  var days = h("input", { type: "number", name: "days", min: 1, max: 14, value: data.days || 2 });
  var adults = h("input", { type: "number", name: "adults", min: 1, max: 9, value: 2 });
  var submit = h("button", { type: "submit", className: "w-submit", text: t("widget.submit"), disabled: true });
  var form = h("form", { className: "w-form" }, [
    field("form.from", from), field("form.to", to), field("form.start", startDate),
    field("form.days", days), field("form.adults", adults), submit
  ]);
  var problem = h("section", { className: "itinera-problem", role: "alert", hidden: true });
  var mapEl = h("div", { className: "itinera-map w-map", style: "height: 320px" });
  var plan = h("div", { className: "itinera-plan w-plan" });
  var box = h("div", { className: "itinera-widget", lang: lang }, [
    h("h2", { className: "w-title", text: t("widget.title") }), form, problem, mapEl, plan,
    h("p", { className: "w-credit", text: t("widget.attribution") })
  ]);
  shadow.appendChild(box);

  var state = { places: {}, map: null };

  function fillGateways(gateways) {
    [[from, data.from], [to, data.to || data.from]].forEach(function (pair) {
      gateways.forEach(function (g) { pair[0].appendChild(h("option", { value: g.id, text: g.name })); });
      if (pair[1] && gateways.some(function (g) { return g.id === pair[1]; })) pair[0].value = pair[1];
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit.disabled = true;
    box.setAttribute("aria-busy", "true");
    api.plan({
      from: from.value, to: to.value, start: startDate.value,
      days: days.value === "" ? null : Number(days.value),
      themes: themes, party: { adults: adults.value === "" ? null : Number(adults.value) },
      time_limit_s: Number(data.timeLimit || 3)
    }).then(function (response) {
      problem.hidden = true;
      Itinera.renderPlan(plan, response, state.places, t, { compact: true, base: base });
      if (state.map) state.map.showPlan(response, state.places);
      box.setAttribute("data-planned", "true");
    }, function (error) {
      Itinera.clear(plan);
      Itinera.renderProblem(problem, error, t);
    }).then(function () {
      submit.disabled = false;
      box.removeAttribute("aria-busy");
    });
  });

  Promise.all([api.gateways(), api.places()]).then(function (answers) {
    fillGateways(answers[0]);
    state.places = Itinera.placeIndex(answers[1]);
    submit.disabled = false;
    return Promise.all([loadLeaflet(), styles]).then(function (loaded) {
      state.map = Itinera.routeMap(loaded[0], mapEl, tiles);
      state.map.showPlaces(answers[1].features);
      box.setAttribute("data-ready", "true");
    });
  }).catch(function (error) {
    Itinera.renderProblem(problem, error, t);
  });
})(window);
