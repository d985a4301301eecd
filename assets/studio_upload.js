/* Audio uploads for artists (/studio/upload): send files to the REST API with progress.
 *
 * Files never go through the websocket or Reflex's /_upload route. Each one is POSTed as the
 * raw body to /api/v1/studio/uploads?filename=... by XMLHttpRequest (same origin, so the
 * browser adds the HttpOnly session cookie and an Origin header the API's cross-site check
 * accepts), two at a time. This script:
 *  - takes files from the picker (#sc-upload-input) or dropped on #sc-upload-drop;
 *  - draws one progress bar per file and one for the batch inside #sc-upload-batch (plain
 *    DOM React never renders into), with a Cancel button per file (xhr.abort());
 *  - refuses at once a file over the server's cap (data-max-bytes on the drop zone), with
 *    the server's own sentence, instead of sending it for nothing;
 *  - when a file is done, queues its outcome and clicks #sc-upload-report, whose handler
 *    (StudioUploadState.report) takes the queue via take() and reads the list again;
 *  - every 2 s, while #sc-upload-list says data-pending="true", clicks #sc-upload-refresh.
 * Loaded once by StudioUploadState.load (rx.call_script); listeners live on `document`, so
 * sending goes on across page changes and the rows are drawn again on coming back.
 */
(function () {
  "use strict";
  if (window.scStudioUpload) return;

  var ENDPOINT = "/api/v1/studio/uploads";
  var PARALLEL = 2;
  var POLL_MS = 2000;
  var MAX_NAME = 1000;
  var files = [];
  var outcomes = [];
  var nextId = 1;
  var painting = false;

  function byId(id) { return document.getElementById(id); }

  function sizeText(n) {
    if (n < 1024 * 1024) return Math.max(n ? 1 : 0, Math.floor(n / 1024)) + " kB";
    var mb = n / (1024 * 1024);
    return (mb < 10 ? mb.toFixed(1) : String(Math.floor(mb))) + " MB";
  }

  function active(f) { return f.state === "queued" || f.state === "sending"; }
  function anyActive() { for (var i = 0; i < files.length; i++) if (active(files[i])) return true; return false; }

  function maxBytes() {
    var zone = byId("sc-upload-drop");
    var value = zone ? Number(zone.getAttribute("data-max-bytes")) : 0;
    return isFinite(value) && value > 0 ? value : 0;
  }

  function add(list) {
    if (!list || !list.length) return;
    if (!anyActive()) files = [];  // a new batch once the last one is over
    var cap = maxBytes();
    for (var i = 0; i < list.length; i++) {
      var file = list[i];
      var rec = { id: nextId++, file: file, name: file.name || "Untitled", size: file.size || 0,
                  loaded: 0, state: "queued", message: "Waiting to send…", xhr: null };
      files.push(rec);
      if (cap && rec.size > cap) {
        finish(rec, "refused", "This file is larger than the " + Math.round(cap / (1024 * 1024)) +
               " MB limit for audio uploads.");
      }
    }
    pump();
    paint();
  }

  function pump() {
    var sending = 0;
    for (var i = 0; i < files.length; i++) if (files[i].state === "sending") sending++;
    for (var k = 0; k < files.length && sending < PARALLEL; k++) {
      if (files[k].state === "queued") { send(files[k]); sending++; }
    }
  }

  function detailOf(xhr) {
    try {
      var body = JSON.parse(xhr.responseText || "{}");
      if (body && typeof body.detail === "string" && body.detail) return body.detail;
    } catch (e) { /* not JSON: fall through to the status's sentence */ }
    if (xhr.status === 401) return "Your session has ended. Sign in again, then send this file again.";
    if (xhr.status === 413) return "This file is too large to upload.";
    if (xhr.status === 403) return "Only artists can upload music. Become an artist in Settings.";
    return "The server could not take this file (error " + xhr.status + "). Please try again.";
  }

  function send(rec) {
    var xhr = new XMLHttpRequest();
    rec.xhr = xhr;
    rec.state = "sending";
    rec.message = "Sending…";
    xhr.open("POST", ENDPOINT + "?filename=" + encodeURIComponent(rec.name.slice(0, MAX_NAME)));
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", rec.file.type || "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { rec.loaded = e.loaded; if (e.total) rec.size = e.total; }
      schedulePaint();
    };
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        rec.loaded = rec.size;
        finish(rec, "sent", "Sent. Now being made a draft: follow it in the list below.");
      } else {
        finish(rec, "refused", detailOf(xhr));
      }
    };
    xhr.onerror = function () {
      finish(rec, "error", "The upload was interrupted (connection lost, or the server stopped it). " +
                           "Check your connection and send the file again.");
    };
    xhr.onabort = function () { finish(rec, "cancelled", "Cancelled. Nothing was kept."); };
    xhr.send(rec.file);
  }

  function finish(rec, state, message) {
    if (!active(rec)) return;
    rec.state = state;
    rec.message = message;
    rec.xhr = null;
    rec.file = null;  // let the browser free the file
    outcomes.push({ name: rec.name, result: state });
    pump();
    paint();
    report();
  }

  function report() {
    var button = byId("sc-upload-report");
    if (button && outcomes.length) button.click();
  }

  function cancel(id) {
    for (var i = 0; i < files.length; i++) {
      var rec = files[i];
      if (rec.id !== id) continue;
      if (rec.state === "sending" && rec.xhr) rec.xhr.abort();
      else if (rec.state === "queued") finish(rec, "cancelled", "Cancelled before sending.");
    }
  }

  function clearFinished() {
    files = files.filter(active);
    paint();
  }

  function schedulePaint() {
    if (painting) return;
    painting = true;
    window.requestAnimationFrame(function () { painting = false; paint(); });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bar(percent, label) {
    var outer = el("div", "sc-up-bar");
    outer.setAttribute("role", "progressbar");
    outer.setAttribute("aria-valuemin", "0");
    outer.setAttribute("aria-valuemax", "100");
    outer.setAttribute("aria-valuenow", String(percent));
    outer.setAttribute("aria-label", label);
    var fill = el("div", "sc-up-fill");
    fill.style.width = percent + "%";
    outer.appendChild(fill);
    return outer;
  }

  function percentOf(rec) {
    if (rec.state === "sent") return 100;
    if (!rec.size) return 0;
    return Math.min(100, Math.floor((rec.loaded / rec.size) * 100));
  }

  function summary() {
    var total = 0, loaded = 0, done = 0, sent = 0, sending = 0;
    for (var i = 0; i < files.length; i++) {
      var rec = files[i];
      if (rec.state === "cancelled") continue;
      total += rec.size;
      loaded += rec.state === "sending" || rec.state === "sent" ? Math.min(rec.loaded, rec.size) : rec.size;
      if (!active(rec)) done++;
      if (rec.state === "sent") sent++;
      if (rec.state === "sending") sending++;
    }
    var count = files.filter(function (f) { return f.state !== "cancelled"; }).length;
    var pct = total ? Math.floor((loaded / total) * 100) : 100;
    return { count: count, done: done, sent: sent, sending: sending, pct: Math.min(100, pct) };
  }

  function row(rec) {
    var node = el("li", "sc-up-row sc-up-" + rec.state);
    node.setAttribute("data-testid", "upload-row");
    node.setAttribute("data-upload-state", rec.state);
    var top = el("div", "sc-up-row-top");
    top.appendChild(el("span", "sc-up-name", rec.name));
    top.appendChild(el("span", "sc-up-size", sizeText(rec.size)));
    if (active(rec)) {
      var stop = el("button", "sc-up-cancel", "Cancel");
      stop.type = "button";
      stop.setAttribute("data-upload-cancel", String(rec.id));
      stop.setAttribute("aria-label", "Cancel sending " + rec.name);
      top.appendChild(stop);
    }
    node.appendChild(top);
    if (rec.state === "sending" || rec.state === "queued" || rec.state === "sent") {
      node.appendChild(bar(percentOf(rec), "Sending " + rec.name));
    }
    var msg = el("div", "sc-up-msg", rec.state === "sending" ? "Sending… " + percentOf(rec) + "%" : rec.message);
    if (rec.state === "refused" || rec.state === "error") msg.setAttribute("role", "alert");
    node.appendChild(msg);
    return node;
  }

  function paint() {
    var box = byId("sc-upload-batch");
    if (!box) return;
    box.textContent = "";
    if (!files.length) return;
    var s = summary();
    var head = el("div", "sc-up-overall");
    var line = el("div", "sc-up-overall-top");
    var text = anyActive()
      ? "Sending " + s.count + (s.count === 1 ? " file" : " files") + ": " + s.done + " done · " + s.pct + "%"
      : "Batch finished: " + s.sent + " of " + s.count + (s.count === 1 ? " file" : " files") + " sent";
    line.appendChild(el("span", "sc-up-overall-text", text));
    if (!anyActive()) {
      var clear = el("button", "sc-up-clear", "Clear");
      clear.type = "button";
      clear.setAttribute("data-upload-clear", "1");
      line.appendChild(clear);
    }
    head.appendChild(line);
    head.appendChild(bar(anyActive() ? s.pct : 100, "Batch progress"));
    box.appendChild(head);
    var list = el("ul", "sc-up-rows");
    for (var i = 0; i < files.length; i++) list.appendChild(row(files[i]));
    box.appendChild(list);
  }

  function poll() {
    var box = byId("sc-upload-batch");
    if (box && files.length && !box.firstChild) paint();  // the page was drawn again
    if (document.hidden) return;
    var list = byId("sc-upload-list");
    if (list && list.getAttribute("data-pending") === "true") {
      var button = byId("sc-upload-refresh");
      if (button) button.click();
    }
  }

  function inZone(target) {
    return target && target.closest && target.closest("#sc-upload-drop");
  }

  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "sc-upload-input") {
      add(e.target.files);
      e.target.value = "";  // the same file may be picked again later
    }
  });
  document.addEventListener("click", function (e) {
    var target = e.target && e.target.closest ? e.target : null;
    if (!target) return;
    var stop = target.closest("[data-upload-cancel]");
    if (stop) { cancel(Number(stop.getAttribute("data-upload-cancel"))); return; }
    if (target.closest("[data-upload-clear]")) clearFinished();
  });
  document.addEventListener("dragover", function (e) {
    if (!byId("sc-upload-drop")) return;
    e.preventDefault();  // a file dropped beside the zone must not replace the page
    var zone = inZone(e.target);
    if (zone) { zone.classList.add("sc-up-over"); e.dataTransfer.dropEffect = "copy"; }
    else { e.dataTransfer.dropEffect = "none"; }
  });
  document.addEventListener("dragleave", function (e) {
    var zone = inZone(e.target);
    if (zone && !zone.contains(e.relatedTarget)) zone.classList.remove("sc-up-over");
  });
  document.addEventListener("drop", function (e) {
    if (!byId("sc-upload-drop")) return;
    e.preventDefault();
    var zone = inZone(e.target);
    if (!zone) return;
    zone.classList.remove("sc-up-over");
    if (e.dataTransfer && e.dataTransfer.files) add(e.dataTransfer.files);
  });
  window.addEventListener("beforeunload", function (e) {
    if (anyActive()) { e.preventDefault(); e.returnValue = ""; }
  });
  window.setInterval(poll, POLL_MS);

  window.scStudioUpload = {
    add: add,
    cancel: cancel,
    /* The page is shown again: draw the batch, deliver outcomes that finished meanwhile. */
    refresh: function () { window.setTimeout(function () { paint(); report(); }, 0); },
    /* Called by the report button's handler: the outcomes not yet delivered. */
    take: function () { var out = outcomes; outcomes = []; return out; }
  };
  paint();
  report();
})();
