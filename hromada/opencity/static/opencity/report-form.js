/* The report form's map: a tap (or the device location) sets the latitude and longitude fields; typing them
   moves the pin. When a pin and a category are chosen, nearby reports of that category are shown so the
   resident can +1 instead of filing a duplicate. Works without tiles; the fields work without this script. */
(function () {
  "use strict";
  var el = document.getElementById("point-map");
  if (!el || typeof L === "undefined") { return; }
  var latInput = document.getElementById(el.dataset.latInput);
  var lonInput = document.getElementById(el.dataset.lonInput);
  var categoryInput = document.getElementById(el.dataset.categoryInput);
  var nearbyBox = document.getElementById("nearby");
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
      marker = L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 2, fillColor: "#b00020", fillOpacity: 1 }).addTo(map);
    }
    if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 16)); }
    nearby();
  }
  function set(lat, lon, pan) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    place(lat, lon, pan);
    el.dataset.picked = "1";
  }
  function nearby() {
    if (!nearbyBox || !categoryInput || !categoryInput.value || !latInput.value || !lonInput.value) { return; }
    var q = new URLSearchParams({ category: categoryInput.value, lat: latInput.value, lon: lonInput.value });
    fetch(el.dataset.nearbyUrl + "?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { nearbyBox.innerHTML = html; })
      .catch(function () { /* the form works without it */ });
  }
  if (latInput.value && lonInput.value) { place(parseFloat(latInput.value), parseFloat(lonInput.value), true); }
  map.on("click", function (event) { set(event.latlng.lat, event.latlng.lng, false); });
  function typed() { place(parseFloat(latInput.value), parseFloat(lonInput.value), true); }
  latInput.addEventListener("change", typed);
  lonInput.addEventListener("change", typed);
  if (categoryInput) { categoryInput.addEventListener("change", nearby); }
  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) { set(pos.coords.latitude, pos.coords.longitude, true); });
    });
  }
})();
