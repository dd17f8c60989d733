// page.spec.mjs: the page as a whole: both builds load (the scalar one as the fallback), draw and compute; resize,
// devicePixelRatio 2, 2560×1440, 1024×640 and 800×600; the UI scale kept across visits; keyboard navigation (K)
// of every kind of control; the single-file page from file://; hostile links; and that the page fetches only
// its own files; frames on demand (an idle page draws a frame every 2 s, input and Play draw at once).
//
// Run alone: node tests/browser/run.mjs DIST page
import fs from "node:fs";
import path from "node:path";
import { check, test, open, newPage, state, settle, canvasIsDrawn, onScreen } from "../harness.mjs";
import { referenceBN, maxRelErr, DEFAULT_X } from "../reference.mjs";

for (const build of ["simd", "scalar"]) test(`[${build}] the page loads, draws and computes the default batch`, async ({ base, outDir }) => {
  const { page, errors } = await open(base + (build === "scalar" ? "?build=scalar" : ""));
  // A first view starts at step 1, never the last (issue 14); the values are read at the last step.
  const first = await state(page);
  check(`[${build}] the first view is step 1 of ${first.steps.length}, with a hint where to start`,
    first.step === 0 && first.steps.length === 13 && first.start_hint.length > 0, `step ${first.step}`);
  await page.evaluate(() => window.bnlab.command("last"));
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
});

// Frames on demand (main.cpp FrameWanted): a page nobody touches draws a frame every 2 s, not at the display's rate,
// and keeps its picture; a command, the pointer and Play draw again at once.
test("frames on demand: an idle page draws every 2 s; input and Play draw at once", async ({ base, outDir }) => {
  const { page, errors } = await open(base);
  const frame = async () => (await state(page)).frame;
  await page.waitForTimeout(1000);  // the first frames and the grace after the page's own start
  const f0 = await frame();
  await page.waitForTimeout(4500);
  const f1 = await frame();
  check(`4.5 s without input draw 1 to 3 frames (the 2 s heartbeat), not one per display frame (${f1 - f0})`,
    f1 - f0 >= 1 && f1 - f0 <= 3);
  const colours = await canvasIsDrawn(page, path.join(outDir, "page-idle.png"));
  check(`the idle page keeps its picture (${colours} colours in a 64×64 sample)`, colours > 8);
  const step0 = (await state(page)).step;
  await page.evaluate(() => window.bnlab.command("next"));
  await settle(page, 2);
  let s = await state(page);
  check(`a command draws at once (step ${step0} → ${s.step}, frame ${f1} → ${s.frame})`, s.step === step0 + 1 && s.frame > f1);
  const box = await page.locator("#canvas").boundingBox();
  const f2 = s.frame;
  await page.mouse.move(box.x + 200, box.y + 300);
  await page.mouse.move(box.x + 220, box.y + 310);
  await settle(page, 3);
  const f3 = await frame();
  check(`the pointer moving draws (${f3 - f2} frames)`, f3 - f2 >= 2);
  await page.evaluate(() => window.bnlab.command("play"));
  await page.waitForTimeout(1500);
  s = await state(page);
  check(`Play draws every frame and steps on its own (${s.frame - f3} frames, step ${step0 + 1} → ${s.step} in 1.5 s)`,
    s.frame - f3 >= 5 && s.step > step0 + 1);
  await page.evaluate(() => window.bnlab.command("pause"));
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

// The canvas follows a resize (the drawing buffer is CSS size × devicePixelRatio).
test("resize to 900×640", async ({ base, outDir }) => {
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
});

// A high-density screen: the drawing buffer doubles, the lab scales its font, and it stays readable.
test("devicePixelRatio 2", async ({ base }) => {
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
});

// A large screen: 2560×1440 draws the whole lab.
test("2560×1440", async ({ base, outDir }) => {
  const { page, errors } = await open(base);
  await page.setViewportSize({ width: 2560, height: 1440 });
  await settle(page, 6);
  const colours = await canvasIsDrawn(page, path.join(outDir, "page-2560x1440.png"));
  const size = await page.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]);
  check(`at 2560×1440 the buffer follows (${size[0]}×${size[1]}) and the lab is drawn (${colours} colours)`,
    size[0] === 2560 && size[1] === 1440 && colours > 8 && errors.length === 0);
  await page.close();
});

// The single-file page opened from disk (file://): no server, no network; it works and fetches nothing. Both builds
// are inside it (each build's .js and its .wasm in base64, the files dist/ serves): ?build=scalar opens the other.
for (const build of ["simd", "scalar"]) test(`[${build}] the single-file page from file://`, async ({ dist, outDir }) => {
  const file = path.resolve(dist, "..", "offline", "bnlab.html");
  if (!fs.existsSync(file)) {
    check(`the single-file page exists (${file})`, false);
  } else {
    const fetched = [];
    const { page, errors } = await (async () => {
      const p = await newPage();
      const errs = [];
      p.on("console", (m) => { if (m.type() === "error") errs.push(m.text()); });
      p.on("pageerror", (e) => errs.push(String(e)));
      p.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) fetched.push(r.url()); });
      await p.goto("file://" + file + (build === "scalar" ? "?build=scalar" : "") + "#x=1,2;3,6;5,4&step=2");
      await p.waitForFunction(() => window.bnlab, null, { timeout: 30000 });
      await p.evaluate(() => window.bnlab.ready);
      return { page: p, errors: errs };
    })();
    const s = await state(page);
    const ref = referenceBN({ x: s.x, gamma: s.gamma, beta: s.beta, eps: s.eps });
    const colours = await canvasIsDrawn(page, path.join(outDir, build === "simd" ? "single-file.png" : "single-file-scalar.png"));
    const running = await page.evaluate(() => window.bnlab.build);
    check(`the single-file page (${(fs.statSync(file).size / 1e6).toFixed(2)} MB) opens from file:// and reads its link ` +
      `(${s.x.length}×${s.x[0].length}, mean ${s.mean})`, JSON.stringify(s.x) === "[[1,2],[3,6],[5,4]]" &&
      maxRelErr(s.mean, ref.mean) < 1e-7 && colours > 8);
    check(`…running its ${build} build (${running})`, running === build);
    check("…with no request beyond the file itself and no console errors", fetched.length === 0 && errors.length === 0,
      fetched.concat(errors).join(" | "));
    await page.close();
  }
});

// Bad links: a message, the defaults, a working page.
for (const bad of ["#x=1,abc", "#x=1,2;3", "#mode=test", "#eps=-1", "#foo=1", "#x=" + "1,".repeat(10000),
                   "#x=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "#step=NaN", "#gamma=1,2"]) test(`hostile link ${bad.length > 40 ? bad.slice(0, 37) + "…" : bad}`, async ({ base }) => {
  const { page, errors } = await open(base + bad);
  const s = await state(page);
  const label = bad.length > 40 ? bad.slice(0, 37) + "…" : bad;
  check(`bad link ${label}: message shown, default batch kept, no errors`, s.notice_is_error &&
    /could not be read|too long/.test(s.notice) && JSON.stringify(s.x) === JSON.stringify(DEFAULT_X) &&
    errors.length === 0, `${s.notice} ${errors.join(" | ")}`);
  await page.close();
});

// The UI scale is remembered across visits (localStorage), as set from the View menu.
test("the UI scale persists across visits", async ({ base }) => {
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
});

// The smallest supported desktop window, 1024×640: every lab's main items are on screen.
test("1024×640", async ({ base, outDir }) => {
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
});

// A narrow window, 800×600: every lab switches to one column, nothing is cut off on the right, and what a
// learner needs first is on screen (the rest scrolls).
test("800×600", async ({ base, outDir }) => {
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
});

// Keyboard navigation (K): the arrows leave the steps alone while it is on, and K turns it off again.
test("keyboard navigation on and off (K)", async ({ base }) => {
  const { page } = await open(base);
  // One key a frame: a key reaches the app at its next frame, and two keys that land in the same frame are handled
  // in the app's order, not the order pressed (DEVELOPERS.md, browser tests).
  await page.keyboard.press("Home");
  await settle(page);
  await page.keyboard.press("ArrowRight");
  await settle(page);
  let s = await state(page);
  const stepped = s.step;
  await page.keyboard.press("k");
  await settle(page);
  s = await state(page);
  const on = s.keyboard_nav;
  await page.keyboard.press("ArrowRight");
  await settle(page);
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
});

// Every kind of action from the keyboard alone, with keyboard navigation on (K): a preset button, radio
// buttons, a checkbox, a slider, the training controls and the menus. The arrows move the focus frame;
// state().nav_item names the tracked control under it, so the test walks there as a user would.
test("every kind of control from the keyboard alone", async ({ base, outDir }) => {
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
  // Shift held as a hand holds it, the frames drawn while it is down, then Space (Playwright's "Shift+Space" sends all
  // four events within a few ms, and 1 run in 3 the frame that saw the Space saw Shift up already).
  await page.keyboard.down("Shift");
  await settle(page);
  await page.keyboard.press("Space");
  await settle(page);
  await page.keyboard.up("Shift");
  await settle(page);
  s = await state(page);
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
});

// The page asks for nothing but its own files (every page this spec opened, both builds, every link above).
test("the page requested only its own files", async ({ requests }) => {
  check("the page requested only its own files", requests.every((p) => /^\/(|index\.html|loader\.js|style\.css|touch\.js|a11y\.js|bnlab-(simd|scalar)\.(js|wasm)|favicon\.ico)$/.test(p)),
    [...new Set(requests)].join(" "));
});
