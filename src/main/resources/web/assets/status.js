"use strict";
/*
 * The Deskbridge status page: reads the public admin API with the token the user types, and nothing else.
 * The token stays in sessionStorage (this tab only) and is never written into the page.
 * Built without a toolchain or libraries; every element is made with createElement, so no API text becomes markup.
 */
(() => {
  const TOKEN_KEY = "deskbridge.token";
  /** Poll fast while a run is going, so its progress and its end show; slowly otherwise. */
  const FAST_MS = 2000;
  const SLOW_MS = 30000;
  const RUNS_SHOWN = 20;
  const ERRORS_SHOWN = 20;
  const KINDS = ["FAILED", "CONFLICT", "EXCLUDED", "DELETED"];
  const SERIES = [
    { key: "created", label: "created" },
    { key: "updated", label: "updated" },
    { key: "failed", label: "failed" },
  ];
  const LIFECYCLE = {
    activate: { label: "Activate", from: ["DISABLED", "PAUSED"] },
    pause: { label: "Pause", from: ["ACTIVE"] },
    disable: { label: "Disable", from: ["ACTIVE", "PAUSED"] },
  };

  const state = {
    me: null,
    syncs: [],
    runs: {},
    errors: null,
    selected: null,
    errorKind: {},
    preview: null,
    previewOutcome: null,
    busy: false,
    scrollToPreview: false,
    updatedAt: null,
    timer: null,
    seq: 0,
    shown: {},
  };

  const $ = (id) => document.getElementById(id);

  /** An element with attributes (on* are listeners, true is a bare attribute) and children (text, nodes, arrays). */
  function h(tag, attrs, ...children) {
    return fill(document.createElement(tag), attrs, children);
  }

  function s(tag, attrs, ...children) {
    return fill(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
  }

  function fill(el, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // ---- the API ----

  class ApiError extends Error {
    constructor(status, message, problems) {
      super(message);
      this.status = status;
      this.problems = problems || [];
    }
  }

  async function request(token, method, path) {
    let r;
    try {
      r = await fetch(path, {
        method,
        headers: { Authorization: "Bearer " + token, Accept: "application/json" },
        cache: "no-store",
        credentials: "omit",
      });
    } catch (e) {
      throw new ApiError(0, "Deskbridge does not answer (" + e.message + ")");
    }
    let body = null;
    try {
      body = await r.json();
    } catch (ignored) {
      body = null;
    }
    if (!r.ok) {
      const message = body && body.message ? body.message : r.status + " " + r.statusText;
      throw new ApiError(r.status, message, body && body.problems);
    }
    return body;
  }

  /** A call with the session's token; a 401 (a token revoked meanwhile) signs out with the API's message. */
  async function api(method, path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new ApiError(401, "not signed in");
    try {
      return await request(token, method, path);
    } catch (e) {
      if (e.status === 401) signOut("Signed out: " + e.message);
      throw e;
    }
  }

  const syncPath = (id) => "/admin/syncs/" + encodeURIComponent(id);
  const isAdmin = () => state.me && state.me.role === "admin";

  // ---- signing in and out ----

  async function signIn(event) {
    event.preventDefault();
    const input = $("token");
    const token = input.value.trim();
    const error = $("login-error");
    if (!token) {
      error.textContent = "Enter a token.";
      input.focus();
      return;
    }
    error.textContent = "";
    $("sign-in").disabled = true;
    try {
      const me = await request(token, "GET", "/admin/whoami");
      sessionStorage.setItem(TOKEN_KEY, token);
      input.value = "";
      start(me);
    } catch (e) {
      error.textContent = "Sign-in refused: " + e.message;
      input.select();
    } finally {
      $("sign-in").disabled = false;
    }
  }

  function start(me) {
    state.me = me;
    $("who-name").textContent = "Signed in as " + me.name + " (" + me.role + ")";
    $("who").hidden = false;
    $("login").hidden = true;
    $("dashboard").hidden = false;
    refresh();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(state.timer);
    state.seq++;
    Object.assign(state, {
      me: null, syncs: [], runs: {}, errors: null, preview: null, previewOutcome: null, shown: {}, errorKind: {},
    });
    $("syncs-body").replaceChildren();
    $("detail").replaceChildren();
    $("notice").textContent = "";
    $("who").hidden = true;
    $("dashboard").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = typeof message === "string" ? message : "";
    $("token").focus();
  }

  // ---- reading ----

  const running = () =>
    state.syncs.some((x) => x.runningRunId !== null && x.runningRunId !== undefined) ||
    (state.preview && state.preview.run && state.preview.run.status === "RUNNING");

  async function refresh() {
    const seq = ++state.seq;
    clearTimeout(state.timer);
    try {
      const list = await api("GET", "/admin/syncs");
      const runs = {};
      await Promise.all(
        list.syncs.map(async (x) => {
          runs[x.id] = (await api("GET", syncPath(x.id) + "/runs?limit=" + RUNS_SHOWN)).items;
        })
      );
      const ids = list.syncs.map((x) => x.id);
      const wanted = decodeURIComponent(location.hash.slice(1));
      const selected = ids.includes(state.selected) ? state.selected : ids.includes(wanted) ? wanted : ids[0];
      const errors = selected ? await readErrors(selected, list.syncs.find((x) => x.id === selected)) : null;
      let preview = state.preview;
      if (preview && (!preview.run || preview.run.status === "RUNNING")) {
        preview = { ...preview, run: await api("GET", syncPath(preview.sync) + "/runs/" + preview.runId) };
      }
      if (seq !== state.seq) return;
      Object.assign(state, { syncs: list.syncs, runs, selected, errors, preview, updatedAt: new Date() });
      render();
    } catch (e) {
      if (seq === state.seq && state.me) notice(e);
    } finally {
      if (seq === state.seq && state.me) state.timer = setTimeout(refresh, running() ? FAST_MS : SLOW_MS);
    }
  }

  function readErrors(id, sync) {
    let kind = state.errorKind[id];
    if (kind === undefined) kind = sync && sync.records && sync.records.failing > 0 ? "FAILED" : "";
    const query = "?limit=" + ERRORS_SHOWN + (kind ? "&kind=" + kind : "");
    return api("GET", syncPath(id) + "/errors" + query).then((page) => ({ ...page, kind }));
  }

  // ---- acting ----

  async function act(label, method, path, after) {
    if (state.busy) return;
    state.busy = true;
    render();
    try {
      const answer = await api(method, path);
      notice(after(answer), "ok");
    } catch (e) {
      notice(e, "error", label);
    } finally {
      state.busy = false;
      await refresh();
    }
  }

  function lifecycle(sync, action) {
    act(LIFECYCLE[action].label, "POST", syncPath(sync) + "/" + action, (a) => sync + " is " + a.state + " now.");
  }

  function runNow(sync) {
    act("Run now", "POST", syncPath(sync) + "/run", (a) =>
      "Run " + a.runId + " of " + sync + " started." + (a.note ? " " + a.note : "")
    );
  }

  function dryRun(sync) {
    act("Dry run", "POST", syncPath(sync) + "/dry-run", (a) => {
      showPreview(sync, a.runId);
      return "Dry run " + a.runId + " of " + sync + " started: nothing is written.";
    });
  }

  function replay(sync, issue) {
    act("Replay", "POST", syncPath(sync) + "/errors/" + issue.id + "/replay", (a) => replayed(a, "Record " + issue.recordId));
  }

  function replayAll(sync, kind) {
    act("Replay all", "POST", syncPath(sync) + "/errors/replay?kind=" + kind, (a) => replayed(a, a.replayed + " record(s)"));
  }

  function replayed(a, what) {
    return what + " queued again" + (a.runId ? "; run " + a.runId + " takes it." : ".") + (a.note ? " " + a.note : "");
  }

  function openPreview(sync, run) {
    showPreview(sync, run.runId);
    refresh();
  }

  function showPreview(sync, runId) {
    state.preview = { sync, runId, run: null };
    state.previewOutcome = null;
    state.scrollToPreview = true;
  }

  function select(id) {
    if (state.selected === id) return;
    state.selected = id;
    history.replaceState(null, "", "#" + encodeURIComponent(id));
    refresh();
  }

  function chooseKind(sync, kind) {
    state.errorKind[sync] = kind;
    refresh();
  }

  function notice(what, tone, label) {
    const el = $("notice");
    const text = what instanceof Error ? (label ? label + " refused: " : "") + what.message : what;
    const problems = what instanceof ApiError && what.problems.length ? what.problems : [];
    el.className = "notice " + (what instanceof Error ? "error" : tone || "");
    el.replaceChildren(text);
    if (problems.length) el.append(h("ul", {}, problems.map((p) => h("li", {}, problemText(p)))));
  }

  const problemText = (p) => (typeof p === "string" ? p : p.message || JSON.stringify(p));

  // ---- formatting ----

  /** Local time: 07:45:12 today, 2026-11-28 19:45 another day (short and unambiguous at a glance). */
  function when(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    const two = (n) => String(n).padStart(2, "0");
    if (d.toDateString() === new Date().toDateString()) {
      return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function until(iso) {
    if (!iso) return "";
    const s = Math.round((new Date(iso) - new Date()) / 1000);
    if (s < 0) return "due";
    if (s < 90) return "in " + s + " s";
    if (s < 5400) return "in " + Math.round(s / 60) + " min";
    return s < 172800 ? "in " + Math.round(s / 3600) + " h" : "in " + Math.round(s / 86400) + " days";
  }

  function took(run) {
    if (!run.finishedAt) return "";
    const ms = new Date(run.finishedAt) - new Date(run.startedAt);
    if (ms < 1000) return ms + " ms";
    if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
    return Math.floor(ms / 60000) + " min " + Math.round((ms % 60000) / 1000) + " s";
  }

  const badge = (kind, text) => h("span", { class: "badge " + kind + "-" + text.toLowerCase() }, text);
  const figures = (r) => SERIES.map((x) => x.label + " " + r[x.key]).join(" · ");

  function progressText(run) {
    const p = run.progress;
    const since = "Run " + run.runId + " is running since " + when(run.startedAt);
    if (!p) return since + ".";
    return since + ": " + p.recordsDone + " record(s) done in " + p.elapsedSeconds + " s (" + p.recordsPerSecond + " per second)";
  }

  // ---- the chart: created, updated and failed per run, oldest on the left ----

  function chart(sync, runs, big) {
    const list = runs.slice().reverse();
    const width = big ? 640 : 200;
    const height = big ? 160 : 44;
    const left = big ? 36 : 2;
    const bottom = big ? 22 : 6;
    const top = 6;
    if (!list.length) return h("p", { class: "muted chart-empty" }, "No runs yet");
    const max = Math.max(1, ...list.flatMap((r) => SERIES.map((x) => r[x.key])));
    const slot = (width - left - 4) / Math.max(list.length, big ? 10 : 8);
    const bar = Math.max(1, (slot * 0.8) / SERIES.length);
    const plot = height - top - bottom;
    const total = (key) => list.reduce((n, r) => n + r[key], 0);
    const label =
      "Last " + list.length + " run(s) of " + sync + ": " +
      SERIES.map((x) => x.label + " " + total(x.key)).join(", ") +
      "; newest run " + list[list.length - 1].runId + " " + list[list.length - 1].status;
    const groups = list.map((r, i) => {
      const x0 = left + i * slot + slot * 0.1;
      return s(
        "g",
        { class: "run" + (r.dryRun ? " dry" : "") },
        s("title", {}, "Run " + r.runId + (r.dryRun ? " (dry run)" : "") + ", " + when(r.startedAt) + ", " + r.status + ": " + figures(r)),
        SERIES.map((x, k) => {
          const v = r[x.key];
          const hgt = v === 0 ? 0 : Math.max(1.5, (v / max) * plot);
          return s("rect", { class: "bar-" + x.key, x: x0 + k * bar, y: top + plot - hgt, width: bar * 0.9, height: hgt });
        }),
        s("rect", { class: "mark status-" + r.status.toLowerCase(), x: x0, y: top + plot + 2, width: bar * SERIES.length * 0.95, height: big ? 4 : 3 })
      );
    });
    const axis = big
      ? [
          s("text", { class: "axis", x: left - 6, y: top + 8, "text-anchor": "end" }, String(max)),
          s("text", { class: "axis", x: left - 6, y: top + plot, "text-anchor": "end" }, "0"),
          s("text", { class: "axis", x: left, y: height - 2 }, when(list[0].startedAt)),
          list.length > 1
            ? s("text", { class: "axis", x: left + (list.length - 1) * slot + slot, y: height - 2, "text-anchor": "end" }, when(list[list.length - 1].startedAt))
            : null,
        ]
      : [];
    return s(
      "svg",
      { class: "chart" + (big ? " chart-big" : ""), viewBox: "0 0 " + width + " " + height, width, height, role: "img", "aria-label": label },
      s("title", {}, label),
      s("line", { class: "baseline", x1: left, x2: width - 2, y1: top + plot + 0.5, y2: top + plot + 0.5 }),
      axis,
      groups
    );
  }

  function legend() {
    return h(
      "ul",
      { class: "legend", "aria-label": "Chart legend" },
      SERIES.map((x) => h("li", {}, h("span", { class: "swatch bar-" + x.key, "aria-hidden": "true" }), x.label)),
      h("li", {}, h("span", { class: "swatch mark-legend", "aria-hidden": "true" }), "under each run, its status: green succeeded, amber partial or stopped, red failed")
    );
  }

  // ---- rendering; a part is rebuilt only when what it shows changed, so focus and scrolling stay ----

  function render() {
    $("updated").textContent = state.updatedAt ? "Updated " + when(state.updatedAt.toISOString()) : "";
    $("summary").textContent = summary();
    replaceIfChanged("table", $("syncs-body"), { syncs: state.syncs, runs: state.runs, selected: state.selected }, rows);
    replaceIfChanged(
      "detail",
      $("detail"),
      {
        sync: state.syncs.find((x) => x.id === state.selected),
        runs: state.runs[state.selected],
        errors: state.errors,
        preview: state.preview,
        outcome: state.previewOutcome,
        busy: state.busy,
        role: state.me && state.me.role,
      },
      detail
    );
    const shown = document.querySelector("#detail .preview");
    if (state.scrollToPreview && shown) {
      state.scrollToPreview = false;
      shown.scrollIntoView({ block: "nearest" });
    }
  }

  function replaceIfChanged(key, container, data, build) {
    const signature = JSON.stringify(data);
    if (state.shown[key] === signature) return;
    state.shown[key] = signature;
    const focused = document.activeElement && document.activeElement.getAttribute("data-key");
    container.replaceChildren(...[].concat(build()).filter((c) => c !== null && c !== undefined));
    if (focused) {
      const again = container.querySelector('[data-key="' + CSS.escape(focused) + '"]');
      if (again && !again.disabled) again.focus();
    }
  }

  function summary() {
    const by = {};
    state.syncs.forEach((x) => (by[x.state] = (by[x.state] || 0) + 1));
    const parts = Object.entries(by).map(([k, n]) => n + " " + k.toLowerCase());
    const runningNow = state.syncs.filter((x) => x.runningRunId != null).length;
    const failing = state.syncs.reduce((n, x) => n + ((x.records && x.records.failing) || 0), 0);
    return (
      state.syncs.length + " sync(s): " + parts.join(", ") +
      (runningNow ? " · " + runningNow + " running" : "") +
      " · " + failing + " record(s) failing"
    );
  }

  function rows() {
    return state.syncs.map((x) => {
      const runs = state.runs[x.id] || [];
      const last = runs[0] || x.lastRun;
      const rec = x.records || {};
      return h(
        "tr",
        { class: x.id === state.selected ? "selected" : null, "data-sync": x.id },
        h(
          "th",
          { scope: "row" },
          h("button", { type: "button", class: "link", "data-key": "select-" + x.id, "aria-current": x.id === state.selected ? "true" : null, onclick: () => select(x.id) }, x.id)
        ),
        h("td", { class: "state-cell" }, badge("state", x.state), x.stateReason ? h("div", { class: "reason" }, x.stateReason) : null),
        h(
          "td",
          { class: "last-run" },
          last
            ? [
                badge("status", last.status),
                " ",
                h("span", { class: "muted" }, "#" + last.runId + " · " + when(last.startedAt)),
                last.dryRun ? h("span", { class: "tag" }, "dry run") : null,
                h("div", { class: "figures" }, last.status === "RUNNING" ? progressText(last) : figures(last)),
              ]
            : h("span", { class: "muted" }, "no run yet")
        ),
        h("td", {}, x.nextRunAt ? [when(x.nextRunAt), h("div", { class: "muted" }, until(x.nextRunAt))] : h("span", { class: "muted" }, "—")),
        h(
          "td",
          { class: "records" },
          (rec.inSync || 0) + " in sync",
          h("div", { class: "muted" }, (rec.failing || 0) + " failing · " + (rec.conflicts || 0) + " conflicts · " + (rec.excluded || 0) + " excluded")
        ),
        h("td", { class: "chart-cell" }, chart(x.id, runs, false))
      );
    });
  }

  function detail() {
    const x = state.syncs.find((y) => y.id === state.selected);
    if (!x) return [];
    const runs = state.runs[x.id] || [];
    const current = runs.find((r) => r.status === "RUNNING");
    return [
      h("div", { class: "detail-head" }, h("h2", { id: "detail-title" }, x.id, " ", badge("state", x.state)), actions(x)),
      x.stateReason ? h("p", { class: "reason" }, x.stateReason) : null,
      facts(x),
      current
        ? h("div", { class: "running", "data-run": current.runId }, h("p", {}, progressText(current)), h("progress", { "aria-label": "Run " + current.runId + " in progress" }))
        : null,
      preview(x),
      h("h3", {}, "Runs"),
      legend(),
      chart(x.id, runs, true),
      runTable(x, runs),
      errorsView(x),
    ];
  }

  function actions(x) {
    if (!isAdmin()) return null;
    const busy = state.busy || state.me === null;
    const isRunning = x.runningRunId != null;
    const button = (key, label, onclick, disabled, kind) =>
      h("button", { type: "button", "data-action": key, "data-key": key + "-" + x.id, class: kind || null, disabled: busy || disabled, onclick }, label);
    return h(
      "div",
      { class: "actions", role: "group", "aria-label": "Actions on " + x.id },
      button("run", "Run now", () => runNow(x.id), x.state !== "ACTIVE" || isRunning, "primary"),
      button("dry-run", "Dry run", () => dryRun(x.id), isRunning),
      Object.entries(LIFECYCLE).map(([action, d]) =>
        button(action, d.label, () => lifecycle(x.id, action), !d.from.includes(x.state), action === "disable" ? "danger" : "secondary")
      )
    );
  }

  function facts(x) {
    const calls = (c) => (c ? c.today + (c.budget ? " of " + c.budget + (c.exhausted ? " (budget used up)" : "") : "") : "—");
    const item = (term, ...value) => [h("dt", {}, term), h("dd", {}, value)];
    return h(
      "dl",
      { class: "facts" },
      item("Direction", x.direction),
      item("Schedule", h("code", {}, x.cron)),
      item("Next run", x.nextRunAt ? when(x.nextRunAt) + " (" + until(x.nextRunAt) + ")" : "— (not active)"),
      item("Conflicts", x.conflict),
      item("Deletes", x.deletes),
      item("API calls today", "CRM " + calls(x.apiCalls && x.apiCalls.crm) + " · Desk " + calls(x.apiCalls && x.apiCalls.desk))
    );
  }

  function runTable(x, runs) {
    if (!runs.length) return null;
    const cols = ["read", "created", "updated", "linked", "unchanged", "excluded", "conflicts", "failed", "deleted"];
    return h(
      "table",
      { class: "runs" },
      h("caption", { class: "sr-only" }, "Last runs of " + x.id + ", newest first"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Run"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Started"), h("th", { scope: "col" }, "Took"), cols.map((c) => h("th", { scope: "col", class: "num" }, c)), h("th", { scope: "col" }, "Message"))),
      h(
        "tbody",
        {},
        runs.map((r) =>
          h(
            "tr",
            { "data-run": r.runId },
            h("th", { scope: "row" }, "#" + r.runId, r.dryRun ? h("span", { class: "tag" }, "dry run") : null, h("div", { class: "muted" }, r.trigger)),
            h("td", {}, badge("status", r.status)),
            h("td", {}, when(r.startedAt)),
            h("td", {}, r.status === "RUNNING" ? "…" : took(r)),
            cols.map((c) => h("td", { class: "num " + c }, r[c])),
            h(
              "td",
              { class: "message-cell" },
              r.message || "",
              r.dryRun && r.status !== "RUNNING"
                ? h("button", { type: "button", class: "link", "data-key": "preview-" + r.runId, onclick: () => openPreview(x.id, r) }, "Show preview")
                : null
            )
          )
        )
      )
    );
  }

  function errorsView(x) {
    const page = state.errors && state.errors.sync === x.id ? state.errors : null;
    if (!page) return null;
    const counts = page.counts || {};
    const all = KINDS.reduce((n, k) => n + (counts[k] || 0), 0);
    const tab = (kind, label, n) =>
      h("button", { type: "button", class: "tab", "data-key": "kind-" + (kind || "all"), "aria-pressed": String(page.kind === kind), onclick: () => chooseKind(x.id, kind) }, label + " " + n);
    const admin = isAdmin();
    return h(
      "section",
      { class: "errors", "aria-labelledby": "errors-title" },
      h("h3", { id: "errors-title" }, "Records kept with a reason"),
      h(
        "div",
        { class: "tabs", role: "group", "aria-label": "Show records of a kind" },
        tab("", "All", all),
        KINDS.map((k) => tab(k, k.charAt(0) + k.slice(1).toLowerCase(), counts[k] || 0)),
        admin && counts.FAILED > 0
          ? h("button", { type: "button", class: "secondary", "data-action": "replay-all", "data-key": "replay-all", disabled: state.busy, onclick: () => replayAll(x.id, "FAILED") }, "Replay all failed")
          : null
      ),
      page.items.length
        ? h(
            "table",
            { class: "issues" },
            h("caption", { class: "sr-only" }, "Records of " + x.id + " kept with a reason"),
            h("thead", {}, h("tr", {}, ["Kind", "Record", "Reason", "Tries", "Last seen"].map((c) => h("th", { scope: "col" }, c)), admin ? h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Replay")) : null)),
            h(
              "tbody",
              {},
              page.items.map((i) =>
                h(
                  "tr",
                  { "data-issue": i.id },
                  h("td", {}, badge("kind", i.kind)),
                  h("td", {}, h("span", { class: "system" }, i.system), " ", h("code", {}, i.recordId), i.email ? h("div", { class: "muted" }, i.email) : null),
                  h("td", { class: "reason-cell" }, i.reasonCode ? h("code", { class: "code" }, i.reasonCode) : null, " ", i.reason || ""),
                  h("td", { class: "num" }, i.attempts),
                  h("td", {}, when(i.lastSeen)),
                  admin
                    ? h("td", {}, i.kind === "DELETED" ? null : h("button", { type: "button", class: "secondary small", "data-action": "replay", "data-key": "replay-" + i.id, disabled: state.busy, "aria-label": "Replay record " + i.recordId, onclick: () => replay(x.id, i) }, "Replay"))
                    : null
                )
              )
            )
          )
        : h("p", { class: "muted" }, "No records of this kind."),
      page.items.length < (page.kind ? counts[page.kind] || 0 : all)
        ? h("p", { class: "muted" }, "The first " + page.items.length + " are shown; GET " + syncPath(x.id) + "/errors pages through all.")
        : null
    );
  }

  // ---- a dry run's preview: per outcome, the records and their fields from → to ----

  function preview(x) {
    const p = state.preview;
    if (!p || p.sync !== x.id) return null;
    const run = p.run;
    const close = h("button", { type: "button", class: "secondary small", "data-key": "close-preview", onclick: () => { state.preview = null; render(); } }, "Close");
    const head = h("div", { class: "preview-head" }, h("h3", { id: "preview-title" }, "Dry run " + p.runId + ": what a run would write"), close);
    if (!run || run.status === "RUNNING") {
      return h("section", { class: "preview", "aria-labelledby": "preview-title" }, head, h("p", {}, run ? progressText(run) : "Reading the dry run…"));
    }
    const outcomes = Object.keys(run.preview || {});
    const chosen = outcomes.includes(state.previewOutcome) ? state.previewOutcome : outcomes[0];
    const items = chosen ? run.preview[chosen] : [];
    return h(
      "section",
      { class: "preview", "aria-labelledby": "preview-title" },
      head,
      h("p", {}, badge("status", run.status), " ", figures(run), " · read " + run.read + " · linked " + run.linked + ". Nothing was written to either system."),
      outcomes.length
        ? h(
            "div",
            { class: "tabs", role: "group", "aria-label": "Outcomes" },
            outcomes.map((o) =>
              h("button", { type: "button", class: "tab", "data-key": "outcome-" + o, "aria-pressed": String(o === chosen), onclick: () => { state.previewOutcome = o; render(); } }, o + " " + run.preview[o].length + (run[o] > run.preview[o].length ? " of " + run[o] : ""))
            )
          )
        : h("p", { class: "muted" }, "The run would write nothing."),
      items.length
        ? h(
            "table",
            { class: "preview-items" },
            h("caption", { class: "sr-only" }, "Records that would be " + chosen),
            h("thead", {}, h("tr", {}, ["Writes", "CRM id", "Desk id", "From", "Fields", "Reason"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              {},
              items.map((i) =>
                h(
                  "tr",
                  {},
                  h("td", {}, i.writes || ""),
                  h("td", {}, i.crmId ? h("code", {}, i.crmId) : h("span", { class: "muted" }, "new")),
                  h("td", {}, i.deskId ? h("code", {}, i.deskId) : h("span", { class: "muted" }, "new")),
                  h("td", {}, i.source || ""),
                  h("td", {}, fieldChanges(i.fields)),
                  h("td", {}, i.reason || "")
                )
              )
            )
          )
        : null
    );
  }

  function fieldChanges(fields) {
    const names = Object.keys(fields || {});
    if (!names.length) return h("span", { class: "muted" }, "no field");
    const value = (v, none) => (v === null || v === undefined ? h("em", { class: "muted" }, none) : h("span", { class: "value" }, v));
    return h(
      "ul",
      { class: "changes" },
      names.map((n) => h("li", {}, h("code", {}, n), ": ", value(fields[n].from, "none"), h("span", { class: "arrow", "aria-label": "becomes" }, " → "), value(fields[n].to, "emptied")))
    );
  }

  // ---- start ----

  document.addEventListener("DOMContentLoaded", async () => {
    $("login-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", () => signOut());
    $("refresh").addEventListener("click", () => refresh());
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      $("token").focus();
      return;
    }
    try {
      start(await request(token, "GET", "/admin/whoami"));
    } catch (e) {
      signOut(e.status === 401 ? "Signed out: " + e.message : "Deskbridge did not answer: " + e.message);
    }
  });
})();
