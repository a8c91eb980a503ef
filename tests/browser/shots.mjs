// Screenshots of the example site's widest tables, for docs/bilder/: each table at 1280 px and
// 390 px wide (a phone) and on A4 paper (print to PDF, then a PNG of the table's page with
// pdftoppm from poppler-utils). Build the site first, then:
//
//   cargo run -q -- build --output /tmp/pub
//   node tests/browser/shots.mjs --site /tmp/pub --out docs/bilder
//
// Writes <name>-1280.png, <name>-390.png and <name>-a4.png per table; the PDF is kept in a
// temporary folder. Uses the machine's Chromium (/usr/bin/chromium or INSYN_CHROMIUM).

import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const { values: opt } = parseArgs({
  options: {
    site: { type: "string" },
    out: { type: "string", default: "docs/bilder" },
    chromium: { type: "string", default: process.env.INSYN_CHROMIUM || "/usr/bin/chromium" },
  },
});
if (!opt.site) {
  console.error("error: --site MAPP saknas (the built example site)");
  process.exit(2);
}

// The widest tables of the example site: the nine-column cost development of 2020, and the
// delårsrapport's income statement (five columns, part-year and full-year side by side).
const SHOTS = [
  ["tabell-kostnadsutveckling", "/insyn/regionkontoret/2020-arsredovisning/05-ekonomi/", "#block-kostnadsutveckling"],
  ["tabell-resultatrakning-delar", "/insyn/region-vastmanland/regionkontoret/2024-delarsrapport-1/04-ekonomi/", "#block-resultatrakning"],
];

const out = path.resolve(opt.out);
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "insyn-shots-"));
const server = await serve(opt.site, "/insyn/");
const browser = await chromium.launch({ executablePath: opt.chromium, args: ["--no-sandbox", "--headless"] });
try {
  const page = await browser.newPage({ locale: "sv-SE" });
  for (const [name, url, sel] of SHOTS) {
    for (const [width, scale] of [[1280, 1], [390, 1]]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(server.origin + url, { waitUntil: "load" });
      await page.waitForTimeout(100);
      const box = await page.locator(sel).boundingBox();
      // The table's part of the page, across the whole window (a wide table may use it all).
      const height = Math.min(Math.ceil(box.height) + 16, width < 600 ? 900 : 700);
      await page.screenshot({
        path: path.join(out, `${name}-${width}.png`),
        clip: { x: 0, y: Math.max(0, box.y - 8), width, height },
        fullPage: true,
        scale: scale === 1 ? "css" : "device",
      });
    }
    // On paper: print the page to an A4 PDF and keep the page where the table is.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.origin + url, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    // The page that holds the table's first figure.
    const marker = await page.evaluate((sel) => document.querySelector(sel)?.querySelector("tbody td")?.textContent.trim(), sel);
    const pdf = path.join(tmp, `${name}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: "screen" });
    const pages = Number(execFileSync("pdfinfo", [pdf]).toString().match(/Pages:\s+(\d+)/)[1]);
    let at = 1;
    for (let i = 1; i <= pages; i++) {
      const text = execFileSync("pdftotext", ["-f", String(i), "-l", String(i), pdf, "-"]).toString();
      if (marker && text.replace(/\s+/g, " ").includes(marker.replace(/\s+/g, " "))) {
        at = i;
        break;
      }
    }
    execFileSync("pdftoppm", ["-f", String(at), "-l", String(at), "-r", "60", "-png", "-singlefile", pdf, path.join(out, `${name}-a4`)]);
    console.log(`${name}: 1280, 390, A4 page ${at} of ${pages}`);
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
