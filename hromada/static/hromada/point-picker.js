/* The project form's map: a click sets the latitude and longitude fields; typing them moves the marker.
   Works without tiles (the tile layer is optional) and the fields work without this script. */
(function () {
  "use strict";
  var el = document.getElementById("point-map");
  if (!el || typeof L === "undefined") { return; }
  var latInput = document.getElementById(el.dataset.latInput);
  var lonInput = document.getElementById(el.dataset.lonInput);
  if (!latInput || !lonInput) { return; }
  var centre = (el.dataset.center || "49,31").split(",").map(Number);
  var map = L.map(el, { scrollWheelZoom: false }).setView(centre, Number(el.dataset.zoom || 13));
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var marker = null;
  function place(lat, lon, pan) {
    if (isNaN(lat) || isNaN(lon)) { return; }
    if (marker) { marker.setLatLng([lat, lon]); } else {
      marker = L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 2, fillColor: "#0b4f8a", fillOpacity: 1 }).addTo(map);
    }
    if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 15)); }
  }
  if (latInput.value && lonInput.value) { place(parseFloat(latInput.value), parseFloat(lonInput.value), true); }
  map.on("click", function (event) {
    latInput.value = event.latlng.lat.toFixed(6);
    lonInput.value = event.latlng.lng.toFixed(6);
    place(event.latlng.lat, event.latlng.lng, false);
    el.dataset.picked = "1";
  });
  function typed() { place(parseFloat(latInput.value), parseFloat(lonInput.value), true); }
  latInput.addEventListener("change", typed);
  lonInput.addEventListener("change", typed);
})();
