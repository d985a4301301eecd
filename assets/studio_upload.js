/* Audio uploads for artists (/studio/upload, and "Replace audio" in the album builder).
 *
 * Files never go through the websocket or Reflex's /_upload route. Each one is sent to the
 * REST API's resumable protocol (same origin, so the browser adds the HttpOnly session cookie
 * and an Origin header the API's cross-site check accepts), two files at a time:
 *   POST /api/v1/studio/uploads/sessions {filename, size[, replace_track_id]} -> id, piece_size
 *   PUT  /api/v1/studio/uploads/sessions/{id} (Upload-Offset: n) with file.slice(n, n + piece)
 *   GET  /api/v1/studio/uploads/sessions/{id} -> offset, after any network error or 409
 * A dropped connection is retried with growing waits (and at once when the browser is back
 * online), going on from the offset the server holds; a file picked again after the page was
 * closed resumes its session too (remembered in localStorage by name, size and date).
 * This script:
 *  - takes files from the picker (#sc-upload-input) or dropped on #sc-upload-drop;
 *  - draws one progress bar per file and one for the batch inside #sc-upload-batch (plain
 *    DOM React never renders into), with a Cancel button per file (the session is deleted);
 *  - refuses at once a file over the server's cap (data-max-bytes on the drop zone);
 *  - when a file is done, queues its outcome and clicks #sc-upload-report, whose handler
 *    (StudioUploadState.report) takes the queue via take() and reads the list again;
 *  - every 2 s, while #sc-upload-list says data-pending="true", clicks #sc-upload-refresh;
 *  - sends a file picked in an input[data-replace-track] as that song's new audio, writes
 *    how it goes into the matching [data-replace-status] element and, once it is in place,
 *    clicks the album builder's #sc-st-reload (BuilderTracksState.reload).
 * Loaded once (StudioUploadState.load, or the replace control's script tag); listeners live on
 * `document`, so sending goes on across page changes and the rows are drawn again on coming back.
 */
(function () {
  "use strict";
  if (window.scStudioUpload) return;

  var SESSIONS = "/api/v1/studio/uploads/sessions";
  var UPLOADS = "/api/v1/studio/uploads/";
  var PARALLEL = 2;
  var POLL_MS = 2000;
  var MAX_NAME = 1000;
  var RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000];
  var files = [];
  var replacing = {};
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

  function record(file, target) {
    return { id: nextId++, file: file, name: (file.name || "Untitled").slice(0, MAX_NAME), size: file.size || 0,
             loaded: 0, offset: 0, piece: 8 * 1024 * 1024, sid: null, tries: 0, timer: null, waiting: false,
             state: "queued", message: "Waiting to send…", xhr: null, target: target || null, uploadId: null };
  }

  function add(list) {
    if (!list || !list.length) return;
    if (!anyActive()) files = [];  // a new batch once the last one is over
    var cap = maxBytes();
    for (var i = 0; i < list.length; i++) {
      var rec = record(list[i], null);
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
      if (files[k].state === "queued") { start(files[k]); sending++; }
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

  function memoryKey(rec) {
    var f = rec.file;
    return "scUpload:" + (rec.target || "") + ":" + rec.name + ":" + rec.size + ":" + (f && f.lastModified || 0);
  }
  function remember(rec) { try { window.localStorage.setItem(memoryKey(rec), String(rec.sid)); } catch (e) { /* private mode */ } }
  function forget(rec) { try { window.localStorage.removeItem(memoryKey(rec)); } catch (e) { /* private mode */ } }
  function remembered(rec) {
    try { var v = Number(window.localStorage.getItem(memoryKey(rec))); return v > 0 ? v : null; } catch (e) { return null; }
  }

  function request(rec, method, url, body, headers, done) {
    var xhr = new XMLHttpRequest();
    rec.xhr = xhr;
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    for (var name in headers) xhr.setRequestHeader(name, headers[name]);
    xhr.onload = function () {
      if (rec.xhr !== xhr || !active(rec)) return;
      var data = null;
      try { data = JSON.parse(xhr.responseText || "null"); } catch (e) { data = null; }
      done(xhr, data);
    };
    xhr.onerror = xhr.ontimeout = function () { if (rec.xhr === xhr && active(rec)) retry(rec); };
    return xhr;
  }

  function start(rec) {
    rec.state = "sending";
    rec.message = "Sending…";
    rec.sid = rec.sid || remembered(rec);
    if (rec.sid) { resume(rec); return; }
    var body = { filename: rec.name, size: rec.size };
    if (rec.target) body.replace_track_id = rec.target;
    request(rec, "POST", SESSIONS, null, { "Content-Type": "application/json" }, function (xhr, data) {
      if (xhr.status === 201 && data) {
        rec.sid = data.id;
        rec.piece = data.piece_size || rec.piece;
        remember(rec);
        sendPiece(rec);
      } else if (xhr.status >= 500) { retry(rec); }
      else { finish(rec, "refused", detailOf(xhr)); }
    }).send(JSON.stringify(body));
  }

  /* Ask the server how much of the file it holds, then go on from there. */
  function resume(rec) {
    request(rec, "GET", SESSIONS + "/" + rec.sid, null, {}, function (xhr, data) {
      if (xhr.status === 200 && data) {
        if (data.status === "complete") { arrived(rec, data); return; }
        if (data.status === "failed") { forget(rec); finish(rec, "refused", data.error || detailOf(xhr)); return; }
        rec.offset = rec.loaded = data.offset;
        rec.piece = data.piece_size || rec.piece;
        sendPiece(rec);
      } else if (xhr.status === 404) {
        forget(rec);  // expired or cancelled elsewhere: start again
        rec.sid = null; rec.offset = rec.loaded = 0;
        start(rec);
      } else if (xhr.status >= 500) { retry(rec); }
      else { finish(rec, "refused", detailOf(xhr)); }
    }).send();
  }

  function sendPiece(rec) {
    if (!active(rec)) return;
    var end = Math.min(rec.size, rec.offset + rec.piece);
    var from = rec.offset;
    var xhr = request(rec, "PUT", SESSIONS + "/" + rec.sid, null,
                      { "Upload-Offset": String(from), "Content-Type": "application/octet-stream" },
                      function (xhr2, data) {
      if (xhr2.status === 200 && data) {
        rec.tries = 0;
        rec.offset = rec.loaded = data.offset;
        if (data.status === "complete") arrived(rec, data);
        else sendPiece(rec);
      } else if (xhr2.status === 409 || xhr2.status >= 500) {
        retry(rec);  // out of step with the server, or it stumbled: ask where it stands
      } else {
        forget(rec);
        finish(rec, "refused", detailOf(xhr2));
      }
    });
    xhr.upload.onprogress = function (e) {
      if (rec.xhr !== xhr) return;
      rec.loaded = Math.min(rec.size, from + e.loaded);
      if (rec.waiting) { rec.waiting = false; rec.message = "Sending…"; }
      schedulePaint();
    };
    xhr.send(rec.file.slice(from, end));
  }

  function retry(rec) {
    rec.xhr = null;
    if (rec.tries >= RETRY_MS.length) {
      finish(rec, "error", "The connection kept dropping, so sending stopped. Pick the file again: " +
                           "it goes on from where it stopped.");
      return;
    }
    var wait = RETRY_MS[rec.tries++];
    rec.waiting = true;
    rec.message = "Connection lost. Trying again in " + Math.round(wait / 1000) + " s… " +
                  "What already arrived is kept: sending goes on from there.";
    paintAll();
    rec.timer = window.setTimeout(function () { again(rec); }, wait);
  }

  function again(rec) {
    window.clearTimeout(rec.timer);
    rec.timer = null;
    if (!active(rec)) return;
    rec.waiting = false;
    rec.message = "Sending…";
    if (rec.sid) resume(rec); else start(rec);
  }

  function arrived(rec, data) {
    forget(rec);
    var upload = data.upload || {};
    rec.uploadId = upload.id || null;
    rec.loaded = rec.size;
    if (upload.status === "failed") { finish(rec, "refused", upload.error); return; }
    finish(rec, "sent", rec.target ? "Sent. Checking the new audio…"
                                   : "Sent. Now being made a draft: follow it in the list below.");
  }

  function finish(rec, state, message) {
    if (!active(rec)) return;
    if (rec.timer) { window.clearTimeout(rec.timer); rec.timer = null; }
    rec.state = state;
    rec.message = message;
    rec.waiting = false;
    rec.xhr = null;
    rec.file = null;  // let the browser free the file
    if (rec.target) { follow(rec); paintReplace(rec); return; }
    outcomes.push({ name: rec.name, result: state });
    pump();
    paint();
    report();
  }

  function report() {
    var button = byId("sc-upload-report");
    if (button && outcomes.length) button.click();
  }

  function cancelRec(rec) {
    if (!active(rec)) return;
    var xhr = rec.xhr, sid = rec.sid;
    rec.xhr = null;
    if (xhr) xhr.abort();
    if (sid) {
      var del = new XMLHttpRequest();
      del.open("DELETE", SESSIONS + "/" + sid);
      del.withCredentials = true;
      del.send();
    }
    forget(rec);
    finish(rec, "cancelled", sid ? "Cancelled. Nothing was kept." : "Cancelled before sending.");
  }

  function cancel(id) {
    for (var i = 0; i < files.length; i++) if (files[i].id === id) cancelRec(files[i]);
  }

  function clearFinished() {
    files = files.filter(active);
    paint();
  }

  /* A replacement: once sent, follow its upload until the new audio is in place (or refused). */
  function follow(rec) {
    if (rec.state !== "sent" || !rec.uploadId) return;
    var xhr = new XMLHttpRequest();
    xhr.open("GET", UPLOADS + rec.uploadId);
    xhr.withCredentials = true;
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText || "null"); } catch (e) { data = null; }
      if (data && data.status === "ready") {
        rec.state = "done";
        rec.message = "New audio is in place.";
        length(rec);
        var reload = byId("sc-st-reload");  // the album builder's row shows the new length too
        if (reload) reload.click();
      }
      else if (data && data.status === "failed") { rec.state = "refused"; rec.message = data.error; }
      else { window.setTimeout(function () { follow(rec); }, POLL_MS); }
      paintReplace(rec);
    };
    xhr.onerror = function () { window.setTimeout(function () { follow(rec); }, POLL_MS * 2); };
    xhr.send();
  }

  /* Say how long the song is now (the builder's row reads it again by #sc-st-reload). A
   * failed ask (a busy server, a dropped connection) is tried again a few times; after that the
   * shorter sentence stays, which is still true. */
  function length(rec, tries) {
    tries = tries || 0;
    var again = function () {
      if (tries < 4) window.setTimeout(function () { length(rec, tries + 1); }, POLL_MS * (tries + 1));
    };
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/api/v1/studio/tracks/" + rec.target);
    xhr.withCredentials = true;
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText || "null"); } catch (e) { data = null; }
      if (xhr.status === 200 && data && data.duration) {
        rec.message = "New audio is in place (" + data.duration + ").";
        paintReplace(rec);
      } else if (xhr.status !== 404 && xhr.status !== 403) {
        again();
      }
    };
    xhr.onerror = again;
    xhr.send();
  }

  function replace(trackId, file) {
    var old = replacing[trackId];
    if (old && active(old)) cancelRec(old);
    var rec = record(file, trackId);
    replacing[trackId] = rec;
    start(rec);
    paintReplace(rec);
  }

  function paintReplace(rec) {
    var box = document.querySelector('[data-replace-status="' + rec.target + '"]');
    if (!box) return;
    var text = rec.state === "sending" && !rec.waiting
      ? "Sending new audio… " + percentOf(rec) + "%" : rec.message;
    box.textContent = text;
    box.setAttribute("data-state", rec.state);
    if (rec.state === "refused" || rec.state === "error") box.setAttribute("role", "alert");
    else box.removeAttribute("role");
  }

  function paintAll() {
    paint();
    for (var key in replacing) paintReplace(replacing[key]);
  }

  function schedulePaint() {
    if (painting) return;
    painting = true;
    window.requestAnimationFrame(function () { painting = false; paintAll(); });
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
    var total = 0, loaded = 0, done = 0, sent = 0, sending = 0, count = 0;
    for (var i = 0; i < files.length; i++) {
      var rec = files[i];
      if (rec.state === "cancelled") continue;
      count++;
      total += rec.size;
      loaded += rec.state === "sending" || rec.state === "sent" ? Math.min(rec.loaded, rec.size) : rec.size;
      if (!active(rec)) done++;
      if (rec.state === "sent") sent++;
      if (rec.state === "sending") sending++;
    }
    var pct = total ? Math.floor((loaded / total) * 100) : 100;
    return { count: count, done: done, sent: sent, sending: sending, pct: Math.min(100, pct) };
  }

  function row(rec) {
    var node = el("li", "sc-up-row sc-up-" + rec.state + (rec.waiting ? " sc-up-waiting" : ""));
    node.setAttribute("data-testid", "upload-row");
    node.setAttribute("data-upload-state", rec.waiting ? "retrying" : rec.state);
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
    var text = rec.state === "sending" && !rec.waiting ? "Sending… " + percentOf(rec) + "%" : rec.message;
    var msg = el("div", "sc-up-msg", text);
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
    for (var key in replacing) {  // a song row drawn again has lost its status line
      var line = document.querySelector('[data-replace-status="' + key + '"]');
      if (line && !line.textContent && replacing[key].message) paintReplace(replacing[key]);
    }
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
    var input = e.target;
    if (!input) return;
    if (input.id === "sc-upload-input") {
      add(input.files);
      input.value = "";  // the same file may be picked again later
    } else if (input.getAttribute && input.getAttribute("data-replace-track") && input.files && input.files[0]) {
      replace(Number(input.getAttribute("data-replace-track")), input.files[0]);
      input.value = "";
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
  window.addEventListener("online", function () {
    var all = files.slice();
    for (var key in replacing) all.push(replacing[key]);
    for (var i = 0; i < all.length; i++) if (all[i].waiting && active(all[i])) again(all[i]);
  });
  window.addEventListener("beforeunload", function (e) {
    if (anyActive()) { e.preventDefault(); e.returnValue = ""; }
  });
  window.setInterval(poll, POLL_MS);

  window.scStudioUpload = {
    add: add,
    cancel: cancel,
    replace: replace,
    /* The page is shown again: draw the batch, deliver outcomes that finished meanwhile. */
    refresh: function () { window.setTimeout(function () { paintAll(); report(); }, 0); },
    /* Called by the report button's handler: the outcomes not yet delivered. */
    take: function () { var out = outcomes; outcomes = []; return out; }
  };
  paint();
  report();
})();
