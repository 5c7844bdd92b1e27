/* Staff's blur tool on a report page: dragging over a photo selects a rectangle and fills the blur form's
   fields (percent of the photo's width and height); typing in the fields moves the rectangle. The rectangle
   is an SVG <rect> over the photo whose geometry is set as SVG attributes (no inline style: CSP). The form
   works without this script. */
(function () {
  "use strict";
  var NAMES = ["left", "top", "width", "height"];
  function clamp(value) { return Math.max(0, Math.min(100, value)); }
  document.querySelectorAll("[data-blur-for]").forEach(function (picker) {
    var prefix = picker.getAttribute("data-blur-for");
    var rect = picker.querySelector("rect");
    var inputs = {};
    NAMES.forEach(function (name) { inputs[name] = document.getElementById("id_" + prefix + "-" + name); });
    if (!rect || NAMES.some(function (name) { return !inputs[name]; })) { return; }
    var start = null;
    function draw(box) {
      NAMES.forEach(function (name, i) { rect.setAttribute(["x", "y", "width", "height"][i], String(box[name])); });
    }
    function at(event) {
      var bounds = picker.getBoundingClientRect();
      return {
        x: clamp((event.clientX - bounds.left) / bounds.width * 100),
        y: clamp((event.clientY - bounds.top) / bounds.height * 100)
      };
    }
    picker.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start = at(event);
      picker.setPointerCapture(event.pointerId);
    });
    picker.addEventListener("pointermove", function (event) {
      if (!start) { return; }
      var here = at(event);
      var box = {
        left: Math.min(start.x, here.x), top: Math.min(start.y, here.y),
        width: Math.abs(here.x - start.x), height: Math.abs(here.y - start.y)
      };
      draw(box);
      NAMES.forEach(function (name) { inputs[name].value = box[name].toFixed(1); });
    });
    function stop() { start = null; }
    picker.addEventListener("pointerup", stop);
    picker.addEventListener("pointercancel", stop);
    function typed() {
      var box = {};
      NAMES.forEach(function (name) { box[name] = clamp(parseFloat(inputs[name].value) || 0); });
      draw(box);
    }
    NAMES.forEach(function (name) { inputs[name].addEventListener("input", typed); });
    typed();
  });
})();
