/* A map point picker for forms (the budget's project form, a service application's address, a problem
   report's place): every element with data-point-picker (or the id "point-map") becomes a map; a click sets
   its latitude and longitude fields (data-lat-input, data-lon-input: their ids), fires "input" on the
   latitude field and "point-picked" on the map element; typing them (a "change") moves the marker. With
   data-clear-input, a click also empties that field (a list the point replaces, such as the district) and
   choosing in that field empties the point; data-marker-color and data-pick-zoom (the zoom a typed point is
   shown at) are optional. Works without tiles (the tile layer is optional) and the fields work without
   this script. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function picker(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    if (!latInput || !lonInput) { return; }
    var clearInput = el.dataset.clearInput ? document.getElementById(el.dataset.clearInput) : null;
    var centre = (el.dataset.center || "49,31").split(",").map(Number);
    var map = L.map(el, { scrollWheelZoom: false }).setView(centre, Number(el.dataset.zoom || 13));
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var marker = null;
    function place(lat, lon, pan) {
      if (isNaN(lat) || isNaN(lon)) { return; }
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 2, fillColor: el.dataset.markerColor || "#0b4f8a", fillOpacity: 1 }).addTo(map);
      }
      if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), Number(el.dataset.pickZoom || 15))); }
    }
    // "50,45" is how a Ukrainian keyboard types a decimal; the server takes the comma too.
    function coordinate(input) { return parseFloat(String(input.value).replace(",", ".")); }
    if (latInput.value && lonInput.value) { place(coordinate(latInput), coordinate(lonInput), true); }
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      if (clearInput) { clearInput.value = ""; }
      place(event.latlng.lat, event.latlng.lng, false);
      el.dataset.picked = "1";
      latInput.dispatchEvent(new Event("input", { bubbles: true }));  // a form that saves drafts sees it
      el.dispatchEvent(new CustomEvent("point-picked", { bubbles: true }));
    });
    function typed() { place(coordinate(latInput), coordinate(lonInput), true); }
    latInput.addEventListener("change", typed);
    lonInput.addEventListener("change", typed);
    if (clearInput) {
      // Choosing from the list the point replaces takes the point away: the resident's last choice counts.
      clearInput.addEventListener("change", function () {
        if (!clearInput.value) { return; }
        latInput.value = "";
        lonInput.value = "";
        if (marker) { map.removeLayer(marker); marker = null; }
      });
    }
  }

  var seen = [];
  document.querySelectorAll("[data-point-picker], #point-map").forEach(function (el) {
    if (seen.indexOf(el) === -1) { seen.push(el); picker(el); }
  });
})();
