// marsad review page: map, filters, timeline, charts, table, event detail with evidence, review form.
// The view (filters, sort, page, map mode, open record) lives in the address bar: back/forward,
// reload and a shared link restore it.
//
// Everything that comes from the API (article text, titles, actor names, ...) is untrusted and
// goes into the page as text nodes or attribute values through el() below; nothing is ever
// assigned to innerHTML.
"use strict";

(function () {
  const PAGE_SIZE = 100;
  const MULTI = ["event_type", "sub_event_type", "country", "admin1", "actor_name", "outlet"];
  const SINGLE = ["date_from", "date_to", "actor", "q", "location", "fatalities_min", "fatalities_max", "suspect", "status"];
  const DEFAULT_SORT = "-event_date";
  const SUSPECT_COLOUR = "#222";
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
    mode: "records", // the map shows records or incidents
    measure: "count", // charts: events or fatalities
    stats: null,
    placeId: null, // the gazetteer place the correction form moves the record to
    markerOf: new Map(), // record id -> its marker (records mode)
    selectedMarker: null,
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
    for (const [k, v] of Object.entries(params)) {
      if (Array.isArray(v)) { for (const item of v) if (item !== "") q.append(k, item); }
      else if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    }
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

  // ------------------------------------------------------------------ map

  let map, markers, outlines;

  function initMap() {
    const tileUrl = state.config.tile_url;
    // maxZoom: clustering needs one; without tiles the outlines give no detail past 12.
    map = L.map("map", { worldCopyJump: true, preferCanvas: true, maxZoom: tileUrl ? 18 : 12 }).setView([35.0, 39.0], 6);
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
    } else {
      $("map").dataset.tiles = "off";
    }
    // Coincident and nearby markers cluster; a cluster of one place opens (spiderfies) on click.
    markers = L.markerClusterGroup({
      maxClusterRadius: 36, showCoverageOnHover: false, spiderfyOnMaxZoom: true, spiderfyDistanceMultiplier: 1.6,
      iconCreateFunction: clusterIcon,
    }).addTo(map);
    // Where an opened cluster put its records (page coordinates): for tests and for keyboard users' tools.
    markers.on("spiderfied", (e) => {
      const rect = $("map").getBoundingClientRect();
      $("map").dataset.spiderPoints = JSON.stringify(e.markers.map((m) => {
        const p = map.latLngToContainerPoint(m.getLatLng());
        return [Math.round(rect.left + p.x), Math.round(rect.top + p.y)];
      }));
    });
    markers.on("unspiderfied", () => { delete $("map").dataset.spiderPoints; });
    addLegend();
  }

  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    let count = 0;
    for (const m of children) count += m.options.sources || 1;
    const size = count < 10 ? 30 : count < 100 ? 36 : 44;
    return L.divIcon({
      html: `<div><span>${children.length}</span></div>`, // a number: no untrusted text
      className: "marker-cluster marker-cluster-" + (children.length < 10 ? "small" : children.length < 100 ? "medium" : "large"),
      iconSize: L.point(size, size),
    });
  }

  function addLegend() {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => {
      // Open on a wide screen, folded on a phone (it would cover the map).
      const box = el("details", { class: "legend", id: "legend", open: window.innerWidth > 760 }, el("summary", {}, "Legend"));
      for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
        box.append(el("div", {}, el("i", { class: "dot", style: `background:${colour}` }), type));
      }
      box.append(el("div", {}, el("i", { class: "dot suspect" }), "suspect (not counted)"));
      const sizes = el("div", { class: "sizes" }, "deaths: ");
      for (const n of [0, 10, 100, 1000]) {
        const r = radius(n);
        sizes.append(el("i", { class: "dot size", style: `width:${2 * r}px;height:${2 * r}px` }), ` ${n}${n === 1000 ? "+" : ""} `);
      }
      box.append(sizes);
      box.append(el("div", { class: "hint" }, "numbers: records in a cluster; click to open"));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  function showMapNote(text) {
    const note = $("map-note");
    note.textContent = text;
    note.hidden = false;
  }

  /** Marker radius in px: logarithmic in the death toll and capped, so no record covers the map. */
  function radius(fatalities) {
    return Math.min(16, 5 + 3 * Math.log10(1 + Math.max(0, fatalities || 0)));
  }

  function tooltipOf(item, extra) {
    return el("div", { class: "tip" },
      el("strong", {}, item.location || item.location_ar || "?"), " · ", item.event_date, el("br"),
      el("span", { class: "tip-note" }, item.note_en || ""),
      item.suspect ? el("div", { class: "tip-suspect" }, "Suspect: " + item.suspect) : null,
      extra || null,
      item.location_ar ? el("div", { class: "tip-ar", dir: "rtl", lang: "ar" }, item.location_ar) : null);
  }

  async function fetchAll(path, filters, sort) {
    const items = [];
    let total = 0;
    for (let offset = 0; offset < MAP_LIMIT; offset += 1000) {
      const page = await api(path + "?" + query({ ...filters, limit: 1000, offset, ...(sort ? { sort } : {}) }));
      items.push(...page.items);
      total = page.total;
      if (items.length >= total) break;
    }
    return { items, total };
  }

  async function loadMap() {
    const incidents = state.mode === "incidents";
    const { items, total } = incidents
      ? await fetchAll("/api/incidents", state.filters)
      : await fetchAll("/api/events", state.filters, "-fatalities");
    markers.clearLayers();
    state.markerOf = new Map();
    state.selectedMarker = null;
    $("map-note").hidden = true;
    const bounds = [];
    const layers = [];
    let maxRadius = 0;
    for (const item of items) {
      if (!item.latitude && !item.longitude) continue;
      const suspect = Boolean(item.suspect);
      const colour = suspect ? "#9a9a9a" : TYPE_COLOURS[item.event_type] || "#555";
      const r = suspect ? 7 : radius(item.fatalities);
      maxRadius = Math.max(maxRadius, r);
      let marker;
      if (incidents) {
        // One marker per incident, labelled with how many articles report it.
        const size = Math.round(2 * r + 4);
        marker = L.marker([item.latitude, item.longitude], {
          sources: item.sources,
          icon: L.divIcon({
            className: "incident-icon" + (suspect ? " suspect" : ""),
            html: `<span style="background:${colour};width:${size}px;height:${size}px;line-height:${size}px">${Number(item.sources)}</span>`,
            iconSize: L.point(size, size),
          }),
        });
        marker.bindTooltip(tooltipOf(item, el("div", {}, `${item.sources} source${item.sources === 1 ? "" : "s"} · ${item.fatalities} killed`)));
        marker.on("click", () => openEvent(item.event_ids[0]));
      } else {
        marker = L.circleMarker([item.latitude, item.longitude], {
          radius: r, color: suspect ? SUSPECT_COLOUR : "#fff", weight: suspect ? 2 : 1, dashArray: suspect ? "3 2" : null,
          bubblingMouseEvents: false, // a click on an opened cluster's record keeps the others open
          fillColor: colour, fillOpacity: item.status === "rejected" ? 0.35 : 0.85,
        });
        marker.bindTooltip(tooltipOf(item, el("div", {}, `${item.fatalities} killed · ${item.status}`)));
        marker.on("click", () => openEvent(item.id));
        state.markerOf.set(item.id, marker);
      }
      layers.push(marker);
      bounds.push([item.latitude, item.longitude]);
    }
    markers.addLayers(layers);
    $("map").dataset.markers = String(layers.length);
    $("map").dataset.maxRadius = maxRadius.toFixed(1);
    $("map").dataset.mode = state.mode;
    if (total > items.length) {
      showMapNote(`The map shows ${items.length} of ${total} ${state.mode} (the deadliest); narrow the filters to see all.`);
    }
    // maxZoom 7 keeps borders in view, so the offline outlines still give context.
    // Refit only for new filters: after a review the reviewer keeps the view they chose.
    if (bounds.length && state.fitMap) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
    state.fitMap = false;
    markSelected();
  }

  /** The open record's marker drawn with a dark ring; where it is in #map[data-selected-at]. */
  function markSelected() {
    const old = state.selectedMarker;
    if (old) old.setStyle({ color: old.options.baseColor, weight: old.options.baseWeight });
    const marker = state.selected ? state.markerOf.get(state.selected) : null;
    state.selectedMarker = marker || null;
    if (!marker) { delete $("map").dataset.selectedAt; return; }
    if (marker.options.baseColor === undefined) {
      marker.options.baseColor = marker.options.color;
      marker.options.baseWeight = marker.options.weight;
    }
    marker.setStyle({ color: "#111", weight: 3 });
    const at = marker.getLatLng();
    $("map").dataset.selectedAt = `${at.lat.toFixed(5)},${at.lng.toFixed(5)}`;
  }

  // ------------------------------------------------------------------ timeline

  const DAY = 86400000;
  const toDay = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY;
  const isoOf = (d) => new Date(d * DAY).toISOString().slice(0, 10);

  /** Bins of the timeline: day, week (from Monday) or month, chosen from the span. */
  function binning(first, last) {
    const span = last - first + 1;
    if (span <= 120) return "day";
    if (span <= 730) return "week";
    return "month";
  }

  function binStart(day, unit) {
    if (unit === "day") return day;
    if (unit === "week") return day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
    const d = new Date(day * DAY);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY;
  }

  function binEnd(start, unit) {
    if (unit === "day") return start;
    if (unit === "week") return start + 6;
    const d = new Date(start * DAY);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY - 1;
  }

  function drawTimeline(byDay) {
    const box = $("timeline");
    while (box.firstChild) box.firstChild.remove();
    const width = box.clientWidth || 800;
    const height = box.clientHeight || 96;
    box.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const days = byDay.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.key));
    box.onpointerdown = null;
    if (!days.length) {
      box.append(svg("text", { x: 10, y: 20 }, "No dated events."));
      return;
    }
    const unit = binning(toDay(days[0].key), toDay(days[days.length - 1].key));
    const bins = new Map();
    for (const d of days) {
      const start = binStart(toDay(d.key), unit);
      const bin = bins.get(start) || { start, end: binEnd(start, unit), count: 0, fatalities: 0 };
      bin.count += d.count;
      bin.fatalities += d.fatalities;
      bins.set(start, bin);
    }
    const list = [...bins.values()].sort((a, b) => a.start - b.start);
    const first = list[0].start;
    const lastEnd = list[list.length - 1].end;
    const max = Math.max(...list.map((b) => b.count));
    const left = 28, right = 6, bottom = 16, top = 6;
    const perDay = (width - left - right) / (lastEnd - first + 1);
    const scale = (height - bottom - top) / max;
    box.dataset.unit = unit;
    box.append(svg("text", { x: 2, y: top + 8 }, String(max)));
    box.append(svg("text", { x: 2, y: height - bottom }, "0"));
    const selectedFrom = state.filters.date_from, selectedTo = state.filters.date_to;
    for (const b of list) {
      const x0 = left + (b.start - first) * perDay;
      const slot = (b.end - b.start + 1) * perDay;
      const barWidth = Math.max(2, Math.min(40, slot * 0.85));
      const h = Math.max(1, b.count * scale);
      const key = isoOf(b.start);
      const selected = selectedFrom === key && selectedTo === isoOf(b.end);
      const bar = svg("rect", {
        class: "bar" + (selected ? " selected" : ""),
        x: (x0 + (slot - barWidth) / 2).toFixed(1), y: (height - bottom - h).toFixed(1),
        width: barWidth.toFixed(1), height: h.toFixed(1),
        "data-key": key, "data-end": isoOf(b.end), "data-count": b.count,
      }, svg("title", {}, `${unit === "day" ? key : key + " – " + isoOf(b.end)}: ${b.count} events, ${b.fatalities} killed`));
      if (unit === "day") bar.setAttribute("data-day", key);
      box.append(bar);
    }
    const brush = svg("rect", { class: "brush", x: 0, y: top, width: 0, height: height - bottom - top });
    box.append(brush);
    box.append(svg("text", { x: left, y: height - 3 }, `${isoOf(first)} (by ${unit})`));
    box.append(svg("text", { x: width - 70, y: height - 3 }, isoOf(lastEnd)));

    // Drag to choose a range; a click (no drag) chooses the bin under the pointer.
    const dayAt = (clientX) => {
      const rect = box.getBoundingClientRect();
      const x = (clientX - rect.left) * (width / rect.width);
      return Math.min(lastEnd, Math.max(first, first + Math.floor((x - left) / perDay)));
    };
    box.onpointerdown = (down) => {
      const startX = down.clientX;
      const startDay = dayAt(startX);
      box.setPointerCapture && box.setPointerCapture(down.pointerId);
      const move = (e) => {
        const a = Math.min(startX, e.clientX), b = Math.max(startX, e.clientX);
        const rect = box.getBoundingClientRect();
        brush.setAttribute("x", ((a - rect.left) * (width / rect.width)).toFixed(1));
        brush.setAttribute("width", ((b - a) * (width / rect.width)).toFixed(1));
      };
      const up = (e) => {
        box.removeEventListener("pointermove", move);
        box.removeEventListener("pointerup", up);
        let from, to;
        if (Math.abs(e.clientX - startX) < 4) {
          const s = binStart(startDay, unit);
          from = isoOf(s); to = isoOf(binEnd(s, unit));
          if (state.filters.date_from === from && state.filters.date_to === to) { from = ""; to = ""; }
        } else {
          const endDay = dayAt(e.clientX);
          from = isoOf(Math.min(startDay, endDay)); to = isoOf(Math.max(startDay, endDay));
        }
        $("f-date-from").value = from;
        $("f-date-to").value = to;
        applyFilters();
      };
      box.addEventListener("pointermove", move);
      box.addEventListener("pointerup", up);
    };
  }

  // ------------------------------------------------------------------ charts

  function drawBars(box, rows, filterName, limit) {
    while (box.firstChild) box.firstChild.remove();
    const measure = state.measure;
    const data = rows.map((r) => ({ key: r.admin1 !== undefined && r.admin1 !== null ? r.admin1 : r.key, value: r[measure] }))
      .filter((r) => r.key && r.value > 0)
      .sort((a, b) => b.value - a.value)
      .slice(0, limit || 10);
    const rowH = 18, labelW = 150, width = box.clientWidth || 320;
    const height = Math.max(rowH, data.length * rowH + 4);
    box.setAttribute("viewBox", `0 0 ${width} ${height}`);
    box.setAttribute("height", String(height));
    if (!data.length) { box.append(svg("text", { x: 4, y: 14 }, "nothing to show")); return; }
    const max = Math.max(...data.map((d) => d.value));
    data.forEach((d, i) => {
      const y = i * rowH + 2;
      const w = Math.max(1, (width - labelW - 50) * d.value / max);
      // Labels end at labelW: cut to what fits there (about 6.6 px a character at this size).
      const fits = Math.floor((labelW - 8) / 6.6);
      const label = d.key.length > fits ? d.key.slice(0, fits - 1) + "…" : d.key;
      const g = svg("g", { class: "chart-row", "data-key": d.key },
        svg("title", {}, `${d.key}: ${d.value} ${measure === "count" ? "events" : "killed"}`),
        svg("text", { x: labelW - 4, y: y + 12, "text-anchor": "end" }, label),
        svg("rect", { x: labelW, y, width: w.toFixed(1), height: rowH - 5, class: "chart-bar" }),
        svg("text", { x: labelW + w + 4, y: y + 12 }, String(d.value)));
      g.addEventListener("click", () => {
        const values = new Set(state.filters[filterName] || []);
        values.add(d.key);
        state.filters = { ...state.filters, [filterName]: [...values] };
        setForm(state.filters);
        applyFilters();
      });
      box.append(g);
    });
  }

  function drawCharts() {
    if (!state.stats || !$("charts-box").open) return;
    drawBars($("chart-type"), state.stats.by_type, "event_type");
    drawBars($("chart-actor"), state.stats.by_actor, "actor_name");
    drawBars($("chart-admin1"), state.stats.by_admin1, "admin1");
  }

  // ------------------------------------------------------------------ table

  async function loadTable() {
    const page = await api("/api/events?" + query({ ...state.filters, limit: PAGE_SIZE, offset: state.offset, sort: state.sort }));
    state.total = page.total;
    state.rows = page.items.map((ev) => ev.id);
    const body = $("events").tBodies[0];
    while (body.firstChild) body.firstChild.remove();
    for (const ev of page.items) {
      const row = el("tr", { "data-id": ev.id, class: (ev.id === state.selected ? "selected" : "") + (ev.suspect ? " suspect" : ""),
                             title: ev.note_en },
        el("td", {}, ev.event_date),
        el("td", {}, ev.event_type),
        el("td", { title: `${ev.event_type}: ${ev.sub_event_type}` }, ev.sub_event_type),
        el("td", { title: ev.actor1 }, ev.actor1),
        el("td", { title: ev.actor2 }, ev.actor2),
        el("td", {}, ev.location),
        el("td", {}, ev.admin1),
        el("td", { class: "num" }, String(ev.fatalities)),
        el("td", {}, el("span", { class: `status status-${ev.status}` }, ev.status),
          ev.suspect ? el("span", { class: "flag-suspect", title: ev.suspect }, "suspect") : null),
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

  // ------------------------------------------------------------------ filters, the address bar, refresh

  function readFilters() {
    const form = new FormData($("filters"));
    const filters = {};
    for (const [k, v] of form.entries()) {
      const value = String(v).trim();
      if (!value) continue;
      if (MULTI.includes(k)) (filters[k] = filters[k] || []).push(value);
      else filters[k] = value;
    }
    return filters;
  }

  /** Put ``filters`` into the form (the facet lists check their boxes when drawn). */
  function setForm(filters) {
    for (const name of SINGLE) {
      const input = $("filters").elements[name];
      if (input && !(input instanceof RadioNodeList)) input.value = filters[name] || "";
    }
    for (const box of document.querySelectorAll(".facet-list input[type=checkbox]")) {
      box.checked = (filters[box.name] || []).includes(box.value);
    }
  }

  /** The view as URL parameters: filters, then sort, page, map mode and the open record. */
  function viewParams() {
    return {
      ...state.filters,
      sort: state.sort === DEFAULT_SORT ? "" : state.sort,
      offset: state.offset ? String(state.offset) : "",
      view: state.mode === "records" ? "" : state.mode,
      event: state.selected || "",
    };
  }

  function saveView(replace) {
    const search = query(viewParams());
    const url = location.pathname + (search ? "?" + search : "");
    if (url === location.pathname + location.search) return;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  /** Read the view from the address bar (a reload, a shared link, back or forward). */
  function loadView() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of MULTI) {
      const values = params.getAll(name).filter(Boolean);
      if (values.length) filters[name] = values;
    }
    for (const name of SINGLE) if (params.get(name)) filters[name] = params.get(name);
    state.filters = filters;
    state.sort = params.get("sort") || DEFAULT_SORT;
    state.offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    state.mode = params.get("view") === "incidents" ? "incidents" : "records";
    state.selected = params.get("event") || null;
    $(state.mode === "incidents" ? "m-incidents" : "m-records").checked = true;
    setForm(filters);
  }

  function updateExportLinks() {
    const per = $("export-per").value;
    for (const a of document.querySelectorAll(".exports a[data-format]")) {
      const extra = a.dataset.bom ? { bom: "true" } : {};
      a.href = "/api/export?" + query({ ...state.filters, format: a.dataset.format, per, ...extra });
    }
  }

  async function refresh() {
    document.body.dataset.ready = "false"; // tests wait for "true": every list is up to date
    updateExportLinks();
    const stats = await api("/api/stats?" + query(state.filters));
    state.stats = stats;
    let summary = `${stats.total} events · ${stats.incidents} incidents · ${stats.fatalities} killed`;
    if (stats.suspects) summary += ` · ${stats.suspects} suspect (${stats.suspect_fatalities} killed) not counted`;
    $("summary").textContent = summary;
    $("summary").dataset.suspects = String(stats.suspects);
    drawTimeline(stats.by_day);
    drawCharts();
    await Promise.all([loadTable(), loadMap(), loadFacets()]);
    document.body.dataset.ready = "true";
  }

  function applyFilters() {
    state.filters = readFilters();
    state.offset = 0;
    state.fitMap = true;
    saveView(false);
    return refresh().catch(showError);
  }

  function showError(err) {
    $("summary").textContent = "Error: " + err.message;
  }

  const FACET_BOXES = {
    event_type: "f-event-type", sub_event_type: "f-sub-event-type", country: "f-country",
    admin1: "f-admin1", actor_name: "f-actor-name", outlet: "f-outlet",
  };

  /** The filter lists: every value with its count under the other filters; chosen ones checked. */
  async function loadFacets() {
    const facets = await api("/api/facets?" + query(state.filters));
    for (const [name, id] of Object.entries(FACET_BOXES)) {
      const box = $(id);
      const chosen = state.filters[name] || [];
      const rows = facets[name].slice();
      for (const value of chosen) if (!rows.some((r) => r.key === value)) rows.unshift({ key: value, count: 0 });
      const limit = name === "actor_name" || name === "outlet" ? 12 : 40;
      const shown = rows.filter((r, i) => i < limit || chosen.includes(r.key));
      box.replaceChildren(...shown.map((r) => el("label", { class: "facet-item", title: r.key },
        el("input", { type: "checkbox", name, value: r.key, checked: chosen.includes(r.key),
                      onchange: () => applyFilters() }),
        el("span", { class: "facet-key" }, r.key), el("span", { class: "count" }, String(r.count)))));
      if (!shown.length) box.append(el("span", { class: "hint" }, "none"));
    }
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
    resetPlacePicker();
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
      // Typing a location field by hand: explicit values, no longer the picked place's.
      if (LOCATION_INPUTS.includes(input.name) && input.name !== "geo_precision") {
        input.addEventListener("input", () => {
          state.placeId = null;
          $("c-place-picked").textContent = "";
        });
      }
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

  // ------------------------------------------------------------------ location correction: a gazetteer place

  // The fields a location correction sets together (the server fills them from the place too).
  const LOCATION_INPUTS = ["location", "location_ar", "country", "admin1", "admin2", "latitude", "longitude", "geo_precision"];
  const picker = { timer: null, items: [], active: -1, seq: 0 };

  function resetPlacePicker() {
    state.placeId = null;
    $("c-place").value = "";
    $("c-place-picked").textContent = "";
    closePlaceList();
  }

  function closePlaceList() {
    picker.items = [];
    picker.active = -1;
    $("c-place-list").hidden = true;
    $("c-place").setAttribute("aria-expanded", "false");
    $("c-place").removeAttribute("aria-activedescendant");
  }

  async function searchPlaces() {
    const q = $("c-place").value.trim();
    const seq = ++picker.seq;
    if (!q) { closePlaceList(); return; }
    const items = await api("/api/places?" + query({ q, limit: 8 }));
    if (seq !== picker.seq) return; // a later keystroke asked again
    picker.items = items;
    picker.active = items.length ? 0 : -1;
    renderPlaceList();
  }

  function renderPlaceList() {
    const list = $("c-place-list");
    while (list.firstChild) list.firstChild.remove();
    if (!picker.items.length) list.append(el("li", { class: "empty" }, "No place of that name in the gazetteer"));
    picker.items.forEach((p, i) => {
      list.append(el("li", {
        role: "option", id: `c-place-${i}`, "aria-selected": i === picker.active ? "true" : "false", "data-id": p.id,
        onmousedown: (e) => { e.preventDefault(); pickPlace(p); },
      },
      el("span", {}, el("strong", {}, p.name), p.name_ar ? " " : null,
        p.name_ar ? el("span", { class: "ar", dir: "rtl", lang: "ar" }, p.name_ar) : null),
      el("span", { class: "where" }, [p.kind, p.parent, p.admin2, p.admin1, p.country].filter(Boolean).join(", "))));
    });
    list.hidden = false;
    $("c-place").setAttribute("aria-expanded", "true");
    if (picker.active >= 0) $("c-place").setAttribute("aria-activedescendant", `c-place-${picker.active}`);
  }

  function pickPlace(p) {
    const values = {
      location: p.name, location_ar: p.name_ar || p.name, country: p.country, admin1: p.admin1, admin2: p.admin2,
      latitude: p.latitude, longitude: p.longitude, geo_precision: p.geo_precision,
    };
    for (const name of LOCATION_INPUTS) {
      const input = $("c-" + name);
      if (input) input.value = String(values[name]);
    }
    state.placeId = p.id;
    $("c-place").value = p.name_ar ? `${p.name} · ${p.name_ar}` : p.name;
    $("c-place-picked").textContent = `Moves the record to ${p.name} (${p.latitude}, ${p.longitude}), ` +
      `${[p.admin2, p.admin1].filter(Boolean).join(", ") || p.country}, precision ${p.geo_precision}.`;
    closePlaceList();
    markChanged();
  }

  function onPlaceKey(e) {
    const n = picker.items.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!n) return;
      picker.active = (picker.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      renderPlaceList();
    } else if (e.key === "Enter") {
      if (picker.active >= 0) pickPlace(picker.items[picker.active]);
    } else if (e.key === "Escape") {
      if ($("c-place-list").hidden) return;
      closePlaceList();
    } else {
      return;
    }
    e.preventDefault();
  }

  function initPlacePicker() {
    const input = $("c-place");
    input.addEventListener("input", () => {
      clearTimeout(picker.timer);
      picker.timer = setTimeout(() => searchPlaces().catch(showError), 150);
    });
    input.addEventListener("keydown", onPlaceKey);
    input.addEventListener("blur", () => setTimeout(closePlaceList, 150));
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
    $("d-note").textContent = ev.note_en;
    $("d-suspect").textContent = ev.suspect ? "Suspect: " + ev.suspect + ". Not counted until confirmed or corrected." : "";
    $("d-suspect").hidden = !ev.suspect;
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
    markSelected();
    document.dispatchEvent(new CustomEvent("marsad:detail", { detail: ev }));  // history.js (change history)
  }

  async function openEvent(id, fromHistory) {
    state.selected = id;
    if (!fromHistory) saveView(false);
    $("r-message").textContent = "";
    try {
      showDetail(await api("/api/events/" + encodeURIComponent(id)));
    } catch (err) {
      showError(err);
    }
  }

  function closeDetail(fromHistory) {
    $("detail").hidden = true;
    state.selected = null;
    state.detail = null;
    if (!fromHistory) saveView(false);
    for (const row of $("events").tBodies[0].rows) row.classList.remove("selected");
    markSelected();
    map.invalidateSize();
  }

  /** The review queue: the next record nobody reviewed under the filters, suspects first. */
  async function nextUnreviewed() {
    const page = await api("/api/events?" + query({ ...state.filters, status: "machine", limit: 2,
                                                     sort: "-suspect,event_date" }));
    const next = page.items.find((ev) => ev.id !== state.selected);
    if (next) return openEvent(next.id);
    $("r-message").className = "message ok";
    $("r-message").textContent = "Nothing left to review under these filters.";
  }

  /** j / k: next / previous row of the table; n: next unreviewed; c, r: confirm, reject; e: edit. */
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    if (target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable)) return;
    const key = e.key.toLowerCase();
    if (key === "j" || key === "k") {
      const rows = state.rows || [];
      if (!rows.length) return;
      const at = rows.indexOf(state.selected);
      const next = at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + (key === "j" ? 1 : -1)));
      openEvent(rows[next]);
    } else if (key === "n") {
      nextUnreviewed().catch(showError);
    } else if (!state.selected || $("detail").hidden) {
      return;
    } else if (key === "c") {
      submitReview("confirm");
    } else if (key === "r") {
      submitReview("reject");
    } else if (key === "e") {
      $("r-correct-box").open = true;
      const first = $("r-fields").querySelector("input, select");
      if (first) first.focus();
    } else {
      return;
    }
    e.preventDefault();
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
    if (action === "correct") {
      body.fields = changedFields();
      if (state.placeId) body.place_id = state.placeId;
    }
    const moved = action === "correct" && ["location", "latitude", "longitude"].some((k) => k in body.fields);
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
      // A new location: the map follows the record's marker to where it now is.
      if (moved && (ev.latitude || ev.longitude)) map.panTo([ev.latitude, ev.longitude]);
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
    const message = (a.body && a.body.alert && a.body.alert.message) || "";
    // "new incident" only repeats the kind; an update's message says what changed.
    const said = message && message !== "new incident" ? [" · ", message] : [];
    const li = el("li", {
      class: `alert alert-${a.kind}` + (a.id > live.lastSeenAlert ? " unseen" : ""),
      "data-id": String(a.id), "data-key": a.alert_key, "data-rule": a.rule, "data-kind": a.kind,
    }, el("span", { class: "kind" }, a.kind), el("strong", {}, a.rule), ...said, el("br"), a.note);
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
    badge.textContent = `${unseen} new alert${unseen === 1 ? "" : "s"}`;
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
    $("new-since").textContent = data.total
      ? `${data.total} new event${data.total === 1 ? "" : "s"} since you last looked`
      : "nothing new since you last looked";
    $("new-since").dataset.count = String(data.total);
    $("new-empty").hidden = data.total > 0;
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
      refresh().catch(showError);
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
    initMap();
    loadView();
    // The timeline and charts are drawn to their width: again when it changes (detail pane, rotation).
    if (window.ResizeObserver) {
      let last = 0;
      new ResizeObserver(() => {
        const width = $("timeline").clientWidth;
        if (state.stats && width && Math.abs(width - last) > 2) { last = width; drawTimeline(state.stats.by_day); drawCharts(); }
      }).observe($("timeline"));
    }
    $("r-reviewer").value = localStorage.getItem("marsad.reviewer") || "";

    $("filters").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
    $("f-reset").addEventListener("click", () => {
      $("filters").reset();
      for (const box of document.querySelectorAll(".facet-list input[type=checkbox]")) box.checked = false;
      applyFilters();
    });
    $("toggle-filters").addEventListener("click", () => {
      const open = document.body.classList.toggle("show-filters");
      $("toggle-filters").setAttribute("aria-expanded", String(open));
    });
    $("export-per").addEventListener("change", updateExportLinks);
    for (const radio of document.querySelectorAll("input[name=map-mode]")) {
      radio.addEventListener("change", () => {
        state.mode = radio.value;
        saveView(false);
        loadMap().catch(showError);
      });
    }
    for (const radio of document.querySelectorAll("input[name=chart-measure]")) {
      radio.addEventListener("change", () => { state.measure = radio.value; drawCharts(); });
    }
    $("charts-box").addEventListener("toggle", drawCharts);
    $("prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE); saveView(false); loadTable().catch(showError);
    });
    $("next").addEventListener("click", () => { state.offset += PAGE_SIZE; saveView(false); loadTable().catch(showError); });
    for (const th of $("events").tHead.rows[0].cells) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === key ? "-" + key : key;
        state.offset = 0;
        saveView(false);
        loadTable().catch(showError);
      });
    }
    $("d-close").addEventListener("click", () => closeDetail(false));
    initPlacePicker();
    $("r-next").addEventListener("click", () => nextUnreviewed().catch(showError));
    document.addEventListener("keydown", onKey);
    for (const button of $("review").querySelectorAll("button[data-action]")) {
      button.addEventListener("click", () => submitReview(button.dataset.action));
    }
    // Back and forward: the address bar holds the whole view.
    window.addEventListener("popstate", () => {
      const before = state.selected;
      loadView();
      state.fitMap = true;
      refresh().catch(showError);
      if (state.selected && state.selected !== before) openEvent(state.selected, true);
      else if (!state.selected && before) closeDetail(true);
    });
    $("mark-seen").addEventListener("click", markSeen);
    // The alerts list sits under the filters, often below the fold: the badge brings it into view.
    $("alert-badge").addEventListener("click", () => {
      const live = $("live");
      if (!live.offsetParent) {  // on a phone the alerts list sits in the folded filters column: open it
        document.body.classList.add("show-filters");
        $("toggle-filters").setAttribute("aria-expanded", "true");
      }
      live.scrollIntoView({ block: "start", behavior: "smooth" });
    });
    // Leaving the page counts as having looked: the next visit shows what came after.
    window.addEventListener("pagehide", () => {
      if (live.serverNow) localStorage.setItem(LAST_LOOKED, live.serverNow);
    });
    await refresh().catch(showError);
    if (state.selected) await openEvent(state.selected, true);
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
