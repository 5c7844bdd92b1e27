/* The login challenge (docs/accounts.md, "Login protection"): after many failed logins the server asks the
 * browser to find a decimal number n such that SHA-256("<challenge>:<n>") starts with <bits> zero bits,
 * before it checks the password. This script finds it in small slices (the page stays responsive), puts it
 * into the hidden "answer" field and tells the person, through a polite live region, when it is done. A
 * press of "Log in" before then waits for the answer and then sends the form. Nothing leaves the page.
 */
(function () {
  "use strict";

  var answerField = document.querySelector("input[data-login-check]");
  if (!answerField) { return; }
  var form = answerField.form;
  var status = document.getElementById("login-check-status");
  var challenge = form.querySelector("input[name=challenge]").value;
  var bits = parseInt(answerField.getAttribute("data-bits"), 10);
  var submitWhenDone = false;

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Uint32Array(64);
  var H = new Uint32Array(8);
  var words = new Uint32Array(64);  // up to 4 blocks: the challenge is short

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  /* SHA-256 of an ASCII string (the challenge is base64url, a colon and digits); returns the 8 words. */
  function sha256(text) {
    var length = text.length;
    var blocks = ((length + 9 + 63) >> 6);
    words.fill(0, 0, blocks * 16);
    for (var i = 0; i < length; i++) { words[i >> 2] |= text.charCodeAt(i) << (24 - (i % 4) * 8); }
    words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
    words[blocks * 16 - 1] = length * 8;
    H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a;
    H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
    for (var block = 0; block < blocks; block++) {
      var t;
      for (t = 0; t < 16; t++) { W[t] = words[block * 16 + t]; }
      for (t = 16; t < 64; t++) {
        var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
        var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    return H;
  }

  function solves(words) {
    var need = bits;
    for (var i = 0; i < 8 && need > 0; i++) {
      if (need >= 32) {
        if (words[i] !== 0) { return false; }
        need -= 32;
      } else {
        return (words[i] >>> (32 - need)) === 0;
      }
    }
    return true;
  }

  var next = 0;
  var prefix = challenge + ":";

  function work() {
    var stop = next + 20000;
    for (; next < stop; next++) {
      if (solves(sha256(prefix + next))) {
        answerField.value = String(next);
        if (status) { status.textContent = status.getAttribute("data-done"); }
        if (submitWhenDone) { form.submit(); }
        return;
      }
    }
    setTimeout(work, 0);
  }

  form.addEventListener("submit", function (event) {
    if (!answerField.value) {
      event.preventDefault();
      submitWhenDone = true;
      if (status) { status.textContent = status.getAttribute("data-waiting"); }
    }
  });
  setTimeout(work, 0);
})();
