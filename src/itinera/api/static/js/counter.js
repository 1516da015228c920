/* itinera front end: the counter page (/counter). Reads its settings from the JSON in
 * #itinera-config: {lang, key, api, tiles: {url, attribution}, i18n: {en: {...}, fr: {...}}}. */
(function (root) {
  "use strict";
  var Itinera = root.Itinera;
  var h = Itinera.h;
  var config = JSON.parse(document.getElementById("itinera-config").textContent);
  var t = Itinera.translator(config.i18n, config.lang);
  var api = Itinera.client(config.api || "", config.key);
  var $ = function (id) { return document.getElementById(id); };
  var state = { places: {}, features: [], themes: [], response: null, error: null, pickers: {} };
  var routeMap = null;

  /* Where each request field is edited, to mark it when the API rejects it. */
  var CONTROLS = {
    from: "from", to: "to", start: "start", days: "days", end: "days", themes: "themes",
    party: "adults", adults: "adults", children_ages: "children", reduced_mobility: "reduced",
    budget_eur: "budget", must_see: "must-see-input", exclude: "exclude-input",
    time_limit_s: "time-limit"
  };

  function translatePage() {
    document.documentElement.lang = t.lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (node) {
      node.textContent = t(node.getAttribute("data-i18n"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-placeholder]"), function (node) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-aria]"), function (node) {
      node.setAttribute("aria-label", t(node.getAttribute("data-i18n-aria")));
    });
    Array.prototype.forEach.call(document.querySelectorAll(".lang-switch button"), function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === t.lang));
    });
    renderThemes();
    Object.keys(state.pickers).forEach(function (k) { state.pickers[k].relabel(t); });
    if (state.response) showPlan(state.response);
    if (state.error) showProblem(state.error);
  }

  function setLanguage(lang) {
    t = Itinera.translator(config.i18n, lang);
    var url = new URL(window.location.href);
    url.searchParams.set("lang", lang);
    window.history.replaceState(null, "", url.toString());
    translatePage();
  }

  function renderThemes() {
    var box = $("themes");
    var checked = {};
    Array.prototype.forEach.call(box.querySelectorAll("input:checked"), function (i) { checked[i.value] = true; });
    Array.prototype.forEach.call(box.querySelectorAll("label"), function (l) { box.removeChild(l); });
    state.themes.forEach(function (theme) {
      var name = t.has("theme." + theme.id) ? t("theme." + theme.id) : theme.id;
      box.appendChild(h("label", { className: "itinera-theme" }, [
        h("input", { type: "checkbox", name: "themes", value: theme.id, checked: !!checked[theme.id] }),
        " " + name + " (" + theme.places + ")"
      ]));
    });
  }

  function fillGateways(gateways) {
    ["from", "to"].forEach(function (id, i) {
      var select = $(id);
      Itinera.clear(select);
      gateways.forEach(function (g) { select.appendChild(h("option", { value: g.id, text: g.name })); });
      var preferred = i === 0 ? "toulouse-matabiau" : "carcassonne-gare";
      if (gateways.some(function (g) { return g.id === preferred; })) select.value = preferred;
    });
  }

  function defaultStart() {
    var date = new Date(Date.now() + 14 * 86400000);
    return date.toISOString().slice(0, 10);
  }

  function childrenAges() {
    var text = $("children").value.trim();
    if (!text) return [];
    var parts = text.split(/[,;\s]+/).filter(Boolean);
    var ages = parts.map(function (p) { return /^\d{1,2}$/.test(p) ? Number(p) : NaN; });
    if (ages.some(function (a) { return isNaN(a) || a > 17; })) {
      var problem = { title: t("errors.title"), errors: [
        { field: "body.party.children_ages", reason: t("errors.children", { value: text }) }] };
      throw new Itinera.ApiError(0, problem);
    }
    return ages;
  }

  function numberOrNull(id) {
    var text = $(id).value.trim();
    return text === "" ? null : Number(text);
  }

  function requestBody() {
    var body = {
      from: $("from").value,
      to: $("to").value,
      start: $("start").value,
      days: numberOrNull("days"),
      themes: Array.prototype.map.call(document.querySelectorAll("#themes input:checked"),
                                       function (i) { return i.value; }),
      party: { adults: numberOrNull("adults"), children_ages: childrenAges(),
               reduced_mobility: $("reduced").checked },
      must_see: state.pickers.must_see.values(),
      exclude: state.pickers.exclude.values(),
      time_limit_s: numberOrNull("time-limit")
    };
    var budget = numberOrNull("budget");
    if (budget !== null) body.budget_eur = budget;
    return body;
  }

  function clearMarks() {
    Array.prototype.forEach.call(document.querySelectorAll("[aria-invalid]"), function (n) {
      n.removeAttribute("aria-invalid");
    });
  }

  function showProblem(error) {
    clearMarks();
    Itinera.renderProblem($("problem"), error, t).forEach(function (field) {
      var control = CONTROLS[field] && $(CONTROLS[field]);
      if (control) control.setAttribute("aria-invalid", "true");
    });
  }

  function showPlan(response) {
    Itinera.renderPlan($("plan"), response, state.places, t, { base: api.base });
    if (routeMap) routeMap.showPlan(response, state.places);
    $("print").disabled = false;
  }

  function submit(event) {
    event.preventDefault();
    var body;
    try {
      body = requestBody();
    } catch (error) {
      state.error = error;
      showProblem(error);
      return;
    }
    var button = $("submit");
    button.disabled = true;
    $("status").textContent = t("form.planning", { seconds: body.time_limit_s || 5 });
    document.body.setAttribute("aria-busy", "true");
    api.plan(body).then(function (response) {
      state.response = response;
      state.error = null;
      clearMarks();
      $("problem").hidden = true;
      showPlan(response);
    }, function (error) {
      state.error = error;
      showProblem(error);
    }).then(function () {
      button.disabled = false;
      $("status").textContent = "";
      document.body.removeAttribute("aria-busy");
    });
  }

  /* `?sample` shows the README's sample trip, `?itinerary=ID` a stored itinerary: a link can
   * open the counter on a plan already made. */
  function showLinkedPlan() {
    var query = new URLSearchParams(root.location.search);
    var id = query.get("itinerary");
    var wanted = query.has("sample") ? api.sample() : id ? api.itinerary(id) : null;
    if (!wanted) return;
    $("status").textContent = t("form.loading");
    wanted.then(function (response) {
      state.response = response;
      showPlan(response);
    }, function (error) {
      state.error = error;
      showProblem(error);
    }).then(function () { $("status").textContent = ""; });
  }

  function start() {
    $("start").value = defaultStart();
    if (root.L) routeMap = Itinera.routeMap(root.L, $("map"), config.tiles);
    Array.prototype.forEach.call(document.querySelectorAll(".lang-switch button"), function (b) {
      b.addEventListener("click", function () { setLanguage(b.getAttribute("data-lang")); });
    });
    $("print").addEventListener("click", function () { window.print(); });
    /* Leaflet measures its box on screen: give it the printed size before fitting the route. */
    window.addEventListener("beforeprint", function () {
      document.body.classList.add("printing");
      if (routeMap) routeMap.fit();
    });
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("printing");
      if (routeMap) routeMap.fit();
    });
    $("trip-form").addEventListener("submit", submit);
    translatePage();
    Promise.all([api.gateways(), api.themes(), api.places()]).then(function (answers) {
      fillGateways(answers[0]);
      state.themes = answers[1];
      state.features = answers[2].features.slice().sort(function (a, b) {
        return a.properties.name.localeCompare(b.properties.name);
      });
      state.places = Itinera.placeIndex(answers[2]);
      var sites = state.features.filter(function (f) { return !f.properties.is_gateway; });
      state.pickers.must_see = Itinera.placePicker($("must-see"), sites, t);
      state.pickers.exclude = Itinera.placePicker($("exclude"), sites, t);
      if (routeMap) routeMap.showPlaces(state.features);
      renderThemes();
      $("submit").disabled = false;
      document.body.setAttribute("data-ready", "true");
      showLinkedPlan();
    }, function (error) {
      state.error = error;
      showProblem(error);
    });
  }

  start();
})(window);
