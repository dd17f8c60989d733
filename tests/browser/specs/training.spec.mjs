// training.spec.mjs: the training lab (tab 3): training live, at full speed, and experiment 1 (lr 3).
//
// Run alone: node tests/browser/run.mjs DIST training
import path from "node:path";
import { check, test, open, state, settle, clickItem } from "../harness.mjs";

// The training lab: train live, curves move, steps per second; then at full speed for the benchmark figure.
test("the training lab: live, at full speed, experiment 1", async ({ base, outDir }) => {
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
  // A figure, not a timed check (the house rule for speed): frames drawn in 0.5 s while training at full speed.
  // It fell below 10 in this build on SwiftShader (see the stop-11 note); printed so the next change can compare.
  {
    const f0 = (await state(page)).frame;
    await page.waitForTimeout(500);
    console.log(`# frames in 0.5 s while training at full speed: ${(await state(page)).frame - f0}`);
  }
  // Experiment 1 for a fixed number of steps (train-steps runs them at once; training is seeded, so the same
  // numbers every run), not for a time: how many steps 2.5 s buys depends on the machine's load.
  await page.evaluate(() => window.bnlab.command("train-pause"));
  await page.evaluate(() => window.bnlab.command("experiment:lr"));
  await page.evaluate(() => window.bnlab.command("train-steps:1000"));
  await settle(page, 3);
  s = await state(page);
  check(`experiment 1 in the page, ${s.train.step} steps: at lr 3 BN trains (loss ${s.train.runs[1].train_loss?.toFixed(3)}) while plain ` +
    `does not (${s.train.runs[0].diverged_at > 0 ? "diverged at step " + s.train.runs[0].diverged_at : "loss " + s.train.runs[0].train_loss?.toFixed(3)})`,
    s.train.runs[1].train_loss < 0.2 && (s.train.runs[0].diverged_at > 0 || s.train.runs[0].train_loss > 0.6));
  await page.screenshot({ path: path.join(outDir, "training-lr.png") });
  check("no console errors in the training lab", errors.length === 0, errors.join(" | "));
  await page.close();
});
