// shaders.spec.mjs: the training lab's GPU views (shaders/) in headless Chromium (SwiftShader WebGL2): the shaders
// build; the decision boundaries and the loss landscape read back from the GPU match the CPU reference for two data
// sets and both networks; each view's frame time; the CPU fallback when the shaders are made to fail (gpu:break).
// The landscape is asked for at 48×48 (landscape:res=48; the lab draws 128×128): SwiftShader runs the shader on the
// CPU, and the comparison with the CPU is the same at any size (16×16 points of it). The desktop GPU check
// (tests/gpu/gpu_check.cpp) keeps 128×128 on Mesa.
//
// Run alone: node tests/browser/run.mjs DIST shaders
import path from "node:path";
import { check, test, open, state, settle } from "../harness.mjs";

const LANDSCAPE_RES = 48;

// Polls state() until pick(state) is truthy (or the time runs out); returns the last state.
async function until(page, pick, ms) {
  const t0 = Date.now();
  let s = await state(page);
  while (!pick(s) && Date.now() - t0 < ms) {
    await page.waitForTimeout(200);
    s = await state(page);
  }
  return s;
}

// The frames drawn per second over `ms`, from the page's frame counter.
async function framesPerSecond(page, ms) {
  const f0 = (await state(page)).frame, t0 = Date.now();
  await page.waitForTimeout(ms);
  return ((await state(page)).frame - f0) / ((Date.now() - t0) / 1000);
}

async function readback(page, what) {
  await page.evaluate((w) => window.bnlab.command(`gpu:readback:${w}`), what);
  return (await until(page, (s) => s.train.gpu.readback.what === what, 600000)).train.gpu.readback;
}

test("GPU views: boundaries and landscape against the CPU, two data sets, frame times, screenshots", async ({ base, outDir }) => {
  const { page, errors } = await open(base);
  const warnings = [];  // the page's stderr (Emscripten's printErr: console.warn in web/loader.js)
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
  await page.keyboard.press("3");
  await settle(page);
  let s = await state(page);
  check(`the shaders build in WebGL2 (${s.train.gpu.log || "no log"})`, s.train.gpu.started && s.train.gpu.ok);
  // 120 points (84 to train on): the landscape shader loops over the training set at every one of its
  // LANDSCAPE_RES² points, and SwiftShader runs it on the CPU.
  await page.evaluate((r) => window.bnlab.command(`landscape:res=${r}`), LANDSCAPE_RES);
  for (const data of ["moons", "spirals"]) {
    await page.evaluate(() => window.bnlab.command("train-count:120"));
    await page.evaluate((d) => window.bnlab.command(`train-data:${d}`), data);
    await page.evaluate(() => window.bnlab.command("train-view:boundaries"));
    await page.evaluate(() => window.bnlab.command("train-max-speed"));
    await page.evaluate(() => window.bnlab.command("train-start"));
    s = await until(page, (st) => st.train.step >= 300, 60000);
    const fps = await framesPerSecond(page, 3000);
    s = await state(page);
    console.log(`# ${data}: boundary view while training: ${fps.toFixed(1)} frames/s; last redraw of both maps ` +
      `${s.train.gpu.boundary_ms.toFixed(1)} ms (GPU finished)`);
    await page.evaluate(() => window.bnlab.command("train-pause"));
    await settle(page, 5);
    const b = await readback(page, "boundary");
    for (const r of b.runs) {
      check(`${data}/${r.network} boundary at ${b.size_px}×${b.size_px} device pixels: class equal at ` +
        `${r.class_equal_pct.toFixed(3)}% of ${r.away_from_contour} pixels away from the 0.5 contour ` +
        `(${r.class_equal_all_pct.toFixed(3)}% of all), max |Δp| ${r.max_abs_dp.toExponential(2)}`,
        r.class_equal_pct >= 99 && r.away_from_contour > r.pixels / 2 && r.max_abs_dp < 1e-3);
    }
    s = await until(page, (st) => st.train.gpu.boundary_step === st.train.step, 30000);
    check(`${data}: the maps on screen show the last step (${s.train.gpu.boundary_step})`,
      s.train.gpu.boundary_step === s.train.step);
    await page.screenshot({ path: path.join(outDir, `shaders-boundaries-${data}.png`) });

    await page.evaluate(() => window.bnlab.command("train-view:landscape"));
    await settle(page, 3);
    const t0 = Date.now();
    // The landscape of the networks on screen: complete, and computed at the step they are at (a slice of the data
    // set before, or of an earlier step, may still be in the state while the new one is computed).
    s = await until(page, (st) => st.train.gpu.landscape_progress >= 1 && st.train.gpu.landscape_ms > 0 &&
      st.train.gpu.landscape_step === st.train.step, 600000);
    const clock = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`# ${data}: landscape ${LANDSCAPE_RES}×${LANDSCAPE_RES} for both networks in ` +
      `${s.train.gpu.landscape_ms.toFixed(0)} ms of GPU time (${clock} s on the clock, computed in strips)`);
    const l = await readback(page, "landscape");
    check(`${data}: the landscape read back is of the networks on screen (step ${l.step})`, l.step === s.train.step);
    for (const r of l.runs) {
      check(`${data}/${r.network} landscape ${l.res}×${l.res} (${r.batch_stats ? "batch" : "running"} statistics): ` +
        `${r.compared} points within ${r.max_rel.toExponential(2)} relative of the CPU (loss ${r.min.toFixed(3)} ` +
        `to ${r.max.toFixed(3)})`, l.on_gpu && l.res === LANDSCAPE_RES && r.compared === 256 && r.max_rel <= 1e-3);
    }
    const fpsL = await framesPerSecond(page, 2000);
    console.log(`# ${data}: landscape view, slice done: ${fpsL.toFixed(1)} frames/s`);
    await page.screenshot({ path: path.join(outDir, `shaders-landscape-${data}.png`) });
  }
  check("no console errors while the shaders run", errors.length === 0, errors.join(" | "));

  // The fallback: shaders made to fail on purpose.
  await page.evaluate(() => window.bnlab.command("gpu:break"));
  s = await until(page, (st) => st.train.gpu.started && !st.train.gpu.ok, 20000);
  check("gpu:break: the shaders fail and the compile log says why",
    !s.train.gpu.ok && /made to fail on purpose/.test(s.train.gpu.log) && /did not compile/.test(s.train.gpu.log));
  check("…and the console says the lab uses its CPU fallback", warnings.some((e) => /CPU fallback/.test(e)));
  await page.evaluate(() => window.bnlab.command("train-view:boundaries"));
  await settle(page, 5);
  await page.screenshot({ path: path.join(outDir, "shaders-fallback.png") });
  const f = await readback(page, "boundary");
  check("…a read-back then reports the fallback instead of numbers", f.fallback === true);
  await page.evaluate(() => window.bnlab.command("gpu:fix"));
  s = await until(page, (st) => st.train.gpu.ok, 20000);
  check("gpu:fix builds the shaders again", s.train.gpu.ok);
  await page.close();
}, { timeout: 1500000 });
