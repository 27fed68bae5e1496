// Kongsi: small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // <select class="js-autosubmit"> submits its form when changed.
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // <button data-copy-target="#id"> or data-copy-text="..." copies text.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      // Some phones refuse the clipboard API (no permission, page not
      // focused): copy the old way then, rather than doing nothing.
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "hidden";
    document.body.appendChild(area);
    area.classList.remove("hidden");
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target], [data-copy-text]");
    if (!button) { return; }
    event.preventDefault();
    var text = button.getAttribute("data-copy-text");
    if (text === null) {
      var target = document.querySelector(button.getAttribute("data-copy-target"));
      text = target ? (target.value !== undefined && target.tagName !== "DIV" ? target.value : target.textContent) : "";
    }
    copyText(text.trim()).then(function () {
      var done = button.getAttribute("data-copied-label") || "OK";
      var original = button.textContent;
      button.textContent = done;
      button.setAttribute("data-copied", text.trim());
      window.kongsiLastCopied = text.trim();
      setTimeout(function () { button.textContent = original; }, 1800);
    });
  });

  // <form data-confirm="question"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();

// Without signal: the service worker (/sw.js), the "no signal" banner, the
// order outbox (loaded when needed) and forms that need the server.
(function () {
  "use strict";
  var body = document.body;
  var banner = document.getElementById("offline-banner");

  function say(text) {
    if (!banner) { return; }
    banner.textContent = text;
    banner.hidden = false;
  }
  function showBanner() {
    if (!banner) { return; }
    if (!navigator.onLine || body.hasAttribute("data-from-cache")) {
      say(banner.getAttribute("data-no-signal"));
    } else {
      banner.hidden = true;
    }
  }

  // The outbox (static/js/outbox.js) is loaded only when it has work: an order
  // is kept on this phone (outbox.js notes it here), or a page with its list or
  // the new-order form is without signal, or the worker just kept an order
  // (?outbox=1). A first visit with signal never carries it.
  var OUTBOX_KEPT = "kongsi-outbox";
  var outboxLoading = null;
  function outboxKept() {
    try { return window.localStorage.getItem(OUTBOX_KEPT) === "1"; } catch (error) { return false; }
  }
  function loadOutbox() {
    if (window.KongsiOutbox) { return Promise.resolve(window.KongsiOutbox); }
    if (!outboxLoading) {
      outboxLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = body.getAttribute("data-outbox-js");
        script.onload = function () { return window.KongsiOutbox ? resolve(window.KongsiOutbox) : reject(); };
        script.onerror = function () { outboxLoading = null; reject(); };
        document.head.appendChild(script);
      });
    }
    return outboxLoading;
  }
  function outboxPage() { return !!document.querySelector("[data-outbox-list], form[data-outbox]"); }
  function outboxNeeded() {
    return outboxKept() || (outboxPage() && (!navigator.onLine || /[?&]outbox=1\b/.test(window.location.search)));
  }
  function loadOutboxIfNeeded() {
    if (outboxNeeded()) { loadOutbox()["catch"](function () { return null; }); }
  }
  // static/js/orders.js asks for it when a new order is sent without signal.
  window.kongsiLoadOutbox = loadOutbox;

  // Settlements and payments reserve a unique code on the server: never offline.
  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || window.location.pathname;
    var path = new URL(action, window.location.href).pathname;
    if (!navigator.onLine && /^\/(setor|amal)\//.test(path)) {
      event.preventDefault();
      say(banner ? banner.getAttribute("data-needs-signal") : "");
    }
    if (event.target.classList.contains("logout-form") && navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
    }
  });

  var worker = body.getAttribute("data-sw");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" })["catch"](function () { return null; });
    // Once a visit, signed in: keep Beranda, the catalog and the orders ready.
    navigator.serviceWorker.ready.then(function (registration) {
      var active = registration.active;
      if (active && body.hasAttribute("data-signed-in") && !window.sessionStorage.getItem("kongsi-warm")) {
        window.sessionStorage.setItem("kongsi-warm", "1");
        active.postMessage({ type: "warm" });
      }
    });
  }
  window.addEventListener("online", function () { showBanner(); loadOutboxIfNeeded(); });
  window.addEventListener("offline", function () { showBanner(); loadOutboxIfNeeded(); });
  showBanner();
  loadOutboxIfNeeded();
})();
