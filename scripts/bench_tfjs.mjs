// bench_tfjs.mjs: Batch Normalization in TensorFlow.js (its WebAssembly SIMD backend, BN written as a TF.js user
// writes it: tf.moments, tf.batchNorm, tf.grads) against bnlab's SIMD WebAssembly kernels (the bnbench wasm build,
// the Speed lab's code), forward + backward on the same shapes, in node and in headless Chromium.
//
//   npm ci --prefix scripts                  # once: @tensorflow/tfjs, @tensorflow/tfjs-backend-wasm, playwright-core
//   ./build-wasm.sh build                    # once: build-web/simd/bnbench.js (+ .wasm)
//   node scripts/bench_tfjs.mjs [--web DIR] [--node-only | --chromium-only] [--seconds S] [--shape BxD]...
//
// --web DIR: the web build folder holding simd/bnbench.js (default: $BNLAB_WEB_DIR, else build-web).
// Default shapes 4096x64, 4096x256, 16384x256; each timing is the fastest of repeated calls over about S seconds
// (default 2, at least 5 calls) after two warm-up calls. Chromium: /usr/bin/chromium, no cross-origin isolation
// (so TF.js's wasm backend runs on one thread there, as in node, where it has no threads; bnlab's page build has
// none either). Before timing, TF.js's gradients at 64x16 are checked against a double-precision BN backward
// written out here: the comparison measures the same computation. Prints a table per environment and
// "N passed, N failed" for those checks; exit 1 if one failed. Takes about a minute; not in the test run.
//
// Index: options · the TF.js benchmark (runs in node and, as source text, in the page) · bnlab's bnbench · node ·
// Chromium (a small server for the page, the libraries and bnbench) · main
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const require = createRequire(import.meta.url);

// ---- options ---------------------------------------------------------------------------------------------------
const opts = { web: process.env.BNLAB_WEB_DIR || path.join(root, "build-web"), node: true, chromium: true,
               seconds: 2, shapes: [] };
for (let a = 2; a < process.argv.length; ++a) {
  const arg = process.argv[a];
  if (arg === "--web") opts.web = process.argv[++a];
  else if (arg === "--node-only") opts.chromium = false;
  else if (arg === "--chromium-only") opts.node = false;
  else if (arg === "--seconds") opts.seconds = Number(process.argv[++a]);
  else if (arg === "--shape" && /^\d+x\d+$/.test(process.argv[a + 1] || "")) opts.shapes.push(process.argv[++a]);
  else {
    console.error("usage: node scripts/bench_tfjs.mjs [--web DIR] [--node-only | --chromium-only] [--seconds S] " +
                  "[--shape BxD]...");
    process.exit(2);
  }
}
if (opts.shapes.length === 0) opts.shapes = ["4096x64", "4096x256", "16384x256"];
const shapes = opts.shapes.map((s) => s.split("x").map(Number));
const bnbenchJs = path.join(opts.web, "simd", "bnbench.js");

let passed = 0, failed = 0;
const check = (name, ok, detail = "") => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "ok" : "not ok"} - ${name}${ok || !detail ? "" : `\n    ${detail}`}`);
};

// ---- the TF.js benchmark ---------------------------------------------------------------------------------------
// Self-contained (no closure over this module): node calls it directly, the page gets it as source text.
// Returns { backend, simd, threads, check: max relative error at 64x16, rows: [{ shape, train_ms, infer_ms }] }.
async function benchTf(tf, shapes, seconds) {
  const eps = 1e-5;
  let seed = 1;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const normal = (n, mu, sd) => Float32Array.from({ length: n }, () =>
    mu + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  // BN as a TF.js user writes it: batch statistics by tf.moments, tf.batchNorm, gradients by tf.grads.
  const bn = (x, gamma, beta) => {
    const { mean, variance } = tf.moments(x, 0);
    return tf.batchNorm(x, mean, variance, beta, gamma, eps);
  };
  const grads = tf.grads(bn);  // ([x, gamma, beta], dy) => [dx, dgamma, dbeta]
  const inputs = (b, d) => [tf.tensor2d(normal(b * d, 1, 2), [b, d]), tf.fill([d], 1.5), tf.fill([d], 0.25),
                            tf.tensor2d(normal(b * d, 0, 1), [b, d])];

  // Gradients at 64x16 against BN's backward in doubles: dx = γ·inv_std/B·(B·dy − Σdy − x̂·Σ(dy·x̂)).
  const [cb, cd] = [64, 16];
  const [x0, g0, b0, dy0] = inputs(cb, cd);
  const got = grads([x0, g0, b0], dy0).map((t) => t.dataSync());
  const xs = x0.dataSync(), dys = dy0.dataSync();
  let err = 0;
  const rel = (a, b) => Math.abs(a - b) / Math.max(1e-3, Math.abs(b));
  for (let j = 0; j < cd; ++j) {
    let m = 0, v = 0, sb = 0, sg = 0;
    for (let i = 0; i < cb; ++i) m += xs[i * cd + j] / cb;
    for (let i = 0; i < cb; ++i) v += (xs[i * cd + j] - m) ** 2 / cb;
    const inv = 1 / Math.sqrt(v + eps);
    for (let i = 0; i < cb; ++i) {
      sb += dys[i * cd + j];
      sg += dys[i * cd + j] * (xs[i * cd + j] - m) * inv;
    }
    err = Math.max(err, rel(got[1][j], sg), rel(got[2][j], sb));
    for (let i = 0; i < cb; ++i) {
      const dx = 1.5 * inv / cb * (cb * dys[i * cd + j] - sb - (xs[i * cd + j] - m) * inv * sg);
      err = Math.max(err, rel(got[0][i * cd + j], dx));
    }
  }
  tf.dispose([x0, g0, b0, dy0]);

  // Fastest of repeated calls over about `seconds` (at least 5) after two warm-up calls, in ms.
  const fastest = (f) => {
    f();
    f();
    let best = Infinity;
    const t0 = performance.now();
    for (let k = 0; k < 5 || performance.now() - t0 < seconds * 1000; ++k) {
      const t = performance.now();
      f();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const rows = [];
  for (const [b, d] of shapes) {
    const [x, gamma, beta, dy] = inputs(b, d);
    const tensorsBefore = tf.memory().numTensors;
    // forward + backward, every result read out (the wasm backend runs each kernel when it is called)
    const train = fastest(() => {
      const out = grads([x, gamma, beta], dy);
      for (const t of out) t.dataSync();
      tf.dispose(out);
    });
    // inference-only batchNorm with given statistics (no gradients), its result read out
    const { mean, variance } = tf.moments(x, 0);
    const infer = fastest(() => {
      const y = tf.batchNorm(x, mean, variance, beta, gamma, eps);
      y.dataSync();
      y.dispose();
    });
    tf.dispose([mean, variance]);
    const leaked = tf.memory().numTensors - tensorsBefore;
    tf.dispose([x, gamma, beta, dy]);
    rows.push({ shape: [b, d], train_ms: train, infer_ms: infer, leaked });
  }
  const env = tf.env();
  return { backend: tf.getBackend(), simd: await env.getAsync("WASM_HAS_SIMD_SUPPORT"),
           threads: tf.wasm && tf.wasm.getThreadsCount ? tf.wasm.getThreadsCount() : 1, check: err, rows };
}

// ---- bnlab: bnbench's SIMD wasm build, its forward+backward time per shape --------------------------------------
const bnbenchArgs = (seconds) => ["--json", "--seconds", String(Math.max(0.3, seconds / 2)), "--limit-mib", "32",
                                  ...shapes.flatMap(([b, d]) => ["--shape", `${b}x${d}`])];

function report(where, tfr, ours) {
  console.log(`\n${where}: TF.js ${tfr.backend} backend (SIMD ${tfr.simd}, ${tfr.threads} thread) vs bnlab ` +
              `${ours.build} (${ours.path}, ${ours.threads} thread): forward + backward, fastest call, ms`);
  console.log(`${"shape".padStart(10)} ${"TF.js".padStart(10)} ${"bnlab".padStart(9)} ${"TF.js/bnlab".padStart(12)}` +
              ` ${"TF.js batchNorm only".padStart(21)}`);
  for (const r of tfr.rows) {
    const mine = ours.bn.find((o) => o.shape[0] === r.shape[0] && o.shape[1] === r.shape[1]);
    console.log(`${r.shape.join("x").padStart(10)} ${r.train_ms.toFixed(2).padStart(10)} ` +
                `${mine.simd_ms.toFixed(3).padStart(9)} ${(r.train_ms / mine.simd_ms).toFixed(0).padStart(11)}x ` +
                `${r.infer_ms.toFixed(2).padStart(21)}`);
  }
  check(`${where}: TF.js's wasm backend with SIMD`, tfr.backend === "wasm" && tfr.simd === true,
        `backend ${tfr.backend}, SIMD ${tfr.simd}`);
  check(`${where}: TF.js's BN gradients equal a double-precision BN backward at 64x16 (max rel. error ` +
        `${tfr.check.toExponential(1)})`, tfr.check < 1e-3);
  check(`${where}: every shape timed by both, no TF.js tensor left over`,
        tfr.rows.every((r) => r.train_ms > 0 && r.leaked === 0 &&
                               ours.bn.some((o) => o.shape.join("x") === r.shape.join("x") && o.simd_ms > 0)));
}

// ---- node ------------------------------------------------------------------------------------------------------
async function runNode() {
  const tf = require("@tensorflow/tfjs");
  const wasm = require("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), path.sep));
  if (!(await tf.setBackend("wasm"))) throw new Error("TF.js: the wasm backend did not start");
  tf.wasm = wasm;
  const tfr = await benchTf(tf, shapes, opts.seconds);
  const run = spawnSync(process.execPath, ["--no-experimental-fetch", bnbenchJs, ...bnbenchArgs(opts.seconds)],
                        { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${bnbenchJs} failed: ${run.stderr}`);
  report(`node ${process.version}`, tfr, JSON.parse(run.stdout));
}

// ---- Chromium --------------------------------------------------------------------------------------------------
// The page: TF.js and its wasm backend from scripts/node_modules, bnbench.js (+ .wasm) from the web build; only
// these files are served, on 127.0.0.1.
function serve() {
  const tfDist = path.join(path.dirname(require.resolve("@tensorflow/tfjs")), "..", "dist");
  const wasmDist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  const files = {
    "/tf.min.js": path.join(tfDist, "tf.min.js"),
    "/tf-backend-wasm.min.js": path.join(wasmDist, "tf-backend-wasm.min.js"),
    "/bnbench.js": bnbenchJs,
    "/bnbench.wasm": path.join(path.dirname(bnbenchJs), "bnbench.wasm"),
  };
  for (const name of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"])
    files[`/tfjs/${name}`] = path.join(wasmDist, name);
  const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
  const server = http.createServer((req, res) => {
    const url = req.url.split("?")[0];
    if (url === "/") {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<!doctype html><meta charset=utf-8><title>bench_tfjs</title>" +
              "<script src=/tf.min.js></script><script src=/tf-backend-wasm.min.js></script>");
      return;
    }
    const file = files[url];
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function runChromium() {
  const { chromium } = require("playwright-core");
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium", headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base);
    const version = browser.version();
    const tfr = await page.evaluate(async ({ source, shapes, seconds }) => {
      const benchTfInPage = new Function(`return (${source})`)();
      tf.wasm.setWasmPaths("/tfjs/");
      if (!(await tf.setBackend("wasm"))) throw new Error("TF.js: the wasm backend did not start");
      return benchTfInPage(tf, shapes, seconds);
    }, { source: benchTf.toString(), shapes, seconds: opts.seconds });
    // bnbench in a fresh page: its main() runs with these arguments, its printf lines collected.
    const bench = await browser.newPage();
    bench.on("pageerror", (e) => errors.push(String(e)));
    await bench.goto(base);
    const out = await bench.evaluate((args) => new Promise((resolve, reject) => {
      const lines = [];
      window.Module = { arguments: args, print: (s) => {
        lines.push(s);
        if (s.startsWith("{")) resolve(s);
      }, printErr: (s) => lines.push(s), onAbort: (e) => reject(new Error(`bnbench aborted: ${e} ${lines.join("\n")}`)) };
      const script = document.createElement("script");
      script.src = "/bnbench.js";
      script.onerror = () => reject(new Error("bnbench.js did not load"));
      document.body.appendChild(script);
    }), bnbenchArgs(opts.seconds));
    check("Chromium: no page errors", errors.length === 0, errors.join("\n    "));
    report(`Chromium ${version}`, tfr, JSON.parse(out));
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- main ------------------------------------------------------------------------------------------------------
if (!fs.existsSync(bnbenchJs)) {
  console.error(`bench_tfjs: ${bnbenchJs} not found: build the web app first (./build-wasm.sh build) or pass --web DIR`);
  process.exit(2);
}
try {
  require.resolve("@tensorflow/tfjs-backend-wasm");
} catch (e) {
  console.error("bench_tfjs: TF.js is not installed: npm ci --prefix scripts");
  process.exit(2);
}
for (const [name, on, run] of [["node", opts.node, runNode], ["Chromium", opts.chromium, runChromium]]) {
  if (!on) continue;
  try {
    await run();
  } catch (e) {
    check(`${name}: the comparison ran`, false, String((e && e.stack) || e).split("\n").slice(0, 6).join("\n    "));
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
