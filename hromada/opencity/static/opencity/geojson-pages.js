/* One GeoJSON layer, page by page: the city map's endpoints answer 500 features a page with a `next` link.
   hromadaGeoJSONPages(url, { current, page, maxPages }) fetches the first page, hands each page to page(data)
   and follows `next` up to maxPages pages (10 unless told); it stops as soon as current() is false (the map
   moved and a newer load started). The promise rejects on an HTTP error. */
(function () {
  "use strict";
  window.hromadaGeoJSONPages = function (url, options) {
    var most = options.maxPages || 10;
    function step(link, fetched) {
      return fetch(link, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          if (!options.current()) { return; }
          options.page(data);
          if (data.next && fetched < most) { return step(data.next, fetched + 1); }
        });
    }
    return step(url, 1);
  };
})();
