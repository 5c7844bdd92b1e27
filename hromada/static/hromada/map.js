/* Institutions map: districts and markers from the GeoJSON API; the tile layer is optional. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }

  function baseLayer(map) {
    var tiles = el.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  var colours = {
    cnap: "#b00020", kindergarten: "#e07000", school: "#0b4f8a", club: "#6a1b9a", clinic: "#1e6b34",
    hospital: "#1e6b34", library: "#5d4037", culture: "#ad1457", sport: "#00695c", utility: "#455a64"
  };

  if (el.dataset.point) {
    var p = el.dataset.point.split(",").map(Number);
    var small = L.map(el, { scrollWheelZoom: false }).setView(p, Number(el.dataset.zoom || 16));
    baseLayer(small);
    L.circleMarker(p, { radius: 9, color: "#fff", weight: 2, fillColor: "#0b4f8a", fillOpacity: 1 })
      .addTo(small).bindTooltip(el.dataset.label || "");
    return;
  }

  var centre = (el.dataset.center || "49,31").split(",").map(Number);
  var map = L.map(el, { scrollWheelZoom: false }).setView(centre, Number(el.dataset.zoom || 12));
  baseLayer(map);
  var districtLayer = L.geoJSON(null, {
    style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.06 },
    onEachFeature: function (f, layer) { layer.bindTooltip(escapeHtml(f.properties.name), { sticky: true }); }
  }).addTo(map);
  var markers = L.geoJSON(null, {
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {
        radius: 7, color: "#ffffff", weight: 2, fillOpacity: 0.95,
        fillColor: colours[f.properties.kind] || "#37474f", className: "institution-marker"
      });
    },
    onEachFeature: function (f, layer) {
      var pr = f.properties;
      layer.bindPopup("<strong>" + escapeHtml(pr.name) + "</strong><br>" + escapeHtml(pr.kind_label) + "<br>" +
        escapeHtml(pr.address) + (pr.phone ? "<br>" + escapeHtml(pr.phone) : "") +
        '<br><a href="' + encodeURI(pr.url) + '">' + escapeHtml(el.dataset.detailsLabel || "Details") + "</a>");
    }
  }).addTo(map);

  function load(url, layer, fit) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        layer.clearLayers(); layer.addData(data);
        el.dataset.loaded = String(data.features.length);
        if (fit && layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 }); }
      })
      .catch(function () { el.dataset.error = "1"; });
  }

  function refresh(query) {
    // Empty filters ("kind=") mean "any"; leave them out of the API request.
    var params = new URLSearchParams(query || "");
    var kept = new URLSearchParams({ lang: document.documentElement.lang || "uk" });
    params.forEach(function (value, key) { if (value !== "" && key !== "page") { kept.append(key, value); } });
    var q = kept.toString() ? "?" + kept.toString() : "";
    load(el.dataset.institutionsUrl + q, markers, false);
  }

  load(el.dataset.districtsUrl + "?lang=" + encodeURIComponent(document.documentElement.lang || "uk"),
    districtLayer, true).then(function () { refresh(el.dataset.query); });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var inner = document.getElementById("results-inner");
    if (inner && event.target.id === "results") { refresh(inner.dataset.query || ""); }
  });
})();
