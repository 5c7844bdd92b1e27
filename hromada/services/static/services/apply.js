// The application form: fields shown only under a condition ("show if"), and autosave — what is typed
// is kept in this browser (so nothing is lost even when the session expires) and saved as a draft on
// the server every few seconds while the person is logged in.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) { return; }

  function valueOf(name) {
    var field = form.elements[name];
    if (!field) { return ""; }
    if (field.type === "checkbox") { return field.checked ? "true" : ""; }
    return field.value;
  }

  function applyConditions() {
    form.querySelectorAll("[data-show-if]").forEach(function (input) {
      var wrapper = input.closest(".field");
      if (!wrapper) { return; }
      wrapper.hidden = valueOf(input.dataset.showIf) !== input.dataset.showValue;
    });
  }

  var storageKey = form.dataset.storage;
  var autosaveUrl = form.dataset.autosave;
  var status = document.getElementById("autosave-status");
  var timer = null;

  function restore() {
    if (!storageKey || !window.localStorage) { return; }
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    Object.keys(saved).forEach(function (name) {
      var field = form.elements[name];
      if (field && field.type !== "file" && field.type !== "hidden" && !field.value) { field.value = saved[name]; }
    });
  }

  function remember() {
    if (!storageKey || !window.localStorage) { return; }
    var data = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.type !== "file" && field.type !== "hidden" && field.type !== "submit") { data[field.name] = field.value; }
    });
    try { window.localStorage.setItem(storageKey, JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  }

  function autosave() {
    if (!autosaveUrl) { return; }
    var body = new FormData(form);
    Array.prototype.forEach.call(form.elements, function (field) { if (field.type === "file") { body.delete(field.name); } });
    fetch(autosaveUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.saved) { return; }
        if (!form.elements.draft) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "draft"; hidden.value = answer.draft;
          form.appendChild(hidden);
        }
        if (status) { status.textContent = status.dataset.saved || "✓"; }
      })
      .catch(function () { /* offline: the browser copy stays */ });
  }

  form.addEventListener("input", function () {
    applyConditions();
    remember();
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(autosave, 3000);
  });
  form.addEventListener("change", applyConditions);
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.value === "submit" && storageKey && window.localStorage) {
      window.localStorage.removeItem(storageKey);
    }
  });
  restore();
  applyConditions();
})();
