// step.spec.mjs: the step-through lab (tab 1): a batch from a link walked step by step with the keyboard against
// the reference, cell edits and refusals, JSON import, a batch of 1, and the code view (NumPy, PyTorch, notebook).
//
// Run alone: node tests/browser/run.mjs DIST step
import path from "node:path";
import { check, test, open, state, settle, clickItem, editCell, pressKey } from "../harness.mjs";
import { referenceBN, maxRelErr, DEFAULT_X } from "../reference.mjs";

// A batch by link hash, walked with the keyboard; every step's numbers against the reference.
test("a link hash walked step by step with the keyboard", async ({ base, outDir }) => {
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
    await pressKey(page, "ArrowRight");
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
});

// Editing cells through the UI, good and bad values.
test("editing cells, good and bad values", async ({ base, outDir }) => {
  const { page, errors } = await open(base);
  await page.evaluate(() => window.bnlab.command("last"));  // the first view is step 1: walk to the end for y
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
});

// Importing a batch as JSON through the import window: a good one loads, bad ones are refused and change nothing.
test("importing a batch as JSON", async ({ base, outDir }) => {
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
});

// A batch of 1 in train mode is refused with the reason; eval mode accepts it.
test("a batch of 1: refused in train mode, run in eval mode", async ({ base }) => {
  const { page } = await open(base + "#x=2,7,-1&mode=train");
  let s = await state(page);
  check("a batch of 1 in train mode explains why BN cannot run", /at least 2/.test(s.error), s.error);
  await page.evaluate(() => window.bnlab.setHash("x=2,7,-1&mode=eval"));
  await settle(page);
  s = await state(page);
  check("…and runs in eval mode", s.error === "" && s.mode === "eval");
  await page.close();
});

// The code view (issue 24): the step as NumPy and PyTorch with the lab's numbers, on screen and in the text
// version; in the lesson, no value the open question hides; the notebook from Share.
test("the code view: a step as NumPy and PyTorch with the lab's numbers; hidden values stay hidden; the notebook", async ({ base, outDir }) => {
  const { page, errors } = await open(base + "#x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&eps=0.00001&mode=train&step=4");
  const cmd = (c) => page.evaluate((t) => window.bnlab.command(t), c);
  await cmd("code:numpy");
  await settle(page, 4);
  let s = await state(page);
  const v = s.var[0];  // feature 1's biased variance: 3.5
  check(`NumPy: the variance step divides by m, with feature 1's value ${v}`, s.code.open && s.code.lang === "numpy" &&
    /sq\.sum\(axis=0\) \/ m/.test(s.code.text) && s.code.text.includes(`var[0] = ${Number(v.toPrecision(6))}`) && !!s.rects.code_text,
    s.code.text);
  await page.screenshot({ path: path.join(outDir, "code-view-numpy.png") });
  await cmd("code:pytorch");
  await settle(page, 4);
  s = await state(page);
  check("PyTorch: the step, then the one library call with the lab's ε, momentum and mode", /var\(dim=0, unbiased=False\)/.test(s.code.text) &&
    s.code.text.includes("torch.nn.BatchNorm1d(3, eps=1e-05, momentum=0.1") && s.code.text.includes("bn.train()"), s.code.text.slice(0, 400));
  await page.screenshot({ path: path.join(outDir, "code-view-pytorch.png") });
  // The text version reads the code too.
  for (let k = 0; k < 40; k++) {
    if ((await page.evaluate(() => document.getElementById("a11y").getAttribute("data-revision"))) === String((await state(page)).revision)) break;
    await page.waitForTimeout(100);
  }
  const pre = await page.evaluate(() => [...document.querySelectorAll("#a11y pre")].map((e) => e.textContent).join("\n"));
  check("the text version holds the code view's text", pre.includes("torch.nn.BatchNorm1d(3, eps=1e-05"), pre.slice(0, 200));
  // The notebook: Share → Jupyter notebook (the command the menu item runs).
  const r = await cmd("share-notebook");
  check("share-notebook saves bnlab-batch.ipynb", r.ok && r.file === "bnlab-batch.ipynb", JSON.stringify(r));
  // In the lesson, a question asking for μ: the code view prints no μ and the notebook waits.
  await cmd("lesson:reset");
  let n = 1;
  for (; n <= 15; n++) {
    await cmd(`lesson:chapter=${n}`);
    s = await state(page);
    if (s.lesson.lab === "step" && !s.lesson.covered && s.lesson.items.some((it) => it.source === "trace:mean")) break;
  }
  await cmd("code:numpy");
  await cmd("first");
  await cmd("next");
  s = await state(page);
  check(`lesson chapter ${n}: at the hidden μ step the code view prints no value, the notebook is refused`,
    s.step_name === "mean" && s.hidden_from >= 0 && !/mean\[\d\] = /.test(s.code.text) &&
    (await cmd("share-notebook")).ok === false, s.code.text);
  check("no console errors", errors.length === 0, errors.join(" | "));
});
