/* District boundary editor: draw and change a GeoJSON Polygon or MultiPolygon on a map (Leaflet.draw);
   the GeoJSON text beside it follows every change, and can be pasted, imported from a file or exported. */
(function () {
  "use strict";
  if (typeof L === "undefined" || !L.Control || !L.Control.Draw) { return; }

  function merge(target, source) {
    Object.keys(source).forEach(function (key) {
      if (source[key] && typeof source[key] === "object" && target[key] && typeof target[key] === "object") {
        merge(target[key], source[key]);
      } else {
        target[key] = source[key];
      }
    });
  }

  function polygonsOf(geometry) {
    if (!geometry) { return []; }
    if (geometry.type === "Feature") { return polygonsOf(geometry.geometry); }
    if (geometry.type === "FeatureCollection") {
      return geometry.features.reduce(function (all, f) { return all.concat(polygonsOf(f)); }, []);
    }
    if (geometry.type === "Polygon") { return [geometry.coordinates]; }
    if (geometry.type === "MultiPolygon") { return geometry.coordinates; }
    return [];
  }

  function setUp(editor) {
    var textarea = document.getElementById(editor.dataset.field);
    var mapEl = document.getElementById(editor.dataset.field + "_map");
    var labels = document.getElementById(editor.dataset.field + "_labels");
    if (!textarea || !mapEl) { return; }
    if (labels) { merge(L.drawLocal, JSON.parse(labels.textContent)); }

    var map = L.map(mapEl, { scrollWheelZoom: false }).setView([49, 31], 6);
    if (mapEl.dataset.tiles) {
      L.tileLayer(mapEl.dataset.tiles, { maxZoom: 19, attribution: mapEl.dataset.attribution || "" }).addTo(map);
    }
    var drawn = new L.FeatureGroup().addTo(map);
    var style = { color: "#0b4f8a", weight: 2, fillOpacity: 0.1 };
    map.addControl(new L.Control.Draw({
      draw: {
        polygon: { showArea: false, shapeOptions: style },  // the server checks the polygon (polygon_problems)
        polyline: false, rectangle: false, circle: false, marker: false, circlemarker: false
      },
      edit: { featureGroup: drawn }
    }));

    function show() {
      drawn.clearLayers();
      var parsed;
      try { parsed = JSON.parse(textarea.value || "null"); } catch (error) { return; }
      polygonsOf(parsed).forEach(function (rings) {
        L.polygon(L.GeoJSON.coordsToLatLngs(rings, 1), style).addTo(drawn);
      });
      if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { padding: [20, 20] }); }
      mapEl.dataset.parts = String(drawn.getLayers().length);
    }

    function write() {
      var polygons = drawn.getLayers().map(function (layer) { return layer.toGeoJSON().geometry.coordinates; });
      var geometry = polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] }
        : { type: "MultiPolygon", coordinates: polygons };
      textarea.value = polygons.length ? JSON.stringify(geometry) : "";
      mapEl.dataset.parts = String(polygons.length);
    }

    map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); write(); });
    map.on(L.Draw.Event.EDITED, write);
    map.on(L.Draw.Event.DELETED, write);
    textarea.addEventListener("change", show);

    editor.querySelector(".boundary-import").addEventListener("change", function (event) {
      var file = event.target.files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        var parsed = JSON.parse(text);
        var polygons = polygonsOf(parsed);
        textarea.value = JSON.stringify(polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] }
          : { type: "MultiPolygon", coordinates: polygons });
        show();
      });
    });
    editor.querySelector(".boundary-export").addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([textarea.value], { type: "application/geo+json" }));
      link.download = "boundary.geojson";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    map.invalidateSize();
    show();
    mapEl.dataset.ready = "1";
  }

  function start() { document.querySelectorAll(".boundary-editor").forEach(setUp); }
  // The admin loads form media in <head>: wait for the form.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
