/* itinera front end: the HTTP client of the /v1 API. */
(function (root) {
  "use strict";
  var Itinera = root.Itinera = root.Itinera || {};

  /* An API answer that is not a success: `problem` is the problem+json body (RFC 9457),
   * or a stand-in built from the status when the body is not JSON. */
  function ApiError(status, problem) {
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.message = problem.detail || problem.title || ("HTTP " + status);
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  function client(base, key) {
    base = (base || "").replace(/\/+$/, "");

    function request(method, path, body) {
      var headers = { "Accept": "application/json, application/problem+json" };
      if (key) headers["X-API-Key"] = key;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return fetch(base + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors"
      }).then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (ignored) { data = null; }
          if (response.ok) return data;
          var problem = data && typeof data === "object" ? data
            : { title: response.statusText, status: response.status, detail: text.slice(0, 300) };
          throw new ApiError(response.status, problem);
        });
      });
    }

    return {
      base: base,
      gateways: function () { return request("GET", "/v1/gateways"); },
      themes: function () { return request("GET", "/v1/themes"); },
      places: function () { return request("GET", "/v1/places"); },
      plan: function (body) { return request("POST", "/v1/itineraries", body); },
      itinerary: function (id) {
        return request("GET", "/v1/itineraries/" + encodeURIComponent(id));
      },
      /* The README's sample: the server plans it once, then redirects to the stored one. */
      sample: function () { return request("GET", "/v1/sample"); }
    };
  }

  Itinera.ApiError = ApiError;
  Itinera.client = client;
})(window);
