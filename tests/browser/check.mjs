// WCAG 2.1 AA checks of a built Insyn site in a real browser. Driven by tests/it/browser.rs
// (`cargo test`), and runnable on its own:
//
//   node check.mjs --site ../../public --base /insyn/ --artifacts /tmp/a \
//     --page home=/insyn/ --page sok=/insyn/sok/?q=personal --search /insyn/sok/
//
// For every --page, at every width (1280 and 320 px):
//   - axe-core: no violations of the tags wcag2a, wcag2aa, wcag21a, wcag21aa;
//   - reflow (1.4.10): no horizontal page scroll (scrollWidth <= clientWidth); whatever scrolls
//     sideways is its own keyboard-focusable, labelled region (role=region, tabindex=0);
//   - text spacing (1.4.12): with the spacing users may set, still no sideways scroll and no
//     text cut off by a box that hides its overflow;
//   - contrast inside inline SVG charts, which axe leaves for a person (1.4.3, 1.4.11):
//     text ≥ 4.5:1, marks ≥ 3:1 against the chart's background;
//   - focus (2.4.7): Tab through the page; every stop shows an outline (≥ 2 px, ≥ 3:1
//     against what is behind it) and is scrolled into view;
//   - tables (1.4.10): no caption or sentence scrolls sideways, only a table does; a table
//     hides columns only when the window has no room for it; a table that hides columns has
//     a visible cue outside its box naming how many ("→ 4 kolumner till");
//   - a full-page screenshot, <artifacts>/<page>-<width>.png, of the page as it loads.
// In print (A4): navigation hidden, link targets written out, rows whole, every column of
// every table on the page.
// With --search: the search works with the keyboard alone (Tab to the field, type, Enter,
// results, the role=status region announces the count, Tab reaches the first result).
// With --stems FILE: search.js stems every word in FILE exactly as the build did (the file
// holds the build's answers); with --expect-search QUERY=URL: searching QUERY lists URL, and
// its title or snippet marks the hit.
// On every page: the <title> is not another page's, links with the same name go to the same
// place, and every text in a chart lies inside the chart (nothing cut off, the newest value
// in view).
// Unless --no-vnu: the Nu Html Checker (vnu.jar, with the machine's java) reports no error in
// any HTML file of the site, inline SVG included.
// Everything measured is also written to <artifacts>/report.json.
//
// Prints one line per problem and a summary; exits 1 if anything failed, 2 if the checks
// could not run at all.

import { parseArgs } from "node:util";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import AxeBuilderModule from "@axe-core/playwright";
import { serve } from "./serve.mjs";

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const require = createRequire(import.meta.url);

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// The default theme's search page (themes/insyn/templates/search.html).
const SEARCH = { field: "#sok-fraga", status: "#sok-status", results: "#sok-resultat" };

const { values: opt } = parseArgs({
  options: {
    site: { type: "string" },
    base: { type: "string", default: "/" },
    artifacts: { type: "string" },
    page: { type: "string", multiple: true, default: [] },
    widths: { type: "string", default: "1280,320" },
    search: { type: "string" },
    "search-query": { type: "string", default: "personal" },
    stems: { type: "string" },
    "expect-search": { type: "string", multiple: true, default: [] },
    "no-vnu": { type: "boolean", default: false },
    chromium: { type: "string", default: process.env.INSYN_CHROMIUM || "/usr/bin/chromium" },
    timeout: { type: "string", default: "240" },
  },
});

function die(msg) {
  console.error(`error: ${msg}`);
  process.exit(2);
}

if (!opt.site) die("--site MAPP saknas (the built site to check)");
const site = path.resolve(opt.site);
if (!fs.existsSync(path.join(site, "index.html"))) die(`${site}/index.html does not exist: build the site first`);
const artifacts = path.resolve(opt.artifacts || path.join(os.tmpdir(), "insyn-browser-artifacts"));
fs.mkdirSync(artifacts, { recursive: true });
const widths = opt.widths.split(",").map((w) => parseInt(w, 10)).filter((w) => w > 0);
const pages = opt.page.map((p) => {
  const i = p.indexOf("=");
  if (i < 1) die(`--page ${p}: expected NAME=PATH, e.g. home=/insyn/`);
  return { name: p.slice(0, i), path: p.slice(i + 1) };
});
if (!fs.existsSync(opt.chromium)) {
  die(`Chromium is not installed at ${opt.chromium}: install it with \`apt-get install -y chromium\` (Debian), or point INSYN_CHROMIUM at a Chromium binary`);
}

// A hung browser must not hang the test run.
const watchdog = setTimeout(() => {
  console.error(`error: the browser checks took longer than ${opt.timeout} s; stopping`);
  process.exit(2);
}, Number(opt.timeout) * 1000);
watchdog.unref();

const failures = [];
const report = { site, pages: [], search: [], searchIndex: null, vnu: null, failures };
/** Page titles seen so far, by title: no two pages may share one. */
const titles = new Map();
let checks = 0;
function fail(kind, where, msg) {
  const line = `FAIL ${kind}: ${where}: ${msg}`;
  failures.push(line);
  console.log(line);
}
function ok(msg) {
  console.log(`ok   ${msg}`);
}
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1) + " s";

// ---- vnu, in parallel with the browser ----------------------------------------------------

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

function runVnu() {
  const files = htmlFiles(site);
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  return new Promise((resolve) => {
    const child = spawn("java", ["-Xss4m", "-jar", jar, "--errors-only", "--format", "json", ...files], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) =>
      resolve({ files, error: `could not start java (${e.message}): install a Java runtime, e.g. \`apt-get install -y default-jre-headless\`` }),
    );
    child.on("close", (code) => {
      const text = (err + out).trim();
      const start = text.indexOf("{");
      try {
        resolve({ files, code, messages: JSON.parse(text.slice(start)).messages || [] });
      } catch {
        resolve({ files, code, error: `vnu exited ${code} without a JSON report: ${text.slice(0, 2000)}` });
      }
    });
  });
}

const vnuDone = opt["no-vnu"] ? null : runVnu();

// ---- in the page ----------------------------------------------------------------------------

/** Installed in every page before its scripts run (context.addInitScript): measurements that
    axe does not make. Everything it needs is defined inside it. */
function installHelpers() {
  const describe = (el) =>
    el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + [...el.classList].map((c) => "." + c).join("");
  const label = (el) => {
    const text = (el.textContent || "").trim().replace(/\s+/g, " ");
    return describe(el) + (text ? ` “${text.slice(0, 40)}”` : "");
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  // "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)", "#abc", "#aabbcc" → [r, g, b, a]; anything else null.
  function parseColor(s) {
    if (!s) return null;
    s = s.trim();
    let m = s.match(/^rgba?\(([^)]+)\)$/i);
    if (m) {
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    m = s.match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
    if (m) {
      const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
      return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(1);
    }
    if (s === "white") return [255, 255, 255, 1];
    if (s === "black") return [0, 0, 0, 1];
    return null;
  }
  const over = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat(1);
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // The colour behind an element: the nearest opaque background, blending translucent ones.
  function backgroundOf(el) {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parseColor(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  }

  /** Horizontal reflow at the current width, and the regions that scroll sideways. */
  function layout() {
    const doc = document.documentElement;
    const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) return true;
      return false;
    };
    const cw = doc.clientWidth;
    const culprits = [];
    if (doc.scrollWidth > cw) {
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > cw + 0.5 && !clipped(el)) culprits.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
        if (culprits.length >= 5) break;
      }
    }
    const accName = (el) => {
      const l = el.getAttribute("aria-label");
      if (l && l.trim()) return l.trim();
      const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      return ids.map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ").trim();
    };
    const regions = [];
    for (const el of document.body.querySelectorAll("*")) {
      const x = getComputedStyle(el).overflowX;
      if ((x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth + 1) {
        regions.push({ el: describe(el), role: el.getAttribute("role"), tabindex: el.getAttribute("tabindex"), name: accName(el) });
      }
    }
    // Text cut off by a box that hides its overflow (matters once text spacing is increased).
    const cut = [];
    for (const el of document.body.querySelectorAll("*")) {
      const cs = getComputedStyle(el);
      if (!el.textContent.trim() || cs.display === "none") continue;
      const hidesX = cs.overflowX === "hidden" || cs.overflowX === "clip";
      const hidesY = cs.overflowY === "hidden" || cs.overflowY === "clip";
      if ((hidesX && el.scrollWidth > el.clientWidth + 1) || (hidesY && el.scrollHeight > el.clientHeight + 1)) {
        if (el.clientWidth > 2 && el.clientHeight > 2) cut.push(label(el));
      }
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: cw, culprits, regions, cut };
  }

  /** What has focus now, and whether a sighted keyboard user can see it. */
  function focus() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    let visible = false;
    let ratio = null;
    if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) {
      const c = parseColor(cs.outlineColor);
      const bg = backgroundOf(el.parentElement || el);
      ratio = c ? contrast(over(c, bg), bg) : null;
      visible = ratio === null || ratio >= 3;
    } else if (cs.boxShadow && cs.boxShadow !== "none") {
      visible = true;
    }
    return {
      key: describe(el) + "@" + Math.round(r.top + scrollY) + "," + Math.round(r.left + scrollX) + ":" + (el.getAttribute("href") || ""),
      desc: label(el),
      visible,
      ratio: ratio && Math.round(ratio * 100) / 100,
      onScreen,
    };
  }

  /** WCAG 1.4.3 and 1.4.11 inside inline SVG charts, which axe leaves for a person to check:
      text against the chart's background ≥ 4.5:1 (3:1 when large), marks (bars, lines, points,
      legend keys) ≥ 3:1. Hairlines (stroke only, ≤ 1 px, e.g. grid lines) are decoration; fills
      in the background colour (hollow bars, whose outline is the mark) are skipped. */
  function svgContrast() {
    const problems = [];
    for (const svg of document.querySelectorAll("svg")) {
      const r0 = svg.getBoundingClientRect();
      if (r0.width === 0 || r0.height === 0) continue;
      let bg = backgroundOf(svg);
      const first = svg.querySelector("rect");
      if (first) {
        const b = first.getBBox();
        const vb = svg.viewBox.baseVal;
        const fill = parseColor(getComputedStyle(first).fill);
        if (fill && vb && vb.width && b.width >= vb.width * 0.98 && b.height >= vb.height * 0.98) bg = over(fill, bg);
      }
      const scale = svg.getScreenCTM()?.a || 1;
      const name = svg.querySelector("title")?.textContent.trim() || describe(svg);
      const seen = new Set();
      for (const el of svg.querySelectorAll("text, rect, path, line, polyline, polygon, circle, ellipse")) {
        const cs = getComputedStyle(el);
        if (cs.display === "none" || cs.visibility === "hidden") continue;
        let opacity = 1;
        for (let e = el; e && e !== svg.parentElement; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
        const tag = el.tagName.toLowerCase();
        const checks = [];
        if (tag === "text") {
          if (!el.textContent.trim()) continue;
          const px = parseFloat(cs.fontSize) * scale;
          const bold = parseInt(cs.fontWeight, 10) >= 700;
          checks.push(["text", cs.fill, px >= 24 || (bold && px >= 18.66) ? 3 : 4.5]);
        } else {
          const sw = parseFloat(cs.strokeWidth) || 0;
          const fill = cs.fill !== "none" && parseFloat(cs.fillOpacity) > 0 && tag !== "line" && tag !== "polyline";
          const stroke = cs.stroke !== "none" && sw > 0 && parseFloat(cs.strokeOpacity) > 0;
          if (fill) checks.push(["fill", cs.fill, 3]);
          if (stroke && !(sw <= 1 && !fill)) checks.push(["stroke", cs.stroke, 3]);
        }
        for (const [kind, color, need] of checks) {
          const c = parseColor(color);
          if (!c) continue;
          const painted = over([c[0], c[1], c[2], c[3] * opacity], bg);
          const ratio = contrast(painted, bg);
          if (kind === "fill" && ratio < 1.05) continue;
          if (ratio < need) {
            const key = `${name}|${tag}|${kind}|${hex(painted)}`;
            if (seen.has(key)) continue;
            seen.add(key);
            problems.push(`“${name}”: ${tag} ${kind} ${hex(painted)} on ${hex(bg)} is ${ratio.toFixed(2)}:1, needs ${need}:1${tag === "text" ? ` (“${el.textContent.trim().slice(0, 30)}”)` : ""}`);
          }
        }
      }
    }
    return problems;
  }

  /** WCAG 1.4.12: the text spacing users may set. */
  function spaceText() {
    const style = document.createElement("style");
    style.id = "insyn-text-spacing";
    style.textContent =
      "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
    document.head.appendChild(style);
  }
  function unspaceText() {
    document.getElementById("insyn-text-spacing")?.remove();
  }

  /** Put the keyboard at the top of the page, so the next Tab goes to the first stop (and,
      with `done`, take the focus back into the page once the walk has run off its end). */
  function focusStart(done) {
    let start = document.getElementById("insyn-focus-start");
    if (!start) {
      start = document.createElement("span");
      start.id = "insyn-focus-start";
      start.tabIndex = -1;
      document.body.prepend(start);
    }
    window.scrollTo(0, 0);
    start.focus({ preventScroll: true });
    if (done) {
      start.blur();
      start.remove();
    }
  }

  /** WCAG 2.4.4: links that share a name but not a target (a screen reader's list of links
      cannot tell them apart). The name: aria-label, else the text without aria-hidden parts. */
  function linkNames() {
    const nameOf = (a) => {
      const label = a.getAttribute("aria-label");
      if (label && label.trim()) return label.trim();
      const copy = a.cloneNode(true);
      copy.querySelectorAll("[aria-hidden=true]").forEach((e) => e.remove());
      copy.querySelectorAll("img[alt]").forEach((i) => i.replaceWith(i.alt));
      return copy.textContent.replace(/\s+/g, " ").trim();
    };
    const byName = new Map();
    for (const a of document.querySelectorAll("a[href]")) {
      const name = nameOf(a).toLowerCase();
      const href = a.getAttribute("href");
      if (!byName.has(name)) byName.set(name, new Set());
      byName.get(name).add(href);
    }
    const problems = [];
    for (const [name, hrefs] of byName) {
      if (!name) problems.push(`links without a name: ${[...hrefs].slice(0, 3).join(", ")}`);
      else if (hrefs.size > 1) problems.push(`${hrefs.size} links named “${name}” go to ${[...hrefs].slice(0, 3).join(", ")}${hrefs.size > 3 ? " …" : ""}`);
    }
    return { title: document.title, links: document.querySelectorAll("a[href]").length, problems };
  }

  /** Every text of a visible chart lies inside the chart: no label or value is cut off. */
  function chartTexts() {
    const problems = [];
    let charts = 0;
    for (const svg of document.querySelectorAll("svg.chart")) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      charts++;
      const name = svg.querySelector("title")?.textContent.trim() || "chart";
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          problems.push(`“${name}”: “${t.textContent.trim()}” is cut off (${Math.round(r.left - box.left)}…${Math.round(r.right - box.left)} of ${Math.round(box.width)} px)`);
        }
      }
      if (box.right > document.documentElement.clientWidth + 1) problems.push(`“${name}” reaches beyond the window`);
    }
    return { charts, problems };
  }

  /** Tables of real reports (1.4.10): what scrolls sideways is only ever a table, never a
      caption or a sentence; a table hides columns only when the window has no room for it;
      and a table that hides columns says so where it can be seen (a cue naming how many
      columns are out of view, outside the box that scrolls). */
  /** What a table is called: its label, its caption, its box's label. */
  function tableName(table) {
    const box = table.closest(".table-scroll");
    const byId = (el) => {
      const ids = (el?.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      return ids.map((id) => document.getElementById(id)?.textContent.trim() || "").join(" ").trim();
    };
    return byId(table) || table.querySelector("caption")?.textContent.trim() || byId(box) || box?.getAttribute("aria-label") || describe(table);
  }

  function tables() {
    const doc = document.documentElement;
    const problems = [];
    const seen = [];
    const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
    // Sentences and captions inside a box that scrolls sideways.
    for (const el of document.querySelectorAll("main p, main li, main caption, main figcaption, main h2, main h3, main h4, main dd, main dt")) {
      if (el.closest("td, th")) continue;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrolls(a)) {
          problems.push(`${label(el)} scrolls sideways inside ${describe(a)}; only the table may`);
          break;
        }
      }
    }
    for (const box of document.querySelectorAll("main .table-scroll")) {
      const table = box.querySelector("table");
      if (!table || box.getBoundingClientRect().width === 0) continue;
      const name = tableName(table);
      const right = box.getBoundingClientRect().right;
      const row = table.querySelector("tbody tr:not(.group)") || table.querySelector("tr");
      const cut = row ? [...row.cells].slice(1).filter((c) => c.getBoundingClientRect().right > right + 2).length : 0;
      const entry = { name, box: Math.round(box.clientWidth), table: Math.round(table.scrollWidth), window: doc.clientWidth, cut, cue: null };
      seen.push(entry);
      if (!cut) continue;
      // The window has room when the table, as wide as it wants to be, fits beside the page's margins.
      if (table.scrollWidth <= doc.clientWidth - 64) {
        problems.push(`“${name}” hides ${cut} column(s) in a ${entry.box} px box though the window (${doc.clientWidth} px) has room for its ${entry.table} px`);
      }
      const cueId = box.getAttribute("data-cue");
      const cue = cueId && document.getElementById(cueId);
      const cs = cue && getComputedStyle(cue);
      const r = cue && cue.getBoundingClientRect();
      const visible = cue && !cue.hidden && cs.display !== "none" && cs.visibility !== "hidden" && r.width > 0 && r.left >= 0 && r.right <= doc.clientWidth + 1 && !box.contains(cue);
      entry.cue = cue ? cue.textContent.trim() : null;
      const n = entry.cue && (entry.cue.match(/(\d+) kolumn/) || [])[1];
      if (!visible) problems.push(`“${name}” cuts ${cut} column(s) with no visible cue beside it`);
      else if (Number(n) !== cut) problems.push(`“${name}” cuts ${cut} column(s) but its cue says “${entry.cue}”`);
    }
    return { tables: seen, problems };
  }

  /** On paper (A4, print styles): every column of every table is on the page. */
  function printedTables() {
    const doc = document.documentElement;
    const problems = [];
    let n = 0;
    for (const table of document.querySelectorAll("main table")) {
      const r = table.getBoundingClientRect();
      // A table not printed (a phone's version of another) is not counted.
      if (r.width === 0) continue;
      n++;
      const box = table.closest(".table-scroll") || table.parentElement;
      if (r.right > doc.clientWidth + 1 || table.scrollWidth > box.clientWidth + 1) {
        const name = tableName(table);
        problems.push(`“${name}” is ${Math.round(table.scrollWidth)} px wide on a ${doc.clientWidth} px A4 page: columns are lost`);
      }
    }
    return { tables: n, problems };
  }

  window.__insynA11y = { layout, focus, svgContrast, spaceText, unspaceText, focusStart, linkNames, chartTexts, tables, printedTables };
}

// ---- the checks -----------------------------------------------------------------------------

async function settle(page, p) {
  // A search URL: wait for the script to show the results before judging the page.
  if (p.includes("?q=")) {
    await page
      .waitForFunction((sel) => (document.querySelector(sel)?.textContent || "").trim() !== "", SEARCH.status, { timeout: 10000 })
      .catch(() => {});
  }
}

async function checkPage(page, origin, p, width) {
  const where = `${p.name} ${p.path} @ ${width}px`;
  const entry = { name: p.name, path: p.path, width };
  report.pages.push(entry);
  await page.setViewportSize({ width, height: 900 });
  const resp = await page.goto(origin + p.path, { waitUntil: "load" });
  checks++;
  if (!resp || resp.status() !== 200) {
    fail("http", where, `status ${resp ? resp.status() : "none"}`);
    return;
  }
  await settle(page, p.path);

  // axe
  checks++;
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  entry.axe = { violations: axe.violations, incomplete: axe.incomplete.map((r) => ({ id: r.id, nodes: r.nodes.length })) };
  if (axe.violations.length === 0) ok(`axe ${where}: 0 violations (${axe.passes.length} rules passed, ${axe.incomplete.length} to review by hand)`);
  for (const v of axe.violations) {
    const targets = v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ");
    const more = v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : "";
    const detail = (v.nodes[0]?.failureSummary || "").split("\n").slice(1, 2).join(" ").trim();
    fail("axe", where, `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s): ${targets}${more}${detail ? ` — ${detail}` : ""}`);
  }

  // reflow and scroll regions
  checks++;
  const layout = await page.evaluate(() => window.__insynA11y.layout());
  entry.layout = layout;
  if (layout.scrollWidth > layout.clientWidth) {
    fail("reflow", where, `the page scrolls sideways: scrollWidth ${layout.scrollWidth} > clientWidth ${layout.clientWidth}; wider: ${layout.culprits.join(", ") || "?"}`);
  } else {
    ok(`reflow ${where}: no horizontal page scroll (${layout.regions.length} region(s) scroll on their own)`);
  }
  for (const r of layout.regions) {
    if (r.role !== "region" || r.tabindex !== "0" || !r.name) {
      fail("reflow", where, `${r.el} scrolls sideways but is not a labelled, focusable region (role=${r.role}, tabindex=${r.tabindex}, name=“${r.name}”)`);
    }
  }

  // titles and link names (2.4.2, 2.4.4)
  checks++;
  const names = await page.evaluate(() => window.__insynA11y.linkNames());
  entry.title = names.title;
  const seenTitle = titles.get(names.title);
  if (seenTitle && seenTitle !== p.path) fail("names", where, `the title “${names.title}” is also the title of ${seenTitle}`);
  titles.set(names.title, p.path);
  for (const problem of names.problems) fail("names", where, problem);
  if (!names.problems.length && !(seenTitle && seenTitle !== p.path)) ok(`names ${where}: title “${names.title}” is its own, ${names.links} links each named for where they go`);

  // tables: only tables scroll, never with room to spare, never cut without a cue
  checks++;
  await page.waitForTimeout(50);
  const tables = await page.evaluate(() => window.__insynA11y.tables());
  entry.tables = tables.tables;
  for (const problem of tables.problems) fail("table", where, problem);
  if (tables.tables.length && !tables.problems.length) {
    const cut = tables.tables.filter((t) => t.cut);
    ok(`tables ${where}: ${tables.tables.length} table(s), ${cut.length} scroll with a cue${cut.length ? ` (${cut.map((t) => `“${t.cue}”`).slice(0, 3).join(", ")})` : ""}, no caption or sentence scrolls`);
  }

  // charts: every label and value inside the chart at this width
  checks++;
  const chartText = await page.evaluate(() => window.__insynA11y.chartTexts());
  entry.chartTexts = chartText;
  for (const problem of chartText.problems) fail("chart", where, problem);
  if (chartText.charts && !chartText.problems.length) ok(`charts ${where}: ${chartText.charts} chart(s), every text inside`);

  // contrast inside SVG charts (axe leaves SVG text and marks for a person to review)
  checks++;
  const svg = await page.evaluate(() => window.__insynA11y.svgContrast());
  entry.svgContrast = svg;
  for (const problem of svg) fail("svg-contrast", where, problem);

  // The screenshot shows the page as it loads, with nothing focused.
  await page.evaluate(() => document.activeElement?.blur?.());
  const shot = path.join(artifacts, `${p.name}-${width}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  entry.screenshot = shot;

  // text spacing (1.4.12): nothing is cut off and the page still does not scroll sideways
  checks++;
  await page.evaluate(() => window.__insynA11y.spaceText());
  const spaced = await page.evaluate(() => window.__insynA11y.layout());
  await page.evaluate(() => window.__insynA11y.unspaceText());
  entry.textSpacing = { scrollWidth: spaced.scrollWidth, cut: spaced.cut };
  if (spaced.scrollWidth > spaced.clientWidth) {
    fail("text-spacing", where, `with WCAG 1.4.12 text spacing the page scrolls sideways (${spaced.scrollWidth} > ${spaced.clientWidth}); wider: ${spaced.culprits.join(", ")}`);
  }
  if (spaced.cut.length) fail("text-spacing", where, `with WCAG 1.4.12 text spacing text is cut off in: ${spaced.cut.slice(0, 5).join(", ")}`);

  // focus: every Tab stop shows a focus indicator with ≥ 3:1 contrast and is scrolled into view
  checks++;
  await page.evaluate(() => window.__insynA11y.focusStart());
  const seen = new Set();
  let stops = 0;
  const bad = [];
  entry.focusOrder = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => window.__insynA11y.focus());
    if (!f || seen.has(f.key)) break;
    seen.add(f.key);
    entry.focusOrder.push(f.desc);
    stops++;
    if (!f.visible) bad.push(`${f.desc}: no visible focus indicator${f.ratio ? ` (outline ${f.ratio}:1 against its background)` : ""}`);
    else if (!f.onScreen) bad.push(`${f.desc}: focused but off screen`);
  }
  entry.tabStops = stops;
  await page.evaluate(() => window.__insynA11y.focusStart(true));
  if (bad.length) fail("focus", where, bad.slice(0, 5).join("; ") + (bad.length > 5 ? ` (+${bad.length - 5} more)` : ""));
  else ok(`focus ${where}: ${stops} tab stops, each with a visible focus indicator`);
}

// Print: no navigation chrome, link targets written out, table rows not cut in two.
async function checkPrint(page, origin, p) {
  checks++;
  const where = `${p.name} (utskrift)`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + p.path, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const r = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== "none").map(() => sel);
    const chrome = [".site-header nav", ".breadcrumbs", ".report-nav", ".pager", ".skip-link", ".downloads"].flatMap(shown);
    // Glossary links (a.begrepp) are plain words on paper: the word is explained in print too.
    const links = [...document.querySelectorAll("main a[href^='/']:not(.begrepp), main a[href^='http']:not(.begrepp)")];
    const unprinted = links.filter((a) => !getComputedStyle(a, "::after").content.includes("(")).map((a) => a.getAttribute("href"));
    const rows = [...document.querySelectorAll("main tr")].filter((tr) => !["avoid", "avoid-page"].includes(getComputedStyle(tr).breakInside)).length;
    return { chrome, links: links.length, unprinted: unprinted.slice(0, 5), rows };
  });
  await page.screenshot({ path: path.join(artifacts, `${p.name}-utskrift.png`), fullPage: true });
  // An A4 page less the theme's margins at 96 px per inch: portrait 210 − 2 × 12 mm = 703 px,
  // landscape (a page with a wide table) 297 − 2 × 15 mm = 1009 px.
  const landscape = await page.evaluate(() => getComputedStyle(document.body).page === "bred");
  await page.setViewportSize({ width: landscape ? 1009 : 703, height: 900 });
  const printed = await page.evaluate(() => window.__insynA11y.printedTables());
  await page.emulateMedia({ media: "screen" });
  for (const problem of printed.problems) fail("print", where, problem);
  if (printed.tables && !printed.problems.length) ok(`${where}: every column of ${printed.tables} table(s) on an A4 page`);
  for (const c of r.chrome) fail("print", where, `${c} is printed; navigation chrome should be hidden on paper`);
  if (r.unprinted.length) fail("print", where, `link targets are not printed for ${r.unprinted.join(", ")}`);
  if (r.rows) fail("print", where, `${r.rows} table rows may be cut across pages (break-inside is not avoid)`);
  if (!r.chrome.length && !r.unprinted.length && !r.rows) ok(`${where}: chrome hidden, ${r.links} link targets printed, rows kept whole`);
}

async function checkSearch(page, origin, searchPath, query, width) {
  const where = `search ${searchPath} @ ${width}px`;
  const entry = { path: searchPath, width, query };
  report.search.push(entry);
  checks++;
  await page.setViewportSize({ width, height: 900 });
  await page.goto(origin + searchPath, { waitUntil: "load" });
  await page.waitForFunction(() => !document.getElementById("sok-form")?.hidden, null, { timeout: 5000 }).catch(() => {});
  // A live region is announced only if it is in the page before its text changes.
  const liveAtLoad = await page.evaluate((sel) => {
    const st = document.querySelector(sel);
    return !!st && st.getAttribute("role") === "status" && st.textContent.trim() === "";
  }, SEARCH.status);
  if (!liveAtLoad) fail("search", where, `no empty role=status region (${SEARCH.status}) in the page before searching`);
  // Tab from the top of the page to the search field.
  await page.evaluate(() => window.__insynA11y.focusStart());
  let tabs = 0;
  let inField = false;
  while (tabs < 60 && !inField) {
    await page.keyboard.press("Tab");
    tabs++;
    inField = await page.evaluate((sel) => document.activeElement === document.querySelector(sel), SEARCH.field);
  }
  entry.tabsToField = tabs;
  if (!inField) return fail("search", where, `Tab never reached the search field ${SEARCH.field} (${tabs} presses)`);
  await page.keyboard.type(query, { delay: 10 });
  await page.keyboard.press("Enter");
  const shown = await page
    .waitForFunction(
      (s) => document.querySelectorAll(`${s.results} li a`).length > 0 && (document.querySelector(s.status)?.textContent || "").trim() !== "",
      SEARCH,
      { timeout: 10000 },
    )
    .then(() => true)
    .catch(() => false);
  if (!shown) return fail("search", where, `no results and no status after typing “${query}” and Enter`);
  const state = await page.evaluate((s) => {
    const st = document.querySelector(s.status);
    return {
      role: st.getAttribute("role"),
      live: st.getAttribute("aria-live"),
      status: st.textContent.trim(),
      count: document.querySelectorAll(`${s.results} > li`).length,
      url: location.search,
      focusInField: document.activeElement === document.querySelector(s.field),
    };
  }, SEARCH);
  Object.assign(entry, state);
  if (state.role !== "status") fail("search", where, `the status region has role=${state.role}, not status`);
  if (!state.status.includes(String(state.count))) fail("search", where, `the status “${state.status}” does not announce the ${state.count} result(s) shown`);
  if (!state.url.includes("q=")) fail("search", where, `the address does not keep the query (${state.url})`);
  // Tab onwards from the field to the first result.
  let more = 0;
  let onFirst = false;
  while (more < 10 && !onFirst) {
    await page.keyboard.press("Tab");
    more++;
    onFirst = await page.evaluate((s) => document.activeElement === document.querySelector(`${s.results} a`), SEARCH);
  }
  entry.tabsToFirstResult = more;
  if (!onFirst) fail("search", where, `Tab from the search field did not reach the first result within ${more} presses`);
  const focus = await page.evaluate(() => window.__insynA11y.focus());
  if (onFirst && !focus?.visible) fail("search", where, "the first result has no visible focus indicator");
  await page.screenshot({ path: path.join(artifacts, `search-keyboard-${width}.png`), fullPage: true });
  if (onFirst && state.role === "status" && state.status.includes(String(state.count))) {
    ok(`${where}: ${tabs} Tab to the field, “${query}” + Enter → ${state.count} results, status “${state.status}”, ${more} Tab to the first result`);
  }
}

/** search.js stems as the build does, and the index finds what it should, with snippets. */
async function checkSearchIndex(page, origin, searchPath) {
  const where = `search index ${searchPath}`;
  const entry = { stems: null, expected: [] };
  report.searchIndex = entry;
  await page.setViewportSize({ width: 1280, height: 900 });
  if (opt.stems) {
    checks++;
    const { expected } = JSON.parse(fs.readFileSync(opt.stems, "utf8"));
    await page.goto(origin + searchPath, { waitUntil: "load" });
    const diff = await page.evaluate(async (expected) => {
      if (!window.insynSok) return { error: "search.js does not offer window.insynSok" };
      await window.insynSok.load();
      const out = [];
      let n = 0;
      for (const [word, want] of Object.entries(expected)) {
        n++;
        const got = [...new Set(window.insynSok.terms(word))].sort();
        const w = [...want].sort();
        if (JSON.stringify(got) !== JSON.stringify(w)) out.push(`“${word}”: browser ${JSON.stringify(got)}, build ${JSON.stringify(w)}`);
      }
      return { n, out };
    }, expected);
    entry.stems = diff;
    if (diff.error) fail("stemming", where, diff.error);
    else if (diff.out.length) fail("stemming", where, `${diff.out.length} of ${diff.n} words stem differently: ${diff.out.slice(0, 8).join("; ")}`);
    else ok(`stemming: search.js and the build agree on all ${diff.n} words`);
  }
  for (const e of opt["expect-search"]) {
    checks++;
    const i = e.indexOf("=");
    const [query, url] = [e.slice(0, i), e.slice(i + 1)];
    await page.goto(`${origin}${searchPath}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    await page
      .waitForFunction((sel) => (document.querySelector(sel)?.textContent || "").trim() !== "", SEARCH.status, { timeout: 10000 })
      .catch(() => {});
    const r = await page.evaluate(
      ({ s, url }) => {
        const items = [...document.querySelectorAll(`${s.results} > li`)];
        const hit = items.find((li) => decodeURI(li.querySelector("a")?.getAttribute("href") || "") === url);
        return {
          count: items.length,
          found: !!hit,
          snippet: hit?.querySelector(".snippet")?.textContent || null,
          marked: hit ? [...hit.querySelectorAll("mark")].map((m) => m.textContent) : [],
          withSnippets: items.filter((li) => li.querySelector(".snippet")).length,
        };
      },
      { s: SEARCH, url },
    );
    entry.expected.push({ query, url, ...r });
    if (!r.found) fail("search", where, `“${query}” does not list ${url} (${r.count} results)`);
    else if (!r.marked.length) fail("search", where, `“${query}” lists ${url}, but marks no hit in its title or snippet: “${r.snippet}”`);
    else ok(`search “${query}” → ${url}, marks ${r.marked.map((m) => `“${m}”`).join(", ")} (${r.withSnippets} of ${r.count} results with snippets)`);
  }
}

async function main() {
  const server = await serve(site, opt.base);
  const base = opt.base.endsWith("/") ? opt.base : opt.base + "/";
  // The server answers unknown paths with the site's 404 page.
  checks++;
  const missing = await fetch(`${server.origin}${base}finns-inte-${Date.now()}/`);
  const missingBody = await missing.text();
  if (missing.status !== 404 || !missingBody.includes("<html")) fail("server", "unknown path", `status ${missing.status}, expected 404 with 404.html`);

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "insyn-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: opt.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: widths[0] || 1280, height: 900 },
      locale: "sv-SE",
      reducedMotion: "reduce",
    });
    await context.addInitScript(installHelpers);
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(30000);
    const consoleErrors = [];
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    for (const p of pages) {
      for (const w of widths) await checkPage(page, server.origin, p, w);
      await checkPrint(page, server.origin, p);
    }
    if (opt.search) {
      for (const w of widths) await checkSearch(page, server.origin, opt.search, opt["search-query"], w);
      await checkSearchIndex(page, server.origin, opt.search);
    }
    checks++;
    for (const e of consoleErrors) fail("script", "page", e);
  } finally {
    if (context) await context.close().catch(() => {});
    await server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`browser checks done in ${secs()}`);

  if (vnuDone) {
    checks++;
    const v = await vnuDone;
    report.vnu = v;
    if (v.error) fail("vnu", site, v.error);
    else {
      const errors = v.messages.filter((m) => m.type === "error" || m.type === "non-document-error");
      for (const m of errors.slice(0, 50)) {
        const file = m.url ? path.relative(site, decodeURIComponent(new URL(m.url).pathname)) : "?";
        fail("vnu", `${file}:${m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"}`, `${m.message}${m.extract ? ` — ${JSON.stringify(m.extract.trim().slice(0, 120))}` : ""}`);
      }
      if (errors.length > 50) fail("vnu", site, `${errors.length - 50} more errors (see report.json)`);
      if (!errors.length) ok(`vnu: 0 errors in ${v.files.length} HTML files`);
    }
  }

  fs.writeFileSync(path.join(artifacts, "report.json"), JSON.stringify(report, null, 2));
  console.log(`summary: ${checks} checks over ${pages.length} page type(s) at ${widths.join(" and ")} px, ${failures.length} problem(s), ${secs()}; screenshots and report.json in ${artifacts}`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(`error: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
