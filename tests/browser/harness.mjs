// harness.mjs: what every browser spec shares. A spec registers named tests with test(); the runner (run.mjs)
// starts a session (a server on DIST and one headless Chromium), runs each test in try/catch with a time
// limit, and ends the session. check() prints "ok - ..." / "not ok - ..." and counts.
//
// Index
//   counting     check(), counts
//   tests        test() registers, takeTests() hands them to the runner, runTest() runs one
//   session      startSession(dist, port), endSession(): the server and Chromium (swiftshader flags)
//   pages        open(), newPage(), state(), settle()
//   pixels       canvasIsDrawn(), onScreen()
//   input        clickItem(), editCell()
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../../web/serve.mjs";

// Screenshots of every spec land here.
export const outDir = path.join(path.dirname(new URL(import.meta.url).pathname), "out");
fs.mkdirSync(outDir, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------
export const counts = { passed: 0, failed: 0 };
export function check(name, ok, detail = "") {
  if (ok) {
    counts.passed++;
    console.log(`ok - ${name}`);
  } else {
    counts.failed++;
    console.log(`not ok - ${name}${detail ? `\n    ${detail}` : ""}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------
const registry = [];
// test(NAME, async ({ base, dist, outDir, requests }) => {...}, { timeout }): registers a named test.
// BNLAB_TEST_GREP=TEXT (environment) keeps only the tests whose name contains TEXT (for working on one test).
export function test(name, fn, { timeout = 600000 } = {}) {
  const grep = process.env.BNLAB_TEST_GREP;
  if (grep && !name.includes(grep)) return;
  registry.push({ name, fn, timeout });
}
// The tests registered since the last call (the runner calls it after importing each spec).
export function takeTests() {
  return registry.splice(0, registry.length);
}

// Runs one test: an exception or the time limit fails that test (one "not ok") and the run goes on; pages the
// test opened are closed whatever happened.
export async function runTest(t) {
  console.log(`# test: ${t.name}`);
  session.pages = new Set();
  let timer = null;
  try {
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`time limit of ${t.timeout / 1000} s reached`)), t.timeout);
    });
    await Promise.race([t.fn({ base: session.base, dist: session.dist, outDir, requests: session.requests }), limit]);
  } catch (e) {
    check(`${t.name}: ran to the end`, false, String((e && e.stack) || e).split("\n").slice(0, 6).join("\n    "));
  } finally {
    clearTimeout(timer);
    for (const page of session.pages) await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Session: the server on DIST (port 0: any free port) and one Chromium with its own profile.
// ---------------------------------------------------------------------------------------------
let session = null;
export async function startSession(dist, port = 0) {
  const { server, port: p, requests } = await startServer(dist, port);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bnlab-chromium-"));
  session = { server, requests, userDataDir, dist, base: `http://127.0.0.1:${p}/`, context: null, pages: new Set() };
  session.context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
           "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
           "--disable-quic"],
  });
  return session;
}
export async function endSession() {
  if (!session) return;
  if (session.context) await session.context.close().catch(() => {});
  session.server.close();
  fs.rmSync(session.userDataDir, { recursive: true, force: true });
  session = null;
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------
// A new tab in the session's Chromium, closed by the harness when the test ends.
export async function newPage() {
  const page = await session.context.newPage();
  session.pages.add(page);
  return page;
}

// Opens `url`, waits for bnlab to draw its first frame; returns { page, errors }.
export async function open(url, { waitReady = true } = {}) {
  const page = await newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  if (waitReady) {
    // The loader defines window.bnlab at once (unless WebAssembly or WebGL2 is missing: then it says why).
    await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), null, { timeout: 30000 });
    const why = await page.evaluate(() => (window.bnlab ? "" : document.getElementById("status").textContent));
    if (why) throw new Error(`${url}: the page shows an error: ${why}`);
    await page.evaluate(() => window.bnlab.ready);
  }
  return { page, errors };
}
// One key press delivered in a single task: keydown and keyup reach the page together, so no frame can see the key
// held. page.keyboard.press sends them as two round trips; on a loaded machine frames run between them, and a key
// seen held past ImGui's repeat delay (0.275 s) counts as a second press. The app keeps a release that arrives in
// the same frame as its press for the next frame (main.cpp, deferred_releases), so the press is never lost.
const KEY_CODES = { ArrowLeft: 37, ArrowUp: 38, ArrowRight: 39, ArrowDown: 40, Home: 36, End: 35 };
export const pressKey = (page, key) => page.evaluate(([k, code]) => {
  for (const type of ["keydown", "keyup"]) {
    const e = new KeyboardEvent(type, { key: k, code: k, bubbles: true, cancelable: true });
    Object.defineProperty(e, "keyCode", { get: () => code });
    Object.defineProperty(e, "which", { get: () => code });
    window.dispatchEvent(e);
  }
}, [key, KEY_CODES[key]]);
export const state = (page) => page.evaluate(() => window.bnlab.state());
export const settle = (page, frames = 3) => page.evaluate((n) => new Promise((res) => {
  let k = 0;
  const tick = () => (++k >= n ? res() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}), frames);

// ---------------------------------------------------------------------------------------------
// Pixels
// ---------------------------------------------------------------------------------------------
// Distinct colours in a 64×64 sample of a screenshot of the canvas: a blank canvas has 1. (WebGL's own
// buffer cannot be read back after the frame, so the screenshot is decoded in the page.)
export async function canvasIsDrawn(page, file, clip = null) {
  const png = clip ? await page.screenshot({ path: file, clip }) : await page.locator("#canvas").screenshot({ path: file });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = "data:image/png;base64," + b64;
    await img.decode();
    const probe = document.createElement("canvas");
    probe.width = 64;
    probe.height = 64;
    const ctx = probe.getContext("2d");
    ctx.drawImage(img, 0, 0, 64, 64);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    const colours = new Set();
    for (let k = 0; k < data.length; k += 4) colours.add((data[k] << 16) | (data[k + 1] << 8) | data[k + 2]);
    return colours.size;
  }, png.toString("base64"));
}

// Whether the item `id` lies wholly inside a width×height (CSS pixels) window.
export function onScreen(s, id, width, height) {
  const r = s.rects[id];
  return !!r && r[0] >= 0 && r[1] >= 0 && (r[0] + r[2]) / s.dpr <= width && (r[1] + r[3]) / s.dpr <= height;
}

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------
// Clicks an editable item by the rectangle the app reports in state().rects (canvas pixels → CSS pixels).
export async function clickItem(page, id) {
  const s = await state(page);
  const r = s.rects[id];
  if (!r) throw new Error(`no item ${id} on screen`);
  const box = await page.locator("#canvas").boundingBox();
  await page.mouse.click(box.x + (r[0] + r[2] / 2) / s.dpr, box.y + (r[1] + r[3] / 2) / s.dpr);
  await settle(page);
}

// Types into a cell like a user: click, select all, type, then a key that commits.
export async function editCell(page, id, text, commitKey = "Enter") {
  await clickItem(page, id);
  await page.keyboard.press("Control+A");
  if (text === "") await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
  await page.keyboard.press(commitKey);
  await settle(page, 4);
}
