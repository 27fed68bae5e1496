// Packing day: "tick all" on the label inbox, the print button of the pick
// list, and the camera on the scan-to-pack page. Every page works without
// this file: typing the resi (or a scanner that types) and submitting does.
(function () {
  "use strict";

  // 1. Tick all orders of the form.
  Array.prototype.forEach.call(document.querySelectorAll(".js-select-all"), function (box) {
    var form = document.getElementById(box.getAttribute("data-target"));
    if (!form) { return; }
    box.addEventListener("change", function () {
      Array.prototype.forEach.call(form.querySelectorAll("input[name=order]"), function (input) {
        input.checked = box.checked;
      });
    });
  });

  // 2. Print.
  Array.prototype.forEach.call(document.querySelectorAll(".js-print"), function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // 3. Scan-to-pack: tell the result with a buzz, read barcodes with the camera.
  var result = document.getElementById("scan-result");
  if (result && navigator.vibrate) {
    var tone = result.getAttribute("data-tone");
    navigator.vibrate(tone === "ok" ? 80 : [200, 100, 200, 100, 200]);
  }
  var start = document.getElementById("scan-start");
  var form = document.getElementById("scan-form");
  var input = document.getElementById("scan-code");
  if (!start || !form || !input) { return; }
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) { return; }
  start.hidden = false;
  var camera = document.getElementById("scan-camera");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  var stream = null;
  var done = false;

  function found(text) {
    if (done || !text) { return; }
    done = true;
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    input.value = text;
    form.submit();
  }

  function say(text) { if (status) { status.textContent = text; } }

  function withDetector() {
    var formats = ["code_128", "code_39", "ean_13", "qr_code", "codabar", "itf"];
    var detector;
    try { detector = new window.BarcodeDetector({ formats: formats }); }
    catch (error) { detector = new window.BarcodeDetector(); }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(function () {
        function tick() {
          if (done) { return; }
          detector.detect(video).then(function (codes) {
            if (codes.length) { found(codes[0].rawValue); } else { setTimeout(tick, 150); }
          }, function () { setTimeout(tick, 300); });
        }
        tick();
      })
      .catch(function () { say(start.getAttribute("data-no-camera") || ""); });
  }

  function withZxing() {
    var reader = new window.ZXing.BrowserMultiFormatReader();
    reader.decodeFromConstraints({ video: { facingMode: "environment" } }, video, function (code) {
      if (code) { reader.reset(); found(code.getText()); }
    }).catch(function () { say(start.getAttribute("data-no-camera") || ""); });
  }

  start.addEventListener("click", function () {
    camera.hidden = false;
    start.hidden = true;
    if ("BarcodeDetector" in window) { withDetector(); return; }
    if (window.ZXing) { withZxing(); return; }
    // Only phones without BarcodeDetector download the (large) decoder.
    var script = document.createElement("script");
    script.src = start.getAttribute("data-decoder");
    script.onload = withZxing;
    document.head.appendChild(script);
  });
}());
