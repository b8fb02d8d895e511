// GeoCDN dashboard: renders the health service's snapshots (GET /v1/dashboard, then the
// server-sent events of /v1/dashboard/stream) into the page's tables. Plain DOM, no framework
// and no build step; server text is only ever set as textContent.
"use strict";

(function () {
  const DASH = "\u2013";
  let paused = false;
  let latest = null;
  const states = new Map();

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      node.setAttribute(name, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function perSecond(value) {
    if (value === null || value === undefined) return DASH;
    return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en");
  }

  function percent(value) {
    return value === null || value === undefined ? DASH : (value * 100).toFixed(1) + " %";
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return DASH;
    const ms = seconds * 1000;
    if (ms < 10) return ms.toFixed(2) + " ms";
    if (ms < 1000) return Math.round(ms) + " ms";
    return seconds.toFixed(2) + " s";
  }

  function bytesPerSecond(value) {
    if (value === null || value === undefined) return DASH;
    const units = ["B/s", "kB/s", "MB/s", "GB/s", "TB/s"];
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)) + " " + units[unit];
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString("en-GB") : DASH;
  }

  function figure(field, value, format) {
    const cell = el("td", {"class": "num", "data-field": field});
    setFigure(cell, value, format);
    return cell;
  }

  function setFigure(cell, value, format) {
    cell.setAttribute("data-value", value === null || value === undefined ? "" : String(value));
    cell.textContent = format(value);
  }

  const FIGURES = [
    ["requestsPerSecond", perSecond], ["hitRatio", percent], ["p50Seconds", duration], ["p99Seconds", duration],
    ["toClientsBytesPerSecond", bytesPerSecond], ["fromOriginBytesPerSecond", bytesPerSecond],
    ["interRegionBytesPerSecond", bytesPerSecond]];

  // a region's row is made once and then updated in place, so that reading or selecting in it
  // survives the updates
  function regionRow(name) {
    const row = el("tr", {"class": "region", "data-region": name});
    row.append(el("th", {"scope": "row"}, name));
    const stateCell = el("td", {"data-field": "state"});
    stateCell.append(el("span", {"class": "state"}), el("span", {"class": "reason"}));
    row.append(stateCell, el("td", {"data-field": "nodes"}));
    FIGURES.forEach(([field, format]) => row.append(figure(field, null, format)));
    return row;
  }

  function fill(tbody, rows, emptyText, columns) {
    tbody.replaceChildren(...rows);
    if (rows.length === 0) {
      const row = el("tr", {"class": "empty"});
      row.append(el("td", {"colspan": String(columns)}, emptyText));
      tbody.append(row);
    }
  }

  function announce(text) {
    document.getElementById("announcements").textContent = text;
  }

  function renderRegions(view) {
    const tbody = document.querySelector("#regions tbody");
    const rows = view.regions.map(region => {
      const state = region.up ? "up" : "down";
      const before = states.get(region.name);
      if (before !== undefined && before !== state) {
        announce(region.name + " is " + state + ": " + region.reason);
      }
      states.set(region.name, state);
      const row = tbody.querySelector("tr[data-region='" + CSS.escape(region.name) + "']") || regionRow(region.name);
      row.className = "region region--" + state;
      row.querySelector(".state").textContent = state;
      row.querySelector(".reason").textContent = region.reason;
      row.querySelector("td[data-field='nodes']").textContent = region.nodesUp + " of " + region.nodes;
      FIGURES.forEach(([field, format]) =>
        setFigure(row.querySelector("td[data-field='" + field + "']"), region.traffic[field], format));
      return row;
    });
    const current = Array.from(tbody.children);
    if (rows.length !== current.length || rows.some((row, i) => row !== current[i])) {
      fill(tbody, rows, "No regions configured.", 10);
    }
    document.getElementById("window-note").textContent = "Rates, ratios and latencies over the last "
      + view.windowSeconds + " s of scrapes of every node; " + DASH + " until a node has been scraped twice.";
  }

  function renderLinks(view) {
    const rows = view.links.map(link => {
      const row = el("tr", {"data-link": link.from + ">" + link.to});
      row.append(el("td", {}, link.from), el("td", {}, link.to),
        figure("bytesPerSecond", link.bytesPerSecond, bytesPerSecond));
      return row;
    });
    fill(document.querySelector("#links tbody"), rows, "No bytes between regions yet.", 3);
  }

  function renderPurges(view) {
    const names = view.regions.map(r => r.name);
    const sizes = new Map(view.regions.map(r => [r.name, r.nodes]));
    const head = el("tr");
    head.append(el("th", {"scope": "col"}, "Purge"), el("th", {"scope": "col"}, "Accepted"));
    names.forEach(name => head.append(el("th", {"scope": "col", "class": "num"}, name)));
    document.querySelector("#purges thead").replaceChildren(head);
    const rows = view.purges.map(purge => {
      const row = el("tr", {"data-purge": purge.id});
      row.append(el("th", {"scope": "row"}, purge.id), el("td", {}, time(purge.writtenAt)));
      const byRegion = new Map(purge.regions.map(r => [r.region, r]));
      names.forEach(name => {
        const r = byRegion.get(name);
        row.append(r
          ? el("td", {"class": "num", "data-region": name, "data-value": String(r.latencyMs)},
            r.latencyMs + " ms (" + r.nodes + "/" + sizes.get(name) + ")")
          : el("td", {"class": "num", "data-region": name, "data-value": ""}, "pending"));
      });
      return row;
    });
    fill(document.querySelector("#purges tbody"), rows,
      view.purgeLog ? "No purges yet." : "The purge log is not configured.", 2 + names.length);
  }

  function renderFailovers(view) {
    const rows = view.failovers.map(change => {
      const row = el("tr");
      const to = change.to.toLowerCase();
      row.append(el("td", {}, time(change.at)), el("td", {}, change.kind === "gateway" ? "gateway of " + change.region : change.kind + " " + change.name),
        el("td", {"class": "change--" + to},
          change.from === change.to ? "found " + to : change.from.toLowerCase() + " \u2192 " + to),
        el("td", {}, change.reason));
      return row;
    });
    fill(document.querySelector("#failovers tbody"), rows, "No state changes since the health service started.", 4);
    const gateways = view.gatewayFailovers.map(f => {
      const row = el("tr");
      row.append(el("td", {}, f.region), el("td", {}, f.scope), el("td", {}, f.reason.replace(/_/g, " ")),
        figure("perSecond", f.perSecond, perSecond));
      return row;
    });
    fill(document.querySelector("#gateway-failovers tbody"), gateways, "None in the window.", 4);
  }

  const shown = new Map();

  // rebuilds a table only when what it shows changed
  function whenChanged(key, data, renderer, view) {
    const text = JSON.stringify(data);
    if (shown.get(key) !== text) {
      shown.set(key, text);
      renderer(view);
    }
  }

  function render(view) {
    latest = view;
    if (paused) return;
    renderRegions(view);
    whenChanged("links", view.links, renderLinks, view);
    whenChanged("purges", [view.purges, view.regions.map(r => [r.name, r.nodes]), view.purgeLog], renderPurges, view);
    whenChanged("failovers", [view.failovers, view.gatewayFailovers], renderFailovers, view);
    const connection = document.getElementById("connection");
    connection.classList.remove("connection--lost");
    connection.textContent = "Live, updated " + time(view.at);
  }

  function lost() {
    const connection = document.getElementById("connection");
    connection.classList.add("connection--lost");
    connection.textContent = "Connection to the health service lost; reconnecting\u2026";
    announce("Connection to the health service lost.");
  }

  document.getElementById("pause").addEventListener("click", event => {
    paused = !paused;
    event.currentTarget.setAttribute("aria-pressed", String(paused));
    event.currentTarget.textContent = paused ? "Resume updates" : "Pause updates";
    if (paused) {
      document.getElementById("connection").textContent = "Paused";
    } else if (latest) {
      render(latest);
    }
  });

  fetch("/v1/dashboard", {headers: {"Accept": "application/json"}})
    .then(response => response.ok ? response.json() : Promise.reject(response.status))
    .then(render)
    .catch(lost);
  const events = new EventSource("/v1/dashboard/stream");
  events.addEventListener("dashboard", event => render(JSON.parse(event.data)));
  events.onerror = lost;
})();
