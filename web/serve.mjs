// serve.mjs DIR [PORT]: a small static file server for bnlab's dist folder, bound to 127.0.0.1, with the
// right MIME types (application/wasm for streaming compilation). When the browser accepts Brotli (or gzip) and
// the file has a precompressed twin FILE.br (or FILE.gz; build-wasm.sh writes both), it sends that with
// Content-Encoding: br (or gzip). Used by `./build-wasm.sh serve` and by the browser tests (import { startServer }).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".ttf": "font/ttf",
};

// Starts serving `dir` on `port` (0: any free port). Resolves to { server, port, requests } where
// `requests` lists every path asked for.
export function startServer(dir, port = 0) {
  const root = path.resolve(dir);
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    if (url.pathname.endsWith("/")) file = path.join(file, "index.html");
    // The smallest twin the browser accepts: Brotli, else gzip, else the file itself.
    const accepts = req.headers["accept-encoding"] || "";
    const encoding = /\bbr\b/.test(accepts) && fs.existsSync(file + ".br") ? "br"
      : /\bgzip\b/.test(accepts) && fs.existsSync(file + ".gz") ? "gzip" : "";
    fs.readFile(encoding === "br" ? file + ".br" : encoding === "gzip" ? file + ".gz" : file, (err, data) => {
      if (err) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      const headers = {
        "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
        "Content-Length": data.length,
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
      };
      if (encoding) headers["Content-Encoding"] = encoding;
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ server, port: server.address().port, requests }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  const port = Number(process.argv[3] || 8080);
  if (!dir || !fs.existsSync(path.join(dir, "index.html"))) {
    console.error(`serve.mjs: no index.html in '${dir}' (build the web app first)`);
    process.exit(2);
  }
  startServer(dir, port).then(
    ({ port: p }) => console.log(`bnlab is served at http://localhost:${p}/`),
    (e) => {
      console.error(`serve.mjs: cannot listen on port ${port}: ${e.message}`);
      process.exit(1);
    });
}
