// running.spec.mjs: presets and the batch's size, the finite-difference dx, then the train-versus-inference lab
// (tab 2): running statistics from 100 batches, used in eval mode.
//
// Run alone: node tests/browser/run.mjs DIST running
import path from "node:path";
import { check, test, open, state, settle, clickItem } from "../harness.mjs";
import { maxRelErr } from "../reference.mjs";

// Presets, the batch's size, the finite-difference check, and the train-versus-inference tab.
test("presets, + and −, the finite-difference dx, then the running lab", async ({ base, outDir }) => {
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
});
