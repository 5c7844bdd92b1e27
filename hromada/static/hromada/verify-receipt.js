/* "Verify a receipt": checks a Hromada ledger receipt completely in the browser, with WebCrypto only.
 *
 * Nothing is fetched or sent: the receipt carries the entry, its index and leaf hash, the signed checkpoint
 * (a C2SP signed note), the RFC 9162 inclusion proof, the log's verifier key, and the person's reference
 * and salt, and the keys of the log's witnesses. Seven steps, each shown with a plain-language result (texts
 * come translated in #verify-messages):
 *   format     the file is a complete receipt of format hromada-receipt/1;
 *   key        the verifier key <name>+<hex key ID>+<base64(0x01 || Ed25519 key)> is well formed: its key
 *              ID is SHA-256(name || "\n" || 0x01 || key)[:4]; optionally it equals a key the person trusts;
 *   signature  the checkpoint note carries a valid Ed25519 signature of that key over the note text;
 *   witnesses  for each witness key the receipt lists (the log publishes them at /ledger/witnesses), its
 *              C2SP tlog-cosignature line, if present, verifies: Ed25519 over "cosignature/v1\ntime <t>\n"
 *              || note text, the line carrying key ID (type 0x04) || 8-byte big-endian t || signature.
 *              Each witness's result is listed; a cosignature that does not verify fails the step, a
 *              missing one does not (the witness may not have answered yet);
 *   entry      SHA-256(0x00 || entry bytes) is the receipt's leaf hash;
 *   inclusion  the inclusion proof leads from that leaf hash at the index to the checkpoint's root;
 *   person     base64(HMAC-SHA256(key = salt, reference)) is one of the entry's "people".
 * Each step is checked on its own where it can be, so a tampered receipt shows exactly which part is wrong.
 */
(function () {
  "use strict";

  var form = document.getElementById("verify-form");
  var messagesElement = document.getElementById("verify-messages");
  if (!form || !messagesElement) { return; }

  var M = JSON.parse(messagesElement.textContent);
  var FORMAT = "hromada-receipt/1";
  var STEPS = ["format", "key", "signature", "witnesses", "entry", "inclusion", "person"];
  var COSIGNATURE_HEADER = "cosignature/v1\ntime ";
  var MAX_TIMESTAMP = (1n << 63n) - 1n;
  var SIGNATURE_PREFIX = "\u2014 ";
  var CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
  var DECIMAL = /^(0|[1-9][0-9]*)$/;
  var BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

  var fileInput = document.getElementById("receipt-file");
  var textInput = document.getElementById("receipt-text");
  var keyInput = document.getElementById("trusted-key");
  var result = document.getElementById("verify-result");
  var heading = document.getElementById("verify-result-heading");
  var verdict = document.getElementById("verify-verdict");
  var record = document.getElementById("verify-record");
  var utf8 = new TextEncoder();

  // ------------------------------------------------------------------------------------------ helpers

  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function Failure(message, values, skip) {
    this.message = message;
    this.values = values || {};
    this.skip = !!skip;  // "not checked", without making the receipt fail
  }

  function b64encode(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text);
  }

  /* Strict standard base64 (alphabet, padding, canonical trailing bits); null when it is not. */
  function b64decode(text) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !BASE64.test(text)) { return null; }
    var binary;
    try { binary = atob(text); } catch (error) { return null; }
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return b64encode(bytes) === text ? bytes : null;
  }

  function concat() {
    var total = 0, i;
    for (i = 0; i < arguments.length; i++) { total += arguments[i].length; }
    var out = new Uint8Array(total), offset = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], offset); offset += arguments[i].length; }
    return out;
  }

  function equal(a, b) {
    if (!a || !b || a.length !== b.length) { return false; }
    var diff = 0;
    for (var i = 0; i < a.length; i++) { diff |= a[i] ^ b[i]; }
    return diff === 0;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  var LEAF = new Uint8Array([0]);
  var NODE = new Uint8Array([1]);

  // -------------------------------------------------------------------------------- keys and notes

  /* "<name>+<8 hex>+<base64(0x01 || 32-byte key)>" with a matching key ID; throws Failure otherwise. */
  async function parseVerifierKey(text) {
    // <name> has no "+"; the base64 part may have some, so split at the first two only.
    var first = typeof text === "string" ? text.indexOf("+") : -1;
    var second = first < 0 ? -1 : text.indexOf("+", first + 1);
    var parts = second < 0 ? [] : [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
    if (parts.length !== 3 || !parts[0] || /\s/.test(parts[0]) || CONTROL.test(parts[0]) ||
        !/^[0-9a-fA-F]{8}$/.test(parts[1])) {
      throw new Failure(M.key_malformed);
    }
    var typed = b64decode(parts[2]);
    if (!typed || typed.length !== 33 || typed[0] !== 0x01) { throw new Failure(M.key_malformed); }
    var digest = await sha256(concat(utf8.encode(parts[0]), utf8.encode("\n"), typed));
    var id = digest.slice(0, 4);
    var declared = new Uint8Array(4);
    for (var i = 0; i < 4; i++) { declared[i] = parseInt(parts[1].substr(2 * i, 2), 16); }
    if (!equal(id, declared)) { throw new Failure(M.key_malformed); }
    return { name: parts[0], keyId: id, publicKey: typed.slice(1), text: text };
  }

  /* A witness key "<name>+<8 hex>+<base64(0x04 or 0x01 || 32-byte key)>" (its ID matching); its cosignature
   * lines carry the key ID of type 0x04: SHA-256(name || "\n" || 0x04 || key)[:4]. Null when malformed. */
  async function parseWitnessKey(text) {
    var first = typeof text === "string" ? text.indexOf("+") : -1;
    var second = first < 0 ? -1 : text.indexOf("+", first + 1);
    if (second < 0) { return null; }
    var name = text.slice(0, first), hex = text.slice(first + 1, second);
    var typed = b64decode(text.slice(second + 1));
    if (!name || /\s/.test(name) || CONTROL.test(name) || !/^[0-9a-fA-F]{8}$/.test(hex) || !typed ||
        typed.length !== 33 || (typed[0] !== 0x04 && typed[0] !== 0x01)) {
      return null;
    }
    var declared = new Uint8Array(4);
    for (var i = 0; i < 4; i++) { declared[i] = parseInt(hex.substr(2 * i, 2), 16); }
    var prefix = concat(utf8.encode(name), utf8.encode("\n"));
    if (!equal((await sha256(concat(prefix, typed))).slice(0, 4), declared)) { return null; }
    var publicKey = typed.slice(1);
    var keyId = (await sha256(concat(prefix, new Uint8Array([0x04]), publicKey))).slice(0, 4);
    return { name: name, keyId: keyId, publicKey: publicKey };
  }

  /* A C2SP signed note: the text up to the last blank line, then "— <name> <base64(key ID || sig)>" lines. */
  function parseNote(note) {
    if (typeof note !== "string" || CONTROL.test(note)) { throw new Failure(M.signature_malformed); }
    var split = note.lastIndexOf("\n\n");
    if (split < 0) { throw new Failure(M.signature_malformed); }
    var text = note.slice(0, split + 1), block = note.slice(split + 2);
    if (!block.endsWith("\n")) { throw new Failure(M.signature_malformed); }
    var signatures = block.slice(0, -1).split("\n").map(function (line) {
      if (!line.startsWith(SIGNATURE_PREFIX)) { throw new Failure(M.signature_malformed); }
      var rest = line.slice(SIGNATURE_PREFIX.length), space = rest.indexOf(" ");
      var raw = space > 0 ? b64decode(rest.slice(space + 1)) : null;
      if (!raw || raw.length < 5) { throw new Failure(M.signature_malformed); }
      return { name: rest.slice(0, space), keyId: raw.slice(0, 4), signature: raw.slice(4) };
    });
    return { text: text, signatures: signatures };
  }

  /* The checkpoint body: origin, tree size (decimal), base64 root hash, optional extension lines. */
  function parseCheckpoint(text) {
    var lines = text.slice(0, -1).split("\n");
    if (lines.length < 3 || !lines[0] || !DECIMAL.test(lines[1])) { throw new Failure(M.signature_malformed); }
    var root = b64decode(lines[2]);
    if (!root || root.length !== 32) { throw new Failure(M.signature_malformed); }
    return { origin: lines[0], size: BigInt(lines[1]), sizeText: lines[1], root: root };
  }

  async function ed25519Verify(publicKey, signature, message) {
    var key;
    try {
      key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    } catch (error) {
      if (error && error.name === "NotSupportedError") { throw new Failure(M.signature_unsupported); }
      throw new Failure(M.key_malformed);
    }
    if (signature.length !== 64) { return false; }
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
  }

  // ---------------------------------------------------------------------------------------- proofs

  /* RFC 9162 §2.1.3.2: the root an inclusion proof leads to from leaf `index` of a tree of `size`. */
  async function rootFromInclusionProof(index, size, leaf, proof) {
    if (index >= size) { throw new Failure(M.inclusion_malformed); }
    var fn = index, sn = size - 1n, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) { throw new Failure(M.inclusion_malformed); }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await sha256(concat(NODE, proof[i], r));
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await sha256(concat(NODE, r, proof[i]));
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) { throw new Failure(M.inclusion_malformed); }
    return r;
  }

  // ----------------------------------------------------------------------------------------- steps

  async function checkFormat(receipt) {
    if (!receipt || typeof receipt !== "object" || receipt.format !== FORMAT) { throw new Failure(M.format_unknown); }
    if (receipt.state !== "covered" || typeof receipt.checkpoint !== "string") { throw new Failure(M.format_pending); }
    return fill(M.format_ok, { title: receipt.title || receipt.kind || "", kind: receipt.kind || "" });
  }

  async function checkKey(receipt, state, trusted) {
    state.key = await parseVerifierKey(receipt.verifier_key);
    if (state.key.name !== receipt.origin) {
      throw new Failure(M.key_wrong_name, { name: state.key.name, origin: receipt.origin });
    }
    if (trusted && trusted !== receipt.verifier_key) { throw new Failure(M.key_not_trusted); }
    return fill(M.key_ok, { key: receipt.verifier_key }) + (trusted ? " " + M.key_trusted : "");
  }

  async function checkSignature(receipt, state) {
    var note = parseNote(receipt.checkpoint);
    state.checkpoint = parseCheckpoint(note.text);
    state.note = note;
    if (!state.key) { throw new Failure(M.signature_no_key); }
    if (state.checkpoint.origin !== state.key.name) {
      throw new Failure(M.signature_other_log, { origin: state.checkpoint.origin });
    }
    var line = note.signatures.find(function (s) { return s.name === state.key.name && equal(s.keyId, state.key.keyId); });
    if (!line) { throw new Failure(M.signature_missing); }
    if (!await ed25519Verify(state.key.publicKey, line.signature, utf8.encode(note.text))) {
      throw new Failure(M.signature_bad);
    }
    return fill(M.signature_ok, {
      origin: state.checkpoint.origin, size: state.checkpoint.sizeText, root: b64encode(state.checkpoint.root)
    });
  }

  /* Each listed witness: {name, key, result: cosigned | missing | bad | malformed, time}. */
  async function witnessResults(witnesses, note) {
    var results = [];
    for (var i = 0; i < witnesses.length; i++) {
      var item = witnesses[i] || {};
      var name = typeof item.name === "string" ? item.name : "";
      var key = await parseWitnessKey(item.verifier_key);
      if (!key) { results.push({ name: name, key: "", result: "malformed" }); continue; }
      var line = note.signatures.find(function (s) { return s.name === key.name && equal(s.keyId, key.keyId); });
      if (!line) { results.push({ name: name, key: key.name, result: "missing" }); continue; }
      var raw = line.signature, ok = false, time = 0n;
      if (raw.length === 72) {
        for (var b = 0; b < 8; b++) { time = (time << 8n) | BigInt(raw[b]); }
        if (time <= MAX_TIMESTAMP) {
          var message = concat(utf8.encode(COSIGNATURE_HEADER + time.toString() + "\n"), utf8.encode(note.text));
          ok = await ed25519Verify(key.publicKey, raw.slice(8), message);
        }
      }
      results.push({
        name: name, key: key.name, result: ok ? "cosigned" : "bad",
        time: ok && time < 8640000000000n ? new Date(Number(time) * 1000).toISOString().replace(".000Z", "Z") : ""
      });
    }
    return results;
  }

  async function checkWitnesses(receipt, state) {
    var witnesses = Array.isArray(receipt.witnesses) ? receipt.witnesses : [];
    if (!witnesses.length) { throw new Failure(M.witnesses_none, {}, true); }
    if (!state.note) { throw new Failure(M.witnesses_no_checkpoint, {}, true); }
    var results = await witnessResults(witnesses, state.note);
    showWitnesses(results);
    var cosigned = results.filter(function (r) { return r.result === "cosigned"; }).length;
    if (results.some(function (r) { return r.result === "bad" || r.result === "malformed"; })) {
      throw new Failure(M.witnesses_bad);
    }
    if (!cosigned) { throw new Failure(M.witnesses_missing, { total: results.length }, true); }
    return fill(M.witnesses_ok, { count: cosigned, total: results.length });
  }

  async function checkEntry(receipt) {
    var expected = b64decode(receipt.leaf_hash);
    if (typeof receipt.entry !== "string" || !expected || expected.length !== 32) { throw new Failure(M.entry_missing); }
    var actual = await sha256(concat(LEAF, utf8.encode(receipt.entry)));
    if (!equal(actual, expected)) {
      throw new Failure(M.entry_bad, { actual: b64encode(actual), expected: receipt.leaf_hash });
    }
    return fill(M.entry_ok, { hash: receipt.leaf_hash });
  }

  async function checkInclusion(receipt, state) {
    if (!state.checkpoint) { throw new Failure(M.inclusion_no_checkpoint); }
    var leaf = b64decode(receipt.leaf_hash);
    var index = receipt.index, hashes = receipt.inclusion_proof;
    if (!leaf || leaf.length !== 32 || !Number.isSafeInteger(index) || index < 0 || !Array.isArray(hashes) ||
        !Number.isSafeInteger(receipt.tree_size) || BigInt(receipt.tree_size) !== state.checkpoint.size) {
      throw new Failure(M.inclusion_malformed);
    }
    var proof = hashes.map(function (h) {
      var bytes = b64decode(h);
      if (!bytes || bytes.length !== 32) { throw new Failure(M.inclusion_malformed); }
      return bytes;
    });
    var root = await rootFromInclusionProof(BigInt(index), state.checkpoint.size, leaf, proof);
    if (!equal(root, state.checkpoint.root)) { throw new Failure(M.inclusion_bad); }
    return fill(M.inclusion_ok, { index: index, size: state.checkpoint.sizeText, count: proof.length });
  }

  async function checkPerson(receipt, state) {
    var person = receipt.person;
    var salt = person && b64decode(person.salt);
    if (!person || typeof person.reference !== "string" || !person.reference || !salt || !salt.length) {
      throw new Failure(M.person_malformed);
    }
    if (!state.entry || !Array.isArray(state.entry.people)) { throw new Failure(M.person_unreadable); }
    var key = await crypto.subtle.importKey("raw", salt, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    var mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(person.reference)));
    var commitment = b64encode(mac);
    if (state.entry.people.indexOf(commitment) < 0) { throw new Failure(M.person_bad); }
    return fill(M.person_ok, { commitment: commitment, reference: person.reference });
  }

  // ------------------------------------------------------------------------------------------ page

  function show(step, outcome, detail) {
    var item = result.querySelector('[data-step="' + step + '"]');
    item.dataset.result = outcome;
    item.querySelector(".step-title").textContent = M["step_" + step];
    var badge = item.querySelector(".step-result");
    badge.textContent = (outcome === "passed" ? "\u2713 " : outcome === "failed" ? "\u2717 " : "") +
      (M[outcome] || M.checking);
    badge.className = "step-result badge" + (outcome === "passed" ? " ok" : outcome === "failed" ? " warn failed" : "");
    item.querySelector(".step-detail").textContent = detail || "";
  }

  function showWitnesses(results) {
    var item = result.querySelector('[data-step="witnesses"]');
    var list = document.createElement("ul");
    list.id = "witness-results";
    results.forEach(function (r) {
      var entry = document.createElement("li");
      entry.dataset.witness = r.name;
      entry.dataset.result = r.result;
      entry.textContent = fill(M["witness_" + r.result], { name: r.name, key: r.key, time: r.time });
      list.appendChild(entry);
    });
    item.appendChild(list);
  }

  function showVerdict(ok, text) {
    verdict.className = "message " + (ok ? "success" : "error");
    verdict.textContent = text;
    verdict.dataset.ok = ok ? "true" : "false";
  }

  function showRecord(entry) {
    if (!entry || typeof entry !== "object") { record.hidden = true; return; }
    document.getElementById("record-kind").textContent = String(entry.kind || "");
    document.getElementById("record-time").textContent = String(entry.time || "");
    document.getElementById("record-subject").textContent = entry.subject == null ? "\u2014" : String(entry.subject);
    document.getElementById("record-payload").textContent = JSON.stringify(entry.payload, null, 2);
    record.hidden = false;
  }

  function reveal() {
    result.hidden = false;
    heading.focus();
  }

  async function verify(text) {
    STEPS.forEach(function (step) { show(step, "checking", ""); });
    var old = document.getElementById("witness-results");
    if (old) { old.remove(); }
    record.hidden = true;
    if (!window.crypto || !window.crypto.subtle) {
      STEPS.forEach(function (step) { show(step, "skipped", ""); });
      showVerdict(false, M.no_crypto);
      return reveal();
    }
    var receipt;
    try {
      receipt = JSON.parse(text);
    } catch (error) {
      receipt = undefined;
    }
    var state = {}, allPassed = true;
    try {
      if (receipt === undefined) { throw new Failure(M.format_not_json); }
      show("format", "passed", await checkFormat(receipt));
    } catch (failure) {
      show("format", "failed", failure instanceof Failure ? fill(failure.message, failure.values) : String(failure));
      STEPS.slice(1).forEach(function (step) { show(step, "skipped", M.skipped_earlier); });
      showVerdict(false, M.verdict_bad);
      return reveal();
    }
    try { state.entry = JSON.parse(receipt.entry); } catch (error) { state.entry = null; }
    var checks = { key: checkKey, signature: checkSignature, witnesses: checkWitnesses, entry: checkEntry,
      inclusion: checkInclusion, person: checkPerson };
    var trusted = keyInput.value.trim();
    for (var i = 1; i < STEPS.length; i++) {
      var step = STEPS[i];
      try {
        show(step, "passed", await checks[step](receipt, state, trusted));
      } catch (failure) {
        var notice = failure instanceof Failure && failure.skip;  // not checked, but nothing is wrong
        if (!notice) { allPassed = false; }
        var skipped = notice || (failure instanceof Failure &&
          [M.signature_no_key, M.inclusion_no_checkpoint].indexOf(failure.message) >= 0);
        show(step, skipped ? "skipped" : "failed",
          failure instanceof Failure ? fill(failure.message, failure.values) : String(failure));
      }
    }
    showRecord(state.entry);
    showVerdict(allPassed, allPassed ? M.verdict_ok : M.verdict_bad);
    reveal();
  }

  function run(text) {
    verify(text).catch(function (error) {
      showVerdict(false, String(error));
      reveal();
    });
  }

  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    if (!file) { return; }
    file.text().then(function (text) {
      textInput.value = text;
      run(text);
    }, function () {
      showVerdict(false, M.file_unreadable);
      reveal();
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textInput.value.trim();
    if (!text) {
      STEPS.forEach(function (step) { show(step, "skipped", ""); });
      showVerdict(false, M.no_input);
      reveal();
      return;
    }
    run(text);
  });
}());
