// The renewal check's page module (staff/renewal/): starts the worker at once (it loads the
// site's Pyodide and the renewal's wheels), takes the workbook from the file input or a drop on
// its box, and shows what review() found. Everything read from the file reaches the page as text
// nodes: the problems and warnings by textContent, the approval document rebuilt element by
// element from an inert parse (only the tags and attributes of a table document are kept), the
// new rates file as a Blob download.
//
// #renewal-result[data-state]: loading -> ready -> busy -> ok | problems   (failed: no runtime)

const root = document.getElementById("renewal");
const S = JSON.parse(document.getElementById("renewal-strings").textContent);
const lang = root.dataset.lang;
const result = document.getElementById("renewal-result");
const status = document.getElementById("renewal-status");
const bar = document.getElementById("renewal-progress");
const input = document.getElementById("renewal-file");
const drop = document.getElementById("renewal-drop");
const problemList = document.getElementById("renewal-problems");
const warningBox = document.getElementById("renewal-warnings");
const failure = document.getElementById("renewal-failure");
const diffStep = document.getElementById("renewal-diff-step");
const diff = document.getElementById("renewal-diff");
const downloadStep = document.getElementById("renewal-download-step");
const download = document.getElementById("renewal-download");

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function setState(state, message) {
  result.dataset.state = state;
  status.textContent = message;
  const busy = state === "loading" || state === "busy";
  result.setAttribute("aria-busy", String(busy));
  bar.hidden = !busy;
  if (state === "busy") bar.removeAttribute("value"); // indeterminate while the file is read
}

// The approval document: the review's HTML (made by cyberrenewal's escaping renderer) parsed
// inertly, then copied node by node into this page: only these tags, only these attributes,
// every text as a text node. Inline styles (meant for e-mail) are dropped: the CSP refuses them
// and cq-renewal.css styles the tables on screen and on A4. The document's title becomes an h3
// and its sections h4: they sit under this page's h2.
const KEEP = new Set(["H1", "H2", "H3", "P", "TABLE", "CAPTION", "THEAD", "TBODY", "TR", "TH", "TD", "UL", "OL", "LI", "STRONG", "EM", "BR"]);
const ATTRIBUTES = new Set(["data-section", "colspan", "rowspan", "scope"]);
const RENAME = { H1: "h3", H2: "h3", H3: "h4" };

function copySafe(source, target) {
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      target.append(node.data);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      if (!KEEP.has(node.tagName)) {
        copySafe(node, target); // an unknown wrapper (body, section, div): its content only
        continue;
      }
      const copy = document.createElement(RENAME[node.tagName] || node.tagName.toLowerCase());
      for (const { name, value } of node.attributes) {
        if (ATTRIBUTES.has(name) && /^[\w-]*$/.test(value)) copy.setAttribute(name, value);
      }
      if (node.classList.contains("num")) copy.className = "cq-renewal-num"; // a figure: right-aligned
      copySafe(node, copy);
      target.append(copy);
    }
  }
}

// A wide table scrolls inside its own region (a narrow window keeps its width), which a keyboard
// can reach and scroll, named by the section heading before it (as the site's tables: cq.css).
function scrollRegion(table) {
  let heading = table.previousElementSibling;
  while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
  const region = document.createElement("div");
  region.className = "cq-scroll";
  region.tabIndex = 0;
  region.setAttribute("role", "region");
  if (heading) region.setAttribute("aria-label", heading.textContent);
  table.before(region);
  region.append(table);
}

function showDiff(html) {
  diff.replaceChildren();
  const parsed = new DOMParser().parseFromString(html, "text/html"); // inert: nothing runs or loads
  copySafe(parsed.body, diff);
  for (const table of diff.querySelectorAll("table")) {
    const first = table.querySelector("tr");
    if (first && !first.querySelector("td")) for (const th of first.children) th.setAttribute("scope", "col");
    scrollRegion(table);
  }
  diffStep.hidden = !diff.hasChildNodes();
}

let downloadUrl = null;
function offerDownload(toml, name) {
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = toml ? URL.createObjectURL(new Blob([toml], { type: "application/toml;charset=utf-8" })) : null;
  if (downloadUrl) {
    download.href = downloadUrl;
    download.download = name;
    download.textContent = fill(S.download_link, { name });
  }
  downloadStep.hidden = !downloadUrl;
}

function listOf(target, lines) {
  target.replaceChildren(
    ...lines.map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }),
  );
}

// The command line's words for it, which name the code and the cell ("AA1 (業種区分Ⅰ!C5)"); the
// place is put first if they do not.
function problemLine(problem) {
  const place = problem.code && problem.cell ? `${problem.code} (${problem.cell})` : problem.cell || "";
  const text = String(problem.text || "");
  if (!place || text.includes(place)) return text || place;
  return `${place}: ${text}`;
}

function show(name, r) {
  if (r.state !== "ok" && r.state !== "problems") {
    clearResult();
    setState("problems", fill(S.unreadable, { name }));
    return;
  }
  const problems = r.problems || [];
  listOf(problemList, problems.map(problemLine));
  problemList.hidden = problems.length === 0;
  listOf(warningBox.querySelector("ul"), r.warnings || []);
  warningBox.hidden = !(r.warnings || []).length;
  const ok = r.state === "ok";
  showDiff(ok ? r.diff_html || "" : "");
  offerDownload(ok ? r.toml : "", r.toml_name);
  setState(r.state, ok ? fill(S.ok, { name }) : fill(S.problems, { name, count: problems.length }));
  performance.mark("renewal-result");
  status.focus();
}

function clearResult() {
  problemList.hidden = true;
  warningBox.hidden = true;
  showDiff("");
  offerDownload("", "");
}

// The worker, started at once: a file chosen before it is ready waits for it.
const worker = new Worker(root.dataset.worker, { type: "module" });
let ready = false;
let failed = false;
let waiting = null; // {name, data} chosen while loading
let nextId = 0;
const names = new Map();

// reason: the worker's own words (kept in data-reason for whoever looks into a failure).
function giveUp(reason = "timeout") {
  failed = true;
  failure.dataset.reason = reason;
  worker.terminate();
  setState("failed", S.failed);
  failure.hidden = false;
}

// The give-up time starts again with every progress report: a slow line is not a failure.
const timeoutMs = Number(root.dataset.timeoutMs) || 60000;
let timer = setTimeout(() => giveUp(), timeoutMs);
function keepAlive() {
  clearTimeout(timer);
  timer = setTimeout(() => giveUp(), timeoutMs);
}

function send(file) {
  const id = ++nextId;
  names.set(id, file.name);
  setState("busy", fill(S.checking, { name: file.name }));
  worker.postMessage({ type: "review", id, name: file.name, data: file.data, lang }, [file.data]);
}

worker.addEventListener("message", (event) => {
  const m = event.data;
  if (failed) return;
  if (m.type === "progress") {
    keepAlive();
    const percent = m.total ? Math.min(99, Math.floor((100 * m.loaded) / m.total)) : 0;
    bar.value = percent;
    if (!waiting) setState("loading", percent >= 99 ? S.starting : fill(S.loading_progress, { percent }));
  } else if (m.type === "ready") {
    clearTimeout(timer);
    ready = true;
    performance.mark("renewal-ready");
    if (waiting) send(waiting);
    else setState("ready", S.ready);
    waiting = null;
  } else if (m.type === "failed") {
    clearTimeout(timer);
    giveUp(m.reason);
  } else if (m.type === "result" && m.id === nextId) {
    show(names.get(m.id), m.result);
  }
});
worker.addEventListener("error", (event) => {
  clearTimeout(timer);
  giveUp(event.message || "worker error");
});
worker.postMessage({ type: "boot", manifest: new URL(root.dataset.renewalRuntime, document.baseURI).href });

async function take(file) {
  if (!file || failed) return;
  performance.clearMarks("renewal-result");
  performance.mark("renewal-file");
  clearResult();
  // Said at once, before the file is read: no earlier answer stays on screen meanwhile.
  if (ready) setState("busy", fill(S.checking, { name: file.name }));
  else setState("loading", fill(S.queued, { name: file.name }));
  let data;
  try {
    data = await file.arrayBuffer();
  } catch {
    setState("problems", fill(S.unreadable, { name: file.name }));
    return;
  }
  const chosen = { name: file.name, data };
  if (ready) send(chosen);
  else waiting = chosen;
}

// Emptied once taken: the same file, corrected and saved again, can be chosen again (a browser
// sends no change event for the file already chosen). The status names the file taken.
input.addEventListener("change", () => {
  const file = input.files[0];
  input.value = "";
  take(file);
});

// Dropping a file on the box does what choosing it does; so does a drop that misses the box
// (the browser would otherwise leave the page to open or save the workbook).
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.toggle("cq-renewal-drop--over", drop.contains(event.target));
});
document.addEventListener("dragleave", (event) => {
  if (event.target === drop) drop.classList.remove("cq-renewal-drop--over");
});
document.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("cq-renewal-drop--over");
  take(event.dataTransfer.files[0]);
});

document.getElementById("renewal-print").addEventListener("click", () => window.print());
