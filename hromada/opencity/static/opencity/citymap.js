/* The city map: one GeoJSON endpoint per layer, asked for the visible box (and its next pages); reports
   come as grid clusters from the server below street zoom. The tile layer is optional: districts and
   markers are vector layers and show without it. The layer checkboxes and filters are an ordinary form
   (keyboard and screen readers use it, and it works without JavaScript for the list below). */
(function () {
  "use strict";
  var el = document.getElementById("city-map");
  var form = document.getElementById("city-map-controls");
  if (!el || !form || typeof L === "undefined" || !window.hromadaGeoJSONPages) { return; }
  var MAX_PAGES = 10;
  var centre = (el.dataset.center || "49,31").split(",").map(Number);
  var map = L.map(el, { scrollWheelZoom: false }).setView(centre, Number(el.dataset.zoom || 12));
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(p) {
    var lines = ["<strong>" + escapeHtml(p.name) + "</strong>"];
    ["status_label", "kind_label", "address"].forEach(function (k) { if (p[k]) { lines.push(escapeHtml(p[k])); } });
    if (p.url) { lines.push('<a href="' + encodeURI(p.url) + '">' + escapeHtml(el.dataset.detailsLabel || "Details") + "</a>"); }
    return lines.join("<br>");
  }

  var states = { "new": "#0b4f8a", accepted: "#0b4f8a", in_progress: "#b35900", action_scheduled: "#b35900",
    reopened: "#b00020", fixed: "#1e6b34", closed: "#555555" };
  var styles = {
    institutions: { fillColor: "#6a1b9a", radius: 6 },
    projects: { fillColor: "#00695c", radius: 7 },
    offices: { fillColor: "#ad1457", radius: 8 }
  };

  function pointLayer(name) {
    return L.geoJSON(null, {
      style: name === "districts" ? { color: "#0b4f8a", weight: 2, fillOpacity: 0.05 } : undefined,
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        if (p.cluster) {
          // At most 48 px across: the grid's cells are 64 px (mapgrid.CELL_PX), so neighbours rarely cover each other.
          var size = 11 + Math.min(13, Math.round(Math.log(p.count) * 3));
          var icon = L.divIcon({ className: "map-cluster status-" + p.status, iconSize: [size * 2, size * 2],
            html: "<span>" + p.count + "</span>" });
          return L.marker(latlng, { icon: icon, keyboard: false });
        }
        var s = styles[name] || { fillColor: states[p.status] || "#37474f", radius: 6 };
        return L.circleMarker(latlng, { radius: s.radius, color: "#fff", weight: 1.5, fillOpacity: 0.95,
          fillColor: s.fillColor, className: name + "-marker" });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        if (name === "districts") { layer.bindTooltip(escapeHtml(p.name), { sticky: true }); return; }
        if (p.cluster) {
          layer.bindTooltip(p.count + " " + escapeHtml(el.dataset.clusterLabel || ""));
          layer.on("click", function () { map.setView(layer.getLatLng(), Math.min(map.getZoom() + 2, 19)); });
          return;
        }
        layer.bindPopup(popup(p));
      }
    });
  }

  // The layers and their filters are the form's checkboxes (the server's one list of layers): each box's
  // data-filters is "parameter=form field,…". Drawn in reverse, so the first (reports) ends on top.
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="layer"]')).reverse();
  var names = boxes.map(function (box) { return box.value; });
  var filters = {};
  var layers = {};
  boxes.forEach(function (box) {
    filters[box.value] = (box.dataset.filters || "").split(",").filter(Boolean).map(function (pair) { return pair.split("="); });
    layers[box.value] = pointLayer(box.value);
  });
  var serial = 0;
  var fitted = false;  // the first load zooms to the districts (the hromada), as the institutions map does

  function chosen() {
    var on = {};
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }

  function params(name) {
    var b = map.getBounds();
    var q = new URLSearchParams({
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(","),
      zoom: String(Math.round(map.getZoom()))
    });
    var f = new FormData(form);
    filters[name].forEach(function (pair) { q.set(pair[0], f.get(pair[1]) || ""); });
    return q;
  }

  function load() {
    serial += 1;
    var mine = serial;
    var on = chosen();
    var pending = [];
    // data-loaded is there only while the map shows what it was last asked for (tests and scripts wait on it).
    delete el.dataset.loaded;
    names.forEach(function (name) {
      var layer = layers[name];
      layer.clearLayers();
      if (!on[name]) { map.removeLayer(layer); return; }
      layer.addTo(map);
      var url = el.dataset.layerUrl.replace("LAYER", name) + "?" + params(name).toString();
      pending.push(window.hromadaGeoJSONPages(url, {
        maxPages: MAX_PAGES,
        current: function () { return mine === serial; },
        page: function (data) { layer.addData(data); }
      }));
    });
    Promise.all(pending).then(function () {
      if (mine !== serial) { return; }
      if (!fitted) {
        fitted = true;
        if (layers.districts.getLayers().length) {
          // Moving fires "moveend", which loads the layers again for the new box.
          map.fitBounds(layers.districts.getBounds(), { padding: [20, 20], maxZoom: 15 });
          return;  // even an unchanged view fires "moveend", and that load says when the map is ready
        }
      }
      var count = 0;
      names.forEach(function (n) { count += layers[n].getLayers().length; });
      el.dataset.shownZoom = String(map.getZoom());
      el.dataset.loaded = String(count);
    }).catch(function () { el.dataset.error = "1"; });
  }

  form.addEventListener("change", load);
  map.on("moveend", load);
  load();
})();
