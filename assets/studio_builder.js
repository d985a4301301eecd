/* Album builder glue (/studio?release=<id>): drag and drop of song rows, mouse and touch.
 *
 * State (state/studio/builder_tracks.py) owns the order and saves it through the reorder
 * service. This script only lets a row be dragged by its grip ([data-drag-handle] inside
 * li[data-track-id] of #sc-st-tracks) with pointer events, so one code path serves a
 * mouse, a finger and a pen; it marks where the row would land, and on release it keeps
 * the new order (ids, first to last) and presses the hidden #sc-st-order-go button, whose
 * click handler takes it with scStudioBuilder.take(). React redraws the list from state,
 * so the DOM is never reordered here. Escape cancels a drag. Keyboard users have the
 * arrow buttons of each row (the grip is hidden from screen readers).
 * Loaded once by StudioState.load (rx.call_script); listeners live on `document`.
 */
(function () {
  "use strict";
  if (window.scStudioBuilder) return;

  var LIST_ID = "sc-st-tracks";
  var pending = [];
  var drag = null;

  function rows(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.hasAttribute && el.hasAttribute("data-track-id");
    });
  }

  function clearMarks(list) {
    rows(list).forEach(function (r) { r.classList.remove("sc-st-drop-before", "sc-st-drop-after"); });
  }

  function stop() {
    if (!drag) return;
    drag.row.classList.remove("sc-st-dragging");
    drag.row.style.transform = "";
    clearMarks(drag.list);
    drag = null;
  }

  function newOrder() {
    var ids = rows(drag.list).map(function (r) { return Number(r.getAttribute("data-track-id")); });
    var moved = Number(drag.row.getAttribute("data-track-id"));
    var rest = ids.filter(function (id) { return id !== moved; });
    if (!drag.target) return ids;
    var at = rest.indexOf(Number(drag.target.getAttribute("data-track-id")));
    if (at < 0) return ids;
    rest.splice(drag.after ? at + 1 : at, 0, moved);
    return rest;
  }

  document.addEventListener("pointerdown", function (e) {
    if (e.button !== undefined && e.button > 0) return;
    var handle = e.target && e.target.closest ? e.target.closest("[data-drag-handle]") : null;
    if (!handle) return;
    var row = handle.closest("li[data-track-id]");
    var list = row ? row.parentElement : null;
    if (!list || list.id !== LIST_ID) return;
    e.preventDefault();
    drag = { row: row, list: list, startY: e.clientY, target: null, after: false, pointerId: e.pointerId };
    row.classList.add("sc-st-dragging");
    try { handle.setPointerCapture(e.pointerId); } catch (err) { /* older browsers: document listeners suffice */ }
  });

  document.addEventListener("pointermove", function (e) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    e.preventDefault();
    drag.row.style.transform = "translateY(" + (e.clientY - drag.startY) + "px)";
    clearMarks(drag.list);
    var others = rows(drag.list).filter(function (r) { return r !== drag.row; });
    var target = null, after = false;
    for (var i = 0; i < others.length; i++) {
      var box = others[i].getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) { target = others[i]; break; }
    }
    if (!target && others.length) { target = others[others.length - 1]; after = true; }
    drag.target = target;
    drag.after = after;
    if (target) target.classList.add(after ? "sc-st-drop-after" : "sc-st-drop-before");
    var edge = 60;
    if (e.clientY < edge) window.scrollBy(0, -12);
    else if (e.clientY > window.innerHeight - edge) window.scrollBy(0, 12);
  }, { passive: false });

  function finish(e) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    var before = rows(drag.list).map(function (r) { return Number(r.getAttribute("data-track-id")); });
    var order = newOrder();
    stop();
    if (order.join(",") === before.join(",")) return;
    pending = order;
    var button = document.getElementById("sc-st-order-go");
    if (button) button.click();
  }

  document.addEventListener("pointerup", finish);
  document.addEventListener("pointercancel", function (e) { if (drag && e.pointerId === drag.pointerId) stop(); });
  document.addEventListener("keydown", function (e) { if (drag && e.key === "Escape") stop(); });

  window.scStudioBuilder = {
    take: function () { var order = pending; pending = []; return order; },
  };
})();
