// firefox.mjs DIST: bnlab in Firefox. Debian's firefox-esr, driven over WebDriver BiDi by npm puppeteer-core, in an
// Xvfb of its own (headless Firefox offers no WebGL2 here; under Xvfb it draws with Mesa's software GL: this script
// runs itself again under tests/xvfb_run.sh, the one place the tests start Xvfb). Covers every
// lab, links, the keyboard, the mouse wheel, the text version and text mode: the step lab from a link against the
// reference, → and Home, each tab by 1–5 and L, the image lab's link, a lesson chapter's link with a numeric answer,
// #a11y and its live region, a cell typed on the canvas, ?text=1. Prints one line per check and "N passed, N failed"
// last; exits 1 if any failed. The differences from Chromium it shows are in DEVELOPERS.md (Browser tests).
//   BNLAB_TEST_GREP=TEXT (environment): only the tests whose name contains TEXT
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";
import { startServer } from "../../web/serve.mjs";
import { referenceBN, referenceNorm, maxRelErr } from "./reference.mjs";

const FIREFOX = "/usr/bin/firefox-esr";
const here = path.dirname(new URL(import.meta.url).pathname);
// A display of our own: tests/xvfb_run.sh starts Xvfb and runs this script again under it (it sets BNLAB_XVFB_DISPLAY).
if (!process.env.BNLAB_XVFB_DISPLAY) {
  const run = spawnSync("bash", [path.join(here, "..", "xvfb_run.sh"), "1280x800x24", process.execPath,
    ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(run.status === null ? 1 : run.status);
}
const outDir = path.join(here, "out");
fs.mkdirSync(outDir, { recursive: true });
const dist = process.argv[2];

const counts = { passed: 0, failed: 0 };
function check(name, ok, detail = "") {
  if (ok) { counts.passed++; console.log(`ok - ${name}`); } else {
    counts.failed++;
    console.log(`not ok - ${name}${detail ? `\n    ${detail}` : ""}`);
  }
}
function finish() {
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
if (!dist || !fs.existsSync(path.join(dist, "index.html"))) {
  console.error("usage: node tests/browser/firefox.mjs DIST (a dist/ with index.html: ./build-wasm.sh build)");
  check("a built dist/ to test", false);
  finish();
}
if (!fs.existsSync(FIREFOX)) {
  check(`${FIREFOX} is installed (apt-get install firefox-esr; build-wasm.sh test installs it)`, false);
  finish();
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------
let browser = null, base = "";
const tests = [];
const test = (name, fn) => {
  const grep = process.env.BNLAB_TEST_GREP;
  if (!grep || name.includes(grep)) tests.push({ name, fn });
};

async function open(url) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), { timeout: 60000 });
  const why = await page.evaluate(() => (window.bnlab ? "" : document.getElementById("status").textContent));
  if (why) throw new Error(`${url}: the page shows an error: ${why}`);
  await page.evaluate(() => window.bnlab.ready);
  return { page, errors };
}
const state = (page) => page.evaluate(() => window.bnlab.state());
const command = (page, c) => page.evaluate((name) => window.bnlab.command(name), c);
// A key reaches the app at its next frame: wait until the state's revision moves past `before` (or a timeout).
async function moved(page, before, ms = 8000) {
  try {
    await page.waitForFunction((r) => window.bnlab.state().revision > r, { timeout: ms }, before);
  } catch (e) { /* the check that follows says what did not happen */ }
  return state(page);
}
// The text version shows the state's revision (it is rebuilt at most every 150 ms).
async function mirrored(page) {
  await page.waitForFunction(() => document.getElementById("a11y").getAttribute("data-revision") ===
    String(window.bnlab.state().revision), { timeout: 10000 });
}
// Canvas pixels (state().rects) to the page's CSS pixels: the centre of item `id`.
async function itemCenter(page, id) {
  const s = await state(page);
  const r = s.rects[id];
  if (!r) throw new Error(`no item ${id} on screen`);
  return { x: (r[0] + r[2] / 2) / s.dpr, y: (r[1] + r[3] / 2) / s.dpr };
}
async function frames(page, n = 3) {
  const f = (await state(page)).frame;
  await page.waitForFunction((f0, k) => window.bnlab.state().frame >= f0 + k, { timeout: 20000 }, f, n);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------
const X = [[1, 2, -3], [3, 5, 0.5], [4, 9, 2], [-2, 0.25, 7]];
const GAMMA = [2, 0.5, -1], BETA = [1, -1, 0.25], EPS = 0.001;
const STEP_LINK = `#x=${X.map((r) => r.join(",")).join(";")}&gamma=${GAMMA}&beta=${BETA}&eps=${EPS}&mode=train&step=8`;

test("the step lab from a link, the keys, the text version", async () => {
  const { page, errors } = await open(base + STEP_LINK);
  let s = await state(page);
  check("Firefox draws with WebGL2 under Xvfb (not text mode)", s.text_mode === false &&
    (await page.evaluate(() => !!document.createElement("canvas").getContext("webgl2"))));
  check("the link's batch (4×3), γ, β, ε and step 9 (x̂)", JSON.stringify(s.x) === JSON.stringify(X) &&
    JSON.stringify(s.gamma) === JSON.stringify(GAMMA) && s.step === 8 && s.step_name === "xhat", `${s.step} ${s.step_name}`);
  const ref = referenceBN({ x: X, gamma: GAMMA, beta: BETA, eps: EPS });
  const bad = ["mean", "var", "inv_std", "xhat"].filter((k) => !(k in s) || maxRelErr(s[k], ref[k]) > 1e-6);
  check("μ, σ², 1/σ and x̂ equal the reference (float64)", bad.length === 0, bad.join(","));
  await page.screenshot({ path: path.join(outDir, "firefox-step.png") });
  // The keyboard: the canvas has the focus after loading.
  await page.mouse.click(640, 5);  // the menu bar's empty strip
  await frames(page);
  let before = s.revision;
  await page.keyboard.press("ArrowRight");
  s = await moved(page, before);
  check("→ moves the step to γx̂ (step 10)", s.step === 9 && s.step_name === "gx" && maxRelErr(s.y || [], ref.y) >= 0,
    `${s.step} ${s.step_name}`);
  before = s.revision;
  await page.keyboard.press("ArrowRight");
  s = await moved(page, before);
  check("→ again: y, equal to the reference", s.step_name === "y" && maxRelErr(s.y, ref.y) < 1e-6, s.step_name);
  before = s.revision;
  await page.keyboard.press("Home");
  s = await moved(page, before);
  check("Home goes to the first step", s.step === 0);
  // The text version follows, and the live region announced the step.
  await mirrored(page);
  const text = await page.evaluate(() => document.getElementById("a11y").textContent);
  const live = await page.evaluate(() => document.getElementById("a11y-live").textContent);
  check("the text version shows step 1 with its formula and the batch", text.includes("Step 1 of") &&
    text.includes("Formula:") && text.includes("The batch x: 4 samples"), text.slice(0, 200));
  check("the live region announces the step", live.startsWith("Step 1 of " + s.steps.length) && live.includes("="), live);
  // Keys 1–5 and L: each tab.
  const tabs = [["2", 1], ["3", 2], ["4", 3], ["5", 4], ["l", 5], ["1", 0]];
  const seen = [];
  for (const [key, tab] of tabs) {
    await page.keyboard.press(key);
    // The tab changes a frame or two after the key (ImGui's tab bar selects it a frame after asked).
    await page.waitForFunction((t) => window.bnlab.state().tab === t, { timeout: 8000 }, tab).catch(() => {});
    const now = (await state(page)).tab;
    seen.push(now === tab ? key : `${key}→${now}`);
  }
  check("keys 2 3 4 5 L 1 open each tab", seen.join(" ") === "2 3 4 5 l 1", seen.join(" "));
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("a cell typed on the canvas with the keyboard", async () => {
  const { page, errors } = await open(base + "#x=1,2;3,4;5,7&mode=train&step=1");
  await frames(page, 4);
  const c = await itemCenter(page, "x:1:0");
  await page.mouse.click(c.x, c.y);
  await frames(page);
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.type("-2.5");
  await page.keyboard.press("Enter");
  await frames(page, 4);
  const s = await state(page);
  check("x₂,₁ typed as -2.5 with Enter (Ctrl+A first)", s.x[1][0] === -2.5, JSON.stringify(s.x));
  const ref = referenceBN({ x: [[1, 2], [-2.5, 4], [5, 7]], gamma: [1, 1], beta: [0, 0], eps: s.eps });
  check("…and the mean follows the edit", maxRelErr(s.mean, ref.mean) < 1e-6, JSON.stringify(s.mean));
  check("the link holds the edit", (await page.evaluate(() => location.hash)).includes("x=1,2;-2.5,4;5,7"));
  // Text that arrives as input events only (IME commits, dictation; puppeteer's sendCharacter): through the page's
  // hidden field (touch.js), focused over the cell being edited.
  const c2 = await itemCenter(page, "x:2:1");
  await page.mouse.click(c2.x, c2.y);
  await frames(page);
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  // Ctrl+A selected the hidden field's placeholder too: the first character types over it (touch.js's input
  // handler; before the fix Firefox lost it, "-8.25" became 8.25).
  for (const ch of "-8.25") await page.keyboard.sendCharacter(ch);  // BiDi: one character a call
  await page.keyboard.press("Enter");
  await frames(page, 4);
  const s2 = await state(page);
  check("a cell takes text that comes as input events only (IME, sendCharacter): x₃,₂ = -8.25", s2.x[2][1] === -8.25,
    JSON.stringify(s2.x));
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("the image lab's link", async () => {
  const { page, errors } = await open(base + "#lab=image&norm=group&groups=2&shape=2,4,2,2&seed=7");
  await frames(page, 3);
  await command(page, "last");  // every step's values in state()
  await frames(page, 2);
  const s = await state(page);
  const im = s.image;
  check("the image lab opens from its link (GroupNorm, 2 groups, 2×4×2×2)", s.tab === 4 && im.norm === "group" &&
    im.groups === 2 && JSON.stringify(im.shape) === "[2,4,2,2]", JSON.stringify({ tab: s.tab, norm: im.norm, g: im.groups, sh: im.shape }));
  const ref = referenceNorm(im.x, im.shape, "group", { G: 2, gamma: im.gamma, beta: im.beta, eps: im.eps });
  check("its group means equal the reference", !!im.values && maxRelErr(im.values.mean, ref.mean) < 1e-5,
    JSON.stringify(im.values && im.values.mean));
  await page.screenshot({ path: path.join(outDir, "firefox-image.png") });
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("a lesson chapter's link, a numeric answer typed in the text version, the wheel", async () => {
  const { page, errors } = await open(base + "#lab=lesson&chapter=1");
  await frames(page, 3);
  let s = await state(page);
  check("chapter 1 opens from #lab=lesson&chapter=1", s.tab === 5 && s.lesson.started && s.lesson.chapter === 1);
  const k0 = s.lesson.items.findIndex((q) => q.kind === "predict");
  if (k0 >= 0) await command(page, `lesson:answer=${k0 + 1}:a`);
  s = await state(page);
  const k = s.lesson.items.findIndex((q) => q.kind === "numeric" && q.source === "minmax");
  check("chapter 1 asks for a min-max value", k >= 0);
  // The truth from the chapter's own link: (x − min) / (max − min) of the asked element.
  const L = Object.fromEntries(s.lesson.link.split("&").map((p) => p.split("=")));
  const x = L.x.split(";").map((r) => r.split(",").map(Number));
  const [i, j] = s.lesson.items[k].index;
  const col = x.map((r) => r[j]);
  const truth = (x[i][j] - Math.min(...col)) / (Math.max(...col) - Math.min(...col));
  // The wheel over the lesson's text column: a turn down moves the text up.
  const first = Object.keys(s.rects).find((id) => id.startsWith("lesson_answer:") || id.startsWith("lesson_choice:"));
  const tab = s.rects["tab:lesson"];
  if (first && tab) {
    const y0 = s.rects[first][1];
    await page.mouse.move((tab[0] + 20) / s.dpr, (tab[1] + 2 * tab[3] + 200) / s.dpr);
    await page.evaluate(() => {
      window.bnlabWheels = [];
      window.addEventListener("wheel", (e) => window.bnlabWheels.push(`${e.deltaMode}:${e.deltaY}`), true);
    });
    await page.mouse.wheel({ deltaY: 120 });
    await frames(page, 4);
    const y1 = (await state(page)).rects[first];
    check("a wheel turn down over the lesson scrolls its text up", !!y1 && y1[1] < y0, `${y0} → ${y1 && y1[1]}`);
    const wheels = await page.evaluate(() => window.bnlabWheels.join(" "));
    check("Firefox hands the wheel over as pixels (deltaMode 0, deltaY 120), as Chromium does", wheels === "0:120", wheels);
  } else {
    check("the lesson's questions are on the canvas (for the wheel)", false, Object.keys(s.rects).join(","));
  }
  // Typed in the text version's field (a real <input>), Enter to check.
  await mirrored(page);
  const field = await page.$(`#a11y input[aria-label="Your answer to question ${k + 1}"]`);
  await field.focus();
  await page.keyboard.type(truth.toPrecision(4));
  await page.keyboard.press("Enter");
  await page.waitForFunction((q) => window.bnlab.state().lesson.status.charAt(q) !== "0", { timeout: 10000 }, k)
    .catch(() => {});
  s = await state(page);
  check(`the answer ${truth.toPrecision(4)} typed in the text version is right at the first try (status 1)`, s.lesson.status.charAt(k) === "1",
    s.lesson.status + " " + JSON.stringify(s.lesson.answer_errors));
  await mirrored(page);
  const live = await page.evaluate(() => document.getElementById("a11y-live").textContent);
  check("the live region reads out the verdict", live.length > 3, live);
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("text mode (?text=1) in Firefox", async () => {
  const { page, errors } = await open(base + "?text=1#x=1,2;3,6;-2,0.5&mode=train&step=0");
  await mirrored(page);
  let s = await state(page);
  check("?text=1: state().text_mode is true, the batch table shown", s.text_mode === true &&
    (await page.evaluate(() => document.querySelectorAll("#batch-table input").length === 6 &&
      getComputedStyle(document.getElementById("canvas")).display === "none")));
  const cell = await page.$('#batch-table input[data-cell="2,1"]');
  await cell.click({ count: 3 });
  await page.keyboard.type("8");
  await page.keyboard.press("Enter");
  await mirrored(page);
  s = await state(page);
  check("a cell typed in the table changes state().x", s.x[2][1] === 8, JSON.stringify(s.x));
  await page.keyboard.press("Tab");  // leave the field: the keys are the page's again
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("ArrowRight");
  await mirrored(page);
  check("→ on the page moves the step", (await state(page)).step === 1);
  await page.screenshot({ path: path.join(outDir, "firefox-textmode.png"), fullPage: true });
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("the clipboard: the app's Copy path in Firefox", async () => {
  const { page, errors } = await open(base + "#x=1,2;3,4&step=2");
  // The app copies with navigator.clipboard.writeText (platform_web.cpp js_copy) in the frame after a click or key.
  await page.mouse.click(640, 5);
  const written = await page.evaluate(() => navigator.clipboard.writeText("bnlab").then(() => "written", (e) => e.name));
  check("navigator.clipboard.writeText writes after a click on the canvas", written === "written", written);
  const reply = await command(page, "lesson:summary");
  check("lesson:summary (copies the summary) answers ok with its text", reply.ok === true && reply.summary.length > 10,
    JSON.stringify(reply).slice(0, 200));
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("headless Firefox (no WebGL2): text mode by itself", async () => {
  // A second Firefox, headless: it offers no WebGL2 here, so the page starts in text mode without being asked.
  const headless = await puppeteer.launch({
    browser: "firefox", protocol: "webDriverBiDi", executablePath: FIREFOX, headless: true,
    env: { ...process.env, DISPLAY: "" },
  });
  try {
    const page = await headless.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "#x=1,2;3,6;-2,0.5&mode=train&step=0");
    await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), { timeout: 60000 });
    await page.evaluate(() => window.bnlab.ready);
    await mirrored(page);
    let s = await state(page);
    const webgl2 = await page.evaluate(() => !!document.createElement("canvas").getContext("webgl2"));
    check("headless Firefox offers no WebGL2 and the page runs in text mode (reason no-webgl2)", !webgl2 &&
      s.text_mode === true && (await page.evaluate(() => window.bnlab.textModeReason)) === "no-webgl2",
      `webgl2=${webgl2} text_mode=${s.text_mode}`);
    await page.click('#batch-table input[data-cell="0,1"]', { count: 3 });
    await page.keyboard.type("-7");
    await page.keyboard.press("Enter");
    await mirrored(page);
    s = await state(page);
    check("a cell typed in the table changes state().x", s.x[0][1] === -7, JSON.stringify(s.x));
    const next = await page.$("xpath/.//button[text()='Next step']");
    await next.click();
    await mirrored(page);
    check("Next step moves the step", (await state(page)).step === 1);
    await page.screenshot({ path: path.join(outDir, "firefox-headless-textmode.png"), fullPage: true });
    check("no console errors", errors.length === 0, errors.join(" | "));
  } finally {
    await headless.close().catch(() => {});
  }
});

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------
let server = null;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bnlab-firefox-"));
try {
  const started = await startServer(dist, 0);
  server = started.server;
  base = `http://127.0.0.1:${started.port}/`;
  browser = await puppeteer.launch({
    browser: "firefox",
    protocol: "webDriverBiDi",
    executablePath: FIREFOX,
    headless: false,
    userDataDir: profile,
    env: { ...process.env, MOZ_HEADLESS: "" },  // DISPLAY and LIBGL_ALWAYS_SOFTWARE=1 from xvfb_run.sh
    extraPrefsFirefox: { "webgl.force-enabled": true, "browser.shell.checkDefaultBrowser": false },
  });
  console.log(`# firefox: ${await browser.version()} on ${process.env.DISPLAY}`);
  for (const t of tests) {
    console.log(`# test: ${t.name}`);
    try {
      await Promise.race([t.fn(), new Promise((_, rej) => setTimeout(() => rej(new Error("time limit of 90 s")), 90000))]);
    } catch (e) {
      check(`${t.name}: ran to the end`, false, String((e && e.stack) || e).split("\n").slice(0, 5).join("\n    "));
      for (const p of await browser.pages().catch(() => [])) if (p.url() !== "about:blank") await p.close().catch(() => {});
    }
  }
} catch (e) {
  check("Firefox starts under Xvfb over WebDriver BiDi", false, String((e && e.stack) || e).split("\n").slice(0, 5).join("\n    "));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
finish();
