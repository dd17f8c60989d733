// slow_network.spec.mjs: bnlab on a slow school network. The session's server sends the precompressed .br (or
// .gz) files with Content-Encoding: br (or gzip), as `build-wasm.sh serve` does; Chromium's network is throttled through the DevTools
// protocol (Network.emulateNetworkConditions: 1.6 Mbit/s down, 150 ms latency, cache off). Prints the time from
// navigation to the first frame (a figure, not a pass/fail: the target is ≤ 3 s) and checks that the loader showed
// real download progress meanwhile (several texts, bytes rising to the module's size), that the module came
// Brotli-encoded (and that a gzip-only client gets the gzip twin, both decoding to the module's bytes), and that
// the page then works (state() answers, commands run).
//
// Run alone: node tests/browser/run.mjs DIST slow_network
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { check, test, newPage } from "../harness.mjs";

const DOWN_BITS = 1.6e6, LATENCY_MS = 150;

test("first frame on a throttled network (1.6 Mbit/s down, 150 ms latency)", async ({ base, dist }) => {
  const page = await newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  // Every text the status line shows, recorded in the page as it changes.
  await page.addInitScript(() => {
    window.__statusLog = [];
    document.addEventListener("DOMContentLoaded", () => {
      const el = document.getElementById("status");
      const note = () => {
        const t = el.textContent;
        if (window.__statusLog[window.__statusLog.length - 1] !== t) window.__statusLog.push(t);
      };
      note();
      new MutationObserver(note).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
  const responses = [];
  page.on("response", async (r) => responses.push({ url: r.url(), headers: await r.allHeaders().catch(() => ({})) }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: LATENCY_MS, downloadThroughput: DOWN_BITS / 8, uploadThroughput: DOWN_BITS / 8,
  });
  await page.goto(base, { timeout: 120000 });
  await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), null, { timeout: 120000 });
  await page.evaluate(() => window.bnlab.ready);
  const { firstFrameMs, build, downloaded } = await page.evaluate(() => ({
    firstFrameMs: window.bnlab.firstFrameMs, build: window.bnlab.build, downloaded: window.bnlab.downloaded || 0 }));
  console.log(`# first frame ${(firstFrameMs / 1000).toFixed(2)} s after navigation (${build} build, ` +
              `${DOWN_BITS / 1e6} Mbit/s down, ${LATENCY_MS} ms latency; target ≤ 3 s)`);
  const log = await page.evaluate(() => window.__statusLog);
  const progress = log.filter((t) => /^Downloading .*: [\d.]+ KB of [\d.]+ KB$/.test(t));
  console.log(`# status texts: ${log.length} (${progress.length} with bytes), first: ${JSON.stringify(progress.slice(0, 2))}`);
  check("the loader showed at least 3 download-progress texts (bytes received of the total)", progress.length >= 3,
        JSON.stringify(log.slice(0, 12)));
  const kbs = progress.map((t) => t.match(/: ([\d.]+) KB of ([\d.]+) KB/).slice(1).map(Number));
  check("the bytes received only rise, and reach the total",
        kbs.length > 0 && kbs.every((v, k) => k === 0 || v[0] >= kbs[k - 1][0]) &&
        kbs[kbs.length - 1][0] === kbs[kbs.length - 1][1], JSON.stringify(kbs.slice(-3)));
  const size = fs.statSync(path.join(dist, `bnlab-${build}.wasm`)).size;
  check(`the whole module arrived (window.bnlab.downloaded = ${downloaded}, the file: ${size} bytes)`, downloaded === size);
  const wasm = responses.find((r) => r.url.endsWith(`bnlab-${build}.wasm`));
  check("the module was sent Brotli-encoded (Chromium accepts br)", !!wasm && wasm.headers["content-encoding"] === "br",
        JSON.stringify(wasm && wasm.headers));
  // The same module for a client that accepts only gzip, or nothing: each twin decodes to the file's bytes.
  const module = fs.readFileSync(path.join(dist, `bnlab-${build}.wasm`));
  const twins = {};
  for (const accept of ["br", "gzip", "identity"]) {
    const r = await new Promise((resolve, reject) => {
      http.get(new URL(`bnlab-${build}.wasm`, base), { headers: { "Accept-Encoding": accept } }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"] || "", body: Buffer.concat(chunks) }));
      }).on("error", reject);
    });
    const decoded = r.encoding === "br" ? zlib.brotliDecompressSync(r.body) : r.encoding === "gzip" ? zlib.gunzipSync(r.body) : r.body;
    twins[accept] = { encoding: r.encoding, sent: r.body.length, same: decoded.equals(module) };
  }
  check(`each client gets the twin it accepts, decoding to the module (br ${twins.br.sent} B, gzip ${twins.gzip.sent} B, plain ${twins.identity.sent} B)`,
    twins.br.encoding === "br" && twins.gzip.encoding === "gzip" && twins.identity.encoding === "" &&
    twins.br.same && twins.gzip.same && twins.identity.same && twins.br.sent < twins.gzip.sent, JSON.stringify(twins));
  const s = await page.evaluate(() => window.bnlab.state());
  check("after loading, state() answers and the page has drawn frames", !!s && s.frame > 0);
  const first = await page.evaluate(() => window.bnlab.command("first"));
  const next = await page.evaluate(() => window.bnlab.command("next"));
  check("commands run after the slow load (first, then next: step 0, then 1)",
        first && first.step === 0 && next && next.ok === true && next.step === 1, JSON.stringify({ first, next }));
  check("the page shows no console errors", errors.length === 0, errors.join(" | "));
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.close();
}, { timeout: 300000 });
