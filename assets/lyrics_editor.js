/* Lyrics sync editor glue (/studio/lyrics/<id>): what must not wait for the websocket.
 *
 * State (state/studio/lyrics.py) holds the lines and their times. This script only:
 *  - turns Space or Enter into a press of the big Tap button (#sc-lyrics-tap), whose click
 *    handler reads the editor audio's currentTime in the browser, so a tap's time is exact;
 *  - shows the playback time (#sc-lyrics-now) and highlights the line being sung in the
 *    preview and in the line list ([data-sync-time] inside #sc-lyrics-preview and
 *    #sc-lyrics-lines), as listeners will see it;
 *  - seeks when a line's time is clicked ([data-sync-seek]) or when state asks (seek(ms));
 *  - pauses the site's player (#sc-audio) when the editor plays, so two songs never mix.
 * Loaded once by LyricsEditorState.load (rx.call_script); listeners live on `document`,
 * so they work whichever elements React renders later.
 */
(function () {
  "use strict";
  if (window.scLyricsEditor) return;

  var AUDIO_ID = "sc-lyrics-audio";
  var frame = null;

  function audio() { return document.getElementById(AUDIO_ID); }

  function fmt(sec) {
    if (!isFinite(sec) || sec < 0) sec = 0;
    var tenths = Math.floor(sec * 10);
    var m = Math.floor(tenths / 600), s = Math.floor(tenths / 10) % 60, t = tenths % 10;
    return m + ":" + (s < 10 ? "0" : "") + s + "." + t;
  }

  /* In each container, the line to highlight is the latest one that has started. */
  function paintIn(containerId, ms, scroll) {
    var box = document.getElementById(containerId);
    if (!box) return;
    var lines = box.querySelectorAll("[data-sync-time]");
    var best = -1, bestTime = -1;
    for (var i = 0; i < lines.length; i++) {
      var t = Number(lines[i].getAttribute("data-sync-time"));
      if (t >= 0 && t <= ms && t >= bestTime) { best = i; bestTime = t; }
    }
    for (var k = 0; k < lines.length; k++) {
      var was = lines[k].classList.contains("sc-le-active");
      lines[k].classList.toggle("sc-le-active", k === best);
      if (k === best && !was && scroll) {
        var top = lines[k].offsetTop - box.offsetTop - box.clientHeight / 2 + lines[k].clientHeight / 2;
        box.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
      }
    }
  }

  function paint() {
    var a = audio();
    var sec = a ? a.currentTime : 0;
    var now = document.getElementById("sc-lyrics-now");
    if (now) now.textContent = fmt(sec);
    paintIn("sc-lyrics-preview", sec * 1000, true);
    paintIn("sc-lyrics-lines", sec * 1000, false);
  }

  function loop() {
    paint();
    var a = audio();
    frame = a && !a.paused ? requestAnimationFrame(loop) : null;
  }

  var api = {
    seek: function (ms) {
      var a = audio();
      if (!a) return;
      var sec = Math.max(0, Number(ms) / 1000 || 0);
      if (isFinite(a.duration)) sec = Math.min(sec, a.duration);
      a.currentTime = sec;
      paint();
    },
    /* Called after a page load re-renders the editor. */
    refresh: function () { setTimeout(paint, 60); },
  };
  window.scLyricsEditor = api;

  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT";
  }

  /* Another control has the focus (a nudge button, a link): let Space/Enter work it. */
  function otherControl(el) {
    if (!el || el.id === "sc-lyrics-tap" || el.id === AUDIO_ID) return false;
    return !!(el.closest && el.closest("button, a, [role=button], summary"));
  }

  function isTapKey(e) { return e.code === "Space" || e.key === " " || e.key === "Enter"; }

  /* Capture phase on document: runs before the site player's own Space shortcut, which
   * skips events that were already handled (defaultPrevented). */
  document.addEventListener("keydown", function (e) {
    var tap = document.getElementById("sc-lyrics-tap");
    if (!tap || !isTapKey(e) || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    if (typing(e.target) || otherControl(e.target)) return;
    e.preventDefault();
    if (!e.repeat && !tap.disabled) tap.click();
  }, true);
  /* A focused button fires its click on Space's keyup: the keydown above already tapped. */
  document.addEventListener("keyup", function (e) {
    if ((e.code === "Space" || e.key === " ") && e.target && e.target.id === "sc-lyrics-tap") e.preventDefault();
  }, true);

  document.addEventListener("click", function (e) {
    var t = e.target;
    var seek = t && t.closest ? t.closest("[data-sync-seek]") : null;
    if (seek) {
      var ms = Number(seek.getAttribute("data-sync-seek"));
      if (ms >= 0) api.seek(ms);
    }
    /* After a mouse or touch press on an editor button, give the focus back to the page
     * so the next Space is a tap again (keyboard presses keep the focus where it is). */
    var button = t && t.closest ? t.closest("#sc-lyrics-editor button") : null;
    if (button && e.detail > 0 && button.id !== "sc-lyrics-tap") setTimeout(function () { button.blur(); }, 0);
  });

  ["play", "playing"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (!e.target || e.target.id !== AUDIO_ID) return;
      var site = document.getElementById("sc-audio");
      if (site && !site.paused) site.pause();
      if (frame === null) frame = requestAnimationFrame(loop);
    }, true);
  });
  ["pause", "seeked", "timeupdate", "loadedmetadata", "ended"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (e.target && e.target.id === AUDIO_ID) paint();
    }, true);
  });
  /* The site's player starting again pauses the editor. */
  document.addEventListener("play", function (e) {
    if (e.target && e.target.id === "sc-audio") { var a = audio(); if (a && !a.paused) a.pause(); }
  }, true);

  api.refresh();
})();
