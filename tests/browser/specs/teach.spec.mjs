// teach.spec.mjs: what a teacher does with bnlab, in the page: own points (CSV good and bad, 1,001 points,
// drawing by mouse and by touch (also on a phone, 390×844 DPR 3: taps and finger drags in every direction draw,
// never scroll), undo, the link), network export → import with identical predictions, a
// network saved by bntrain --save opened in the page, the practice sheet, PNG and CSV exports, the lab
// embedded in a 640×400 iframe, and hostile input through the page's own paths (files, a typed link, answers).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { check, clickItem, open, outDir, settle, state, test } from "../harness.mjs";
import { DEVICES, openDevice, closeContext, closeDevices, itemCenter, tapItem, swipe, untilStill } from "../devices.mjs";

const cmd = (page, c) => page.evaluate((x) => window.bnlab.command(x), c);

// CSV text of n points: class 0 left of x = 0, class 1 right of it.
function csvPoints(n, header = true) {
  const lines = header ? ["x,y,label"] : [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    lines.push(`${((c ? 0.3 : -1.3) + (i % 10) / 10).toFixed(2)},${(((i * 7) % 23) / 10 - 1.1).toFixed(2)},${c}`);
  }
  return lines.join("\n") + "\n";
}

// A download started by `action`; returns { name, bytes }.
async function download(page, action) {
  const [d] = await Promise.all([page.waitForEvent("download", { timeout: 15000 }), action()]);
  const file = path.join(outDir, "teach-" + d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(file), file };
}

// Canvas point (the rect's fraction fx, fy) in page coordinates.
async function at(page, id, fx, fy) {
  const s = await state(page);
  const r = s.rects[id];
  if (!r) throw new Error(`no item ${id} on screen`);
  const box = await page.locator("#canvas").boundingBox();
  return { x: box.x + (r[0] + fx * r[2]) / s.dpr, y: box.y + (r[1] + fy * r[3]) / s.dpr };
}

// On a phone the training lab is one scrolling column (controls, then the pictures): swipes at (x, y) CSS px
// until item `id`'s centre lies between CSS y `lo` and `hi`, or until a swipe moves it no more (the column's end:
// the map at the bottom of the column stops below `hi`).
async function bringInto(page, cdp, id, x, y, lo, hi) {
  let last = NaN;
  for (let k = 0; k < 10; k++) {
    const s = await state(page);
    const r = s.rects[id];
    const cy = r ? (r[1] + r[3] / 2) / s.dpr : NaN;
    if ((cy > lo && cy < hi) || Math.abs(cy - last) < 1) return;
    last = cy;
    await swipe(cdp, x, y, 0, cy > hi ? -Math.min(150, cy - (lo + hi) / 2) : Math.min(150, (lo + hi) / 2 - cy), 400);
    await untilStill(page, id);
  }
}

test("teach: CSV import (good, bad lines, 1,001 points), as a teacher pastes it", async ({ base }) => {
  const { page, errors } = await open(base + "#lab=train");
  await cmd(page, "tab-train");
  let r = await cmd(page, "train-csv:" + csvPoints(40));
  let s = await state(page);
  check("a 40-point CSV loads: own data, 40 points, networks ready", r.ok && s.train.data === "own" &&
    s.train.own.points.length === 40 && s.train.runs.length === 2, JSON.stringify(r) + " " + s.train.error);
  const good = s.train.own.points;
  const bad = csvPoints(40).split("\n");
  bad[16] = "abc,0.5,1";  // line 17
  r = await cmd(page, "train-csv:" + bad.join("\n"));
  s = await state(page);
  check("line 17 'abc' is refused naming the line, and the 40 points are kept",
    !r.ok && r.error === "line 17: 'abc' is not a number" && JSON.stringify(s.train.own.points) === JSON.stringify(good),
    JSON.stringify(r));
  for (const [line, text, want] of [[5, "1,2", "line 5: expected 3 fields (x, y, label), found 2"],
                                    [9, "1,2,3", "line 9: label '3' must be 0 or 1"]]) {
    const b = csvPoints(40).split("\n");
    b[line - 1] = text;
    r = await cmd(page, "train-csv:" + b.join("\n"));
    check(`bad line ${line} (${text}): "${want}"`, !r.ok && r.error === want, JSON.stringify(r));
  }
  r = await cmd(page, "train-csv:" + csvPoints(1001));
  s = await state(page);
  check("1,001 points are refused (the lab takes 1,000), the current points kept",
    !r.ok && /more than 1000 points/.test(r.error) && s.train.own.points.length === 40, JSON.stringify(r));
  r = await cmd(page, "train-csv:" + csvPoints(1000));
  s = await state(page);
  check("1,000 points load", r.ok && s.train.own.points.length === 1000, JSON.stringify(r));
  // The window, as a teacher meets it: open it with the button, type a bad file, see the message.
  await cmd(page, "train-csv:" + csvPoints(40));
  await clickItem(page, "own_csv");
  await clickItem(page, "own_csv_text");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("x,y,label\n0.1,0.2,0\n0.3,zz,1\n");
  await clickItem(page, "own_csv_load");
  s = await state(page);
  check("typed into the window: 'line 3: 'zz' is not a number' shown, points kept",
    /line 3: 'zz' is not a number/.test(s.train.own.csv_error) && s.train.own.points.length === 40, s.train.own.csv_error);
  await page.screenshot({ path: path.join(outDir, "teach-csv-window.png") });
  check("no console errors", errors.length === 0, errors.join("; "));
});

test("teach: drawing points by mouse and by touch, undo, clear, and the link round trip", async ({ base }) => {
  const { page, errors } = await open(base);
  await cmd(page, "tab-train");
  await cmd(page, "train-data:own");
  await cmd(page, "train-clear");
  await settle(page);
  await clickItem(page, "own_draw");
  let s = await state(page);
  check("Draw is on after its click", s.train.own.drawing === true);
  // Mouse: four clicks of class 0 on the left, then a drag of class 1 on the right.
  for (const [fx, fy] of [[0.2, 0.3], [0.25, 0.6], [0.15, 0.45], [0.3, 0.8]]) {
    const p = await at(page, "own_map", fx, fy);
    await page.mouse.click(p.x, p.y);
    await settle(page, 2);
  }
  await clickItem(page, "own_class1");
  const a = await at(page, "own_map", 0.65, 0.2), b = await at(page, "own_map", 0.8, 0.85);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++) {
    await page.mouse.move(a.x + ((b.x - a.x) * k) / 12, a.y + ((b.y - a.y) * k) / 12);
    await settle(page, 1);
  }
  await page.mouse.up();
  await settle(page, 3);
  s = await state(page);
  const pts = s.train.own.points;
  const ones = pts.filter((p) => p[2] === 1).length;
  check("4 clicks gave 4 class-0 points on the left half", pts.filter((p) => p[2] === 0 && p[0] < 0).length === 4,
    JSON.stringify(pts));
  check("one drag painted several class-1 points on the right half", ones >= 4 && pts.filter((p) => p[2] === 1).every((p) => p[0] > 0),
    `class 1: ${ones}`);
  check("8+ points of both classes: the networks train", s.train.runs.length === 2 && s.train.error === "", s.train.error);
  await page.screenshot({ path: path.join(outDir, "teach-drawn.png") });
  // Trained on the drawn points (desktop 1280×720): the maps fit the points, held-out ones as rings.
  await cmd(page, "train-steps:300");
  // The maps are redrawn when the GPU has caught up (SwiftShader: about a second per redraw here).
  await page.waitForFunction(() => { const t = window.bnlab.state().train; return t.gpu.boundary_step === t.step; },
    null, { timeout: 90000 }).catch(() => {});
  await settle(page, 4);
  await page.screenshot({ path: path.join(outDir, "teach-desktop-trained.png") });
  // Undo takes the whole drag away.
  await clickItem(page, "own_undo");
  s = await state(page);
  check("Undo removes the whole drag (4 points left)", s.train.own.points.length === 4, String(s.train.own.points.length));
  // Touch: a finger tap adds a point (touch events through CDP, as a phone sends them).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const t = await at(page, "own_map", 0.7, 0.5);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: t.x, y: t.y }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await settle(page, 4);
  s = await state(page);
  check("a finger tap adds a class-1 point where it touched", s.train.own.points.length === 5 &&
    s.train.own.points[4][2] === 1 && s.train.own.points[4][0] > 0, JSON.stringify(s.train.own.points));
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: false });
  // Link round trip: more points, then the page's link opened in a new tab gives the same points, bit for bit.
  for (let i = 0; i < 30; i++) await cmd(page, `train-point:${(-1.2 + i * 0.08).toFixed(2)},${(Math.sin(i) * 1.1).toFixed(2)},${i % 2}`);
  await settle(page, 3);
  s = await state(page);
  const hash = await page.evaluate(() => window.location.hash);
  const { page: p2 } = await open(base + hash);
  const s2 = await state(p2);
  check(`the link (${hash.length} characters) carries the 35 points exactly`, /data=own/.test(hash) &&
    JSON.stringify(s2.train.own.points) === JSON.stringify(s.train.own.points) && s2.tab === 2,
    `${s2.train.own.points.length} points, tab ${s2.tab}`);
  await clickItem(page, "own_clear");
  s = await state(page);
  check("Clear empties the points and says how many to add", s.train.own.points.length === 0 && /add at least 8/.test(s.train.error),
    s.train.error);
  check("no console errors", errors.length === 0, errors.join("; "));
});

test("teach: drawing with a finger on a phone (390×844, DPR 3): taps add one point each, drags paint and do not scroll", async ({ base }) => {
  const device = DEVICES[0];
  const { page, context, errors, cdp } = await openDevice(base, device);
  try {
    await cmd(page, "tab-train");
    await cmd(page, "train-data:own");
    await cmd(page, "train-clear");
    await settle(page, 6);
    // Swipes start at x = 80% of the width, where neither the drawing map (the left one) nor a slider lies.
    const H = device.viewport.height, swipeX = device.viewport.width * 0.8;
    await bringInto(page, cdp, "own_draw", swipeX, H * 0.5, H * 0.2, H * 0.75);
    await tapItem(page, "own_draw");
    await settle(page, 6);
    let s = await state(page);
    check("phone: a tap on Draw turns drawing on", s.train.own.drawing === true);
    await settle(page, 6);
    // The whole map on the screen (it is below the controls in the column).
    await bringInto(page, cdp, "own_map", swipeX, H * 0.5, H * 0.35, H * 0.6);
    // Three quick taps of class 0 on the map's left half: three points, each where the finger was.
    for (const [fx, fy] of [[0.2, 0.3], [0.25, 0.7], [0.15, 0.5]]) {
      const p = await at(page, "own_map", fx, fy);
      await page.touchscreen.tap(p.x, p.y);
      await settle(page, 6);
    }
    s = await state(page);
    const left = s.train.own.points.filter((q) => q[2] === 0 && q[0] < 0).length;
    check(`phone: three taps on the map add exactly three class-0 points on its left (${s.train.own.points.length} points)`,
      s.train.own.points.length === 3 && left === 3, JSON.stringify(s.train.own.points));
    // Five more points by command (both classes): the networks are built and the two maps stand still from now on.
    for (const p of ["-1.2,0.4,0", "-1.0,-0.6,0", "-0.8,1.0,0", "1.3,-1.5,1", "1.5,1.5,1"]) await cmd(page, "train-point:" + p);
    await settle(page, 6);
    // Class 1 by a tap on its radio button, then a vertical finger drag on the right half: the panel would scroll
    // that way, but on the drawing map the finger paints.
    await bringInto(page, cdp, "own_class1", swipeX, H * 0.5, H * 0.2, H * 0.75);
    await tapItem(page, "own_class1");
    await settle(page, 6);
    await bringInto(page, cdp, "own_map", swipeX, H * 0.5, H * 0.35, H * 0.6);
    const before = (await state(page)).rects.own_map;
    const a = await at(page, "own_map", 0.75, 0.1), b = await at(page, "own_map", 0.8, 0.9);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: a.x, y: a.y }] });
    for (let k = 1; k <= 16; k++) {
      await page.waitForTimeout(16);
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove",
        touchPoints: [{ x: a.x + ((b.x - a.x) * k) / 16, y: a.y + ((b.y - a.y) * k) / 16 }] });
      await settle(page, 1);
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await settle(page, 8);
    s = await state(page);
    const ones = s.train.own.points.filter((q) => q[2] === 1).slice(2);  // the drag's
    const after = s.rects.own_map;
    check(`phone: a vertical finger drag on the map paints class-1 points on its right (${ones.length} points)`,
      ones.length >= 5 && ones.every((q) => q[0] > 0), JSON.stringify(ones));
    check("phone: …and does not scroll the panel (the map stays in place)", JSON.stringify(before) === JSON.stringify(after),
      `${before} → ${after}`);
    check("phone: 8+ points of both classes: the networks train", s.train.runs.length === 2 && s.train.error === "", s.train.error);
    await cmd(page, "train-steps:300");
    // The maps are redrawn when the GPU has caught up (SwiftShader: seconds per redraw at this size).
    await page.waitForFunction(() => { const t = window.bnlab.state().train; return t.gpu.boundary_step === t.step; },
      null, { timeout: 90000 }).catch(() => {});
    await settle(page, 4);
    await page.screenshot({ path: path.join(outDir, "teach-phone-drawn.png") });
    check("phone: no console errors", errors.length === 0, errors.join("; "));
  } finally {
    await closeContext(context);
    await closeDevices();
  }
});

test("teach: network export → import in another tab predicts the same, to the last bit", async ({ base }) => {
  const { page, errors } = await open(base);
  await cmd(page, "tab-train");
  await cmd(page, "train-steps:300");
  let s = await state(page);
  const saved = await download(page, () => cmd(page, "save:networks"));
  const file = JSON.parse(saved.bytes.toString("utf8"));
  check("Save networks downloads bnlab-networks.json with both networks", saved.name === "bnlab-networks.json" &&
    file.format === "bnlab-networks" && file.networks.length === 2 && file.step === 300, saved.name);
  check("state().train.networks is the file's networks", JSON.stringify(s.train.networks) === JSON.stringify(file.networks));
  const { page: p2 } = await open(base);
  await cmd(p2, "tab-train");
  const r = await cmd(p2, "train-networks:" + saved.bytes.toString("utf8"));
  const s2 = await state(p2);
  check("the other tab opens the file", r.ok, JSON.stringify(r));
  check("same predictions on the map grid, to the last bit", JSON.stringify(s2.train.predictions) === JSON.stringify(s.train.predictions) &&
    s.train.predictions.length === 2 && s.train.predictions[0].length === 64, JSON.stringify(s2.train.predictions).slice(0, 200));
  check("same test accuracy", s2.train.runs[1].test_acc === s.train.runs[1].test_acc,
    `${s2.train.runs[1].test_acc} vs ${s.train.runs[1].test_acc}`);
  const bad = await cmd(p2, "train-networks:" + saved.bytes.toString("utf8").replace('"norm":"bn"', '"norm":"ln"'));
  check("a damaged file is refused naming the field", !bad.ok && /networks\[1\]\.norm 'ln'/.test(bad.error), JSON.stringify(bad));
  check("no console errors", errors.length === 0, errors.join("; "));
});

test("teach: a network trained by bntrain --save opens in the page", async ({ base, dist }) => {
  const bntrain = [path.join(dist, "..", "native", "bntrain"), path.join(dist, "..", "..", "build", "bntrain")]
    .find((p) => fs.existsSync(p));
  if (!bntrain) return check("bntrain found beside the web build", false, dist);
  const file = path.join(outDir, "teach-bntrain.json");
  const csv = execFileSync(bntrain, ["--steps", "400", "--log-every", "400", "--save", file]).toString().trim().split("\n");
  const last = Object.fromEntries(csv.slice(-2).map((l) => l.split(",")).map((f) => [f[1], f]));
  const { page, errors } = await open(base);
  await cmd(page, "tab-train");
  const r = await cmd(page, "train-networks:" + fs.readFileSync(file, "utf8"));
  const s = await state(page);
  check("the page opens bntrain's file", r.ok, JSON.stringify(r));
  // bntrain and the page train the lab's default (moons, seed 1): the imported networks score as bntrain logged.
  check("test accuracy as bntrain logged it (plain and BN)",
    Math.abs(s.train.runs[0].test_acc - Number(last.plain[5])) < 1e-3 && Math.abs(s.train.runs[1].test_acc - Number(last.bn[5])) < 1e-3,
    `${s.train.runs.map((x) => x.test_acc)} vs ${last.plain[5]}, ${last.bn[5]}`);
  check("no console errors", errors.length === 0, errors.join("; "));
});

test("teach: practice sheet, PNG of the maps and curves, CSV of the curves", async ({ base }) => {
  const { page, errors } = await open(base);
  await cmd(page, "sheet:6,42,4,2,outlier");
  const sheet = await download(page, () => cmd(page, "save:practice-sheet-html"));
  const key = await download(page, () => cmd(page, "save:practice-key-md"));
  const html = sheet.bytes.toString("utf8"), md = key.bytes.toString("utf8");
  check("the sheet: 6 boxes, blanks, a print stylesheet", (html.match(/<section class="ex">/g) || []).length === 6 &&
    /@media print/.test(html) && /class="blanks"/.test(html), sheet.name);
  check("the key: 6 exercises with their bntrace input", (md.match(/```json/g) || []).length === 6, key.name);
  const again = await download(page, () => cmd(page, "save:practice-sheet-html"));
  check("same seed, same sheet", again.bytes.equals(sheet.bytes));
  const view = await (await page.context().newPage());
  await view.goto("file://" + sheet.file);
  await view.screenshot({ path: path.join(outDir, "teach-practice-sheet.png") });
  await view.close();
  await cmd(page, "tab-train");
  await cmd(page, "train-steps:200");
  await settle(page, 4);
  for (const what of ["maps", "curves"]) {
    const png = await download(page, () => cmd(page, `save:${what}-png`));
    const ok = png.bytes.slice(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const w = png.bytes.readUInt32BE(16), h = png.bytes.readUInt32BE(20);
    const colours = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = "data:image/png;base64," + b64;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const set = new Set();
      for (let k = 0; k < d.length; k += 16) set.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
      return set.size;
    }, png.bytes.toString("base64"));
    check(`${what} PNG: a picture of ${w}×${h} with ${colours} colours`, ok && w > 100 && h > 50 && colours > 20, png.name);
  }
  const curves = await download(page, () => cmd(page, "save:curves-csv"));
  const rows = curves.bytes.toString("utf8").trim().split("\n");
  check("curves CSV: header and one row per logged step and network", rows[0] === "step,network,train_loss,train_acc,test_loss,test_acc" &&
    rows.length > 3 && rows.slice(1).every((l) => l.split(",").length === 6), rows.slice(0, 3).join(" | "));
  check("no console errors", errors.length === 0, errors.join("; "));
});

test("teach: the lab embedded in a 640×400 iframe", async ({ base }) => {
  const { page: host } = await open(base, { waitReady: false });
  await host.setViewportSize({ width: 800, height: 520 });
  await host.setContent(`<html><body style="margin:20px;background:#eee"><h3 style="margin:0 0 8px">A slide</h3>
    <iframe id="lab" src="${base}index.html?embed=1#lab=train&exp=basic" width="640" height="400" style="border:1px solid #888"></iframe></body></html>`);
  const frame = await (await host.waitForSelector("#lab")).contentFrame();
  await frame.waitForFunction(() => window.bnlab && window.bnlab.state && window.bnlab.ready, null, { timeout: 30000 });
  await frame.evaluate(() => window.bnlab.ready);
  await new Promise((r) => setTimeout(r, 1500));
  const s = await frame.evaluate(() => window.bnlab.state());
  const canvas = await frame.evaluate(() => [document.getElementById("canvas").clientWidth, document.getElementById("canvas").clientHeight]);
  const link = await frame.evaluate(() => { const a = document.getElementById("open-full"); return a ? [a.textContent, a.href] : null; });
  await host.screenshot({ path: path.join(outDir, "teach-embed.png") });
  check("embed: the app knows, shows the training lab, and draws no menu bar or tabs",
    s.embed === true && s.tab === 2 && !s.rects.menu_share && !s.rects["tab:0"] && !s.rects["tab:lesson"] &&
    !!s.rects.train_maps, JSON.stringify({ embed: s.embed, tab: s.tab }));
  check("embed: the canvas fills the 640×400 frame", canvas[0] === 640 && canvas[1] === 400, String(canvas));
  check("embed: an 'open in bnlab' link to the full page at the same link",
    link && /open in bnlab/.test(link[0]) && !/embed=1/.test(link[1]) && /lab=train/.test(link[1]), JSON.stringify(link));
});

// Hostile input through the page's own paths (issue 23): a file picked with the CSV window's "Open a file…", a
// network file through the page's file picker, a link typed into the address bar, answers typed into the
// lesson's field. Each gets a one-line message, and nothing the learner had is lost.
test("hostile input through the page's own paths: bad CSV and network files, a bad link, bad answers; nothing lost", async ({ base }) => {
  const { page, errors } = await open(base + "#lab=train");
  await cmd(page, "tab-train");
  await cmd(page, "train-csv:" + csvPoints(40));
  await settle(page, 3);
  let s = await state(page);
  const points = JSON.stringify(s.train.own.points);
  const until = async (ok, frames = 200) => {
    for (let k = 0; k < frames; k++) {
      const st = await state(page);
      if (ok(st)) return st;
      await settle(page, 1);
    }
    return state(page);
  };
  // A CSV file with a bad number on line 3 and one holding a NUL, picked in the CSV window ("Open a file…").
  await clickItem(page, "own_csv");
  await settle(page, 4);
  const cases = [
    { name: "bad.csv", text: "x,y,label\n0.5,0.5,0\n.,0.3,1\n", said: (st) => st.train.own.csv_error, why: /line 3/ },
    { name: "nul.csv", text: "x,y,label\n0.5,0.5,0\n0.2\u0000,0.3,1\n", said: (st) => st.notice, why: /NUL|character/i },
  ];
  for (const c of cases) {
    const chooser = page.waitForEvent("filechooser", { timeout: 10000 });
    await clickItem(page, "own_csv_file");
    await (await chooser).setFiles({ name: c.name, mimeType: "text/csv", buffer: Buffer.from(c.text) });
    s = await until((st) => c.why.test(c.said(st)));
    const message = c.said(s);
    check(`${c.name} through "Open a file…": refused in one line (${message.slice(0, 80)}), the 40 points kept`,
      c.why.test(message) && !message.includes("\n") && message.length <= 300 && JSON.stringify(s.train.own.points) === points,
      message);
  }
  // A network file that is not one, through the page's file picker: refused, the networks unchanged.
  const step = s.train.step, losses = JSON.stringify(s.train.runs), noticeBefore = s.notice;
  const chooser = page.waitForEvent("filechooser", { timeout: 10000 });
  await page.mouse.click(5, 5);  // a user gesture for the picker
  await page.evaluate(() => window.bnlab.openFile("networks"));
  await (await chooser).setFiles({ name: "nets.json", mimeType: "application/json", buffer: Buffer.from('{"format": "bnlab-networks", "networks": [\n') });
  s = await until((st) => st.notice_is_error && st.notice !== noticeBefore);
  check(`a broken network file is refused in one line (${s.notice.slice(0, 80)}), the networks as they were`,
    s.notice_is_error && s.notice !== noticeBefore && !s.notice.includes("\n") && s.train.step === step && JSON.stringify(s.train.runs) === losses, s.notice);
  // A link typed into the address bar with a bad value: refused with a message, the networks and points kept.
  const networks = JSON.stringify(s.train.networks);
  await page.evaluate(() => { location.hash = "#lab=train&lr=abc%0Adef"; });
  s = await until((st) => st.notice_is_error && /lr/.test(st.notice));
  check(`a bad learning rate in the link is refused in one line (${s.notice.slice(0, 80)}), nothing changed`,
    /lr/.test(s.notice) && !s.notice.includes("\n") && JSON.stringify(s.train.networks) === networks &&
    JSON.stringify(s.train.own.points) === points, s.notice);
  // Answers typed into the lesson's field: text that is not a number is no try, and says why.
  await cmd(page, "lesson:reset");
  await cmd(page, "lesson:chapter=4");
  await settle(page, 4);
  for (const bad of ["abc", "1e40", "\u0000"]) {
    const before = await state(page);
    await clickItem(page, "lesson_answer:0");
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(bad);
    await page.keyboard.press("Enter");
    // A NUL is refused by the page before it reaches the app (a notice); the others by the answer's reader.
    s = await until((st) => bad === "\u0000" ? st.notice !== before.notice && /NUL/.test(st.notice)
                                             : st.lesson.answer_errors[0] !== before.lesson.answer_errors[0]);
    const said = bad === "\u0000" ? s.notice : s.lesson.answer_errors[0];
    check(`the answer ${JSON.stringify(bad)} is refused without a try: "${said.slice(0, 70)}"`,
      said !== "" && !said.includes("\n") && s.lesson.status[0] === "0" && s.lesson.hints[0] === "", said);
  }
  check("no console errors", errors.length === 0, errors.join(" | "));
});
