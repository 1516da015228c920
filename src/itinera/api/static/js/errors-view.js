/* itinera front end: an API problem (RFC 9457) as a readable message beside the form. */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};
  var h = Itinera.h;

  /* "body.party.children_ages.1" -> "children_ages": the request field a form control edits. */
  function fieldName(path) {
    var parts = String(path || "").split(".").filter(function (part) {
      return part && !/^\d+$/.test(part) && ["body", "query", "path", "header"].indexOf(part) < 0;
    });
    return parts.length ? parts[parts.length - 1].toLowerCase() : "";
  }

  function fieldLabel(path, t) {
    var name = fieldName(path);
    return name && t.has("field." + name) ? t("field." + name) : (path || "");
  }

  /* Show `error` (an Itinera.ApiError or any Error) in `container`; return the field names
   * it names, so that the form can mark them. */
  function renderProblem(container, error, t) {
    var problem = error && error.problem ? error.problem : null;
    var fields = [];
    Itinera.clear(container);
    container.hidden = false;
    if (!problem) {
      Itinera.append(container, [
        h("h2", { text: t("errors.title") }),
        h("p", { text: t("errors.network", { message: error && error.message ? error.message : String(error) }) })
      ]);
      return fields;
    }
    var errors = Array.isArray(problem.errors) ? problem.errors : [];
    var reasons = Array.isArray(problem.reasons) ? problem.reasons : [];
    Itinera.append(container, [
      h("h2", { text: t("errors.title") }),
      h("p", { className: "itinera-problem-title",
               text: (problem.title || "") + (problem.status ? " (" + problem.status + ")" : "") })
    ]);
    /* The detail often repeats the fields and reasons listed below; show it when it adds. */
    var detail = String(problem.detail || "");
    var covered = (errors.length || reasons.length) &&
      errors.every(function (e) { return detail.indexOf(e.reason) >= 0; }) &&
      reasons.every(function (r) { return detail.indexOf(r) >= 0; });
    if (detail && !covered) {
      container.appendChild(h("p", { className: "itinera-problem-detail", text: problem.detail }));
    }
    if (errors.length) {
      container.appendChild(h("p", { text: t("errors.fields") }));
      container.appendChild(h("ul", { className: "itinera-problem-fields" }, errors.map(function (e) {
        fields.push(fieldName(e.field));
        return h("li", { "data-field": fieldName(e.field) }, [
          h("strong", { text: fieldLabel(e.field, t) }), " — ", h("span", { text: e.reason || "" })
        ]);
      })));
    }
    if (reasons.length) {
      container.appendChild(h("p", { text: t("errors.reasons") }));
      container.appendChild(h("ul", { className: "itinera-problem-reasons" }, reasons.map(function (r) {
        return h("li", { text: r });
      })));
    }
    return fields;
  }

  Itinera.renderProblem = renderProblem;
  Itinera.fieldName = fieldName;
})(window);
