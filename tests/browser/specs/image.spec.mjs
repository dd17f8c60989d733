// image.spec.mjs: the image lab (tab 5): every variant against referenceNorm, GroupNorm's equivalences, a refused
// G, picking and editing a value, its link, an 8×8×8×8 batch, and a bad image-lab link.
//
// Run alone: node tests/browser/run.mjs DIST image
import path from "node:path";
import { check, test, open, state, settle, editCell } from "../harness.mjs";
import { referenceNorm, maxRelErr } from "../reference.mjs";

test("the image lab: variants, equivalences, picking, editing, its link, 8×8×8×8", async ({ base, outDir }) => {
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
});

// A bad image-lab link: the message, the default batch, a working page.
test("a bad image-lab link", async ({ base }) => {
  const { page, errors } = await open(base + "#lab=image&shape=9,3,4,4");
  await settle(page, 3);
  const s = await state(page);
  check("a bad image-lab link (N = 9) is refused with a message and the page works",
    s.notice_is_error && /shape N/.test(s.notice) && JSON.stringify(s.image.shape) === "[2,3,4,4]" && errors.length === 0,
    s.notice);
  await page.close();
});
