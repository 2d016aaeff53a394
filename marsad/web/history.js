/* marsad review page: the change history of the event in the detail pane (GET /api/events/{id}/history).
   Kept apart from app.js: app.js announces each event it shows with a "marsad:detail" event. */
(function () {
  "use strict";

  const SHOWN_FIELDS = ["status", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "admin1", "fatalities", "latitude", "longitude", "notes"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function describe(entry) {
    const fields = entry.changed.filter((f) => SHOWN_FIELDS.includes(f) || entry.action === "correct");
    const changes = fields.map((f) => `${f}: ${entry.before[f] ?? "—"} → ${entry.after[f] ?? "—"}`);
    return changes.join("; ");
  }

  async function show(ev) {
    const list = document.getElementById("d-history");
    if (!list) return;
    while (list.firstChild) list.firstChild.remove();
    let entries = [];
    try {
      const response = await fetch(`/api/events/${encodeURIComponent(ev.id)}/history`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      entries = await response.json();
    } catch (err) {
      list.append(el("li", { class: "error" }, `History unavailable: ${err.message}`));
      return;
    }
    if (!entries.length) list.append(el("li", {}, "No changes recorded."));
    for (const entry of entries.slice().reverse()) {
      const what = describe(entry);
      list.append(el("li", { "data-action": entry.action, "data-who": entry.who },
        el("span", { class: "when" }, entry.at), " — ", el("strong", { class: "who" }, entry.who), ": ", entry.action,
        what ? ` (${what})` : "", entry.comment ? ` “${entry.comment}”` : ""));
    }
  }

  document.addEventListener("marsad:detail", (e) => { show(e.detail); });
})();
