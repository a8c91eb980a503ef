// A small static file server for a built Insyn site, as a web server would serve it:
// the site is mounted under a sub-path (`/insyn/`), a folder answers with its index.html,
// a folder without its trailing slash is redirected, and anything else answers 404 with the
// site's own 404.html. Listens on an ephemeral port on the loopback interface only.
//
//   node serve.mjs public /insyn/      (prints the address; Ctrl-C stops it)

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** Start serving `root` under `base` (e.g. "/insyn/"). Resolves to { origin, url, close }. */
export function serve(root, base = "/") {
  root = path.resolve(root);
  if (!base.startsWith("/")) base = "/" + base;
  if (!base.endsWith("/")) base += "/";
  const notFoundFile = path.join(root, "404.html");

  function send(res, status, file, method) {
    const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("500: " + err.message);
        return;
      }
      res.writeHead(status, { "content-type": type, "content-length": body.length, "cache-control": "no-store" });
      res.end(method === "HEAD" ? undefined : body);
    });
  }

  function notFound(res, method) {
    if (fs.existsSync(notFoundFile)) return send(res, 404, notFoundFile, method);
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("404");
  }

  const server = http.createServer((req, res) => {
    const method = req.method || "GET";
    if (method !== "GET" && method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    if (pathname === base.slice(0, -1)) {
      res.writeHead(301, { location: base });
      res.end();
      return;
    }
    if (!pathname.startsWith(base) || pathname.includes("\0")) return notFound(res, method);
    const rel = pathname.slice(base.length);
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, method);
    fs.stat(file, (err, st) => {
      if (err) return notFound(res, method);
      if (st.isDirectory()) {
        if (!pathname.endsWith("/")) {
          res.writeHead(301, { location: pathname + "/" });
          res.end();
          return;
        }
        const index = path.join(file, "index.html");
        return fs.existsSync(index) ? send(res, 200, index, method) : notFound(res, method);
      }
      send(res, 200, file, method);
    });
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        url: origin + base,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = "public", base = "/insyn/"] = process.argv.slice(2);
  const s = await serve(root, base);
  console.log(`serving ${path.resolve(root)} at ${s.url}`);
}
