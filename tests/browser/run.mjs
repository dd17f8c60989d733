// run.mjs DIST: bnlab's browser tests in headless Chromium (Debian's /usr/bin/chromium, playwright-core).
// Serves DIST on a free localhost port, then checks the page as a learner meets it. Prints one line per
// check ("ok - ..." / "not ok - ...") and "N passed, N failed" last; exits 1 if any failed.
//
// Index
//   referenceBN        BN forward/backward in float64, written independently of the app
//   harness            launch, open a page, collect console errors, check()
//   tests              smoke (SIMD and scalar), link hash, keyboard walk, cell edits, bad input, screenshots,
//                      every kind of control driven by the keyboard alone (K)
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./serve.mjs";

const dist = process.argv[2];
const outDir = path.join(path.dirname(new URL(import.meta.url).pathname), "out");
fs.mkdirSync(outDir, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Reference BN (float64, two-pass), for a batch x (N×D) with dy optional; PyTorch's conventions.
// ---------------------------------------------------------------------------------------------
function referenceBN({ x, gamma, beta, eps, dy = null, mode = "train", runningMean = null, runningVar = null }) {
  const n = x.length, d = x[0].length;
  const col = (m, j) => m.map((r) => r[j]);
  const sum = (a) => a.reduce((s, v) => s + v, 0);
  const out = { mean: [], var: [], inv_std: [], xhat: x.map(() => []), y: x.map(() => []) };
  for (let j = 0; j < d; j++) {
    const c = col(x, j);
    const mean = mode === "train" ? sum(c) / n : runningMean[j];
    const v = mode === "train" ? sum(c.map((a) => (a - mean) ** 2)) / n : runningVar[j];
    const inv = 1 / Math.sqrt(v + eps);
    out.mean.push(mean);
    out.var.push(v);
    out.inv_std.push(inv);
    for (let i = 0; i < n; i++) {
      out.xhat[i][j] = (x[i][j] - mean) * inv;
      out.y[i][j] = gamma[j] * out.xhat[i][j] + beta[j];
    }
  }
  if (dy) {
    out.dbeta = [];
    out.dgamma = [];
    out.dx = x.map(() => []);
    for (let j = 0; j < d; j++) {
      const g = col(dy, j), xh = col(out.xhat, j);
      out.dbeta.push(sum(g));
      out.dgamma.push(sum(g.map((v, i) => v * xh[i])));
      for (let i = 0; i < n; i++) {
        // dx = γ·inv_std/N · (N·dy − Σdy − x̂·Σ(dy·x̂)) in train mode; γ·inv_std·dy in eval
        out.dx[i][j] = mode === "train"
          ? (gamma[j] * out.inv_std[j] / n) * (n * g[i] - out.dbeta[j] - xh[i] * out.dgamma[j])
          : gamma[j] * out.inv_std[j] * g[i];
      }
    }
  }
  return out;
}

function maxRelErr(got, want) {
  const g = [got].flat(3), w = [want].flat(3);
  if (g.length !== w.length || g.length === 0) return Infinity;
  return Math.max(...g.map((v, k) => Math.abs(v - w[k]) / (1 + Math.abs(w[k]))));
}

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------
let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `\n    ${detail}` : ""}`);
  }
}

// A test that throws (a page that never gets ready, a crash) ends the run as one failure, with the summary.
process.on("uncaughtException", (e) => {
  check("the browser tests ran to the end", false, String(e && e.stack || e).split("\n").slice(0, 6).join("\n    "));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
});

const { server, port, requests } = await startServer(dist, 0);
const base = `http://127.0.0.1:${port}/`;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bnlab-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 720 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
         "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
         "--disable-quic"],
});

// Opens `url`, waits for bnlab to draw its first frame; returns { page, errors }.
async function open(url, { waitReady = true } = {}) {
  const page = await context.newPage();
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
const state = (page) => page.evaluate(() => window.bnlab.state());
const settle = (page, frames = 3) => page.evaluate((n) => new Promise((res) => {
  let k = 0;
  const tick = () => (++k >= n ? res() : requestAnimationFrame(tick));
  requestAnimationFrame(tick);
}), frames);

// Distinct colours in a 64×64 sample of a screenshot of the canvas: a blank canvas has 1. (WebGL's own
// buffer cannot be read back after the frame, so the screenshot is decoded in the page.)
async function canvasIsDrawn(page, file, clip = null) {
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
function onScreen(s, id, width, height) {
  const r = s.rects[id];
  return !!r && r[0] >= 0 && r[1] >= 0 && (r[0] + r[2]) / s.dpr <= width && (r[1] + r[3]) / s.dpr <= height;
}

// Clicks an editable item by the rectangle the app reports (canvas pixels → CSS pixels).
async function clickItem(page, id) {
  const s = await state(page);
  const r = s.rects[id];
  if (!r) throw new Error(`no item ${id} on screen`);
  const box = await page.locator("#canvas").boundingBox();
  await page.mouse.click(box.x + (r[0] + r[2] / 2) / s.dpr, box.y + (r[1] + r[3] / 2) / s.dpr);
  await settle(page);
}

// Types into a cell like a user: click, select all, type, then a key that commits.
async function editCell(page, id, text, commitKey = "Enter") {
  await clickItem(page, id);
  await page.keyboard.press("Control+A");
  if (text === "") await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
  await page.keyboard.press(commitKey);
  await settle(page, 4);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------
const DEFAULT_X = [[1, 120, -0.5], [2, 80, 0.5], [3, 100, -1.5], [6, 140, 1.5]];

for (const build of ["simd", "scalar"]) {
  const { page, errors } = await open(base + (build === "scalar" ? "?build=scalar" : ""));
  const s = await state(page);
  const real = await page.evaluate(() => window.bnlab.build);
  check(`[${build}] the page loads the ${build} build`, real === build, `got ${real}`);
  const colours = await canvasIsDrawn(page, path.join(outDir, `page-${build}.png`));
  check(`[${build}] the canvas is drawn (${colours} colours in a 64×64 sample)`, colours > 8);
  check(`[${build}] the default batch is 4×3 as designed`, JSON.stringify(s.x) === JSON.stringify(DEFAULT_X));
  const ref = referenceBN({ x: s.x, gamma: s.gamma, beta: s.beta, eps: s.eps });
  check(`[${build}] default batch: mean = [3, 110, 0] by hand`,
    maxRelErr(s.mean, [3, 110, 0]) < 1e-7, JSON.stringify(s.mean));
  for (const key of ["mean", "var", "inv_std", "xhat", "y"]) {
    const e = maxRelErr(s[key], ref[key]);
    check(`[${build}] default batch: ${key} matches the reference (rel. err ${e.toExponential(1)})`, e < 1e-6);
  }
  const canvasBox = await page.locator("#canvas").boundingBox();
  check(`[${build}] the canvas fills the window (${canvasBox.width}×${canvasBox.height})`,
    canvasBox.width === 1280 && canvasBox.height === 720);
  check(`[${build}] no console errors`, errors.length === 0, errors.join(" | "));
  await page.close();
}

// The canvas follows a resize (the drawing buffer is CSS size × devicePixelRatio).
{
  const { page } = await open(base);
  await page.setViewportSize({ width: 900, height: 640 });
  await settle(page, 6);
  const size = await page.evaluate(() => [document.getElementById("canvas").width,
    document.getElementById("canvas").height, window.devicePixelRatio]);
  check(`the canvas follows a resize to 900×640 (buffer ${size[0]}×${size[1]} at DPR ${size[2]})`,
    size[0] === Math.round(900 * size[2]) && size[1] === Math.round(640 * size[2]));
  await page.screenshot({ path: path.join(outDir, "page-900x640.png") });
  const top = await canvasIsDrawn(page, path.join(outDir, "page-900x640-top.png"), { x: 0, y: 0, width: 900, height: 24 });
  check(`…and the lab is drawn from the top of the resized window (menu bar: ${top} colours)`, top > 4);
  await page.close();
}

// A high-density screen: the drawing buffer doubles, the lab scales its font, and it stays readable.
{
  const { page, errors } = await open(base);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1000, height: 700, deviceScaleFactor: 2, mobile: false });
  await settle(page, 8);
  const s = await state(page);
  const size = await page.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]);
  check(`at devicePixelRatio 2 the buffer is 2000×1400 (${size[0]}×${size[1]}) and the UI scales (dpr ${s.dpr})`,
    size[0] === 2000 && size[1] === 1400 && s.dpr === 2);
  const r = s.rects["x:0:0"];
  check(`…cells are drawn twice as large in buffer pixels (x₁,₁ cell ${r ? r[3] : "?"} px tall)`, r && r[3] > 40);
  check("no console errors at devicePixelRatio 2", errors.length === 0, errors.join(" | "));
  await page.close();
}

// A batch by link hash, walked with the keyboard; every step's numbers against the reference.
{
  const x = [[1, 2, -3], [3, 5, 0.5], [4, 9, 2], [-2, 0.25, 7], [0, 1, 1]];
  const dy = [[1, 0, 0.5], [0, 1, -1], [2, -1, 0], [0.5, 0.5, 0.5], [-1, 2, 1]];
  const gamma = [2, 0.5, -1], beta = [1, -1, 0.25], eps = 0.001;
  const hash = `#x=${x.map((r) => r.join(",")).join(";")}&gamma=${gamma}&beta=${beta}&eps=${eps}&mode=train` +
    `&dy=${dy.map((r) => r.join(",")).join(";")}&step=0`;
  const { page, errors } = await open(base + hash);
  const ref = referenceBN({ x, gamma, beta, eps, dy });
  let s = await state(page);
  check("a link hash loads its batch (5×3), γ, β, ε and dy", JSON.stringify(s.x) === JSON.stringify(x) &&
    JSON.stringify(s.gamma) === JSON.stringify(gamma) && Math.abs(s.eps - eps) < 1e-9 && s.step === 0);
  const expectedSteps = ["sum", "mean", "dev", "sq", "var", "var_eps", "std", "inv_std", "xhat", "gx", "y",
    "running_mean", "running_var", "dy", "dbeta", "dgamma", "dxhat", "dvar", "dmean", "dx"];
  check("the trace lists the forward and backward steps in order", JSON.stringify(s.steps) ===
    JSON.stringify(expectedSteps), JSON.stringify(s.steps));
  await page.locator("#canvas").click({ position: { x: 640, y: 5 } });  // focus the page (menu bar strip)
  await page.keyboard.press("Home");
  await settle(page);
  const seen = [];
  let valuesOk = true, detail = "";
  for (let k = 0; k < expectedSteps.length; k++) {
    s = await state(page);
    seen.push(s.step_name);
    for (const key of ["mean", "var", "inv_std", "xhat", "y", "dbeta", "dgamma", "dx"]) {
      const stepIndex = expectedSteps.indexOf(key);
      const present = key in s;
      if (present !== (stepIndex <= s.step)) { valuesOk = false; detail += ` ${key} shown at step ${s.step}`; }
      if (present && maxRelErr(s[key], ref[key]) > 1e-6) { valuesOk = false; detail += ` ${key} wrong`; }
    }
    if (k === 8) await page.screenshot({ path: path.join(outDir, "step-xhat.png") });
    await page.keyboard.press("ArrowRight");
    await settle(page);
  }
  check("→ walks every step once, in order", JSON.stringify(seen) === JSON.stringify(expectedSteps),
    JSON.stringify(seen));
  check("at every step, exactly the values computed so far are there, equal to the reference", valuesOk, detail);
  await page.keyboard.press("ArrowLeft");
  await settle(page);
  check("← goes back one step", (await state(page)).step === expectedSteps.length - 2);
  await page.keyboard.press("End");
  await settle(page);
  s = await state(page);
  check("End jumps to the last step (dx)", s.step_name === "dx");
  const hashNow = await page.evaluate(() => window.location.hash);
  check("the URL hash follows the state (step=19)", hashNow.includes("step=19") && hashNow.includes("x=1,2,-3;"),
    hashNow);
  await page.screenshot({ path: path.join(outDir, "step-dx.png") });
  check("no console errors while stepping", errors.length === 0, errors.join(" | "));
  await page.close();
}

// Editing cells through the UI, good and bad values.
{
  const { page, errors } = await open(base);
  await editCell(page, "x:0:0", "5");
  let s = await state(page);
  check("typing 5 into x₁,₁ and Enter changes the batch", s.x[0][0] === 5, JSON.stringify(s.x[0]));
  const ref = referenceBN({ x: s.x, gamma: s.gamma, beta: s.beta, eps: s.eps });
  check("…and the numbers follow (mean, var, y)", maxRelErr(s.mean, ref.mean) < 1e-7 &&
    maxRelErr(s.var, ref.var) < 1e-7 && maxRelErr(s.y, ref.y) < 1e-6);
  check("…and the URL hash holds the edit", (await page.evaluate(() => location.hash)).startsWith("#x=5,120"));
  for (const bad of ["abc", "1e40", ""]) {
    await editCell(page, "x:1:1", bad);
    s = await state(page);
    check(`the cell refuses ${JSON.stringify(bad)} with a message and keeps 80`,
      s.x[1][1] === 80 && s.cell_error.length > 0, `x=${s.x[1][1]} error=${s.cell_error}`);
  }
  await page.screenshot({ path: path.join(outDir, "refused-cell.png") });
  await editCell(page, "eps", "-1");
  s = await state(page);
  check("ε refuses −1 with a message and keeps 1e-5", Math.abs(s.eps - 1e-5) < 1e-12 && /negative/.test(s.cell_error),
    `${s.eps} ${s.cell_error}`);
  await editCell(page, "x:2:2", "7", "Tab");
  s = await state(page);
  check("Tab also commits a cell", s.x[2][2] === 7);
  check("no console errors while editing", errors.length === 0, errors.join(" | "));
  await page.close();
}

// Presets, the batch's size, the finite-difference check, and the train-versus-inference tab.
{
  const { page, errors } = await open(base);
  await clickItem(page, "preset:A constant feature");
  let s = await state(page);
  check("the 'constant feature' preset loads its batch and says its lesson", s.x.length === 4 && s.x[0].length === 2 &&
    /only ε keeps/.test(s.notice), s.notice);
  await page.keyboard.press("End");
  await settle(page);
  s = await state(page);
  check("…its constant feature has σ² = 0 and x̂ = 0 (ε keeps it finite)", s.var[1] === 0 &&
    s.xhat.every((r) => r[1] === 0) && Number.isFinite(s.inv_std[1]));
  await clickItem(page, "add_sample");
  s = await state(page);
  check("+ adds a sample (N = 5, a copy of the last row)", s.n === 5 && JSON.stringify(s.x[4]) === JSON.stringify(s.x[3]));
  await clickItem(page, "add_feature");
  await clickItem(page, "remove_sample");
  s = await state(page);
  check("+ adds a feature and − removes a sample (4×3)", s.n === 4 && s.d === 3 && s.gamma.length === 3);
  await page.screenshot({ path: path.join(outDir, "preset-constant.png") });

  // Backward pass with a finite-difference check beside dx.
  await page.evaluate(() => window.bnlab.setHash("x=1,120;2,80;3,100;6,140&dy=1,0.5;-2,1;0.5,0;1,-1&step=19"));
  await settle(page);
  s = await state(page);
  const e = maxRelErr(s.dx_numeric, s.dx);
  check(`at the dx step the finite-difference dx agrees with dx (rel. err ${e.toExponential(1)})`, s.step_name === "dx" && e < 1e-6);
  await page.screenshot({ path: path.join(outDir, "step-dx-check.png") });

  await page.keyboard.press("2");
  await settle(page);
  s = await state(page);
  check("key 2 opens the train-versus-inference lab", s.tab === 1);
  await clickItem(page, "fifty_batches");
  await clickItem(page, "fifty_batches");
  s = await state(page);
  check(`100 batches from N(5, 2²): the running mean (${s.running_lab.running_mean.toFixed(2)}) nears 5 and the ` +
    `running variance (${s.running_lab.running_var.toFixed(2)}) nears 4`, s.running_lab.batches === 100 &&
    Math.abs(s.running_lab.running_mean - 5) < 1 && Math.abs(s.running_lab.running_var - 4) < 2);
  await page.screenshot({ path: path.join(outDir, "train-vs-inference.png") });
  await clickItem(page, "use_running");
  await page.keyboard.press("1");
  await settle(page);
  s = await state(page);
  check("'use these running statistics' puts the lab in eval mode with them", s.mode === "eval" && s.tab === 0 &&
    Math.abs(s.mean[0] - s.running_lab.running_mean) < 1e-6);
  check("no console errors in presets, backward check and the running lab", errors.length === 0, errors.join(" | "));
  await page.close();
}

// The training lab: train live, curves move, steps per second; then at full speed for the benchmark figure.
{
  const { page, errors } = await open(base);
  await page.keyboard.press("3");
  await settle(page);
  let s = await state(page);
  check("key 3 opens the training lab with plain and BN networks", s.tab === 2 && s.train.runs.length === 2 &&
    s.train.runs[0].network === "plain" && s.train.runs[1].network === "bn");
  await clickItem(page, "train_toggle");
  await page.waitForTimeout(2500);
  s = await state(page);
  check(`Train runs the networks (${s.train.step} steps, ${Math.round(s.train.steps_per_second)} steps/s) and the ` +
    `curves grow (${s.train.runs[1].log_rows} log rows)`, s.train.running && s.train.step > 100 &&
    s.train.steps_per_second > 0 && s.train.runs[1].log_rows > 3);
  check(`…and the losses fall (plain ${s.train.runs[0].train_loss.toFixed(3)}, BN ${s.train.runs[1].train_loss.toFixed(3)})`,
    s.train.runs[0].train_loss < 0.69 && s.train.runs[1].train_loss < 0.69);
  await page.screenshot({ path: path.join(outDir, "training.png") });
  // Full speed: the slider's top (50000) lets the frame's time budget decide.
  await page.evaluate(() => window.bnlab.command("train-reset"));
  await page.evaluate(() => window.bnlab.command("train-max-speed"));
  await page.evaluate(() => window.bnlab.command("train-start"));
  await page.waitForTimeout(3500);
  s = await state(page);
  console.log(`# training lab at full speed in headless Chromium: ${Math.round(s.train.steps_per_second)} steps/s ` +
    `(plain + BN in lockstep, default network)`);
  check("the page stays responsive while training at full speed (frames keep coming)", await (async () => {
    const f0 = (await state(page)).frame;
    await page.waitForTimeout(500);
    return (await state(page)).frame - f0 > 10;
  })());
  await page.evaluate(() => window.bnlab.command("experiment:lr"));
  await page.evaluate(() => window.bnlab.command("train-start"));
  await page.waitForTimeout(2500);
  s = await state(page);
  check(`experiment 1 in the page: at lr 3 BN trains (loss ${s.train.runs[1].train_loss?.toFixed(3)}) while plain ` +
    `does not (${s.train.runs[0].diverged_at > 0 ? "diverged at step " + s.train.runs[0].diverged_at : "loss " + s.train.runs[0].train_loss?.toFixed(3)})`,
    s.train.runs[1].train_loss < 0.2 && (s.train.runs[0].diverged_at > 0 || s.train.runs[0].train_loss > 0.6));
  await page.screenshot({ path: path.join(outDir, "training-lr.png") });
  check("no console errors in the training lab", errors.length === 0, errors.join(" | "));
  await page.close();
}

// The Speed panel: the kernel benchmark in this browser, for both builds; and the time to the first frame.
for (const build of ["simd", "scalar"]) {
  const { page, errors } = await open(base + (build === "scalar" ? "?build=scalar" : ""));
  const firstFrame = await page.evaluate(() => window.bnlab.firstFrameMs);
  console.log(`# [${build}] navigation to first frame: ${Math.round(firstFrame)} ms`);
  await page.keyboard.press("4");
  await settle(page);
  await clickItem(page, "speed_run");
  await page.waitForFunction(() => !window.bnlab.state().speed.running, null, { timeout: 60000 });
  const s = await state(page);
  const rows = s.speed.results;
  for (const r of rows)
    console.log(`# [${build}] ${r.kind} ${r.shape.join("x")}: f32x4 ${r.simd_ms.toFixed(4)} ms, scalar ` +
      `${r.scalar_ms.toFixed(4)} ms (${(r.scalar_ms / r.simd_ms).toFixed(2)}x), memcpy ${r.memcpy_gbps.toFixed(1)} GB/s`);
  check(`[${build}] the Speed panel measures ${rows.length} shapes in the page, every figure positive`,
    rows.length === 5 && rows.every((r) => r.simd_ms > 0 && r.scalar_ms > 0 && r.memcpy_gbps > 0));
  await page.screenshot({ path: path.join(outDir, `speed-${build}.png`) });
  check(`[${build}] no console errors in the Speed panel`, errors.length === 0, errors.join(" | "));
  await page.close();
}

// Importing a batch as JSON through the import window: a good one loads, bad ones are refused and change nothing.
{
  const { page, errors } = await open(base);
  await page.evaluate(() => window.bnlab.command("import-open"));
  await settle(page);
  const typeInto = async (text) => {
    await clickItem(page, "import_text");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.keyboard.type(text);
    await settle(page);
    await clickItem(page, "import_button");
    await settle(page, 4);
  };
  for (const bad of ["not json", '{"x": [[1, 2], [3]]}', '{"x": [[1, 2], [3, 4]], "eps": -1}',
                     '{"x": [[[[1, 2]]], [[[3, 4]]]]}', '{"x": [[1e40, 2], [3, 4]]}', '{"colour": 1}',
                     '{"norm": "layer", "x": [[1, 2], [3, 4]]}']) {
    await typeInto(bad);
    const s = await state(page);
    check(`import refuses ${bad.length > 30 ? bad.slice(0, 27) + "…" : bad} with a message and keeps the batch`,
      s.import_error.startsWith("Not imported") && JSON.stringify(s.x) === JSON.stringify(DEFAULT_X), s.import_error);
  }
  await page.screenshot({ path: path.join(outDir, "import-refused.png") });
  await typeInto('{"x": [[1, 2], [3, 5], [4, 9]], "gamma": [2, 0.5], "eps": 0.001, "dy": [[1, 0], [0, 1], [2, -1]]}');
  const s = await state(page);
  check("import loads a good batch (3×2 with γ, ε and dy)", JSON.stringify(s.x) === JSON.stringify([[1, 2], [3, 5], [4, 9]]) &&
    JSON.stringify(s.gamma) === JSON.stringify([2, 0.5]) && Math.abs(s.eps - 0.001) < 1e-9 && s.steps.includes("dx") &&
    s.import_error === "");
  check("no console errors while importing", errors.length === 0, errors.join(" | "));
  await page.close();
}

// A large screen: 2560×1440 draws the whole lab.
{
  const { page, errors } = await open(base);
  await page.setViewportSize({ width: 2560, height: 1440 });
  await settle(page, 6);
  const colours = await canvasIsDrawn(page, path.join(outDir, "page-2560x1440.png"));
  const size = await page.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]);
  check(`at 2560×1440 the buffer follows (${size[0]}×${size[1]}) and the lab is drawn (${colours} colours)`,
    size[0] === 2560 && size[1] === 1440 && colours > 8 && errors.length === 0);
  await page.close();
}

// Soak: training at full speed for BNLAB_SOAK_SECONDS (default 120) keeps the wasm heap and JS heap flat.
{
  const seconds = Number(process.env.BNLAB_SOAK_SECONDS || 120);
  const { page, errors } = await open(base);
  await page.evaluate(() => { window.bnlab.command("tab-train"); window.bnlab.command("train-max-speed"); window.bnlab.command("train-start"); });
  await page.waitForTimeout(5000);
  const memory = () => page.evaluate(() => ({ wasm: window.Module.HEAPU8.length,
    js: performance.memory ? performance.memory.usedJSHeapSize : 0, step: window.bnlab.state().train.step,
    frame: window.bnlab.state().frame }));
  const before = await memory();
  await page.waitForTimeout(seconds * 1000);
  const after = await memory();
  console.log(`# soak ${seconds} s: ${after.step - before.step} training steps, ${after.frame - before.frame} frames; ` +
    `wasm heap ${before.wasm} -> ${after.wasm} bytes; JS heap ${before.js} -> ${after.js} bytes`);
  check(`soak: ${seconds} s of training keep the wasm heap flat (${before.wasm} -> ${after.wasm} bytes) and frames coming`,
    after.wasm === before.wasm && after.frame - before.frame > seconds * 10 && after.step > before.step);
  check("soak: the JS heap does not grow by more than 5 MB", after.js - before.js < 5e6, `${before.js} -> ${after.js}`);
  check("no console errors during the soak", errors.length === 0, errors.join(" | "));
  await page.close();
}

// The single-file page opened from disk (file://): no server, no network; it works and fetches nothing.
{
  const file = path.resolve(dist, "..", "offline", "bnlab.html");
  if (!fs.existsSync(file)) {
    check(`the single-file page exists (${file})`, false);
  } else {
    const fetched = [];
    const { page, errors } = await (async () => {
      const p = await context.newPage();
      const errs = [];
      p.on("console", (m) => { if (m.type() === "error") errs.push(m.text()); });
      p.on("pageerror", (e) => errs.push(String(e)));
      p.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) fetched.push(r.url()); });
      await p.goto("file://" + file + "#x=1,2;3,6;5,4&step=2");
      await p.waitForFunction(() => window.bnlab, null, { timeout: 30000 });
      await p.evaluate(() => window.bnlab.ready);
      return { page: p, errors: errs };
    })();
    const s = await state(page);
    const ref = referenceBN({ x: s.x, gamma: s.gamma, beta: s.beta, eps: s.eps });
    const colours = await canvasIsDrawn(page, path.join(outDir, "single-file.png"));
    check(`the single-file page (${(fs.statSync(file).size / 1e6).toFixed(2)} MB) opens from file:// and reads its link ` +
      `(${s.x.length}×${s.x[0].length}, mean ${s.mean})`, JSON.stringify(s.x) === "[[1,2],[3,6],[5,4]]" &&
      maxRelErr(s.mean, ref.mean) < 1e-7 && colours > 8);
    check("…with no request beyond the file itself and no console errors", fetched.length === 0 && errors.length === 0,
      fetched.concat(errors).join(" | "));
    await page.close();
  }
}

// Bad links: a message, the defaults, a working page.
for (const bad of ["#x=1,abc", "#x=1,2;3", "#mode=test", "#eps=-1", "#foo=1", "#x=" + "1,".repeat(10000),
                   "#x=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "#step=NaN", "#gamma=1,2"]) {
  const { page, errors } = await open(base + bad);
  const s = await state(page);
  const label = bad.length > 40 ? bad.slice(0, 37) + "…" : bad;
  check(`bad link ${label}: message shown, default batch kept, no errors`, s.notice_is_error &&
    /could not be read|too long/.test(s.notice) && JSON.stringify(s.x) === JSON.stringify(DEFAULT_X) &&
    errors.length === 0, `${s.notice} ${errors.join(" | ")}`);
  await page.close();
}

// A batch of 1 in train mode is refused with the reason; eval mode accepts it.
{
  const { page } = await open(base + "#x=2,7,-1&mode=train");
  let s = await state(page);
  check("a batch of 1 in train mode explains why BN cannot run", /at least 2/.test(s.error), s.error);
  await page.evaluate(() => window.bnlab.setHash("x=2,7,-1&mode=eval"));
  await settle(page);
  s = await state(page);
  check("…and runs in eval mode", s.error === "" && s.mode === "eval");
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// The image lab (tab 5): BatchNorm per channel and its relatives, against a reference written here.
// ---------------------------------------------------------------------------------------------
// Statistics group of element (n, c) for each variant (the order the app reports its groups in).
function groupOf(v, n, c, C, G, B) {
  switch (v) {
    case "batch": case "renorm": return c;
    case "layer": return n;
    case "instance": return n * C + c;
    case "group": return n * G + Math.floor(c / (C / G));
    case "ghost": return Math.floor(n / B) * C + c;
  }
  throw new Error(v);
}

function referenceNorm(x, [N, C, H, W], v, { G = 1, B = 1, gamma, beta, eps, runMean = null, runVar = null, rMax = 3, dMax = 5 }) {
  const count = { batch: C, renorm: C, layer: N, instance: N * C, group: N * G, ghost: (N / B) * C }[v];
  const sum = new Array(count).fill(0), n = new Array(count).fill(0), sq = new Array(count).fill(0);
  const at = (a, b, k) => (a * C + b) * H * W + k;
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    sum[g] += x[at(a, b, k)];
    n[g]++;
  }
  const mean = sum.map((s, g) => s / n[g]);
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    sq[g] += (x[at(a, b, k)] - mean[g]) ** 2;
  }
  const variance = sq.map((s, g) => s / n[g]);
  const invStd = variance.map((s) => 1 / Math.sqrt(s + eps));
  const clip = (a, lo, hi) => Math.min(hi, Math.max(lo, a));
  const r = [], d = [];
  if (v === "renorm")
    for (let b = 0; b < C; b++) {
      const runStd = Math.sqrt(runVar[b] + eps);
      r.push(clip(Math.sqrt(variance[b] + eps) / runStd, 1 / rMax, rMax));
      d.push(clip((mean[b] - runMean[b]) / runStd, -dMax, dMax));
    }
  const xhat = [], y = [];
  for (let a = 0; a < N; a++) for (let b = 0; b < C; b++) for (let k = 0; k < H * W; k++) {
    const g = groupOf(v, a, b, C, G, B);
    let xh = (x[at(a, b, k)] - mean[g]) * invStd[g];
    if (v === "renorm") xh = xh * r[b] + d[b];
    xhat.push(xh);
    y.push(gamma[b] * xh + beta[b]);
  }
  return { count, mean, var: variance, inv_std: invStd, xhat, y, r, d };
}

{
  const { page, errors } = await open(base + "#lab=image&shape=2,3,4,4&norm=batch&step=0");
  await settle(page, 4);
  let s = await state(page);
  check("an image-lab link opens tab 5 with a 2×3×4×4 batch and BatchNorm", s.tab === 4 &&
    JSON.stringify(s.image.shape) === "[2,3,4,4]" && s.image.norm === "batch" && s.image.count === 3 &&
    s.image.size === 32, JSON.stringify({ tab: s.tab, shape: s.image.shape, count: s.image.count }));
  await page.screenshot({ path: path.join(outDir, "image-lab-batch.png") });
  const cmd = (c) => page.evaluate((c) => window.bnlab.command(c), c);
  const variants = [["batch", {}], ["layer", {}], ["instance", {}], ["group", { G: 3 }], ["ghost", { B: 1 }], ["renorm", {}]];
  for (const [v, opts] of variants) {
    let reply = await cmd(`image:norm=${v}`);
    if (opts.G) reply = await cmd(`image:groups=${opts.G}`);
    if (opts.B) reply = await cmd(`image:ghost=${opts.B}`);
    await cmd("last");
    await settle(page);
    s = await state(page);
    const im = s.image;
    const ref = referenceNorm(im.x, im.shape, v, { ...opts, gamma: im.gamma, beta: im.beta, eps: im.eps,
      runMean: [0, 0, 0], runVar: [1, 1, 1] });
    const err = Math.max(...["mean", "var", "inv_std", "xhat", "y"].map((k) => maxRelErr(im.values[k], ref[k])),
      v === "renorm" ? Math.max(maxRelErr(im.values.r, ref.r), maxRelErr(im.values.d, ref.d)) : 0);
    check(`image lab, ${v}: ${im.count} statistics groups of ${im.size}; μ, σ², 1/√, x̂, y${v === "renorm" ? ", r, d" : ""} match (rel. err ${err.toExponential(1)})`,
      reply.ok === true && im.norm === v && im.count === ref.count && err < 1e-6, JSON.stringify(reply) + im.error);
  }
  // GroupNorm's two equivalences, in the page.
  await cmd("image:norm=layer");
  const layer = (await state(page)).image.values;
  await cmd("image:norm=group");
  await cmd("image:groups=1");
  await cmd("last");
  const g1 = (await state(page)).image.values;
  await cmd("image:norm=instance");
  await cmd("last");
  const inst = (await state(page)).image.values;
  await cmd("image:norm=group");
  await cmd("image:groups=3");
  await cmd("last");
  const g3 = (await state(page)).image.values;
  check("GroupNorm with G = 1 shows LayerNorm's numbers and with G = C InstanceNorm's",
    maxRelErr(g1.y, layer.y) < 1e-12 && maxRelErr(g1.mean, layer.mean) < 1e-12 &&
    maxRelErr(g3.y, inst.y) < 1e-12 && maxRelErr(g3.mean, inst.mean) < 1e-12);
  // A refused setting: G = 2 does not divide C = 3. The message names why; the page keeps working.
  let reply = await cmd("image:groups=2");
  await settle(page);
  s = await state(page);
  check("G = 2 with C = 3 explains why GroupNorm cannot run", /not divisible/.test(s.image.error), s.image.error);
  await cmd("image:groups=3");
  // Clicking a cell of the picture selects that element and its group: sample 2, channel 3, row 2, column 3.
  await cmd("first");
  await settle(page);
  s = await state(page);
  const r = s.image ? s.rects["image:1:2"] : null;
  if (r) {
    const box = await page.locator("#canvas").boundingBox();
    const [H, W] = [s.image.shape[2], s.image.shape[3]];
    await page.mouse.click(box.x + (r[0] + (2.5 * r[2]) / W) / s.dpr, box.y + (r[1] + (1.5 * r[3]) / H) / s.dpr);
    await settle(page);
  }
  s = await state(page);
  check("clicking a cell selects it and writes out its group's mean (sample 2, channel 3 → group 6 of GroupNorm G = 3)",
    JSON.stringify(s.image.sel) === "[1,2,1,2]" && s.image.group_of_sel === 5 && s.image.formula.startsWith("μ₆ = ("),
    JSON.stringify(s.image.sel) + " " + s.image.formula);
  // Editing that value: a good one changes x and the statistics; a bad one is refused and keeps it.
  const index = ((1 * 3 + 2) * 4 + 1) * 4 + 2;
  await editCell(page, "image_value", "12.5");
  s = await state(page);
  check("typing 12.5 into the selected element changes x there and its group's mean",
    s.image.x[index] === 12.5 && s.image.edits === 1 && s.image.edit_error === "", s.image.edit_error);
  const meanBefore = s.image.values.mean[5];
  await editCell(page, "image_value", "twelve");
  s = await state(page);
  check("a value that is not a number is refused with a message and the old value stays",
    s.image.x[index] === 12.5 && /Not changed/.test(s.image.edit_error) && s.image.values.mean[5] === meanBefore,
    s.image.edit_error);
  // The link carries the shape, the variant, the edit and the step: a new page opened with it shows the same.
  const hash = await page.evaluate(() => location.hash);
  check("the link carries the image lab (shape, norm=group, groups=3, the edit)",
    /lab=image/.test(hash) && /norm=group/.test(hash) && /groups=3/.test(hash) && /edit=\d+:12\.5/.test(hash), hash);
  const second = await open(base + hash);
  await settle(second.page, 4);
  const s2 = await state(second.page);
  check("…and reopening it shows the same batch and statistics", s2.tab === 4 && s2.image.norm === "group" &&
    maxRelErr(s2.image.x, s.image.x) === 0 && maxRelErr(s2.image.values.mean, s.image.values.mean) === 0);
  await second.page.close();
  // A bigger batch: 8×8×8×8 still draws (colours only) and computes.
  await cmd("image:norm=batch");
  await cmd("image:shape=8,8,8,8");
  await cmd("last");
  await settle(page, 4);
  s = await state(page);
  const big = referenceNorm(s.image.x, s.image.shape, "batch", { gamma: s.image.gamma, beta: s.image.beta, eps: s.image.eps });
  check(`an 8×8×8×8 batch computes (${s.image.x.length} values, y rel. err ${maxRelErr(s.image.values.y, big.y).toExponential(1)})`,
    s.image.x.length === 4096 && maxRelErr(s.image.values.y, big.y) < 1e-6);
  await page.screenshot({ path: path.join(outDir, "image-lab-8x8x8x8.png") });
  check("no console errors in the image lab", errors.length === 0, errors.join(" | "));
  await page.close();
}

// A bad image-lab link: the message, the default batch, a working page.
{
  const { page, errors } = await open(base + "#lab=image&shape=9,3,4,4");
  await settle(page, 3);
  const s = await state(page);
  check("a bad image-lab link (N = 9) is refused with a message and the page works",
    s.notice_is_error && /shape N/.test(s.notice) && JSON.stringify(s.image.shape) === "[2,3,4,4]" && errors.length === 0,
    s.notice);
  await page.close();
}

// The UI scale is remembered across visits (localStorage), as set from the View menu.
{
  const { page } = await open(base);
  await page.evaluate(() => window.bnlab.command("ui-scale:150"));
  await settle(page, 3);
  const before = await state(page);
  await page.close();
  const again = await open(base);
  await settle(again.page, 3);
  const after = await state(again.page);
  check(`the UI scale persists across visits (${before.ui_scale} then ${after.ui_scale} on a new page)`,
    before.ui_scale === 1.5 && after.ui_scale === 1.5);
  await again.page.evaluate(() => window.bnlab.command("ui-scale:100"));
  await again.page.close();
}

// The smallest supported desktop window, 1024×640: every lab's main items are on screen.
{
  const { page, errors } = await open(base);
  await page.setViewportSize({ width: 1024, height: 640 });
  await settle(page, 6);
  const inside = (s, id) => onScreen(s, id, 1024, 640);
  let s = await state(page);
  check("at 1024×640 the step-through lab shows the batch's cells and ε on screen",
    inside(s, "x:0:0") && inside(s, "x:3:2") && inside(s, "eps"), JSON.stringify([s.rects["x:3:2"], s.rects.eps]));
  await page.screenshot({ path: path.join(outDir, "page-1024x640.png") });
  await page.keyboard.press("5");
  await settle(page, 4);
  s = await state(page);
  check("…and the image lab shows its whole picture and value field",
    s.tab === 4 && inside(s, "image:0:0") && inside(s, "image:1:2") && inside(s, "image_value"),
    JSON.stringify([s.rects["image:1:2"], s.rects.image_value]));
  await page.screenshot({ path: path.join(outDir, "image-lab-1024x640.png") });
  check("no console errors at 1024×640", errors.length === 0, errors.join(" | "));
  await page.close();
}

// A narrow window, 800×600: every lab switches to one column, nothing is cut off on the right, and what a
// learner needs first is on screen (the rest scrolls).
{
  const { page, errors } = await open(base);
  await page.setViewportSize({ width: 800, height: 600 });
  await settle(page, 6);
  const inside = (s, id) => onScreen(s, id, 800, 600);
  let s = await state(page);
  const dense = inside(s, "x:0:0") && inside(s, "x:3:2") && inside(s, "preset:Default");
  await page.screenshot({ path: path.join(outDir, "page-800x600.png") });
  await page.keyboard.press("3");
  await settle(page, 4);
  s = await state(page);
  const train = s.tab === 2 && inside(s, "train_toggle") && inside(s, "train_reset");
  await page.keyboard.press("5");
  await settle(page, 4);
  s = await state(page);
  const image = s.tab === 4 && inside(s, "image:0:0") && inside(s, "image:1:2");
  await page.screenshot({ path: path.join(outDir, "image-lab-800x600.png") });
  check(`at 800×600 each lab is one column with its first controls on screen (batch cells ${dense}, ` +
        `training buttons ${train}, image lab picture ${image})`, dense && train && image,
    JSON.stringify([s.rects["image:0:0"], s.rects["image:1:2"]]));
  check("no console errors at 800×600", errors.length === 0, errors.join(" | "));
  await page.close();
}

// Keyboard navigation (K): the arrows leave the steps alone while it is on, and K turns it off again.
{
  const { page } = await open(base);
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await settle(page);
  let s = await state(page);
  const stepped = s.step;
  await page.keyboard.press("k");
  await settle(page);
  s = await state(page);
  const on = s.keyboard_nav;
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await settle(page);
  const s2 = await state(page);
  await page.keyboard.press("k");
  await settle(page);
  await page.keyboard.press("ArrowRight");
  await settle(page);
  const s3 = await state(page);
  check(`K switches keyboard navigation on (the arrows leave the step at ${s2.step}) and off (→ steps to ${s3.step})`,
    stepped === 1 && on && s2.step === 1 && !s3.keyboard_nav && s3.step === 2);
  await page.close();
}

// Every kind of action from the keyboard alone, with keyboard navigation on (K): a preset button, radio
// buttons, a checkbox, a slider, the training controls and the menus. The arrows move the focus frame;
// state().nav_item names the tracked control under it, so the test walks there as a user would.
{
  const { page, errors } = await open(base);
  const press = async (key) => { await page.keyboard.press(key); await settle(page); return state(page); };
  // Presses each of `keys` in turn (at most `limit` presses) until the focus is on a control matching `want`.
  async function walk(want, keys, limit = 30) {
    const hit = (s) => (typeof want === "string" ? s.nav_item === want : want.test(s.nav_item));
    let s = await state(page);
    for (let k = 0; k < limit && !hit(s); k++) s = await press(keys[k % keys.length]);
    return hit(s) ? s.nav_item : `(stopped at "${s.nav_item}")`;
  }
  await press("k");
  // A preset: up to the presets row, then along it.
  const xBefore = JSON.stringify((await state(page)).x);
  const row = await walk(/^preset:/, ["ArrowUp"]);
  const preset = await walk("preset:An outlier", ["ArrowRight"], 8) === "preset:An outlier" ? "preset:An outlier"
    : await walk("preset:An outlier", ["ArrowLeft"], 8);
  let s = await press("Space");
  check(`keyboard only: the arrows reach a preset (${row} → ${preset}) and Space applies it`,
    preset === "preset:An outlier" && JSON.stringify(s.x) !== xBefore && s.keyboard_nav, s.notice);
  await page.screenshot({ path: path.join(outDir, "keyboard-preset.png") });

  // The image lab: a variant's radio button, the backward checkbox, and a slider grabbed with Space.
  await press("5");
  check(`keyboard only: a lab switched by its number puts the focus frame on its first control (${(await state(page)).nav_item})`,
    (await state(page)).nav_item === "image_new_batch");
  const radio = await walk("norm:renorm", ["ArrowDown"]);
  s = await press("Space");
  const variant = s.image.norm;
  const box = await walk("image_backward", ["ArrowUp"]);
  const backBefore = s.image.backward;
  s = await press("Space");
  const backAfter = s.image.backward;
  const slider = await walk("image_r_max", ["ArrowDown"]);
  const rBefore = s.image.r_max;
  await press("Space");
  await press("ArrowRight");
  await press("ArrowRight");
  s = await press("Space");
  check(`keyboard only: Renorm's radio button (${radio}), the backward checkbox (${box}: ${backBefore} → ${backAfter}) ` +
        `and the r_max slider (${slider}: ${rBefore} → ${s.image.r_max})`,
    variant === "renorm" && box === "image_backward" && backAfter === !backBefore && slider === "image_r_max" &&
    s.image.r_max > rBefore);
  await page.screenshot({ path: path.join(outDir, "keyboard-image-lab.png") });
  // The picture: Space selects the next value, Shift+Space the one before.
  const picture = await walk("tensor_view", ["ArrowRight", "ArrowDown"]);
  const sel0 = JSON.stringify(s.image.sel);
  s = await press("Space");
  s = await press("Space");
  const sel2 = JSON.stringify(s.image.sel);
  s = await press("Shift+Space");
  check(`keyboard only: on the picture (${picture}) Space selects the next value (${sel0} → ${sel2}) and Shift+Space the one before (${JSON.stringify(s.image.sel)})`,
    picture === "tensor_view" && sel0 === "[0,0,0,0]" && sel2 === "[0,0,0,2]" && JSON.stringify(s.image.sel) === "[0,0,0,1]");
  await page.screenshot({ path: path.join(outDir, "keyboard-picture.png") });

  // Training: Train and Pause.
  await press("3");
  const train = await walk("train_toggle", ["ArrowDown"]);
  s = await press("Space");
  const started = s.train.running;
  await page.waitForTimeout(500);
  s = await press("Space");
  check(`keyboard only: Train starts (${train}) and Pause stops the training (${s.train.step} steps)`,
    train === "train_toggle" && started && !s.train.running && s.train.step > 0);

  // The menus: Alt, → to Share, Space opens it, Space takes its first item (copy the link).
  await press("Alt");
  await press("ArrowRight");
  await press("Space");
  s = await press("Space");
  check(`keyboard only: Alt reaches the menus and Share → Copy link works ("${s.notice}")`, /^Link /.test(s.notice) ||
    /clipboard/.test(s.notice));
  await press("Escape");
  check("no console errors while driving the page by keyboard", errors.length === 0, errors.join(" | "));
  await page.close();
}

// The page asks for nothing but its own files.
check("the page requested only its own files", requests.every((p) => /^\/(|index\.html|loader\.js|style\.css|bnlab-(simd|scalar)\.(js|wasm)|favicon\.ico)$/.test(p)),
  [...new Set(requests)].join(" "));

await context.close();
server.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
