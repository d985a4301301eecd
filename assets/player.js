/* Spoticlone player glue: the parts of playback that must not cost a websocket round trip.
 *
 * State (Python) decides WHAT plays (queue, play events) and calls scPlayer.load(...)
 * through rx.call_script. This script owns what changes many times a second: the elapsed
 * time, the seek bars, the volume, the highlighted lyrics line, keyboard shortcuts, the
 * MediaSession (lock screen / media keys) and the listening-time counter, which it reports
 * to state (PlayerState.report, through the hidden #sc-report button) every ~10 s of
 * listening and on pause, seek, end and track change. Whether that time makes a play is
 * the server's rule (services/plays.py). Media events do not bubble, so listeners are
 * installed once on `document` in the capture phase and work whichever <audio> React renders.
 *
 * Volume normalisation (a listener setting, sent with each load): the track's gain toward
 * -14 LUFS comes from GET gain_url (services/listening/playback.py, which also keeps a boost
 * from lifting the true peak over -1 dBTP) while the audio loads, and autoplay waits for it
 * (at most GAIN_WAIT_MS). A cut is applied as the element's volume (the listener's volume
 * times the gain). A boost needs more than audio.volume's 1: the element is routed once
 * through a Web Audio GainNode, but only when an AudioContext is running (the page has had
 * a click or key press), since a suspended context would silence the element; until then a
 * quiet track plays unchanged, never silent. The volume slider always shows the listener's volume.
 */
(function () {
  "use strict";
  if (window.scPlayer) return;

  var AUDIO_ID = "sc-audio";
  var REPORT_EVERY_MS = 10000;
  var GAIN_WAIT_MS = 1500;
  /* A jump of the time further than this between two timeupdates is a seek, not listening. */
  var MAX_GAP_S = 3;
  var seeking = false;
  var lastLyricIndex = -2;
  /* Listening time of the current load (numbered by state: `seq`). */
  var listen = { seq: null, ms: 0, sent: 0, lastT: null, lastWall: 0 };
  /* Normalisation of the current load; `token` numbers loads so a late answer is ignored. */
  var norm = { on: false, url: "", factor: 1 };
  var loadToken = 0;
  var gainCache = {};
  /* The Web Audio route for boosts: made once, for the element it was made for. */
  var boost = { ctx: null, node: null, el: null };

  function audio() { return document.getElementById(AUDIO_ID); }
  function byId(id) { return document.getElementById(id); }

  function fmt(sec) {
    if (!isFinite(sec) || sec < 0) sec = 0;
    sec = Math.floor(sec);
    var h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (h) return h + ":" + (m < 10 ? "0" : "") + m + ":" + ss;
    return m + ":" + ss;
  }

  function paintProgress(current, duration) {
    var seeks = document.querySelectorAll("#sc-seek, [data-sc-seek]");
    var elapsed = document.querySelectorAll("[data-sc-elapsed]");
    var pct = duration > 0 ? Math.min(100, (current / duration) * 100) : 0;
    for (var i = 0; i < elapsed.length; i++) elapsed[i].textContent = fmt(current);
    for (var s = 0; s < seeks.length && !seeking; s++) {
      seeks[s].max = duration > 0 ? String(duration) : "0";
      seeks[s].value = String(current);
    }
    var bars = document.querySelectorAll("[data-sc-progress]");
    for (var j = 0; j < bars.length; j++) bars[j].style.setProperty("--sc-progress", pct + "%");
  }

  /* Lyrics: the line whose time is the last one <= now gets .sc-lyric-active. */
  function paintLyrics(current, force) {
    var lines = document.querySelectorAll("[data-lyric-time]");
    if (!lines.length) { lastLyricIndex = -2; return; }
    var ms = current * 1000, index = -1;
    for (var i = 0; i < lines.length; i++) {
      if (Number(lines[i].getAttribute("data-lyric-time")) <= ms) index = i; else break;
    }
    if (index === lastLyricIndex && !force) return;
    lastLyricIndex = index;
    for (var k = 0; k < lines.length; k++) {
      lines[k].classList.toggle("sc-lyric-active", k === index);
      lines[k].classList.toggle("sc-lyric-past", k < index);
    }
    if (index >= 0) lines[index].scrollIntoView({ block: "center", behavior: force ? "auto" : "smooth" });
  }

  function setMeta(meta) {
    if (!("mediaSession" in navigator) || !meta) return;
    try {
      var art = meta.artwork ? [{ src: new URL(meta.artwork, location.origin).href, sizes: "512x512" }] : [];
      navigator.mediaSession.metadata = new MediaMetadata({
        title: meta.title || "", artist: meta.artist || "", album: meta.album || "", artwork: art,
      });
    } catch (e) { /* MediaMetadata missing (old browser): media keys still work */ }
  }

  function clickButton(id) { var b = byId(id); if (b) b.click(); }

  /* Count what was heard since the last timeupdate: never a seek, never while paused,
   * and never more than the wall clock moved (a faster playbackRate is not listening). */
  function account(a) {
    var t = a.currentTime, wall = performance.now();
    if (!a.paused && !a.seeking && listen.lastT !== null) {
      var gap = t - listen.lastT, wallGap = (wall - listen.lastWall) / 1000;
      if (gap > 0 && gap <= MAX_GAP_S) listen.ms += 1000 * Math.min(gap, wallGap + 0.05);
    }
    listen.lastT = t;
    listen.lastWall = wall;
    if (listen.ms - listen.sent >= REPORT_EVERY_MS) report();
  }

  /* Send the counter to state: the hidden #sc-report button reads `api.out` when clicked. */
  function report() {
    var a = audio();
    if (listen.seq === null || !a) return;
    api.out = { seq: listen.seq, ms: Math.floor(listen.ms), position: a.currentTime || 0 };
    listen.sent = listen.ms;
    clickButton("sc-report");
  }
  function flush() { if (listen.ms > listen.sent) report(); }

  function savedVolume() {
    var v = parseFloat(localStorage.getItem("sc_volume"));
    return isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
  }
  /* The listener's own volume (the slider); the element plays it times the normalisation. */
  var userVolume = savedVolume();

  /* Route `a` through a GainNode if it is not yet, and only while an AudioContext runs. */
  function boostRoute(a) {
    if (boost.el === a && boost.ctx && boost.ctx.state === "running") return true;
    if (boost.el) return false;  /* routed once already (another element, or a suspended context) */
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return false;
    try {
      if (!boost.ctx) boost.ctx = new Ctx();
      if (boost.ctx.state !== "running") {
        boost.ctx.resume().then(function () { var el = audio(); if (el && !boost.el) applyVolume(el); })
          .catch(function () {});
        return false;
      }
      boost.node = boost.ctx.createGain();
      boost.ctx.createMediaElementSource(a).connect(boost.node);
      boost.node.connect(boost.ctx.destination);
      boost.el = a;
      return true;
    } catch (e) { return false; }
  }

  /* The gain the listener hears above the element's volume (1: none). */
  function boosted() { return boost.node && boost.el === audio() ? boost.node.gain.value : 1; }

  function applyVolume(a) {
    var factor = norm.on ? norm.factor : 1;
    a.volume = Math.min(1, Math.max(0, userVolume * Math.min(1, factor)));
    var up = factor > 1 && boostRoute(a) ? factor : 1;
    if (boost.node && boost.el === a) boost.node.gain.value = up;
  }

  function factorOf(db) {
    return (typeof db === "number" && isFinite(db)) ? Math.pow(10, db / 20) : 1;
  }

  /* The gain in dB of a track (null: unmeasured or unreachable: play it unchanged). */
  function fetchGain(url) {
    if (!url) return Promise.resolve(null);
    if (Object.prototype.hasOwnProperty.call(gainCache, url)) return Promise.resolve(gainCache[url]);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        var db = body && typeof body.gain_db === "number" ? body.gain_db : null;
        if (db !== null) gainCache[url] = db;
        return db;
      })
      .catch(function () { return null; });
  }

  /* Fetch the current load's gain and apply it; `then` runs once it is known (or not). */
  function normalise(a, then) {
    var token = loadToken;
    fetchGain(norm.url).then(function (db) {
      if (token === loadToken) { norm.factor = factorOf(db); applyVolume(a); }
      if (then) then();
    });
  }

  function paintVolume(a) {
    var level = a.muted ? 0 : userVolume;
    var bar = byId("sc-player");
    if (bar) bar.classList.toggle("sc-is-muted", level === 0);
    var vol = byId("sc-volume");
    if (vol) {
      vol.value = String(level);
      vol.style.setProperty("--sc-progress", level * 100 + "%");
    }
  }

  var api = {
    /* Load a track (and optionally play it from `start` seconds). */
    load: function (opts) {
      var a = audio();
      if (!a || !opts || !opts.src) return;
      var start = Number(opts.start) || 0;
      /* A new load (even of the same file: repeat one) is a new play: report the old one's
       * last seconds under its own number, then count from zero. */
      if (opts.seq !== listen.seq) {
        flush();
        listen = { seq: opts.seq, ms: 0, sent: 0, lastT: null, lastWall: 0 };
      }
      var token = ++loadToken;
      norm = { on: !!opts.normalise, url: opts.gain_url || "", factor: 1 };
      userVolume = savedVolume();
      a.muted = localStorage.getItem("sc_muted") === "1";
      applyVolume(a);
      paintVolume(a);
      if (a.getAttribute("src") !== opts.src) {
        a.setAttribute("src", opts.src);
        a.load();
      }
      lastLyricIndex = -2;
      paintProgress(start, Number(opts.duration) || 0);
      /* Start once the metadata is in and the gain known (or late), never twice, and never
       * for a load that a newer one replaced. */
      var metaReady = a.readyState >= 1, gainReady = !(norm.on && norm.url), started = false;
      var go = function () {
        if (started || token !== loadToken || !metaReady || !gainReady) return;
        started = true;
        if (start > 0) { try { a.currentTime = start; } catch (e) {} }
        if (opts.autoplay) { var p = a.play(); if (p && p.catch) p.catch(function () {}); }
      };
      if (!metaReady) a.addEventListener("loadedmetadata", function () { metaReady = true; go(); }, { once: true });
      if (!gainReady) {
        var settle = function () { gainReady = true; go(); };
        normalise(a, settle);
        setTimeout(settle, GAIN_WAIT_MS);
      }
      go();
      setMeta(opts);
    },
    stop: function () {
      var a = audio();
      if (!a) return;
      loadToken++;  /* a load still waiting for its gain must not start after a stop */
      flush();
      listen = { seq: null, ms: 0, sent: 0, lastT: null, lastWall: 0 };
      a.pause();
      a.removeAttribute("src");
      a.load();
      paintProgress(0, 0);
      if ("mediaSession" in navigator) navigator.mediaSession.metadata = null;
    },
    toggle: function () {
      var a = audio();
      if (!a || !a.getAttribute("src")) return;
      if (a.paused) { var p = a.play(); if (p && p.catch) p.catch(function () {}); } else a.pause();
    },
    seek: function (sec) {
      var a = audio();
      if (!a || !a.getAttribute("src")) return;
      var d = isFinite(a.duration) ? a.duration : Infinity;
      a.currentTime = Math.max(0, Math.min(d, sec));
      paintProgress(a.currentTime, a.duration);
      paintLyrics(a.currentTime, true);
    },
    seekBy: function (delta) { var a = audio(); if (a) api.seek(a.currentTime + delta); },
    toggleMute: function () {
      var a = audio();
      if (!a) return;
      if (a.muted || userVolume === 0) { a.muted = false; if (userVolume === 0) userVolume = 0.5; }
      else a.muted = true;
      applyVolume(a);
      localStorage.setItem("sc_muted", a.muted ? "1" : "0");
      localStorage.setItem("sc_volume", String(userVolume));
      paintVolume(a);
    },
    /* The listener turned normalisation on or off (settings page): applies to this track now. */
    setNormalise: function (on) {
      var a = audio();
      norm.on = !!on;
      if (!a) return;
      applyVolume(a);
      if (norm.on && norm.url) normalise(a, null);
    },
    /* The factor normalisation applies now (1: none; above 1: a boost through Web Audio). */
    gain: function () { return norm.on ? norm.factor : 1; },
    /* What the listener hears relative to full scale: the element's volume times the boost. */
    level: function () { var a = audio(); return a ? { volume: a.volume, boost: boosted() } : null; },
    /* Called by state after the lyrics panel renders new lines. */
    refreshLyrics: function () {
      var a = audio();
      lastLyricIndex = -2;
      setTimeout(function () { paintLyrics(a ? a.currentTime : 0, true); }, 60);
    },
    fmt: fmt,
    /* The last report, read by the hidden #sc-report button's click handler. */
    out: { seq: null, ms: 0, position: 0 },
  };
  window.scPlayer = api;
  /* A load requested by state before this script ran (queue restored on page load). */
  if (window.scPending) { var pending = window.scPending; window.scPending = null; api.load(pending); }

  document.addEventListener("timeupdate", function (e) {
    if (!e.target || e.target.id !== AUDIO_ID) return;
    paintProgress(e.target.currentTime, e.target.duration);
    paintLyrics(e.target.currentTime, false);
    account(e.target);
  }, true);
  /* Capture phase: these run before React's own handlers on the element, so the report
   * reaches state before "paused" or "track ended". */
  ["pause", "ended", "seeked"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (!e.target || e.target.id !== AUDIO_ID) return;
      if (type === "seeked") { listen.lastT = e.target.currentTime; listen.lastWall = performance.now(); report(); }
      else flush();
    }, true);
  });
  document.addEventListener("play", function (e) {
    if (!e.target || e.target.id !== AUDIO_ID) return;
    listen.lastT = null;
    if (boost.ctx && boost.ctx.state !== "running") boost.ctx.resume().catch(function () {});
    applyVolume(e.target);  /* a boost waiting for a running context gets it now */
  }, true);
  document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });
  document.addEventListener("loadedmetadata", function (e) {
    if (e.target && e.target.id === AUDIO_ID) paintProgress(e.target.currentTime, e.target.duration);
  }, true);
  document.addEventListener("volumechange", function (e) {
    if (e.target && e.target.id === AUDIO_ID) paintVolume(e.target);
  }, true);

  /* Seek and volume sliders: native range inputs, never round-tripped through state. */
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (t && (t.id === "sc-seek" || t.hasAttribute("data-sc-seek"))) {
      seeking = true;
      var els = document.querySelectorAll("[data-sc-elapsed]");
      for (var i = 0; i < els.length; i++) els[i].textContent = fmt(Number(t.value));
      var max = Number(t.max) || 0;
      t.style.setProperty("--sc-progress", (max ? (Number(t.value) / max) * 100 : 0) + "%");
    } else if (t && t.id === "sc-volume") {
      var a = audio();
      if (!a) return;
      userVolume = Math.min(1, Math.max(0, Number(t.value) || 0));
      a.muted = false;
      applyVolume(a);
      localStorage.setItem("sc_volume", String(userVolume));
      localStorage.setItem("sc_muted", "0");
      paintVolume(a);
    }
  }, true);
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && (t.id === "sc-seek" || t.hasAttribute("data-sc-seek"))) { seeking = false; api.seek(Number(t.value)); }
  }, true);

  /* Clicking a synced lyrics line seeks to it. */
  document.addEventListener("click", function (e) {
    var line = e.target && e.target.closest ? e.target.closest("[data-lyric-time]") : null;
    if (line) api.seek(Number(line.getAttribute("data-lyric-time")) / 1000 + 0.01);
  });

  /* Space toggles play, arrows seek 5 s, except while typing. */
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag === "INPUT") return el.type !== "range" && el.type !== "button" && el.type !== "checkbox";
    return el.getAttribute && el.getAttribute("role") === "textbox";
  }
  /* Escape closes the open queue or lyrics panel, then the phone's now-playing view
   * (other dialogs and menus handle their own). */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    if (document.querySelector("[role=dialog]:not(.sc-fp), [role=menu]")) return;
    var close = document.querySelector(".sc-panel .sc-panel-header button[aria-label=Close]");
    if (!(close && close.offsetParent !== null)) close = document.querySelector(".sc-fp-open [data-testid=fp-close]");
    if (close && close.offsetParent !== null) { e.preventDefault(); close.click(); }
  });

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    if (e.target && e.target.closest && e.target.closest("[role=menu]")) return;
    var a = audio();
    if (!a || !a.getAttribute("src")) return;
    var onSlider = e.target && e.target.matches && e.target.matches("#sc-seek, [data-sc-seek]");
    if (e.code === "Space" || e.key === " ") { e.preventDefault(); api.toggle(); }
    else if (e.key === "ArrowLeft" && !onSlider) { e.preventDefault(); api.seekBy(-5); }
    else if (e.key === "ArrowRight" && !onSlider) { e.preventDefault(); api.seekBy(5); }
  });

  if ("mediaSession" in navigator) {
    var handlers = {
      play: function () { var a = audio(); if (a && a.paused) api.toggle(); },
      pause: function () { var a = audio(); if (a && !a.paused) api.toggle(); },
      previoustrack: function () { clickButton("sc-prev"); },
      nexttrack: function () { clickButton("sc-next"); },
      seekto: function (d) { if (d && isFinite(d.seekTime)) api.seek(d.seekTime); },
      seekbackward: function () { api.seekBy(-5); },
      seekforward: function () { api.seekBy(5); },
    };
    Object.keys(handlers).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, handlers[name]); } catch (e) {}
    });
  }
})();
