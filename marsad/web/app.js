// marsad review page: map, filters, timeline, table, event detail with evidence, review form.
//
// Everything that comes from the API (article text, titles, actor names, ...) is untrusted and
// goes into the page as text nodes or attribute values through el() below; nothing is ever
// assigned to innerHTML.
"use strict";

(function () {
  const PAGE_SIZE = 100;
  const MAP_LIMIT = 5000; // markers drawn at most; more -> a note asks to narrow the filters
  const TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#d35400",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#2c3e50",
  };
  const FIELD_LABELS = [
    ["event_date", "Date"], ["time_precision", "Time precision"], ["event_type", "Event type"],
    ["sub_event_type", "Sub-event type"], ["actor1", "Actor 1"], ["assoc_actor_1", "Assoc. actor 1"],
    ["actor2", "Actor 2"], ["assoc_actor_2", "Assoc. actor 2"], ["country", "Country"], ["admin1", "Admin1"],
    ["admin2", "Admin2"], ["location", "Location"], ["location_ar", "Location (ar)"], ["latitude", "Latitude"],
    ["longitude", "Longitude"], ["geo_precision", "Geo precision"], ["fatalities", "Fatalities"], ["notes", "Notes"],
  ];
  const NUMBER_FIELDS = new Set(["time_precision", "geo_precision", "fatalities", "latitude", "longitude"]);
  const ARABIC_FIELDS = new Set(["location_ar"]);

  const state = {
    config: null,
    filters: {},
    sort: "-event_date",
    offset: 0,
    total: 0,
    selected: null, // id of the open event
    detail: null, // the open event as the API returned it
    fitMap: true, // fit the map to the markers at the next load
  };

  // ------------------------------------------------------------------ helpers

  /** An element with attributes and children; strings become text nodes (never parsed as HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  const $ = (id) => document.getElementById(id);

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.statusText;
      throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    }
    return body;
  }

  /** Only http(s) links from article metadata become hrefs. */
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  function fillSelect(select, values, keep) {
    const current = keep ? select.value : "";
    while (select.options.length > 1) select.remove(1);
    for (const v of values) if (v) select.append(el("option", { value: v }, v));
    if (current && values.includes(current)) select.value = current;
  }

  // ------------------------------------------------------------------ map

  let map, markers, outlines;

  function initMap() {
    map = L.map("map", { worldCopyJump: true, preferCanvas: true }).setView([35.0, 39.0], 6);
    // Outlines sit in a pane below the tiles: visible where tiles fail to load (offline).
    map.createPane("outlines");
    map.getPane("outlines").style.zIndex = 150;
    fetch("/static/vendor/countries.geojson")
      .then((r) => r.json())
      .then((geo) => {
        outlines = L.geoJSON(geo, {
          pane: "outlines",
          renderer: L.svg({ pane: "outlines" }), // markers use canvas (many); 30 outlines are fine as SVG
          interactive: false,
          style: { color: "#7c8a96", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 },
        }).addTo(map);
        outlines.eachLayer((layer) => {
          const name = layer.feature.properties.name;
          layer.bindTooltip(name, { permanent: false });
        });
        $("map").dataset.outlines = String(geo.features.length);
      })
      .catch(() => { $("map").dataset.outlines = "0"; });

    const tileUrl = state.config.tile_url;
    if (tileUrl) {
      const tiles = L.tileLayer(tileUrl, { maxZoom: 18, attribution: state.config.tile_attribution || "" });
      let failed = 0;
      tiles.on("tileerror", () => {
        failed += 1;
        $("map").dataset.tiles = "failed";
        if (failed === 1) showMapNote("Map tiles could not be loaded (offline?): showing country outlines.");
      });
      tiles.on("tileload", () => { $("map").dataset.tiles = "loaded"; });
      tiles.addTo(map);
    }
    markers = L.layerGroup().addTo(map);
  }

  function showMapNote(text) {
    const note = $("map-note");
    note.textContent = text;
    note.hidden = false;
  }

  function radius(fatalities) {
    return 5 + 2.5 * Math.sqrt(Math.max(0, fatalities || 0));
  }

  async function loadMap() {
    const items = [];
    let total = 0;
    for (let offset = 0; offset < MAP_LIMIT; offset += 1000) {
      const page = await api("/api/events?" + query({ ...state.filters, limit: 1000, offset, sort: "fatalities" }));
      items.push(...page.items);
      total = page.total;
      if (items.length >= total) break;
    }
    markers.clearLayers();
    const bounds = [];
    for (const ev of items) {
      if (!ev.latitude && !ev.longitude) continue;
      const colour = TYPE_COLOURS[ev.event_type] || "#555";
      const marker = L.circleMarker([ev.latitude, ev.longitude], {
        radius: radius(ev.fatalities), color: "#fff", weight: 1, fillColor: colour,
        fillOpacity: ev.status === "rejected" ? 0.35 : 0.85,
      });
      const tip = el("div", {},
        el("strong", {}, ev.location || ev.location_ar || "?"), " · ", ev.event_date, el("br"),
        ev.sub_event_type, " · ", `${ev.fatalities} killed`, el("br"),
        el("span", { class: "tip-ar", dir: "rtl", lang: "ar" }, ev.location_ar || ""));
      marker.bindTooltip(tip);
      marker.on("click", () => openEvent(ev.id));
      marker.addTo(markers);
      bounds.push([ev.latitude, ev.longitude]);
    }
    $("map").dataset.markers = String(markers.getLayers().length);
    if (total > items.length) {
      showMapNote(`The map shows ${items.length} of ${total} events (the deadliest); narrow the filters to see all.`);
    }
    // maxZoom 7 keeps borders in view, so the offline outlines still give context.
    // Refit only for new filters: after a review the reviewer keeps the view they chose.
    if (bounds.length && state.fitMap) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
    state.fitMap = false;
  }

  // ------------------------------------------------------------------ timeline

  function drawTimeline(byDay) {
    const box = $("timeline");
    while (box.firstChild) box.firstChild.remove();
    const width = box.clientWidth || 800;
    const height = box.clientHeight || 96;
    box.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const days = byDay.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.key));
    if (!days.length) {
      box.append(svg("text", { x: 10, y: 20 }, "No dated events."));
      return;
    }
    const toDay = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
    const first = toDay(days[0].key);
    const span = toDay(days[days.length - 1].key) - first + 1;
    const max = Math.max(...days.map((d) => d.count));
    const left = 28, bottom = 16, top = 6;
    const slot = (width - left - 6) / span;
    const barWidth = Math.max(2, Math.min(24, slot * 0.8));
    const scale = (height - bottom - top) / max;
    box.append(svg("text", { x: 2, y: top + 8 }, String(max)));
    box.append(svg("text", { x: 2, y: height - bottom }, "0"));
    for (const d of days) {
      const x = left + (toDay(d.key) - first) * slot + (slot - barWidth) / 2;
      const h = Math.max(1, d.count * scale);
      const bar = svg("rect", {
        class: "bar" + (state.filters.date_from === d.key && state.filters.date_to === d.key ? " selected" : ""),
        x: x.toFixed(1), y: (height - bottom - h).toFixed(1), width: barWidth.toFixed(1), height: h.toFixed(1),
        "data-day": d.key, "data-count": d.count,
      }, svg("title", {}, `${d.key}: ${d.count} events, ${d.fatalities} killed`));
      bar.addEventListener("click", () => {
        const same = state.filters.date_from === d.key && state.filters.date_to === d.key;
        $("f-date-from").value = same ? "" : d.key;
        $("f-date-to").value = same ? "" : d.key;
        applyFilters();
      });
      box.append(bar);
    }
    box.append(svg("text", { x: left, y: height - 3 }, days[0].key));
    if (days.length > 1) {
      box.append(svg("text", { x: width - 70, y: height - 3 }, days[days.length - 1].key));
    }
  }

  // ------------------------------------------------------------------ table

  async function loadTable() {
    const page = await api("/api/events?" + query({ ...state.filters, limit: PAGE_SIZE, offset: state.offset, sort: state.sort }));
    state.total = page.total;
    const body = $("events").tBodies[0];
    while (body.firstChild) body.firstChild.remove();
    for (const ev of page.items) {
      const row = el("tr", { "data-id": ev.id, class: ev.id === state.selected ? "selected" : "" },
        el("td", {}, ev.event_date),
        el("td", {}, ev.event_type),
        el("td", {}, ev.sub_event_type),
        el("td", { title: ev.actor1 }, ev.actor1),
        el("td", { title: ev.actor2 }, ev.actor2),
        el("td", {}, ev.location),
        el("td", {}, ev.admin1),
        el("td", { class: "num" }, String(ev.fatalities)),
        el("td", {}, el("span", { class: `status status-${ev.status}` }, ev.status)),
        el("td", {}, ev.outlet),
      );
      row.addEventListener("click", () => openEvent(ev.id));
      body.append(row);
    }
    const from = page.total ? state.offset + 1 : 0;
    const to = state.offset + page.items.length;
    $("page-info").textContent = `${from}–${to} of ${page.total}`;
    $("prev").disabled = state.offset === 0;
    $("next").disabled = to >= page.total;
    for (const th of $("events").tHead.rows[0].cells) {
      const key = th.dataset.sort;
      th.classList.toggle("sorted-asc", state.sort === key);
      th.classList.toggle("sorted-desc", state.sort === "-" + key);
    }
  }

  // ------------------------------------------------------------------ filters and refresh

  function readFilters() {
    const form = new FormData($("filters"));
    const filters = {};
    for (const [k, v] of form.entries()) if (String(v).trim()) filters[k] = String(v).trim();
    return filters;
  }

  function updateExportLinks() {
    const per = $("export-per").value;
    for (const a of document.querySelectorAll(".exports a[data-format]")) {
      a.href = "/api/export?" + query({ ...state.filters, format: a.dataset.format, per });
    }
  }

  async function refresh() {
    document.body.dataset.ready = "false"; // tests wait for "true": every list is up to date
    updateExportLinks();
    const stats = await api("/api/stats?" + query(state.filters));
    $("summary").textContent =
      `${stats.total} events · ${stats.incidents} incidents · ${stats.fatalities} killed`;
    drawTimeline(stats.by_day);
    await Promise.all([loadTable(), loadMap()]);
    document.body.dataset.ready = "true";
  }

  function applyFilters() {
    state.filters = readFilters();
    state.offset = 0;
    state.fitMap = true;
    return refresh().catch(showError);
  }

  function showError(err) {
    $("summary").textContent = "Error: " + err.message;
  }

  async function loadFacets() {
    // Options of the country and admin1 lists: every value in the database.
    const stats = await api("/api/stats?status=all");
    fillSelect($("f-country"), stats.by_country.map((d) => d.key), true);
    const country = $("f-country").value;
    const admin1 = stats.by_admin1.filter((d) => !country || d.country === country).map((d) => d.admin1);
    fillSelect($("f-admin1"), [...new Set(admin1)].sort(), true);
  }

  function fillSubTypes() {
    const type = $("f-event-type").value;
    const types = state.config.event_types;
    const subs = type ? types[type] : Object.values(types).flat();
    fillSelect($("f-sub-event-type"), subs, true);
  }

  // ------------------------------------------------------------------ detail

  /** The article text with the evidence spans wrapped in <mark>, as DOM nodes. */
  function renderArticle(container, text, spans) {
    while (container.firstChild) container.firstChild.remove();
    const clean = spans
      .map(([s, e]) => [Math.max(0, s), Math.min(text.length, e)])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const span of clean) {
      const last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push([...span]);
    }
    let pos = 0;
    for (const [s, e] of merged) {
      if (s > pos) container.append(document.createTextNode(text.slice(pos, s)));
      container.append(el("mark", { class: "evidence", "data-start": s, "data-end": e }, text.slice(s, e)));
      pos = e;
    }
    if (pos < text.length) container.append(document.createTextNode(text.slice(pos)));
    return merged.length;
  }

  function renderFields(ev) {
    const list = $("d-fields");
    while (list.firstChild) list.firstChild.remove();
    for (const [name, label] of FIELD_LABELS) {
      const value = ev[name];
      if ((value === "" || value === null) && !(name in ev.machine)) continue;
      const dd = el("dd", { "data-field": name, dir: ARABIC_FIELDS.has(name) ? "rtl" : null,
                            lang: ARABIC_FIELDS.has(name) ? "ar" : null }, String(value));
      if (name in ev.machine) {
        dd.append(el("span", { class: "was", title: "machine value" }, String(ev.machine[name])));
      }
      list.append(el("dt", {}, label), dd);
    }
    list.append(el("dt", {}, "Status"), el("dd", {}, el("span", { class: `status status-${ev.status}`, id: "d-status" }, ev.status),
      ev.reviewer ? ` by ${ev.reviewer}` : ""));
    list.append(el("dt", {}, "Event id"), el("dd", {}, ev.id));
    list.append(el("dt", {}, "Pipeline"), el("dd", {}, ev.pipeline_version || "?"));
  }

  function renderIncident(ev) {
    const box = $("d-incident");
    while (box.firstChild) box.firstChild.remove();
    const inc = ev.incident;
    if (!inc || inc.sources < 2) return;
    const others = inc.event_ids.filter((id) => id !== ev.id);
    box.append(`One incident reported by ${inc.sources} articles; incident fatalities ${inc.fatalities} ` +
      "(lowest reported). Other reports: ");
    others.forEach((id, i) => {
      if (i) box.append(", ");
      box.append(el("a", { onclick: () => openEvent(id), "data-id": id }, id));
    });
  }

  function renderCorrectionForm(ev) {
    const box = $("r-fields");
    while (box.firstChild) box.firstChild.remove();
    for (const [name, label] of FIELD_LABELS) {
      let input;
      if (name === "event_type") {
        input = el("select", {}, Object.keys(state.config.event_types).map((t) => el("option", { value: t }, t)));
      } else if (name === "sub_event_type") {
        input = el("select", {});
      } else {
        input = el("input", {
          type: NUMBER_FIELDS.has(name) ? "number" : name === "event_date" ? "date" : "text",
          step: name === "latitude" || name === "longitude" ? "any" : null,
          dir: ARABIC_FIELDS.has(name) ? "rtl" : null,
        });
      }
      input.name = name;
      input.id = "c-" + name;
      input.dataset.original = String(ev[name]);
      box.append(el("label", {}, label, input));
    }
    const typeSelect = box.querySelector("[name=event_type]");
    const subSelect = box.querySelector("[name=sub_event_type]");
    const fillSubs = () => {
      while (subSelect.firstChild) subSelect.firstChild.remove();
      for (const s of state.config.event_types[typeSelect.value] || []) subSelect.append(el("option", { value: s }, s));
    };
    typeSelect.value = ev.event_type;
    fillSubs();
    typeSelect.addEventListener("change", () => { fillSubs(); markChanged(); });
    for (const input of box.querySelectorAll("input, select")) {
      if (input.name !== "event_type") input.value = String(ev[input.name]);
      input.addEventListener("input", markChanged);
      input.addEventListener("change", markChanged);
    }
    markChanged();
  }

  function changedFields() {
    const fields = {};
    for (const input of $("r-fields").querySelectorAll("input, select")) {
      if (input.value === input.dataset.original) continue;
      if (NUMBER_FIELDS.has(input.name)) {
        if (input.value === "" || Number(input.value) === Number(input.dataset.original)) continue;
        fields[input.name] = Number(input.value);
      } else {
        fields[input.name] = input.value;
      }
    }
    return fields;
  }

  function markChanged() {
    const changed = changedFields();
    for (const input of $("r-fields").querySelectorAll("input, select")) {
      input.classList.toggle("changed", input.name in changed);
    }
    $("r-correct").disabled = Object.keys(changed).length === 0;
  }

  function renderReviews(ev) {
    const list = $("d-reviews");
    while (list.firstChild) list.firstChild.remove();
    if (!ev.reviews.length) list.append(el("li", {}, "Not reviewed yet."));
    for (const r of ev.reviews) {
      const what = r.action === "correct"
        ? "corrected " + Object.entries(r.fields).map(([k, v]) => `${k} = ${v}`).join(", ")
        : r.action === "confirm" ? "confirmed" : "rejected";
      list.append(el("li", {}, `${r.created_at} — ${r.reviewer}: ${what}`, r.comment ? ` (“${r.comment}”)` : ""));
    }
  }

  function showDetail(ev) {
    state.detail = ev;
    const wasHidden = $("detail").hidden;
    $("detail").hidden = false;
    if (wasHidden) map.invalidateSize();
    $("d-title").textContent = `${ev.sub_event_type} — ${ev.location || ev.location_ar} — ${ev.event_date}`;
    renderFields(ev);
    renderIncident(ev);
    const a = ev.article;
    const meta = $("d-article-meta");
    while (meta.firstChild) meta.firstChild.remove();
    meta.append([a.outlet, a.published].filter(Boolean).join(" · "));
    const href = safeUrl(a.url);
    if (href) meta.append(" · ", el("a", { href, target: "_blank", rel: "noopener noreferrer" }, "source"));
    if (a.title) meta.append(el("br"), el("span", { dir: "rtl", lang: "ar", class: "article-title" }, a.title));
    const container = $("d-article");
    const marks = renderArticle(container, a.text, ev.evidence_spans);
    if (!marks && ev.evidence) {
      container.prepend(el("p", { class: "hint", dir: "ltr" }, "No evidence offsets; evidence: "),
        el("mark", { class: "evidence" }, ev.evidence), document.createTextNode("\n\n"));
    }
    const first = container.querySelector("mark.evidence");
    if (first) container.scrollTop = Math.max(0, first.offsetTop - container.offsetTop - 40);
    renderCorrectionForm(ev);
    renderReviews(ev);
    for (const row of $("events").tBodies[0].rows) row.classList.toggle("selected", row.dataset.id === ev.id);
    document.dispatchEvent(new CustomEvent("marsad:detail", { detail: ev }));  // history.js (change history)
  }

  async function openEvent(id) {
    state.selected = id;
    $("r-message").textContent = "";
    try {
      showDetail(await api("/api/events/" + encodeURIComponent(id)));
    } catch (err) {
      showError(err);
    }
  }

  async function submitReview(action) {
    const message = $("r-message");
    const reviewer = $("r-reviewer").value.trim();
    if (!reviewer) {
      message.className = "message error";
      message.textContent = "Enter your name as reviewer.";
      $("r-reviewer").focus();
      return;
    }
    localStorage.setItem("marsad.reviewer", reviewer);
    message.className = "message";
    message.textContent = "Saving…";
    const body = { action, reviewer, comment: $("r-comment").value };
    if (action === "correct") body.fields = changedFields();
    try {
      const ev = await api(`/api/events/${encodeURIComponent(state.selected)}/review`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      $("r-comment").value = "";
      showDetail(ev);
      message.className = "message ok";
      message.textContent = action === "correct" ? "Correction saved." : action === "confirm" ? "Confirmed." : "Rejected.";
      await refresh();
    } catch (err) {
      message.className = "message error";
      message.textContent = err.message;
    }
  }

  // ------------------------------------------------------------------ live: alerts and new events

  // Per browser (no accounts yet): when this browser last looked, and the last alert it saw.
  const LAST_LOOKED = "marsad.lastLooked";
  const LAST_ALERT = "marsad.lastSeenAlert";
  const live = {
    lastLooked: localStorage.getItem(LAST_LOOKED) || "",
    lastSeenAlert: Number(localStorage.getItem(LAST_ALERT) || 0),
    lastAlert: 0,
    serverNow: "",
    refreshTimer: null,
  };

  function alertItem(a) {
    const message = (a.body && a.body.alert && a.body.alert.message) || a.kind;
    const li = el("li", {
      class: `alert alert-${a.kind}` + (a.id > live.lastSeenAlert ? " unseen" : ""),
      "data-id": String(a.id), "data-key": a.alert_key, "data-rule": a.rule, "data-kind": a.kind,
    }, el("span", { class: "kind" }, a.kind), el("strong", {}, a.rule), " · ", message, el("br"), a.note);
    const firstEvent = a.body && a.body.incident && a.body.incident.event_ids && a.body.incident.event_ids[0];
    if (firstEvent) {
      li.addEventListener("click", () => openEvent(firstEvent));
      li.style.cursor = "pointer";
    }
    return li;
  }

  function updateBadge() {
    const unseen = $("alerts").querySelectorAll("li.unseen").length;
    const badge = $("alert-badge");
    badge.textContent = String(unseen);
    badge.dataset.count = String(unseen);
    badge.hidden = unseen === 0;
    $("alerts-empty").hidden = $("alerts").children.length > 0;
  }

  function addAlert(a) {
    if ($("alerts").querySelector(`li[data-id="${a.id}"]`)) return;
    $("alerts").prepend(alertItem(a));
    while ($("alerts").children.length > 50) $("alerts").lastElementChild.remove();
    live.lastAlert = Math.max(live.lastAlert, a.id);
    updateBadge();
  }

  async function loadAlerts() {
    const data = await api("/api/alerts?limit=20");
    live.serverNow = data.now;
    live.lastAlert = data.last_id;
    $("alerts").replaceChildren(...data.items.map(alertItem));
    updateBadge();
    if (!live.lastLooked) markSeen(); // a first visit: nothing is new yet
  }

  async function loadNew() {
    if (!live.lastLooked) return;
    const data = await api("/api/new?" + query({ since: live.lastLooked, limit: 20 }));
    live.serverNow = data.now;
    $("new-since").textContent = `${data.total} new since you last looked`;
    $("new-since").dataset.count = String(data.total);
    $("new-events").replaceChildren(...data.items.map((ev) => {
      const li = el("li", { "data-id": ev.event_id },
        `${ev.event_date} · ${ev.sub_event_type} · ${ev.location || ev.admin1 || ev.country}` +
        (ev.fatalities ? ` · ${ev.fatalities} killed` : "") + (ev.outlet ? ` (${ev.outlet})` : ""));
      li.addEventListener("click", () => openEvent(ev.event_id));
      li.style.cursor = "pointer";
      return li;
    }));
  }

  function markSeen() {
    if (live.serverNow) {
      live.lastLooked = live.serverNow;
      localStorage.setItem(LAST_LOOKED, live.lastLooked);
    }
    live.lastSeenAlert = live.lastAlert;
    localStorage.setItem(LAST_ALERT, String(live.lastSeenAlert));
    for (const li of $("alerts").querySelectorAll("li.unseen")) li.classList.remove("unseen");
    updateBadge();
    loadNew().catch(showError);
  }

  function scheduleRefresh() {
    // New events in the store: reload the lists, at most every half second.
    clearTimeout(live.refreshTimer);
    live.refreshTimer = setTimeout(() => {
      refresh().then(loadFacets).catch(showError);
    }, 500);
  }

  function connectStream() {
    if (!window.EventSource) return;
    // The server reads the store (not its own memory): alerts and events from any watcher process.
    const source = new EventSource("/api/stream?after=" + live.lastAlert);
    source.addEventListener("hello", () => { $("live").dataset.stream = "on"; });
    source.addEventListener("alert", (e) => addAlert(JSON.parse(e.data)));
    source.addEventListener("store", (e) => {
      const data = JSON.parse(e.data);
      live.serverNow = data.now || live.serverNow;
      scheduleRefresh();
      loadNew().catch(showError);
    });
    source.addEventListener("error", () => { $("live").dataset.stream = "reconnecting"; });
  }

  // ------------------------------------------------------------------ start

  async function start() {
    state.config = await api("/api/config");
    fillSelect($("f-event-type"), Object.keys(state.config.event_types));
    fillSubTypes();
    initMap();
    $("r-reviewer").value = localStorage.getItem("marsad.reviewer") || "";

    $("filters").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
    $("f-reset").addEventListener("click", () => { $("filters").reset(); fillSubTypes(); loadFacets(); applyFilters(); });
    $("f-event-type").addEventListener("change", fillSubTypes);
    $("f-country").addEventListener("change", () => loadFacets().catch(showError));
    $("export-per").addEventListener("change", updateExportLinks);
    $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); loadTable().catch(showError); });
    $("next").addEventListener("click", () => { state.offset += PAGE_SIZE; loadTable().catch(showError); });
    for (const th of $("events").tHead.rows[0].cells) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === key ? "-" + key : key;
        state.offset = 0;
        loadTable().catch(showError);
      });
    }
    $("d-close").addEventListener("click", () => {
      $("detail").hidden = true;
      state.selected = null;
      map.invalidateSize();
    });
    for (const button of $("review").querySelectorAll("button[data-action]")) {
      button.addEventListener("click", () => submitReview(button.dataset.action));
    }
    $("mark-seen").addEventListener("click", markSeen);
    // Leaving the page counts as having looked: the next visit shows what came after.
    window.addEventListener("pagehide", () => {
      if (live.serverNow) localStorage.setItem(LAST_LOOKED, live.serverNow);
    });
    await loadFacets();
    await applyFilters();
    try {
      await loadAlerts();
      await loadNew();
    } catch (err) {
      showError(err);
    }
    connectStream();
  }

  start().catch(showError);
})();
