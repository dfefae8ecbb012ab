// The quote page's module: starts the Pyodide worker at once, keeps the form, the query string
// and the answer in step, and exposes window.cyberquote = {ready, quote(params)}.
// Every amount, date and message shown comes formatted from Python; this file only places texts
// into the DOM (textContent, never HTML) and fills "{name}" placeholders of the strings table.

// Today's date in Japan is read from the page's clock (cq-japan.js, shared with the intake
// banner): sent with every request, so the answer follows the page (and a test's fixed clock)
// even where a worker's clock would differ. Published as assets/widget/quote.<hash>.js, so the
// shared module is one folder up.
import { fill, todayInJapan } from "../javascripts/cq-japan.js";

const FIELDS = ["industry", "revenue", "plan", "start"];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function definitionList(rows, cls = "cq-facts") {
  const dl = el("dl", { class: cls });
  for (const [term, detail, key] of rows) {
    if (detail === null || detail === undefined || detail === "") continue;
    dl.append(el("dt", {}, term), el("dd", { "data-fact": key }, detail));
  }
  return dl;
}

// One row per plan (code, premium, limits): a grid on desktop and print, a small card per plan on
// phones (quote.css), each cell labelled there from data-label.
function plansTable(plans, lang, S) {
  const columns = [
    [S.code_row, (p) => p.code, "code"],
    [S.premium_row, (p) => p.premium[lang], "premium"],
    [S.liability_row, (p) => p.liability_limit[lang], "liability"],
    [S.response_row, (p) => p.response_cost_limit[lang], "response"],
  ];
  const headRow = el("tr", {}, el("th", { scope: "col" }, S.plan_col));
  for (const [label] of columns) headRow.append(el("th", { scope: "col" }, label));
  const body = el("tbody");
  for (const p of plans) {
    const head = el("th", { scope: "row", class: p.chosen ? "cq-chosen" : null, "data-plan": p.plan }, `${S.plan_col} ${p.plan}`);
    if (p.chosen) head.append(" ", el("span", { class: "cq-badge" }, S.chosen));
    const row = el("tr", { class: p.chosen ? "cq-chosen" : null, "data-plan": p.plan }, head);
    for (const [label, value, key] of columns) row.append(el("td", { "data-label": label, "data-col": key }, value(p)));
    body.append(row);
  }
  return el("table", { class: "cq-quote-plans" }, el("caption", {}, S.plans_caption), el("thead", {}, headRow), body);
}

function resultState(r) {
  if (!r.eligible) return "ineligible";
  if (r.intake === "closed") return "closed";
  return r.reason === "individual_quote" ? "individual" : "quote";
}

// Whom to call, where the agents are listed, where the papers go: every number a tel: link.
function contactList(r, lang, S) {
  const who = r.contacts[r.contact];
  const phone = el("a", { class: "cq-tel", href: who.tel_href }, who.tel);
  const rows = [[who.name[lang], [phone, ` ${who.hours[lang]}`], "contact"]];
  if (r.contact === "lead_agent" || r.intake === "open") {
    const list = el("a", { href: r.agents_list_url, rel: "noopener" }, S.agents_list_link);
    rows.push([S.agents_list, [list], "agents_list"]);
  }
  if (r.contact === "lead_agent" && r.eligible) {
    const agent = r.contacts.lead_agent;
    const fax = agent.fax ? el("span", { class: "cq-nowrap" }, fill(S.fax, { fax: agent.fax })) : null;
    rows.push([S.papers_to, [`${agent.name[lang]} ${agent.postal_address[lang]} `, fax], "papers"]);
  }
  const dl = el("dl", { class: "cq-facts cq-quote-contacts" });
  for (const [term, parts, key] of rows) dl.append(el("dt", {}, term), el("dd", { "data-fact": key }, ...parts));
  return dl;
}

// The answer area for one successful quote: the price first, then the plans, the dates, the next
// step. Every text comes from Python; nothing here decides what the answer says.
function renderQuote(target, r, d, lang, S) {
  const a = r.answer[lang];
  const chosen = r.plans.find((p) => p.chosen) || null;
  target.append(el("h2", { id: "quote-result-heading" }, a.heading));
  const noticeKind = !r.eligible ? "ineligible" : r.intake === "closed" ? "closed" : "start";
  if (a.notice) target.append(el("p", { class: "cq-quote-notice", "data-notice": noticeKind }, a.notice));
  if (a.premium) {
    target.append(
      el(
        "p",
        { class: "cq-quote-premium" },
        el("span", { class: "cq-quote-premium-label" }, a.premium_label),
        el("strong", { class: "cq-quote-premium-amount", "data-fact": "premium" }, a.premium),
      ),
    );
  }
  if (a.premium_note) target.append(el("p", { class: "cq-quote-premium-note" }, a.premium_note));
  if (r.plans.length) target.append(plansTable(r.plans, lang, S));
  if (r.coverage_start) {
    target.append(
      el("h3", {}, S.dates_heading),
      definitionList([
        [S.coverage_start, d.coverage_start[lang], "coverage_start"],
        [S.application_deadline, d.application_deadline[lang], "application_deadline"],
        [S.coverage_end, d.coverage_end[lang], "coverage_end"],
      ]),
    );
  }
  target.append(
    el("h3", {}, r.contact === "lead_agent" ? S.next_heading : S.contact_heading),
    el("p", { class: "cq-next-step" }, a.next_step),
    contactList(r, lang, S),
  );
  // What the estimate is for: the details as read, with the band they fall in.
  target.append(
    el("h3", {}, S.form_legend),
    definitionList([
      [S.policy_year_label, fill(S.policy_year, { year: r.policy_year }), "policy_year"],
      [S.industry, r.industry_label ? r.industry_label[lang] : null, "industry"],
      [S.category, r.category_label ? r.category_label[lang] : null, "category"],
      [S.revenue, d.revenue[lang], "revenue"],
      [S.band, r.band ? r.band.label[lang] : null, "band"],
    ]),
  );
  if (r.extras.length) {
    target.append(el("h3", {}, S.extras), el("ul", { class: "cq-extras" }, ...r.extras.map((x) => el("li", {}, x.label[lang]))));
  }
  target.dataset.state = resultState(r);
  target.dataset.code = chosen ? chosen.code : "";
  target.dataset.premium = chosen ? String(chosen.premium_yen) : "";
  target.dataset.reason = r.reason || "";
  target.dataset.today = r.today;
  target.dataset.start = r.coverage_start || "";
  target.dataset.deadline = r.application_deadline || "";
  if (r.wished_start_passed) target.dataset.wishedPassed = r.wished_start;
  return chosen ? `${a.heading}: ${a.premium_label} ${a.premium}` : a.heading;
}

// An error: its message under the field it is about (markField), else here, under the heading.
function renderError(target, answer, lang, S, underField) {
  const message = (answer.messages && answer.messages[lang]) || answer.error;
  target.append(el("h2", { id: "quote-result-heading" }, S.error_heading));
  if (!underField) target.append(el("p", { class: "cq-error" }, message));
  target.dataset.state = "error";
  return `${S.error_heading}: ${message}`;
}

function renderPrompt(target, text) {
  target.append(el("p", { class: "cq-prompt" }, text));
  target.dataset.state = "prompt";
}

// The chosen industry's category note (the rates' note, e.g. the IT businesses that are excluded)
// under the select, and read with it.
function showIndustryNote(select) {
  const option = select.options[select.selectedIndex];
  const group = option && option.parentElement.tagName === "OPTGROUP" ? option.parentElement : null;
  const shown = (group && group.dataset.note) || "";
  for (const note of select.parentElement.querySelectorAll(".cq-industry-note")) note.hidden = note.id !== shown;
  if (shown) select.setAttribute("aria-describedby", shown);
  else select.removeAttribute("aria-describedby");
}

// A message under the field it is about, the field marked for assistive technology; none: unmarked.
function markField(input, error, hintId, message) {
  error.textContent = message || "";
  error.hidden = !message;
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${error.id} ${hintId}`);
  } else {
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", hintId);
  }
}

// The answer in one line under the revenue field: the chosen plan's premium, or the heading that
// says what the answer is instead (not eligible, quoted individually); hidden without an answer.
function showAnswerLine(line, r, lang) {
  const text = line.querySelector(".cq-answer-line-text");
  if (!r) {
    line.hidden = true;
    text.textContent = "";
    delete line.dataset.state;
    return;
  }
  const a = r.answer[lang];
  text.textContent = a.premium ? `${a.premium_label} ${a.premium}` : a.heading;
  line.dataset.state = resultState(r);
  line.hidden = false;
}

function clear(target) {
  target.replaceChildren();
  for (const key of ["state", "code", "premium", "reason", "today", "start", "deadline", "wishedPassed"]) {
    delete target.dataset[key];
  }
}

function selectedText(select) {
  const option = select.options[select.selectedIndex];
  return option && option.value ? option.textContent : "";
}

// The print-only summary: title, policy year, date, the inputs as the person gave them.
function renderPrint(target, form, r, d, lang, S) {
  target.replaceChildren(
    el("h2", {}, fill(S.print_heading, { year: r.policy_year })),
    definitionList([
      [S.print_date, d.today[lang], "date"],
      [S.industry, selectedText(form.industry), "industry"],
      [S.revenue, `${form.revenue.value.trim()} (${d.revenue[lang]})`, "revenue"],
      [S.plan, selectedText(form.plan), "plan"],
      [S.start, form.start.options[form.start.selectedIndex].textContent, "start"],
      [S.print_link, window.location.href, "link"],
    ]),
    el("p", { class: "cq-hint" }, S.print_hint),
  );
}

// Start months whose paper deadline is before today cannot be chosen, and say why; once none is
// left, the "earliest start" choice says the year's intake is over.
function markPassedStarts(select, today) {
  let open = 0;
  for (const option of select.options) {
    const deadline = option.dataset.deadline;
    if (!deadline) continue;
    const passed = deadline < today;
    option.disabled = passed;
    option.textContent = passed ? option.dataset.passedLabel : option.dataset.label;
    if (!passed) open += 1;
  }
  const earliest = select.querySelector('option[value=""]');
  if (earliest && earliest.dataset.closedLabel) {
    earliest.textContent = open ? earliest.dataset.label : earliest.dataset.closedLabel;
  }
}

// The language switch (partials/alternate.html) keeps the inputs: it links the other language's
// quote page with the same query.
function carryQueryToOtherLanguages() {
  for (const link of document.querySelectorAll("a[data-cq-alternate]")) {
    const url = new URL(link.getAttribute("href"), window.location.href);
    url.search = window.location.search;
    url.hash = window.location.hash;
    link.href = url.href;
  }
}

function readQuery(form) {
  const query = new URLSearchParams(window.location.search);
  for (const name of FIELDS) {
    const value = query.get(name);
    if (value === null) continue;
    const field = form[name];
    if (field.tagName === "SELECT") {
      if ([...field.options].some((o) => o.value === value)) field.value = value;
    } else {
      field.value = value;
    }
  }
}

// The address holds the revenue only as the number of yen it was read as (a long paste never
// makes a long link); it is left out while the revenue cannot be read.
function writeQuery(values) {
  const query = new URLSearchParams(window.location.search);
  for (const name of FIELDS) {
    if (values[name]) query.set(name, values[name]);
    else query.delete(name);
  }
  const search = query.toString();
  const url = `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`;
  window.history.replaceState(window.history.state, "", url);
  carryQueryToOtherLanguages();
}

// Print and copy-link buttons under the answer: the link reproduces the estimate.
function actions(S) {
  const note = el("p", { class: "cq-hint cq-copy-status", role: "status", "aria-live": "polite" }, S.link_hint);
  const print = el("button", { type: "button", class: "md-button", "data-action": "print" }, S.print_button);
  const copy = el("button", { type: "button", class: "md-button", "data-action": "copy" }, S.copy_button);
  print.addEventListener("click", () => window.print());
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      note.textContent = S.copied;
      note.dataset.copied = "yes";
    } catch {
      note.textContent = S.copy_failed;
      note.dataset.copied = "no";
    }
  });
  return el("div", { class: "cq-quote-actions" }, el("div", { class: "cq-quote-buttons" }, print, copy), note);
}

// The offline copy, made after the first answer: the service worker (scoped to the site's root,
// wherever the site is published) keeps the runtime, this page and the files it loaded, in a cache
// named by the build's content hashes, so a rebuilt site replaces it in one step. Resolves true
// once everything is kept.
async function keepOffline(root, runtimeUrls) {
  if (!root.dataset.sw || !("serviceWorker" in navigator)) return false;
  const script = new URL(root.dataset.sw, document.baseURI);
  const scope = new URL("./", script).href;
  await navigator.serviceWorker.register(script.href, { scope, updateViaCache: "none" });
  const registration = await navigator.serviceWorker.ready;
  const page = new URL(window.location.href);
  page.search = "";
  page.hash = "";
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
  const urls = [page.href, ...loaded, ...runtimeUrls].filter((url) => url.startsWith(scope));
  const list = [...new Set(urls)];
  const first = registration.active;
  if (await askToKeep(first, list)) return true;
  // A rebuilt site: the previous build's worker keeps nothing once it has seen a newer one (sw.js);
  // the newer one, once it has taken over with its whole copy, is asked again.
  const next = registration.installing || registration.waiting;
  const newer = next ? await activated(next, NEWER_WORKER_MS) : registration.active !== first;
  return newer && registration.active ? askToKeep(registration.active, list) : false;
}

const NEWER_WORKER_MS = 120000; // the newer build's worker fetches the whole offline copy first

function askToKeep(worker, urls) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(Boolean(event.data && event.data.ok));
    worker.postMessage({ type: "keep", urls }, [channel.port2]);
  });
}

// Resolves true once the worker is active, false if it is dropped or the time is up.
function activated(worker, ms) {
  return new Promise((resolve) => {
    if (worker.state === "activated") return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    worker.addEventListener("statechange", () => {
      if (worker.state !== "activated" && worker.state !== "redundant") return;
      clearTimeout(timer);
      resolve(worker.state === "activated");
    });
  });
}

const KEEP_AFTER_MS = 2000;

// Material's search worker builds its index on this page only once the quote's runtime has
// started or failed, or the person turns to the search box (cq-search.js holds it): both need the
// CPU while the page loads. A search worker that starts later asks ("waiting") and is let go.
function holdSearch() {
  if (typeof BroadcastChannel !== "function") return () => {};
  const channel = new BroadcastChannel("cq-search-hold");
  let free = false;
  const release = () => {
    free = true;
    channel.postMessage("go");
  };
  channel.onmessage = (event) => {
    if (event.data === "waiting" && free) channel.postMessage("go");
  };
  document.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches(".md-search__input")) release();
  });
  return release;
}

function dataIsDear() {
  const connection = navigator.connection;
  return Boolean(connection && connection.saveData);
}

function start(root) {
  const lang = root.dataset.lang;
  const S = JSON.parse(document.getElementById("cq-strings").textContent);
  const formEl = document.getElementById("quote-form");
  const form = {
    industry: document.getElementById("quote-industry"),
    revenue: document.getElementById("quote-revenue"),
    plan: document.getElementById("quote-plan"),
    start: document.getElementById("quote-start"),
  };
  const status = document.getElementById("quote-status");
  const statusText = status.querySelector(".cq-status-text");
  const failure = document.getElementById("quote-failure");
  const result = document.getElementById("quote-result");
  const printArea = document.getElementById("quote-print");
  const revenueError = document.getElementById("quote-revenue-error");
  const answerLine = document.getElementById("quote-answer-line");
  const revenueHint = "quote-revenue-hint";
  const absolute = (path) => new URL(path, document.baseURI).href;
  const runtime = {
    pyodide: absolute(root.dataset.pyodide),
    wheel: absolute(root.dataset.wheel),
    rates: absolute(root.dataset.rates),
  };
  const snapshotUrl = root.dataset.snapshot ? absolute(root.dataset.snapshot) : null;
  const runtimeUrls = [
    absolute(root.dataset.worker),
    runtime.wheel,
    runtime.rates,
    ...(root.dataset.pyodideFiles || "").split(" ").filter(Boolean).map((name) => runtime.pyodide + name),
  ];

  const releaseSearch = holdSearch();
  let worker = null;
  let state = "loading";
  let nextId = 0;
  let latestFormId = 0;
  let firstQuoteShown = false;
  const pending = new Map();
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});

  // The give-up time follows the download: it starts again with every progress report, so a
  // stalled download fails after timeoutMs while a slow one that keeps arriving does not.
  const timeoutMs = Number(root.dataset.timeoutMs) || 30000;
  let giveUp = null;
  function stillArriving() {
    window.clearTimeout(giveUp);
    giveUp = state === "loading" ? window.setTimeout(() => fail("timeout"), timeoutMs) : null;
  }

  function showProgress(message) {
    if (state !== "loading" || !message.total) return;
    const percent = Math.min(99, Math.floor((100 * message.loaded) / message.total));
    setStatus("loading", percent >= 99 ? S.starting : fill(S.loading_progress, { percent }));
    status.dataset.percent = String(percent);
  }

  function setStatus(next, text) {
    status.dataset.state = next;
    statusText.textContent = text;
  }

  function fail(reason) {
    if (state !== "loading") return;
    state = "failed";
    releaseSearch();
    stillArriving();
    setStatus("failed", S.failed);
    failure.hidden = false;
    root.dataset.failure = reason;
    if (worker) worker.terminate();
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
    rejectReady(new Error(reason));
  }

  function request(params) {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: "quote", id, params });
    });
  }

  function onMessage(event) {
    const message = event.data;
    if (message.type === "ready" && state === "loading") {
      state = "ready";
      releaseSearch();
      stillArriving();
      for (const [name, epochMs] of Object.entries(message.timings || {})) {
        performance.mark(`cq-worker-${name}`, { startTime: epochMs - performance.timeOrigin });
      }
      performance.mark("cq-ready");
      root.dataset.boot = message.mode;
      setStatus("ready", S.ready);
      resolveReady();
      update();
    } else if (message.type === "progress") {
      stillArriving();
      showProgress(message);
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "answer") {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (waiting) waiting.resolve(JSON.parse(message.answer));
    }
  }

  function values() {
    return Object.fromEntries(FIELDS.map((name) => [name, form[name].value.trim()]));
  }

  // Called on every change of the form. Only the answer to the newest input is ever shown.
  function update() {
    const current = values();
    writeQuery({ ...current, revenue: "" });
    const id = ++latestFormId;
    if (state !== "ready") return;
    if (!current.industry || !current.revenue) {
      // Nothing of an earlier answer stays: not in the answer, the line, the field or the status.
      clear(result);
      printArea.replaceChildren();
      showAnswerLine(answerLine, null, lang);
      markField(form.revenue, revenueError, revenueHint, "");
      delete status.dataset.shown;
      setStatus("ready", S.ready);
      renderPrompt(result, current.industry ? S.prompt_revenue : S.prompt_industry);
      return;
    }
    const today = todayInJapan();
    markPassedStarts(form.start, today);
    const params = { industry: current.industry, revenue: current.revenue, plan: current.plan, today };
    if (current.start) params.start = current.start;
    request(params).then((answer) => {
      if (id !== latestFormId) return; // a late answer to older input: dropped
      clear(result);
      result.dataset.requestId = String(id);
      let summary;
      if (answer.ok) {
        writeQuery({ ...current, revenue: String(answer.result.revenue_yen) });
        markField(form.revenue, revenueError, revenueHint, "");
        summary = renderQuote(result, answer.result, answer.display, lang, S);
        showAnswerLine(answerLine, answer.result, lang);
        result.append(actions(S));
        renderPrint(printArea, form, answer.result, answer.display, lang, S);
      } else {
        const message = (answer.messages && answer.messages[lang]) || answer.error;
        markField(form.revenue, revenueError, revenueHint, answer.field === "revenue" ? message : "");
        showAnswerLine(answerLine, null, lang);
        summary = renderError(result, answer, lang, S, answer.field === "revenue");
        printArea.replaceChildren();
      }
      setStatus("ready", summary);
      status.dataset.shown = "answer"; // the answer's heading says it: this line is for screen readers
      if (!firstQuoteShown && answer.ok) {
        firstQuoteShown = true;
        performance.mark("cq-first-quote");
        // Once the person has the answer, and idle: the offline copy never competes with it.
        window.setTimeout(() => {
          const runtime = [...runtimeUrls, ...(dataIsDear() ? [] : [snapshotUrl])];
          keepOffline(root, runtime.filter(Boolean)).then(
            (kept) => (root.dataset.cache = kept ? "ready" : "none"),
            () => (root.dataset.cache = "none"),
          );
        }, KEEP_AFTER_MS);
      }
    });
  }

  window.cyberquote = {
    ready,
    quote(params) {
      return ready.then(() => request({ today: todayInJapan(), ...params })).then((answer) => {
        if (!answer.ok) throw new Error(answer.error);
        return answer.result;
      });
    },
  };

  readQuery(form);
  showIndustryNote(form.industry);
  markPassedStarts(form.start, todayInJapan());
  carryQueryToOtherLanguages();
  let composing = false;
  form.revenue.addEventListener("compositionstart", () => {
    composing = true;
  });
  form.revenue.addEventListener("compositionend", () => {
    composing = false;
    update();
  });
  form.revenue.addEventListener("input", (event) => {
    if (composing || event.isComposing) return;
    update();
  });
  form.industry.addEventListener("change", () => showIndustryNote(form.industry));
  for (const name of ["industry", "plan", "start"]) form[name].addEventListener("change", update);
  formEl.addEventListener("submit", (event) => event.preventDefault());

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail("no WebAssembly");
    return;
  }
  stillArriving();
  try {
    performance.mark("cq-worker-created");
    worker = new Worker(absolute(root.dataset.worker), { type: "module" });
  } catch (error) {
    fail(String(error));
    return;
  }
  worker.addEventListener("message", onMessage);
  worker.addEventListener("error", (event) => fail(event.message || "worker error"));
  worker.addEventListener("messageerror", () => fail("messageerror"));
  worker.postMessage({
    type: "boot",
    pyodide: runtime.pyodide,
    wheel: runtime.wheel,
    rates: runtime.rates,
    snapshot: snapshotUrl, // used only if the offline copy holds it (see worker.js)
    total: Number(root.dataset.runtimeBytes) || 0,
  });
}

const root = document.getElementById("cq-widget");
if (root) start(root);
