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
// order outbox list (static/js/outbox.js) and forms that need the server.
(function () {
  "use strict";
  var body = document.body;
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) { return text.replace("%s", values[0]); };
  var outbox = window.KongsiOutbox;
  var banner = document.getElementById("offline-banner");

  function say(text) {
    if (!banner) { return; }
    banner.textContent = text;
    banner.hidden = false;
  }
  function showBanner() {
    if (!banner) { return; }
    if (!navigator.onLine || body.hasAttribute("data-from-cache")) {
      say(interpolate(gettext("No signal. This is Kongsi as it was on %s. It updates by itself when the signal is back."), [body.getAttribute("data-fresh") || ""]));
    } else {
      banner.hidden = true;
    }
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
  function renderOutbox() {
    var sections = document.querySelectorAll("[data-outbox-list]");
    if (!outbox || !sections.length) { return; }
    outbox.all().then(function (entries) {
      sections.forEach(function (section) {
        var list = section.querySelector("ul");
        list.textContent = "";
        section.hidden = entries.length === 0;
        entries.forEach(function (entry) {
          var item = element("li", "outbox-item " + entry.status);
          item.setAttribute("data-key", entry.key);
          item.appendChild(element("strong", "", (entry.body.marketplace_order_no || "—") + " · " + (entry.body.recipient_name || "")));
          var state = { sent: gettext("Sent"), problem: gettext("Not sent: Kongsi refused it") }[entry.status] || gettext("Not sent yet");
          item.appendChild(element("span", "outbox-state badge", state));
          if (entry.status === "problem") {
            item.appendChild(element("p", "error", entry.problem));
            item.appendChild(button(gettext("Try again"), "retry", entry.key));
            item.appendChild(button(gettext("Delete from this phone"), "delete", entry.key));
          } else if (entry.status === "sent" && entry.order) {
            var link = element("a", "chip", gettext("See the order"));
            link.href = "/pesanan/" + entry.order + "/";
            item.appendChild(link);
          }
          list.appendChild(item);
        });
      });
    });
  }
  function flush() {
    if (outbox && navigator.onLine) { outbox.sendAll().then(renderOutbox, renderOutbox); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-outbox-action]");
    if (!target || !outbox) { return; }
    var key = target.getAttribute("data-key");
    var done = target.getAttribute("data-outbox-action") === "delete" ? outbox.remove(key) : outbox.retry(key);
    done.then(renderOutbox, renderOutbox);
  });
  document.addEventListener("kongsi:outbox-changed", function () { renderOutbox(); flush(); });

  // Settlements and payments reserve a unique code on the server: never offline.
  document.addEventListener("submit", function (event) {
    var action = event.target.getAttribute("action") || window.location.pathname;
    var path = new URL(action, window.location.href).pathname;
    if (!navigator.onLine && /^\/(setor|amal)\//.test(path)) {
      event.preventDefault();
      say(gettext("Settlements and payments need signal: Kongsi must reserve the unique code. Try again when the signal is back."));
    }
    if (event.target.classList.contains("logout-form") && navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
    }
  });

  var worker = body.getAttribute("data-sw");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" })["catch"](function () { return null; });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-changed") { renderOutbox(); }
    });
    // Once a visit, signed in: keep Beranda, the catalog and the orders ready.
    navigator.serviceWorker.ready.then(function (registration) {
      var active = registration.active;
      if (active && body.hasAttribute("data-signed-in") && !window.sessionStorage.getItem("kongsi-warm")) {
        window.sessionStorage.setItem("kongsi-warm", "1");
        active.postMessage({ type: "warm" });
      }
    });
  }
  window.addEventListener("online", function () { showBanner(); flush(); });
  window.addEventListener("offline", showBanner);
  showBanner();
  renderOutbox();
  flush();
})();
