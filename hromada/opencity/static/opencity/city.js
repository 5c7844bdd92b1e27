/* The reports map on the list page: markers coloured by state (grid clusters below street zoom), loaded for
   the visible box from the GeoJSON endpoint (the city map's reports layer), following its next pages (at
   most MAX_PAGES; a newer load when the map moves stops an older one); the tile layer is optional (markers
   still show without it). */
(function () {
  "use strict";
  var el = document.getElementById("city-map");
  if (!el || typeof L === "undefined" || !window.hromadaGeoJSONPages) { return; }
  var MAX_PAGES = 10;
  var serial = 0;
  var centre = (el.dataset.center || "49,31").split(",").map(Number);
  var map = L.map(el, { scrollWheelZoom: false }).setView(centre, Number(el.dataset.zoom || 12));
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var colours = { "new": "#0b4f8a", accepted: "#0b4f8a", in_progress: "#e07000", action_scheduled: "#e07000",
    reopened: "#b00020", fixed: "#1e6b34", closed: "#555555" };
  var layer = L.geoJSON(null, {
    pointToLayer: function (f, latlng) {
      if (f.properties.cluster) {  // several reports in one grid cell (below street zoom)
        return L.circleMarker(latlng, { radius: 8 + Math.min(12, Math.round(Math.log(f.properties.count) * 2)),
          color: "#fff", weight: 2, fillOpacity: 0.8, fillColor: colours[f.properties.status] || "#37474f" });
      }
      return L.circleMarker(latlng, { radius: 6, color: "#fff", weight: 1, fillOpacity: 0.9,
        fillColor: colours[f.properties.status] || "#37474f", className: "report-marker" });
    },
    onEachFeature: function (f, marker) {
      if (f.properties.cluster) {
        marker.bindTooltip(String(f.properties.count));
        marker.on("click", function () { map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, 19)); });
        return;
      }
      var a = document.createElement("a");
      a.href = f.properties.url;
      a.textContent = "#" + f.id;
      marker.bindPopup(a);
    }
  }).addTo(map);
  function load() {
    var b = map.getBounds();
    var q = new URLSearchParams({ bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(","),
      zoom: String(Math.round(map.getZoom())) });
    if (el.dataset.category) { q.set("category", el.dataset.category); }
    serial += 1;
    var mine = serial;
    var first = true;
    window.hromadaGeoJSONPages(el.dataset.reportsUrl + "?" + q.toString(), {
      maxPages: MAX_PAGES,
      current: function () { return mine === serial; },
      page: function (data) {
        if (first) { layer.clearLayers(); first = false; }  // the old markers stay until the new ones come
        layer.addData(data);
      }
    }).then(function () {
      if (mine === serial) { el.dataset.loaded = String(layer.getLayers().length); }
    }).catch(function () { el.dataset.error = "1"; });
  }
  map.on("moveend", load);
  load();
})();
