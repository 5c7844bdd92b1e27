/* The operator's day: the home visits as numbered points joined in route order from the office. */
(function () {
  "use strict";
  var el = document.getElementById("route-map");
  var data = document.getElementById("route-data");
  if (!el || !data || typeof L === "undefined") { return; }
  var route = JSON.parse(data.textContent);
  var points = route.points.slice().sort(function (a, b) { return a[2] - b[2]; });
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var line = [];
  if (route.start) {
    line.push(route.start);
    L.circleMarker(route.start, { radius: 8, color: "#fff", weight: 2, fillColor: "#b00020", fillOpacity: 1 })
      .addTo(map);
  }
  points.forEach(function (p) {
    line.push([p[0], p[1]]);
    L.circleMarker([p[0], p[1]], { radius: 9, color: "#fff", weight: 2, fillColor: "#0b4f8a", fillOpacity: 1 })
      .addTo(map).bindTooltip(String(p[2]), { permanent: true, direction: "top" });
  });
  L.polyline(line, { color: "#0b4f8a", weight: 3 }).addTo(map);
  map.fitBounds(L.latLngBounds(line).pad(0.2));
}());
