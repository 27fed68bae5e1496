// Kongsi's offline order outbox, shared by the pages and the service worker.
//
// An order logged without signal is kept on the phone (IndexedDB "kongsi",
// store "outbox") with a key made here, and sent later to POST /api/v1/orders/
// with that key as its Idempotency-Key: however often it is sent, the server
// logs it once. What the server refuses (stock gone, item no longer sold)
// stays on the phone with the server's message, to fix or delete.
(function (root) {
  "use strict";
  var DB_NAME = "kongsi";
  var STORE = "outbox";
  var API = "/api/v1/orders/";
  var SYNC_TAG = "kongsi-outbox";
  var SENT_DAYS = 2;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function inStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function all() {
    return inStore("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      return (entries || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function put(entry) { return inStore("readwrite", function (store) { return store.put(entry); }); }
  function remove(key) { return inStore("readwrite", function (store) { return store["delete"](key); }); }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // "12" → 12; "" → fallback; anything else is sent as typed (the server says what is wrong).
  function number(value, fallback) {
    if (value === undefined || value === null || String(value).trim() === "") { return fallback; }
    var text = String(value).trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : text;
  }

  // The new-order page form's fields → the API's order body (API.md "Orders").
  function bodyFromFields(fields) {
    var total = parseInt(fields["lines-TOTAL_FORMS"] || "0", 10) || 0;
    var lines = [];
    for (var index = 0; index < Math.min(total, 50); index += 1) {
      var prefix = "lines-" + index + "-";
      if (!fields[prefix + "variant"]) { continue; }
      lines.push({
        variant: number(fields[prefix + "variant"], null),
        quantity: number(fields[prefix + "quantity"], 1),
        sale_price: number(fields[prefix + "sale_price"], null)
      });
    }
    return {
      shop: number(fields.shop, null),
      marketplace_order_no: fields.marketplace_order_no || "",
      recipient_name: fields.recipient_name || "",
      recipient_phone: fields.recipient_phone || "",
      recipient_address: fields.recipient_address || "",
      courier: fields.courier || "",
      shipping_fee: number(fields.shipping_fee, 0),
      marketplace_fee: number(fields.marketplace_fee, 0),
      lines: lines,
      draft: fields.action === "draft"
    };
  }

  // Keep a new-order form (a FormData) in the outbox; resolve to the entry.
  function keepForm(data) {
    var fields = {};
    var label = null;
    data.forEach(function (value, name) {
      if (name === "label") {
        if (value && value.size) { label = value; }
      } else if (typeof value === "string") {
        fields[name] = value;
      }
    });
    var entry = {
      key: newKey(),
      created: Date.now(),
      csrf: fields.csrfmiddlewaretoken || "",
      body: bodyFromFields(fields),
      label: label,
      status: "pending",
      problem: ""
    };
    return put(entry).then(function () { return entry; });
  }

  function requestSync(registration) {
    if (registration && registration.sync) {
      registration.sync.register(SYNC_TAG)["catch"](function () { return null; });
    }
  }

  function problemText(data) {
    var parts = [];
    (function walk(value) {
      if (value === null || value === undefined) { return; }
      if (typeof value === "string") { parts.push(value); return; }
      if (Array.isArray(value)) { value.forEach(walk); return; }
      if (typeof value === "object") { Object.keys(value).forEach(function (k) { walk(value[k]); }); }
    })(data);
    return parts.join(" ");
  }

  function csrfFromCookie() {
    if (typeof document === "undefined") { return ""; }
    var found = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return found ? decodeURIComponent(found[1]) : "";
  }

  // Send one entry; resolve to it with its new status.
  function send(entry) {
    var headers = { "Idempotency-Key": entry.key, "X-CSRFToken": csrfFromCookie() || entry.csrf, "Accept": "application/json" };
    var body;
    if (entry.label) {
      body = new FormData();
      Object.keys(entry.body).forEach(function (name) {
        var value = entry.body[name];
        body.append(name, name === "lines" ? JSON.stringify(value) : (value === null ? "" : String(value)));
      });
      body.append("label", entry.label, entry.label.name || "label");
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(entry.body);
    }
    return root.fetch(API, { method: "POST", headers: headers, body: body, credentials: "same-origin" }).then(function (response) {
      return response.json()["catch"](function () { return {}; }).then(function (data) {
        if (response.status === 200 || response.status === 201) {
          entry.status = "sent";
          entry.order = data.id;
          entry.sent = Date.now();
          entry.problem = "";
          entry.label = null;
        } else if ([400, 404, 409, 413, 422].indexOf(response.status) !== -1) {
          entry.status = "problem";
          entry.problem = problemText(data);
        } else {
          entry.status = "pending";  // signed out, or the server is busy: later
          entry.waiting = response.status;
        }
        return put(entry).then(function () { return entry; });
      });
    }, function () { return entry; });  // still no signal
  }

  var sending = null;
  function sendAll() {
    if (sending) { return sending; }
    sending = all().then(function (entries) {
      var now = Date.now();
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          if (entry.status === "sent") {
            return now - entry.sent > SENT_DAYS * 86400000 ? remove(entry.key) : null;
          }
          return entry.status === "pending" ? send(entry) : null;
        });
      }, Promise.resolve());
    })["finally"](function () { sending = null; });
    return sending;
  }

  function retry(key) {
    return all().then(function (entries) {
      var entry = entries.filter(function (e) { return e.key === key; })[0];
      if (!entry) { return null; }
      entry.status = "pending";
      entry.problem = "";
      return put(entry).then(function () { return send(entry); });
    });
  }

  root.KongsiOutbox = {
    SYNC_TAG: SYNC_TAG,
    all: all,
    remove: remove,
    retry: retry,
    keepForm: keepForm,
    bodyFromFields: bodyFromFields,
    requestSync: requestSync,
    sendAll: sendAll
  };
})(self);
