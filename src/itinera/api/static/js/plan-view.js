/* itinera front end: an itinerary, day by day, as DOM (no map). */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};
  var h = Itinera.h;

  function placeName(places, id) {
    var place = places[id];
    return place ? place.name : id;
  }

  /* Visits, legs and the lunch break of one day, in time order. */
  function dayEntries(day) {
    var entries = day.steps.slice();
    if (day.lunch) {
      entries.push({ kind: "lunch", place_id: day.lunch.place_id, start: day.lunch.start,
                     end: day.lunch.end });
    }
    return entries
      .map(function (entry, index) { return { entry: entry, index: index }; })
      .sort(function (a, b) {
        var byTime = Date.parse(a.entry.start || a.entry.depart) -
                     Date.parse(b.entry.start || b.entry.depart);
        return byTime || a.index - b.index;
      })
      .map(function (item) { return item.entry; });
  }

  function times(start, end) {
    return h("span", { className: "itinera-time", text: Itinera.clock(start) + "–" + Itinera.clock(end) });
  }

  function entryItem(entry, places, t) {
    if (entry.kind === "visit") {
      return h("li", { className: "itinera-step itinera-visit", "data-kind": "visit",
                       "data-place": entry.place_id }, [
        times(entry.start, entry.end), " ",
        h("span", { className: "itinera-label", text: t("plan.visit") }), " ",
        h("strong", { text: entry.name || placeName(places, entry.place_id) })
      ]);
    }
    if (entry.kind === "lunch") {
      return h("li", { className: "itinera-step itinera-lunch", "data-kind": "lunch" }, [
        times(entry.start, entry.end), " ",
        h("span", { text: t("plan.lunch", { place: placeName(places, entry.place_id) }) })
      ]);
    }
    var mode = t.has("mode." + entry.mode) ? t("mode." + entry.mode) : entry.mode;
    var details = [t("plan.distance", { km: Itinera.km(entry.distance_m || 0, t) })];
    if (entry.estimated) details.push(t("plan.estimated"));
    return h("li", { className: "itinera-step itinera-leg itinera-mode-" + entry.mode,
                     "data-kind": "leg", "data-mode": entry.mode }, [
      times(entry.depart, entry.arrive), " ",
      h("span", { className: "itinera-mode", text: mode }),
      entry.line ? h("span", { className: "itinera-line", text: entry.line }) : null, " ",
      h("span", { text: placeName(places, entry.from) + " → " + placeName(places, entry.to) }), " ",
      h("span", { className: "itinera-muted", text: "(" + details.join(", ") + ")" })
    ]);
  }

  function dayBlock(day, n, places, t) {
    var entries = dayEntries(day);
    var list = h("ol", { className: "itinera-steps" },
      entries.map(function (entry) { return entryItem(entry, places, t); }));
    var visits = day.steps.filter(function (s) { return s.kind === "visit"; }).length;
    var night = day.overnight
      ? t("plan.overnight", { place: placeName(places, day.overnight) }) : t("plan.end");
    var colour = Itinera.dayColour ? Itinera.dayColour(n - 1) : "#888888";
    return h("section", { className: "itinera-day", "data-day": n,
                          style: "border-left-color: " + colour }, [
      h("h3", { text: t("plan.day", { n: n, date: Itinera.longDate(day.date, t) }) }),
      visits ? null : h("p", { className: "itinera-muted", text: t("plan.empty") }),
      list,
      h("p", { className: "itinera-overnight" }, [
        h("span", { text: night }),
        day.walk_m ? h("span", { className: "itinera-muted",
                                  text: " · " + t("plan.walked", { km: Itinera.km(day.walk_m, t) }) })
                   : null
      ])
    ]);
  }

  function costsBlock(doc, places, t) {
    var rows = (doc.costs || []).map(function (line) {
      var category = t.has("category." + line.category) ? t("category." + line.category) : line.category;
      return h("tr", null, [
        h("td", { text: placeName(places, line.place_id) }),
        h("td", { text: category }),
        h("td", { text: t("plan.cost.line", { count: line.count, unit: Itinera.money(line.unit_cents, t) }) }),
        h("td", { className: "itinera-num", text: Itinera.money(line.total_cents, t) })
      ]);
    });
    rows.push(h("tr", { className: "itinera-total" }, [
      h("th", { colspan: 3, text: t("plan.total") }),
      h("td", { className: "itinera-num", text: Itinera.money(doc.total_cost_cents || 0, t) })
    ]));
    return h("section", { className: "itinera-costs" }, [
      h("h3", { text: t("plan.costs") }),
      h("table", null, h("tbody", null, rows))
    ]);
  }

  /* "Total: " in English, "Total : " in French typography. */
  function colon(text, t) {
    return text + (t.lang === "fr" ? "\u00a0: " : ": ");
  }

  function cents(value, t) {
    return typeof value === "number" ? Itinera.money(value, t) : null;
  }

  /* The ticket recommendation, when the API carries one (field `tickets`). Its exact shape
   * belongs to the passes engineer: read the usual names, show what is there. */
  function ticketsBlock(tickets, t) {
    if (!tickets || typeof tickets !== "object") return null;
    var travellers = Array.isArray(tickets.travellers) ? tickets.travellers : [];
    var purchases = Array.isArray(tickets.purchases) ? tickets.purchases.slice() : [];
    travellers.forEach(function (tr) {
      var bought = Array.isArray(tr.passes) ? tr.passes : (Array.isArray(tr.purchases) ? tr.purchases : []);
      bought.forEach(function (p) {
        purchases.push(typeof p.traveller_index === "number" ? p
          : Object.assign({ traveller_index: tr.traveller_index }, p));
      });
    });
    var items = purchases.map(function (p) {
      var name = p.pass_name || p.name || p.pass_id || "";
      var who = typeof p.traveller_index === "number"
        ? " (" + t("tickets.traveller", { n: p.traveller_index + 1 }) + ")" : "";
      return h("li", { text: t("tickets.pass", { name: name, price: cents(p.price_cents, t) || "" }) + who });
    });
    var summary = [];
    [["tickets.total", tickets.total_cents], ["tickets.counter", tickets.counter_cents],
     ["tickets.saving", tickets.saving_cents]].forEach(function (pair) {
      var text = cents(pair[1], t);
      if (text) summary.push(h("li", null, [colon(t(pair[0]), t), h("strong", { text: text })]));
    });
    var note = tickets.summary || tickets.recommendation || tickets.advice;
    return h("section", { className: "itinera-tickets" }, [
      h("h3", { text: t("tickets.title") }),
      typeof note === "string" ? h("p", { text: note }) : null,
      items.length ? h("p", { text: t("tickets.passes") }) : h("p", { text: t("tickets.none") }),
      items.length ? h("ul", null, items) : null,
      summary.length ? h("ul", { className: "itinera-ticket-summary" }, summary) : null
    ]);
  }

  function exportsBlock(response, base, t) {
    var links = response.links || {};
    var anchors = [["GeoJSON", links.geojson], ["GPX", links.gpx], ["iCalendar", links.ics]]
      .filter(function (pair) { return typeof pair[1] === "string" && pair[1].charAt(0) === "/"; })
      .map(function (pair) { return h("a", { href: base + pair[1], text: pair[0] }); });
    if (!anchors.length) return null;
    var children = [colon(t("plan.exports"), t)];
    anchors.forEach(function (a, i) { if (i) children.push(" · "); children.push(a); });
    return h("p", { className: "itinera-exports" }, children);
  }

  /* Render `response` (a POST /v1/itineraries answer) into `container`. */
  function renderPlan(container, response, places, t, options) {
    options = options || {};
    var doc = response.itinerary;
    var visits = 0;
    doc.days.forEach(function (day) {
      visits += day.steps.filter(function (s) { return s.kind === "visit"; }).length;
    });
    Itinera.clear(container);
    Itinera.append(container, [
      h("h2", { text: t("plan.title") }),
      h("p", { className: "itinera-summary", text: t("plan.summary", {
        days: doc.days.length, visits: visits,
        from: placeName(places, doc.request.from), to: placeName(places, doc.request.to) }) })
    ]);
    doc.days.forEach(function (day, i) { container.appendChild(dayBlock(day, i + 1, places, t)); });
    if (!options.compact) {
      container.appendChild(costsBlock(doc, places, t));
      var tickets = ticketsBlock(response.tickets || doc.tickets, t);
      if (tickets) container.appendChild(tickets);
      var exports = exportsBlock(response, options.base || "", t);
      if (exports) container.appendChild(exports);
    }
  }

  Itinera.renderPlan = renderPlan;
  Itinera.placeName = placeName;
})(window);
