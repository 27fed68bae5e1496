// Catat pesanan: split the pasted address, add item rows, search items,
// prefill the suggested price and count the money while typing.
// The page works without this file (every button also submits the form).
(function () {
  "use strict";
  var form = document.getElementById("order-form");
  if (!form) { return; }

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // 1. The recipient block: split it on the server as soon as it is pasted.
  var block = document.getElementById("id_recipient_block");
  var timer = null;
  function splitBlock() {
    if (!block.value.trim()) { return; }
    var body = new URLSearchParams();
    body.set("text", block.value);
    fetch(form.getAttribute("data-parse-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (data) {
      var fields = { name: "id_recipient_name", phone: "id_recipient_phone", address: "id_recipient_address" };
      Object.keys(fields).forEach(function (key) {
        var input = document.getElementById(fields[key]);
        if (input && data[key]) { input.value = data[key]; }
      });
      form.setAttribute("data-parsed", "1");
    });
  }
  if (block) {
    block.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(splitBlock, 250);
    });
    var parseButton = form.querySelector(".js-parse-button");
    if (parseButton) {
      parseButton.addEventListener("click", function (event) { event.preventDefault(); splitBlock(); });
    }
  }

  // 2. Item rows.
  var rows = document.getElementById("line-rows");
  var total = form.querySelector("input[name=lines-TOTAL_FORMS]");

  function selectedOption(row) {
    var select = row.querySelector("select.line-variant");
    return select && select.selectedIndex > 0 ? select.options[select.selectedIndex] : null;
  }

  function prefillPrice(row) {
    var option = selectedOption(row);
    var price = row.querySelector("input.line-price");
    if (!option || !price) { return; }
    if (!price.value || price.getAttribute("data-auto") === "1") {
      price.value = option.getAttribute("data-suggested");
      price.setAttribute("data-auto", "1");
    }
  }

  function filterOptions(row, text) {
    var select = row.querySelector("select.line-variant");
    if (!select) { return; }
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    var matches = [];
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (index === 0) { return; }
      var label = option.textContent.toLowerCase();
      var ok = words.every(function (word) { return label.indexOf(word) !== -1; });
      option.hidden = !ok;
      if (ok) { matches.push(option); }
    });
    if (words.length && matches.length === 1) {
      select.value = matches[0].value;
      prefillPrice(row);
      recount();
    }
  }

  form.addEventListener("input", function (event) {
    var row = event.target.closest(".order-line");
    if (event.target.classList.contains("line-search") && row) {
      filterOptions(row, event.target.value);
    }
    if (event.target.classList.contains("line-price")) {
      event.target.removeAttribute("data-auto");
    }
    recount();
  });
  form.addEventListener("change", function (event) {
    var row = event.target.closest(".order-line");
    if (event.target.classList.contains("line-variant") && row) {
      prefillPrice(row);
    }
    recount();
  });

  var addButton = form.querySelector(".js-add-line");
  if (addButton && rows && total) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var all = rows.querySelectorAll(".order-line");
      var last = all[all.length - 1];
      var index = parseInt(total.value, 10);
      var copy = last.cloneNode(true);
      copy.setAttribute("data-index", index);
      copy.querySelectorAll("[name], [id], label[for]").forEach(function (element) {
        ["name", "id", "for"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) { element.setAttribute(attribute, value.replace(/lines-\d+-/, "lines-" + index + "-")); }
        });
      });
      copy.querySelectorAll(".error").forEach(function (element) { element.remove(); });
      copy.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("data-auto"); });
      copy.querySelectorAll("option").forEach(function (option) { option.hidden = false; });
      var select = copy.querySelector("select");
      if (select) { select.selectedIndex = 0; }
      var quantity = copy.querySelector("input.line-quantity");
      if (quantity) { quantity.value = "1"; }
      var number = copy.querySelector(".line-number");
      if (number) { number.textContent = String(index + 1); }
      rows.appendChild(copy);
      total.value = String(index + 1);
      var search = copy.querySelector("input.line-search");
      if (search) { search.focus(); }
    });
  }

  // 3. Money, counted the same way as the server (whole rupiah, half-up).
  function rupiah(amount) {
    var sign = amount < 0 ? "-" : "";
    var digits = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return sign + "Rp " + digits;
  }
  function number(input) {
    var value = input ? parseInt(input.value, 10) : NaN;
    return isNaN(value) ? 0 : value;
  }
  function recount() {
    var goods = 0;
    var profit = 0;
    rows.querySelectorAll(".order-line").forEach(function (row) {
      var option = selectedOption(row);
      if (!option) { return; }
      var quantity = number(row.querySelector("input.line-quantity")) || 1;
      var base = parseInt(option.getAttribute("data-base"), 10);
      var priceInput = row.querySelector("input.line-price");
      var sale = priceInput && priceInput.value !== "" ? number(priceInput) : parseInt(option.getAttribute("data-suggested"), 10);
      goods += base * quantity;
      profit += (sale - base) * quantity;
    });
    goods += number(document.getElementById("id_shipping_fee"));
    profit -= number(document.getElementById("id_marketplace_fee"));
    var basisPoints = parseInt(form.getAttribute("data-rate-bp"), 10) || 0;
    var minimum = parseInt(form.getAttribute("data-minimum"), 10) || 0;
    var charity = Math.floor((Math.max(profit, 0) * basisPoints + 5000) / 10000);
    charity = Math.max(charity, minimum);
    document.getElementById("preview-goods").textContent = rupiah(goods);
    document.getElementById("preview-profit").textContent = rupiah(profit);
    document.getElementById("preview-charity").textContent = rupiah(charity);
  }
  rows.querySelectorAll(".order-line").forEach(prefillPrice);

  // 4. No signal: keep the new order on the phone (static/js/outbox.js, loaded
  // now by kongsi.js from the worker's cache); it is sent by itself, with its
  // Idempotency-Key, when the signal is back. If the outbox cannot load, the
  // form is sent as usual and the worker keeps it.
  if (form.hasAttribute("data-outbox") && window.kongsiLoadOutbox) {
    form.addEventListener("submit", function (event) {
      var action = event.submitter ? event.submitter.value : "submit";
      if ((action !== "submit" && action !== "draft") || navigator.onLine || form.hasAttribute("data-outbox-failed")) { return; }
      event.preventDefault();
      var submitter = event.submitter;
      var data = new FormData(form);
      data.set("action", action);
      window.kongsiLoadOutbox().then(function (outbox) {
        return outbox.keepForm(data).then(function () {
          if (navigator.serviceWorker && navigator.serviceWorker.controller) {
            navigator.serviceWorker.ready.then(outbox.requestSync);
          }
          form.reset();
          recount();
          document.dispatchEvent(new CustomEvent("kongsi:outbox-changed"));
          var list = document.querySelector("[data-outbox-list]");
          if (list) { list.scrollIntoView(); }
        });
      }, function () {
        form.setAttribute("data-outbox-failed", "");
        form.requestSubmit(submitter);
      });
    });
  }
})();
