// "Tick all": <input type="checkbox" data-select-all="NAME"> ticks or unticks
// every checkbox named NAME in its form, and follows them when they change.
// It is rendered hidden and shown here, so without script nothing is missing.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form;
    var name = all.getAttribute("data-select-all");
    function boxes() {
      return Array.prototype.slice.call(
        form.querySelectorAll('input[type=checkbox][name="' + name + '"]')
      );
    }
    function follow() {
      var list = boxes();
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    }
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      all.indeterminate = false;
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all && event.target.name === name) { follow(); }
    });
    var wrap = all.closest("[hidden]");
    if (wrap) { wrap.hidden = false; }
    follow();
  });
})();
