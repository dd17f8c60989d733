// slow_network.spec.mjs: bnlab on a slow school network. The session's server sends the precompressed .br (or
// .gz) files with Content-Encoding: br (or gzip), as `build-wasm.sh serve` does; Chromium's network is throttled through
// the DevTools protocol (Network.emulateNetworkConditions: 1.6 Mbit/s down, 150 ms latency, cache off), each load in a
// fresh context (devices.mjs, a desktop window of 1280×800 unless said).
//
// Prints, for Brotli and for gzip (a client that asks for gzip only), the median of 3 loads of: the time from
// navigation until the first words are painted (the lesson's first chapter, #words: loader.js, i18n_check --words) and
// until the first frame (figures, not pass/fail: the targets are ≤ 1 s and ≤ 3 s). Checks that the words are the text
// version's (their heading is the catalog's "Chapter 1 of N: title" in the page's language, as a11y.js shows it once
// the app runs), that they come before the first frame, that the overlay's box does not move until it leaves (the
// canvas under it appears meanwhile) and the canvas does not move either, that the accessibility tree reads the
// chapter before the wasm (only the status line is a live region) and the text version after it (the words gone),
// in Spanish (?lang=es: words-es.html swapped in; on a phone, readable) and for a link to a lab (its name and batch,
// not the chapter). The first load also checks that the loader showed real download progress (several texts, bytes
// rising to the module's size), that the module came Brotli-encoded (and that a gzip-only client gets the gzip twin,
// both decoding to the module's bytes), and that the page then works (state() answers, commands run). Screenshots
// of the page while it loads: tests/browser/out/slow-*.png.
//
// Run alone: node tests/browser/run.mjs DIST slow_network
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { check, test, outDir } from "../harness.mjs";
import { DESKTOP, DEVICES, deviceContext, closeContext, closeDevices } from "../devices.mjs";

const DOWN_BITS = 1.6e6, LATENCY_MS = 150, RUNS = 3;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(2);

// Runs in the page from its first moment. Every text the status line shows; each heading the words show, with its
// language and when it was first seen by an animation frame (the frame that paints it); the overlay's box and the
// canvas where they were in the first frame with words and in the last frame before the overlay left.
function recorder() {
  window.__statusLog = [];
  window.__words = [];
  window.__rects = {};
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 2) / 2);
  };
  const frame = () => {
    const overlay = document.getElementById("overlay"), heading = document.getElementById("words-heading");
    const shown = !!overlay && !overlay.classList.contains("hidden");
    if (shown && heading && heading.getBoundingClientRect().height > 0) {
      const text = heading.textContent, last = window.__words[window.__words.length - 1];
      if (!last || last.text !== text) {
        const words = heading.closest("#words");
        window.__words.push({ text, lang: words.lang, chapter: words.hasAttribute("data-chapters"), t: performance.now(),
                              running: !!(window.Module && window.Module.calledRun) });
      }
    }
    if (shown && window.__words.length) {
      const now = { box: rect(overlay.querySelector(".box")), canvas: rect(document.getElementById("canvas")) };
      if (!window.__rects.first) window.__rects.first = now;
      window.__rects.last = now;
    }
    if (!(window.bnlab && window.bnlab.firstFrameMs)) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener("DOMContentLoaded", () => {
    const el = document.getElementById("status");
    const note = () => {
      const t = el.textContent;
      if (window.__statusLog[window.__statusLog.length - 1] !== t) window.__statusLog.push(t);
    };
    note();
    new MutationObserver(note).observe(el, { childList: true, characterData: true, subtree: true });
  });
}

// Loads base + address on a throttled link in a fresh context of `device`, asking for `encoding` ("br": Chromium's
// own Accept-Encoding; "gzip": gzip only). Waits for the words it expects (in `lang`; the lesson's chapter, or with
// `lab` a lab's words), then (before the wasm) reads the accessibility tree, the live regions and the words' box and
// takes the screenshot `shot`; then waits for the first frame. wordsMs: when those words were first painted.
async function throttledLoad(base, address, { encoding = "br", device = DESKTOP, lang = "en", lab = false, shot = "" } = {}) {
  const context = await deviceContext(device);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const responses = [];
  page.on("response", async (r) => responses.push({ url: r.url(), headers: await r.allHeaders().catch(() => ({})) }));
  await page.addInitScript(recorder);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (encoding === "gzip") await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "gzip, deflate" } });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: LATENCY_MS, downloadThroughput: DOWN_BITS / 8, uploadThroughput: DOWN_BITS / 8,
  });
  await page.goto(base + address, { waitUntil: "commit", timeout: 120000 });
  const expected = (w) => w.lang === lang && w.chapter === !lab;  // the same test in the page:
  await page.waitForFunction(([l, isLab]) => window.__words.some((w) => w.lang === l && w.chapter === !isLab), [lang, lab],
    { timeout: 60000 });
  const before = await page.evaluate(() => {
    const words = document.getElementById("words"), r = words.getBoundingClientRect();
    const style = getComputedStyle(words.querySelector("p") || words);
    return {
      running: !!(window.Module && window.Module.calledRun), firstFrame: !!(window.bnlab && window.bnlab.firstFrameMs),
      live: [...document.querySelectorAll("[aria-live], [role=status], [role=alert], [role=log]")].map((e) => e.id),
      wordsInLive: !!words.closest("[aria-live], [role=status], [role=alert], [role=log]"),
      box: [r.x, r.y, r.width, r.height], fontPx: parseFloat(style.fontSize),
      paragraphs: [...words.querySelectorAll("p")].map((p) => p.textContent),
      cells: [...words.querySelectorAll("td")].map((td) => td.textContent),
    };
  });
  before.snapshot = await page.locator("body").ariaSnapshot();
  if (shot) await page.screenshot({ path: path.join(outDir, shot) });
  before.stillLoading = await page.evaluate(() => !(window.bnlab && window.bnlab.firstFrameMs));
  await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), null, { timeout: 120000 });
  await page.evaluate(() => window.bnlab.ready);
  const after = await page.evaluate(() => ({
    firstFrameMs: window.bnlab.firstFrameMs, build: window.bnlab.build, downloaded: window.bnlab.downloaded || 0,
    words: window.__words, rects: window.__rects, statusLog: window.__statusLog, lang: window.bnlab.lang,
  }));
  const wasm = responses.find((r) => r.url.endsWith(`bnlab-${after.build}.wasm`));
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  return { page, context, errors, before, ...after, wasmEncoding: wasm ? wasm.headers["content-encoding"] || "" : "?",
           wordsMs: (after.words.find(expected) || { t: NaN }).t, expected };
}

// After the first frame: the app's chapter 1 in the page's language, through the text version (a11y.js) and the
// catalog (bnlab.tr); returns { catalog, a11y, tree } (tree: textVersion before the chapter opens).
async function chapterOneAfter(page) {
  const tree = await textVersion(page);
  const reply = await page.evaluate(() => window.bnlab.command("lesson:chapter=1"));
  if (!reply || !reply.ok) throw new Error(`lesson:chapter=1: ${JSON.stringify(reply)}`);
  const catalog = await page.evaluate(() => {
    const L = window.bnlab.state().lesson;
    return window.bnlab.tr("web.a11y.lesson.chapter_heading", { n: L.chapter, count: L.chapters, title: L.title });
  });
  await page.waitForFunction((want) => [...document.querySelectorAll("#a11y h3")].some((h) => h.textContent === want),
    catalog, { timeout: 30000 }).catch(() => {});
  const a11y = await page.evaluate((want) => {
    const h = [...document.querySelectorAll("#a11y h3")].find((e) => e.textContent === want);
    return h ? h.textContent : null;
  }, catalog);
  return { catalog, a11y, tree };
}

// The checks every load shares: words before the first frame, nothing moved, the live regions, the tree after (read by
// textVersion).
function checkLoad(what, r, after) {
  const first = r.words.find(r.expected) || {};
  check(`${what}: the words were painted before the wasm ran and before the first frame ` +
        `(${seconds(r.wordsMs)} s, first frame ${seconds(r.firstFrameMs)} s)`,
    first.running === false && r.wordsMs < r.firstFrameMs && !r.before.running && !r.before.firstFrame && r.before.stillLoading,
    JSON.stringify({ first, before: { running: r.before.running, firstFrame: r.before.firstFrame } }));
  const { first: a, last: b } = r.rects || {};
  check(`${what}: the overlay's box did not move from the first words to its last frame ` +
        `(${JSON.stringify(a && a.box)} → ${JSON.stringify(b && b.box)}), nor the canvas under it ` +
        `(${JSON.stringify(a && a.canvas)})`,
    !!a && !!b && JSON.stringify(a.box) === JSON.stringify(b.box) && JSON.stringify(a.canvas) === JSON.stringify(b.canvas) &&
    a.canvas[0] === 0 && a.canvas[1] === 0);
  check(`${what}: before the wasm, the status line is the overlay's one live region (live regions: ${r.before.live.join(", ")}), ` +
        "not the words", JSON.stringify(r.before.live) === JSON.stringify(["a11y-live", "status"]) && !r.before.wordsInLive);
  check(`${what}: after the first frame the words are gone and the text version is in the accessibility tree ` +
        `(its heading "${after.title}"), the words' region not read a second time`,
    after.wordsGone && after.snapshot.includes(`heading "${after.title}" [level=1]`) &&
    !after.snapshot.includes(`region "${first.text}"`), after.snapshot.slice(0, 400));
  check(`${what}: no console errors`, r.errors.length === 0, r.errors.join(" | "));
}

// The page after the first frame: the accessibility tree, whether the words are gone, the text version's title.
async function textVersion(page) {
  await page.waitForFunction(() => {  // a11y.js has rebuilt for the app's state
    const root = document.getElementById("a11y");
    return root && root.getAttribute("data-revision") === String(window.bnlab.state().revision);
  }, null, { timeout: 30000 }).catch(() => {});
  const { wordsGone, title } = await page.evaluate(() => ({
    wordsGone: !document.getElementById("words"), title: window.bnlab.tr("web.page.title") }));
  return { wordsGone, title, snapshot: await page.locator("body").ariaSnapshot() };
}

test("first words and first frame on a throttled network (1.6 Mbit/s down, 150 ms latency), Brotli and gzip",
  async ({ base, dist }) => {
    const figures = { br: { words: [], frame: [] }, gzip: { words: [], frame: [] } };
    for (const encoding of ["br", "gzip"]) {
      for (let k = 0; k < RUNS; k++) {
        const r = await throttledLoad(base, "", { encoding, shot: k === 0 ? `slow-en-desktop-${encoding}.png` : "" });
        const { page, context } = r;
        figures[encoding].words.push(r.wordsMs);
        figures[encoding].frame.push(r.firstFrameMs);
        console.log(`# ${encoding} load ${k + 1}: words ${seconds(r.wordsMs)} s, first frame ${seconds(r.firstFrameMs)} s ` +
                    `(${r.build} build, module ${r.wasmEncoding || "identity"})`);
        check(`${encoding} load ${k + 1}: the module came ${encoding}-encoded`, r.wasmEncoding === encoding, r.wasmEncoding);
        if (k > 0) {
          await closeContext(context);
          continue;
        }
        // The first load of each: the whole story.
        const after = await chapterOneAfter(page);
        const heading = r.words[0].text;
        check(`${encoding}: the words' heading is the catalog's for chapter 1 ("${heading}"), as the text version shows it`,
          heading === after.catalog && after.a11y === after.catalog && r.words.length === 1, JSON.stringify({ words: r.words, after }));
        check(`${encoding}: before the wasm the accessibility tree reads the chapter: a region named by its heading, ` +
              `the heading and its ${r.before.paragraphs.length} paragraphs`,
          r.before.snapshot.includes(`region "${heading}"`) && r.before.snapshot.includes(`heading "${heading}" [level=2]`) &&
          r.before.paragraphs.length >= 2 && r.before.paragraphs.every((p) => r.before.snapshot.includes(p.slice(0, 40))),
          r.before.snapshot.slice(0, 600));
        checkLoad(encoding, r, after.tree);
        if (encoding === "br") {
          const log = r.statusLog;
          const progress = log.filter((t) => /^Downloading .*: [\d.]+ KB of [\d.]+ KB$/.test(t));
          console.log(`# status texts: ${log.length} (${progress.length} with bytes), first: ${JSON.stringify(progress.slice(0, 2))}`);
          check("the loader showed at least 3 download-progress texts (bytes received of the total)", progress.length >= 3,
                JSON.stringify(log.slice(0, 12)));
          const kbs = progress.map((t) => t.match(/: ([\d.]+) KB of ([\d.]+) KB/).slice(1).map(Number));
          check("the bytes received only rise, and reach the total",
                kbs.length > 0 && kbs.every((v, j) => j === 0 || v[0] >= kbs[j - 1][0]) &&
                kbs[kbs.length - 1][0] === kbs[kbs.length - 1][1], JSON.stringify(kbs.slice(-3)));
          const size = fs.statSync(path.join(dist, `bnlab-${r.build}.wasm`)).size;
          check(`the whole module arrived (window.bnlab.downloaded = ${r.downloaded}, the file: ${size} bytes)`,
                r.downloaded === size);
          // The same module for a client that accepts only gzip, or nothing: each twin decodes to the file's bytes.
          const module = fs.readFileSync(path.join(dist, `bnlab-${r.build}.wasm`));
          const twins = {};
          for (const accept of ["br", "gzip", "identity"]) {
            const t = await new Promise((resolve, reject) => {
              http.get(new URL(`bnlab-${r.build}.wasm`, base), { headers: { "Accept-Encoding": accept } }, (res) => {
                const chunks = [];
                res.on("data", (c) => chunks.push(c));
                res.on("end", () => resolve({ encoding: res.headers["content-encoding"] || "", body: Buffer.concat(chunks) }));
              }).on("error", reject);
            });
            const decoded = t.encoding === "br" ? zlib.brotliDecompressSync(t.body) : t.encoding === "gzip" ? zlib.gunzipSync(t.body) : t.body;
            twins[accept] = { encoding: t.encoding, sent: t.body.length, same: decoded.equals(module) };
          }
          check(`each client gets the twin it accepts, decoding to the module (br ${twins.br.sent} B, gzip ${twins.gzip.sent} B, plain ${twins.identity.sent} B)`,
            twins.br.encoding === "br" && twins.gzip.encoding === "gzip" && twins.identity.encoding === "" &&
            twins.br.same && twins.gzip.same && twins.identity.same && twins.br.sent < twins.gzip.sent, JSON.stringify(twins));
          const s = await page.evaluate(() => window.bnlab.state());
          check("after loading, state() answers and the page has drawn frames", !!s && s.frame > 0);
          const firstStep = await page.evaluate(() => window.bnlab.command("first"));
          const next = await page.evaluate(() => window.bnlab.command("next"));
          check("commands run after the slow load (first, then next: step 0, then 1)",
                firstStep && firstStep.step === 0 && next && next.ok === true && next.step === 1,
                JSON.stringify({ firstStep, next }));
        }
        await closeContext(context);
      }
    }
    for (const encoding of ["br", "gzip"]) {
      const f = figures[encoding];
      console.log(`# ${encoding}: words ${seconds(median(f.words))} s, first frame ${seconds(median(f.frame))} s after navigation ` +
                  `(median of ${RUNS}; ${DOWN_BITS / 1e6} Mbit/s down, ${LATENCY_MS} ms latency; targets: words ≤ 1 s, ` +
                  `first frame ≤ 3 s)`);
    }
    await closeDevices();
  }, { timeout: 600000 });

test("first words in Spanish on a phone (?lang=es: words-es.html), throttled", async ({ base }) => {
  const r = await throttledLoad(base, "?lang=es", { device: DEVICES[0], lang: "es", shot: "slow-es-phone.png" });
  const after = await chapterOneAfter(r.page);
  const mine = r.words.find((w) => w.lang === "es");
  console.log(`# es (phone): Spanish words ${seconds(r.wordsMs)} s` +
              (r.words[0].lang !== "es" ? ` (English before them from ${seconds(r.words[0].t)} s)` : "") +
              `, first frame ${seconds(r.firstFrameMs)} s`);
  check(`the Spanish words' heading is the catalog's for chapter 1 in Spanish ("${mine.text}"), as the text version ` +
        "shows it", r.lang === "es" && mine.text === after.catalog && after.a11y === after.catalog &&
        /^Capítulo 1 de \d+: /.test(mine.text), JSON.stringify({ words: r.words, after }));
  check("before the wasm the accessibility tree reads the Spanish chapter",
    r.before.snapshot.includes(`region "${mine.text}"`) && r.before.paragraphs.length >= 2 &&
    r.before.paragraphs.every((p) => r.before.snapshot.includes(p.slice(0, 40))), r.before.snapshot.slice(0, 600));
  const [x, y, w, h] = r.before.box, vw = DEVICES[0].viewport.width, vh = DEVICES[0].viewport.height;
  check(`phone: the words lie inside the screen (${[x, y, w, h].map(Math.round).join(", ")} in ${vw}×${vh}), ` +
        `at least a third of its height, in text of ${r.before.fontPx} px`,
    x >= 0 && y >= 0 && x + w <= vw && y + h <= vh && h >= vh / 3 && r.before.fontPx >= 16);
  checkLoad("es", r, after.tree);
  await closeContext(r.context);
  await closeDevices();
}, { timeout: 300000 });

test("first words for a link to a lab: its name and the link's batch, not the chapter, throttled", async ({ base }) => {
  const link = "#x=0.2,13;0.4,19;0.6,-21;0.8,27&gamma=1,2&beta=0,0.5&eps=0.00001&mode=train&step=3";
  const r = await throttledLoad(base, link, { lab: true, shot: "slow-lab-desktop.png" });
  const name = await r.page.evaluate(() => window.bnlab.tr("lab.step.name"));
  const last = r.words[r.words.length - 1];
  const chapter = r.words.filter((w) => /^Chapter 1 of /.test(w.text));
  console.log(`# lab link: the lab's words ${seconds(last.t)} s` +
              (chapter.length ? ` (the chapter before them from ${seconds(chapter[0].t)} s)` : " (the chapter never shown)") +
              `, first frame ${seconds(r.firstFrameMs)} s`);
  check(`the words before the wasm are the step lab's ("${last.text}", the app's name of it: "${name}")`,
    last.text === name && !r.before.snapshot.includes("Chapter 1 of"), r.before.snapshot.slice(0, 400));
  check(`…with the link's batch as a table (x, γ, β: ${r.before.cells.join(" ")})`,
    r.before.cells.join(" ") === "0.2 13 0.4 19 0.6 −21 0.8 27 1 2 0 0.5" &&
    r.before.snapshot.includes('table "The batch x: 4 samples (rows) × 2 features (columns)'));
  checkLoad("lab link", r, await textVersion(r.page));
  const s = await r.page.evaluate(() => window.bnlab.state());
  const want = [[0.2, 13], [0.4, 19], [0.6, -21], [0.8, 27]];  // the app's float32 values, to 7 digits
  check("the app opened the link's batch", s.x.length === 4 &&
    s.x.every((row, i) => row.length === 2 && row.every((v, j) => Number(v.toPrecision(7)) === want[i][j])), JSON.stringify(s.x));
  await closeContext(r.context);
  await closeDevices();
}, { timeout: 300000 });
