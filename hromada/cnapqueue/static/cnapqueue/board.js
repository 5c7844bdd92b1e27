// Spoken announcement of new calls on the display board: the browser's own speech synthesis, in Ukrainian,
// switched on by a press of the button (browsers allow speech only after a user gesture). No outside service.
(function () {
  "use strict";
  var enabled = false;
  var lastSaid = null;
  function say(live) {
    if (!enabled || !window.speechSynthesis || !live) return;
    var text = live.getAttribute("data-say");
    var id = live.getAttribute("data-last-event");
    if (!text || id === lastSaid) return;
    lastSaid = id;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "uk-UA";
    window.speechSynthesis.speak(utterance);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("board-voice");
    var live = document.getElementById("board-live");
    if (live) lastSaid = live.getAttribute("data-last-event");
    if (button) {
      button.addEventListener("click", function () {
        enabled = !enabled;
        button.setAttribute("aria-pressed", enabled ? "true" : "false");
      });
    }
    document.body.addEventListener("htmx:afterSwap", function () {
      say(document.getElementById("board-live"));
    });
  });
})();
