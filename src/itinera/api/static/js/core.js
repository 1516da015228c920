/* itinera front end: shared helpers (DOM builder, translation, formatting).
 * Plain ES2017, no build step. Every API string reaches the page through
 * textContent or an attribute, never through innerHTML. */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};

  /* h("li", {className: "x", "data-id": id}, ["text", childNode]) */
  function h(tag, props, children) {
    var node = document.createElement(tag);
    var key;
    props = props || {};
    for (key in props) {
      if (!Object.prototype.hasOwnProperty.call(props, key) || props[key] == null) continue;
      if (key === "className") node.className = props[key];
      else if (key === "text") node.textContent = String(props[key]);
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), props[key]);
      else if (typeof props[key] === "boolean") { if (props[key]) node.setAttribute(key, ""); }
      else node.setAttribute(key, String(props[key]));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children == null) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child == null || child === false) return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /* A translator over one language's dictionary: t("plan.day", {n: 1, date: "…"}). */
  function translator(dictionaries, lang) {
    var dict = dictionaries[lang] || dictionaries.en || {};
    var fallback = dictionaries.en || {};
    function t(key, vars) {
      var text = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : fallback[key];
      if (text == null) return key;
      return text.replace(/\{(\w+)\}/g, function (match, name) {
        return vars && vars[name] != null ? String(vars[name]) : match;
      });
    }
    t.has = function (key) { return Object.prototype.hasOwnProperty.call(dict, key); };
    t.lang = lang;
    t.locale = lang === "fr" ? "fr-FR" : "en-GB";
    return t;
  }

  /* "2027-06-14T09:30:00+02:00" -> "09:30": the local time as written by the API. */
  function clock(iso) {
    var match = /T(\d{2}:\d{2})/.exec(iso || "");
    return match ? match[1] : "";
  }

  function longDate(isoDate, t) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || "");
    if (!parts) return isoDate || "";
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3], 12));
    return date.toLocaleDateString(t.locale, {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    });
  }

  function money(cents, t) {
    return (cents / 100).toLocaleString(t.locale, { style: "currency", currency: "EUR" });
  }

  function km(metres, t) {
    return (metres / 1000).toLocaleString(t.locale, { maximumFractionDigits: 1 });
  }

  /* A transparent 1x1 GIF: failed map tiles show nothing instead of a broken image. */
  Itinera.BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

  Itinera.h = h;
  Itinera.append = append;
  Itinera.clear = clear;
  Itinera.translator = translator;
  Itinera.clock = clock;
  Itinera.longDate = longDate;
  Itinera.money = money;
  Itinera.km = km;
})(window);
