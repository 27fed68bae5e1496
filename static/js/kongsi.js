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
