// Kongsi's offline order outbox, shared by the pages and the service worker.
// Pages load it through static/js/kongsi.js only when it has work (an order is
// kept on this phone, or there is no signal on the order form or a list).
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

// On a page: the outbox list (templates/includes/outbox.html, its words in
// data attributes), and sending what waits now and whenever the signal is back.
(function (root) {
  "use strict";
  if (typeof document === "undefined") { return; }  // the service worker
  var outbox = root.KongsiOutbox;
  var KEPT = "kongsi-outbox";  // read by static/js/kongsi.js

  // Remember whether orders are kept, so every page loads this file to send
  // them and the lists show them; with none kept, pages do without it.
  function noteKept(entries) {
    try {
      if (entries.length) { root.localStorage.setItem(KEPT, "1"); } else { root.localStorage.removeItem(KEPT); }
    } catch (error) { /* private mode: the lists still load it without signal */ }
    return entries;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function button(label, action, key) {
    var node = element("button", "button small", label);
    node.type = "button";
    node.setAttribute("data-outbox-action", action);
    node.setAttribute("data-key", key);
    return node;
  }
  function render() {
    var sections = document.querySelectorAll("[data-outbox-list]");
    return outbox.all().then(noteKept).then(function (entries) {
      sections.forEach(function (section) {
        var words = function (name) { return section.getAttribute("data-" + name) || ""; };
        var list = section.querySelector("ul");
        list.textContent = "";
        section.hidden = entries.length === 0;
        entries.forEach(function (entry) {
          var item = element("li", "outbox-item " + entry.status);
          item.setAttribute("data-key", entry.key);
          item.appendChild(element("strong", "", (entry.body.marketplace_order_no || "—") + " · " + (entry.body.recipient_name || "")));
          var state = { sent: words("sent"), problem: words("refused") }[entry.status] || words("waiting");
          item.appendChild(element("span", "outbox-state badge", state));
          if (entry.status === "problem") {
            item.appendChild(element("p", "error", entry.problem));
            item.appendChild(button(words("retry"), "retry", entry.key));
            item.appendChild(button(words("delete"), "delete", entry.key));
          } else if (entry.status === "sent" && entry.order) {
            var link = element("a", "chip", words("see"));
            link.href = "/pesanan/" + entry.order + "/";
            item.appendChild(link);
          }
          list.appendChild(item);
        });
      });
    });
  }
  function flush() {
    if (navigator.onLine) { outbox.sendAll().then(render, render); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-outbox-action]");
    if (!target) { return; }
    var key = target.getAttribute("data-key");
    var done = target.getAttribute("data-outbox-action") === "delete" ? outbox.remove(key) : outbox.retry(key);
    done.then(render, render);
  });
  document.addEventListener("kongsi:outbox-changed", function () { render(); flush(); });
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-changed") { render(); }
    });
  }
  root.addEventListener("online", flush);
  render();
  flush();
})(self);
