/* The report form's place: the map is hromada/point-picker.js's (a tap or typed coordinates set the latitude
   and longitude fields); this adds the device location and, when a place and a category are chosen, the
   nearby reports of that category, so the resident can +1 instead of filing a duplicate. The fields work
   without this script. */
(function () {
  "use strict";
  var el = document.getElementById("point-map");
  if (!el) { return; }
  var latInput = document.getElementById(el.dataset.latInput);
  var lonInput = document.getElementById(el.dataset.lonInput);
  var categoryInput = document.getElementById(el.dataset.categoryInput);
  var nearbyBox = document.getElementById("nearby");
  if (!latInput || !lonInput) { return; }
  function nearby() {
    if (!nearbyBox || !categoryInput || !categoryInput.value || !latInput.value || !lonInput.value) { return; }
    var q = new URLSearchParams({ category: categoryInput.value, lat: latInput.value, lon: lonInput.value });
    fetch(el.dataset.nearbyUrl + "?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { nearbyBox.innerHTML = html; })
      .catch(function () { /* the form works without it */ });
  }
  nearby();
  el.addEventListener("point-picked", nearby);  // a tap on the map (typing asks on "change", not per key)
  latInput.addEventListener("change", nearby);
  lonInput.addEventListener("change", nearby);
  if (categoryInput) { categoryInput.addEventListener("change", nearby); }
  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        latInput.value = pos.coords.latitude.toFixed(6);
        lonInput.value = pos.coords.longitude.toFixed(6);
        el.dataset.picked = "1";
        latInput.dispatchEvent(new Event("change", { bubbles: true }));  // the picker shows the point
      });
    });
  }
})();
