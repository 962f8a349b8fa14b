"use strict";
/*
 * The CRM ticket widget: one CRM record's tickets, statistics and actions, through Deskbridge's /api calls with the
 * token the user types. No library and no build step; the page's Content-Security-Policy forbids inline script and
 * style, so everything is built here with DOM calls, and every text from the Desk goes in as text, never as HTML
 * (a ticket's subject is the customer's).
 */
(function () {
  const TOKEN_KEY = "deskbridge.widget.token";
  const PAGE = 25;
  /** The modules a ticket can be opened for (Accounts cannot: a ticket is for a contact). */
  const CREATES_FOR = ["Contacts", "Deals", "Pipelines"];
  const STATUS_WORDS = {
    0: "Deskbridge unreachable", 400: "Bad request", 401: "Not signed in", 403: "Not allowed", 404: "Not found",
    409: "Conflict", 415: "Bad request", 422: "Refused", 502: "The Desk failed", 503: "Unavailable",
  };
  /**
   * What each role of GET /admin/whoami may do, as AdminTokens.Role grants it: reading is every /api read, comment
   * is POST /api/tickets/{id}/comments, change is every other /api call (create, reply, edit, close, trash, deal).
   * An unknown role may only read. The API still decides: what it refuses is shown as before.
   */
  const ROLE_MAY = {
    admin: ["read", "comment", "change"],
    commenter: ["read", "comment"],
    viewer: ["read"],
  };

  const $ = (id) => document.getElementById(id);
  const record = readRecord(new URLSearchParams(window.location.search));
  let token = loadToken();
  /** The signed-in token's name and role, from GET /admin/whoami; null while signed out. */
  let me = null;
  let filter = "all";
  let offset = 0;
  /** Which ticket ids are open, so a reload keeps them open. */
  const expanded = new Set();
  /** Bumped by every list load: an older answer that arrives late is dropped. */
  let listLoad = 0;

  document.addEventListener("DOMContentLoaded", start);

  function start() {
    if (record.problem) {
      showProblem(record.problem);
      return;
    }
    $("tw-record").textContent = record.module + " record " + record.id;
    document.title = "Tickets of " + record.module + " " + record.id + " · Deskbridge";
    $("tw-login").addEventListener("submit", signIn);
    $("tw-signout").addEventListener("click", () => signOut(""));
    document.querySelectorAll("#tw-filters input[name=filter]").forEach((radio) =>
      radio.addEventListener("change", () => {
        filter = radio.value;
        loadList(true);
      }));
    $("tw-more").addEventListener("click", () => loadList(false));
    setUpCreate();
    if (token) {
      whoAmI(token).then(showApp, (e) => signOut(e.message));
    } else {
      showLogin("");
    }
  }

  /** The CRM record from ?module=&id=, or why it cannot be read. */
  function readRecord(query) {
    const module = (query.get("module") || "").trim();
    const id = (query.get("id") || "").trim();
    const how = " The widget's address names the CRM record: /widget/tickets?module=Contacts&id=<record id>"
      + " (module Contacts, Accounts or Deals; with Bigin, Pipelines).";
    if (!module && !id) {
      return { problem: "No CRM record given." + how };
    }
    if (!module) {
      return { problem: "The address has no module." + how };
    }
    if (!/^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(module)) {
      return { problem: "'" + module + "' is not a module name." + how };
    }
    if (!id) {
      return { problem: "The address has no id of the " + module + " record." + how };
    }
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) {
      return { problem: "'" + id + "' is not a CRM record id (digits, as the CRM shows it)." + how };
    }
    return { module, id };
  }

  // --- the token: typed once, kept for the browser session only --------------------------------------------------

  function loadToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (e) {
      return ""; // storage refused (a sandboxed frame): the token lives in this page only
    }
  }

  function keepToken(value) {
    token = value;
    try {
      if (value) {
        window.sessionStorage.setItem(TOKEN_KEY, value);
      } else {
        window.sessionStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // As above: without storage, the next page load asks again.
    }
  }

  /** Signs in only with a token Deskbridge knows: whoami checks it and says what it may do. */
  async function signIn(event) {
    event.preventDefault();
    const value = $("tw-token").value.trim();
    if (!value) {
      return;
    }
    const submit = $("tw-login").querySelector("button[type=submit]");
    submit.disabled = true;
    try {
      const who = await whoAmI(value);
      keepToken(value);
      $("tw-token").value = "";
      showApp(who);
    } catch (e) {
      setMessage($("tw-login-msg"), e.message, true);
      $("tw-token").select();
    } finally {
      submit.disabled = false;
    }
  }

  function whoAmI(value) {
    return request(value, "GET", "/admin/whoami");
  }

  function may(access) {
    return Boolean(me && (ROLE_MAY[me.role] || ["read"]).includes(access));
  }

  function signOut(why) {
    keepToken("");
    showLogin(why);
  }

  function showLogin(why) {
    me = null;
    $("tw-app").hidden = true;
    $("tw-signout").hidden = true;
    $("tw-who").hidden = true;
    $("tw-login").hidden = false;
    setMessage($("tw-login-msg"), why, true);
    $("tw-token").focus();
  }

  function showApp(who) {
    me = who;
    const whoLine = $("tw-who");
    whoLine.textContent = "Signed in as " + who.name + " (" + who.role + ")";
    whoLine.title = may("change") ? "May read, comment and act on tickets"
      : may("comment") ? "May read and comment" : "May only read";
    whoLine.hidden = false;
    $("tw-login").hidden = true;
    $("tw-app").hidden = false;
    $("tw-signout").hidden = false;
    $("tw-new").hidden = !(may("change") && CREATES_FOR.includes(record.module));
    $("tw-create").hidden = true;
    loadStats();
    loadList(true);
  }

  function showProblem(text) {
    const p = $("tw-problem");
    p.textContent = text;
    p.hidden = false;
  }

  // --- the API -------------------------------------------------------------------------------------------------

  /** Calls Deskbridge with the session's token; a 401 (a token revoked meanwhile) signs out with the API's message. */
  async function api(method, path, body) {
    try {
      return await request(token, method, path, body);
    } catch (e) {
      if (e.status === 401) {
        signOut(e.message);
      }
      throw e;
    }
  }

  /** Calls Deskbridge; an error answer rejects with an Error whose message says its status and Deskbridge's text. */
  async function request(bearer, method, path, body) {
    const headers = { Authorization: "Bearer " + bearer, Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    let answer;
    try {
      answer = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store", credentials: "omit",
      });
    } catch (e) {
      throw failure(0, "Deskbridge did not answer (" + e.message + ")");
    }
    const text = await answer.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!answer.ok) {
      throw failure(answer.status, json && json.message ? json.message : text || answer.statusText);
    }
    return json;
  }

  function failure(status, message) {
    const word = STATUS_WORDS[status] || "Error";
    const e = new Error(word + (status ? " (" + status + ")" : "") + ": " + message);
    e.status = status;
    return e;
  }

  function recordPath(what) {
    return "/api/crm/" + encodeURIComponent(record.module) + "/" + encodeURIComponent(record.id) + "/" + what;
  }

  function ticketPath(ticketId, what) {
    return "/api/tickets/" + encodeURIComponent(ticketId) + (what ? "/" + what : "");
  }

  // --- statistics ----------------------------------------------------------------------------------------------

  async function loadStats() {
    const dl = $("tw-figures");
    dl.setAttribute("aria-busy", "true");
    try {
      const s = await api("GET", recordPath("stats"));
      dl.replaceChildren(
        figure("Tickets", s.total, "tw-fig-total"),
        figure("Open", s.open, "tw-fig-open"),
        figure("Overdue", s.overdue, s.overdue > 0 ? "tw-fig-overdue tw-alarm" : "tw-fig-overdue"),
        figure("First response", duration(s.averageFirstResponseSeconds), "tw-fig-first", "on average"),
        figure("Resolution", duration(s.averageResolutionSeconds), "tw-fig-resolution", "on average"),
        figure("Ratings", ratings(s.ratings), "tw-fig-ratings"));
      const feedback = $("tw-feedback");
      feedback.hidden = !s.latestFeedback;
      if (s.latestFeedback) {
        feedback.replaceChildren(
          el("span", { class: "tw-sr" }, "Latest feedback: "),
          el("q", {}, s.latestFeedback.text),
          " ",
          el("span", { class: "tw-muted" }, when(s.latestFeedback.at)));
      }
    } catch (e) {
      dl.replaceChildren(el("div", { class: "tw-msg tw-msg-error", role: "alert" }, "Statistics: " + e.message));
    } finally {
      dl.setAttribute("aria-busy", "false");
    }
  }

  function figure(label, value, cls, title) {
    return el("div", { class: "tw-figure " + cls },
      el("dt", title ? { title } : {}, label),
      el("dd", {}, String(value)));
  }

  function ratings(r) {
    return "Good " + r.good + " · Okay " + r.okay + " · Bad " + r.bad;
  }

  // --- the list ------------------------------------------------------------------------------------------------

  /** Loads the first page ({@code fromStart}) or the next; {@code note} says what was just done. */
  async function loadList(fromStart, note) {
    const load = ++listLoad;
    if (fromStart) {
      offset = 0;
    }
    const list = $("tw-list");
    const msg = $("tw-list-msg");
    list.setAttribute("aria-busy", "true");
    setMessage(msg, "Loading…", false);
    try {
      const page = await api("GET", recordPath("tickets") + "?filter=" + encodeURIComponent(filter)
        + "&limit=" + PAGE + "&offset=" + offset);
      if (load !== listLoad) {
        return;
      }
      const items = page.items.map(ticketItem);
      if (fromStart) {
        list.replaceChildren(...items);
      } else {
        list.append(...items);
      }
      offset += page.items.length;
      $("tw-more").hidden = page.items.length < PAGE;
      const shown = list.children.length;
      setMessage(msg, (note ? note + " " : "") + (shown === 0 ? noTickets() : shown
        + (shown === 1 ? " ticket" : " tickets") + (filter === "all" ? "" : " (" + filterName() + ")")), false);
      page.items.filter((t) => expanded.has(t.ticketId)).forEach((t) => openDetail(t.ticketId));
    } catch (e) {
      if (load === listLoad) {
        setMessage(msg, e.message, true);
      }
    } finally {
      list.setAttribute("aria-busy", "false");
    }
  }

  function noTickets() {
    return filter === "all"
      ? "No tickets for this " + record.module + " record in Deskbridge's mirror (the tickets sync's last read)."
      : "No " + filterName().toLowerCase() + " tickets.";
  }

  function filterName() {
    const checked = document.querySelector("#tw-filters input[name=filter]:checked");
    return checked ? checked.parentElement.textContent.trim() : filter;
  }

  function ticketItem(t) {
    const detailId = "tw-detail-" + t.ticketId;
    const toggle = el("button", {
      type: "button", class: "tw-ticket-head", "aria-expanded": "false", "aria-controls": detailId,
    },
    el("span", { class: "tw-ticket-line" },
      el("span", { class: "tw-number" }, "#" + (t.ticketNumber || t.ticketId)),
      el("span", { class: "tw-subject" }, t.subject || "(no subject)")),
    el("span", { class: "tw-ticket-line tw-badges" },
      badge(t.status || "?", "tw-status-" + (t.statusType || "").toLowerCase().replace(/\s+/g, "-")),
      t.priority ? badge(t.priority, "tw-priority") : null,
      t.overdue ? badge("Overdue", "tw-alarm") : null,
      t.escalated && t.status !== "Escalated" ? badge("Escalated", "tw-warn") : null,
      el("span", { class: "tw-muted" }, when(t.createdAt))));
    const detail = el("div", { id: detailId, class: "tw-detail", hidden: "" });
    const li = el("li", { class: "tw-ticket", "data-ticket-id": t.ticketId }, toggle, detail);
    li.ticket = t;
    toggle.addEventListener("click", () => {
      if (toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        detail.hidden = true;
        expanded.delete(t.ticketId);
      } else {
        openDetail(t.ticketId);
      }
    });
    return li;
  }

  function badge(text, cls) {
    return el("span", { class: "tw-badge " + cls }, text);
  }

  function itemOf(ticketId) {
    return Array.from($("tw-list").children).find((li) => li.dataset.ticketId === ticketId);
  }

  /** Opens a ticket and reads its conversation from the Desk. */
  async function openDetail(ticketId, note) {
    const li = itemOf(ticketId);
    if (!li) {
      return;
    }
    const toggle = li.querySelector(".tw-ticket-head");
    const detail = li.querySelector(".tw-detail");
    expanded.add(ticketId);
    toggle.setAttribute("aria-expanded", "true");
    detail.hidden = false;
    detail.setAttribute("aria-busy", "true");
    detail.replaceChildren(el("p", { class: "tw-muted" }, "Reading the ticket from the Desk…"));
    let read = null;
    let readError = null;
    try {
      read = await api("GET", ticketPath(ticketId));
    } catch (e) {
      readError = e;
    }
    const t = read ? read.ticket : li.ticket;
    detail.replaceChildren(...[
      facts(t),
      readError ? el("p", { class: "tw-msg tw-msg-error", role: "alert" }, readError.message) : null,
      read ? conversation(read) : null,
      actions(t)].filter(Boolean));
    const status = detail.querySelector(".tw-actions > .tw-msg");
    if (note && status) {
      setMessage(status, note, false);
    }
    detail.setAttribute("aria-busy", "false");
  }

  function facts(t) {
    const rows = [
      ["Status", t.status + (t.statusType && t.statusType !== t.status ? " (" + t.statusType + ")" : "")],
      ["Priority", t.priority],
      ["Channel", t.channel],
      ["Created", when(t.createdAt)],
      ["Due", t.dueAt ? when(t.dueAt) + (t.overdue ? " (overdue)" : "") : null],
      ["First response", t.firstResponseAt ? when(t.firstResponseAt) : "not yet"],
      ["Closed", t.closedAt ? when(t.closedAt) : null],
      ["Deal", t.crmDealId],
      ["Rating", t.latestRating ? t.latestRating + (t.latestFeedback ? ": “" + t.latestFeedback + "”" : "") : null],
    ].filter((r) => r[1]);
    return el("div", { class: "tw-facts" },
      el("dl", {}, ...rows.flatMap((r) => [el("dt", {}, r[0]), el("dd", {}, r[1])])),
      // Only a web address becomes a link: a javascript: or data: URL from the Desk's data must never run here.
      /^https?:\/\//i.test(t.webUrl || "") ? el("a", { href: t.webUrl, target: "_blank", rel: "noopener noreferrer" }, "Open in the Desk") : null);
  }

  function conversation(read) {
    const entries = read.threads.map((th) => ({
      at: th.createdAt, cls: "tw-thread tw-" + (th.direction || "in"),
      head: (th.direction === "out" ? "To " + (th.to || "the customer") : "From " + (th.author || th.fromEmailAddress
        || "the customer")) + (th.isForward ? " (forward)" : "") + (th.visibility === "private" ? " · private" : ""),
      who: th.author, text: th.summary,
    })).concat(read.comments.map((c) => ({
      at: c.commentedAt, cls: "tw-comment" + (c.isPublic ? " tw-public" : ""),
      head: "Comment by " + (c.commenter || "?") + (c.isPublic ? " · public" : " · private"),
      text: c.content,
    })));
    entries.sort((a, b) => String(a.at).localeCompare(String(b.at)));
    return el("section", { class: "tw-conversation", "aria-label": "Conversation and comments" },
      el("h3", {}, "Conversation"),
      entries.length === 0 ? el("p", { class: "tw-muted" }, "Nothing yet.") : el("ol", { class: "tw-entries" },
        ...entries.map((x) => el("li", { class: x.cls },
          el("div", { class: "tw-entry-head" }, el("span", {}, x.head), el("span", { class: "tw-muted" }, when(x.at))),
          el("p", { class: "tw-entry-text" }, x.text || "")))));
  }

  // --- actions -------------------------------------------------------------------------------------------------

  /** The actions the signed-in role may take on a ticket; none for a viewer. */
  function actions(t) {
    if (!may("comment") && !may("change")) {
      return null;
    }
    const id = t.ticketId;
    const status = el("p", { class: "tw-msg", role: "status", "aria-live": "polite", hidden: "" });
    const closed = (t.statusType || "").toLowerCase() === "closed";
    const changes = may("change") ? [
      el("div", { class: "tw-row tw-buttons" },
        closed ? null : button("Close ticket", "tw-close", () =>
          act(status, "POST", ticketPath(id, "close"), undefined, () => "Ticket closed.", true)),
        trashButton(id, status)),
      more("Reply by email", replyForm(id, status)),
      more("Change status, priority, due date", changeForm(t, status)),
      more("Deal", dealForm(t, status)),
    ] : [];
    return el("div", { class: "tw-actions" },
      may("comment") ? commentForm(id, status) : null,
      ...changes,
      status);
  }

  function commentForm(ticketId, status) {
    const fid = "tw-comment-" + ticketId;
    const text = el("textarea", { id: fid, name: "content", rows: "2", required: "" });
    const isPublic = el("input", { type: "checkbox", name: "isPublic", id: fid + "-public" });
    const form = el("form", { class: "tw-form tw-comment-form" },
      el("label", { for: fid }, "Comment"),
      text,
      el("div", { class: "tw-row" },
        el("label", { class: "tw-check", for: fid + "-public" }, isPublic, "Visible to the customer"),
        el("button", { type: "submit", class: "tw-primary" }, "Add comment")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!text.value.trim()) {
        setMessage(status, "Write the comment first.", true);
        return;
      }
      act(status, "POST", ticketPath(ticketId, "comments"), { content: text.value, isPublic: isPublic.checked },
        () => (isPublic.checked ? "Public" : "Private") + " comment added.", false, ticketId);
    });
    return form;
  }

  function replyForm(ticketId, status) {
    const fid = "tw-reply-" + ticketId;
    const mode = el("select", { id: fid + "-mode", name: "mode" },
      el("option", { value: "reply" }, "Reply to the customer"),
      el("option", { value: "reply-all" }, "Reply to all on the latest thread"),
      el("option", { value: "forward" }, "Forward (private)"));
    const to = el("input", { id: fid + "-to", name: "to", type: "text", placeholder: "a@example.com, b@example.com" });
    const toRow = el("div", { hidden: "" }, el("label", { for: fid + "-to" }, "Forward to"), to);
    mode.addEventListener("change", () => {
      toRow.hidden = mode.value !== "forward";
    });
    const text = el("textarea", { id: fid, name: "content", rows: "3", required: "" });
    const form = el("form", { class: "tw-form" },
      el("label", { for: fid + "-mode" }, "Send as"), mode, toRow,
      el("label", { for: fid }, "Message"), text,
      el("button", { type: "submit", class: "tw-primary" }, "Send"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const body = { content: text.value, mode: mode.value };
      if (mode.value === "forward") {
        body.to = to.value.split(/[,;\s]+/).filter(Boolean);
      }
      act(status, "POST", ticketPath(ticketId, "replies"), body,
        (th) => "Sent to " + (th && th.to ? th.to : "the customer") + ".", false, ticketId);
    });
    return form;
  }

  function changeForm(t, status) {
    const fid = "tw-change-" + t.ticketId;
    const field = (name, label, attrs) => {
      const input = el("input", Object.assign({ id: fid + "-" + name, name }, attrs));
      return [el("label", { for: fid + "-" + name }, label), input];
    };
    const form = el("form", { class: "tw-form" },
      el("div", { class: "tw-pair" },
        el("div", {}, ...field("status", "Status", { list: "tw-statuses", placeholder: t.status || "" })),
        el("div", {}, ...field("priority", "Priority", { list: "tw-priorities", placeholder: t.priority || "" }))),
      el("div", { class: "tw-pair" },
        el("div", {}, ...field("dueDate", "Due", { type: "datetime-local" })),
        el("div", {}, ...field("assigneeId", "Assignee (Desk agent id)", { inputmode: "numeric" }))),
      el("button", { type: "submit", class: "tw-primary" }, "Save changes"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const body = {};
      ["status", "priority", "assigneeId"].forEach((k) => {
        const v = form.elements[k].value.trim();
        if (v) {
          body[k] = v;
        }
      });
      const due = form.elements.dueDate.value;
      if (due) {
        // The user's local time, sent as UTC without milliseconds: 2026-12-01T08:00:00Z.
        body.dueDate = new Date(due).toISOString().replace(/\.\d{3}Z$/, "Z");
      }
      if (Object.keys(body).length === 0) {
        setMessage(status, "Fill in what to change.", true);
        return;
      }
      act(status, "PATCH", ticketPath(t.ticketId), body, () => "Saved.", true);
    });
    return form;
  }

  function dealForm(t, status) {
    const fid = "tw-deal-" + t.ticketId;
    const deal = el("input", { id: fid, name: "crmDealId", inputmode: "numeric", value: t.crmDealId || "" });
    const form = el("form", { class: "tw-form" },
      el("label", { for: fid }, "CRM deal id (Bigin: Pipelines record)"), deal,
      el("div", { class: "tw-row" },
        el("button", { type: "submit", class: "tw-primary" }, "Link"),
        t.crmDealId ? button("Unlink", "tw-unlink", () =>
          act(status, "DELETE", ticketPath(t.ticketId, "deal"), undefined, () => "Unlinked.", true)) : null));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      act(status, "PUT", ticketPath(t.ticketId, "deal"), { crmDealId: deal.value.trim() },
        (d) => "Linked to deal " + d.crmDealId + ".", true);
    });
    return form;
  }

  /** Two steps, in the page: a CRM's frame may forbid confirm() dialogs. */
  function trashButton(ticketId, status) {
    const b = button("Move to trash", "tw-danger", () => {
      if (b.dataset.armed !== "yes") {
        b.dataset.armed = "yes";
        b.textContent = "Really move to the Desk's trash?";
        return;
      }
      act(status, "DELETE", ticketPath(ticketId), undefined, () => "Moved to the Desk's trash.", true);
    });
    return b;
  }

  function more(title, content) {
    return el("details", { class: "tw-more-actions" }, el("summary", {}, title), content);
  }

  function button(text, cls, onClick) {
    const b = el("button", { type: "button", class: cls }, text);
    b.addEventListener("click", onClick);
    return b;
  }

  /**
   * Does one action and says how it went in {@code status}. Afterwards the ticket is read again ({@code reopen}),
   * or the list and figures are ({@code reloadAll}: the mirror changed).
   */
  async function act(status, method, path, body, done, reloadAll, reopen) {
    const form = status.closest(".tw-actions");
    const buttons = form ? form.querySelectorAll("button") : [];
    buttons.forEach((b) => { b.disabled = true; });
    setMessage(status, "Working…", false);
    try {
      const answer = await api(method, path, body);
      const note = done(answer);
      if (reloadAll) {
        loadStats();
        loadList(true, note);
      } else if (reopen) {
        openDetail(reopen, note);
      } else {
        setMessage(status, note, false);
        buttons.forEach((b) => { b.disabled = false; });
      }
    } catch (e) {
      setMessage(status, e.message, true);
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  // --- creating a ticket ---------------------------------------------------------------------------------------

  function setUpCreate() {
    const form = $("tw-create");
    const open = $("tw-new");
    const status = form.querySelector(".tw-msg");
    const show = (yes) => {
      form.hidden = !yes;
      open.setAttribute("aria-expanded", String(yes));
      if (yes) {
        $("tw-create-subject").focus();
      }
    };
    open.addEventListener("click", () => show(form.hidden));
    $("tw-create-cancel").addEventListener("click", () => show(false));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { subject: form.elements.subject.value.trim() };
      ["description", "priority", "channel"].forEach((k) => {
        const v = form.elements[k].value.trim();
        if (v) {
          body[k] = v;
        }
      });
      setMessage(status, "Creating…", false);
      try {
        const made = await api("POST", recordPath("tickets"), body);
        form.reset();
        show(false);
        setMessage($("tw-list-msg"), "Ticket #" + (made.ticket.ticketNumber || made.ticket.ticketId)
          + " created in the Desk. It is listed here after the tickets sync's next run.", false);
      } catch (err) {
        setMessage(status, err.message, true);
      }
    });
  }

  // --- small helpers -------------------------------------------------------------------------------------------

  /** An element with attributes and children (strings become text nodes, nulls are skipped). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined) {
        node.setAttribute(k, v);
      }
    });
    children.forEach((c) => {
      if (c !== null && c !== undefined && c !== false) {
        node.append(c instanceof Node ? c : document.createTextNode(String(c)));
      }
    });
    return node;
  }

  function setMessage(node, text, isError) {
    node.textContent = text || "";
    node.hidden = !text;
    node.classList.toggle("tw-msg-error", Boolean(isError));
  }

  function when(iso) {
    if (!iso) {
      return "";
    }
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  /** Seconds as the largest two units ("1 h 30 min"); a dash when there is no figure. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return "–";
    }
    const units = [["d", 86400], ["h", 3600], ["min", 60], ["s", 1]];
    const parts = [];
    let rest = Math.round(seconds);
    for (const [name, size] of units) {
      if (rest >= size && parts.length < 2) {
        parts.push(Math.floor(rest / size) + " " + name);
        rest %= size;
      } else if (parts.length > 0) {
        break;
      }
    }
    return parts.length ? parts.join(" ") : "0 s";
  }
}());
