// learn.spec.mjs: practice mode in the step lab and the guided lesson.
//   practice   on PyTorch reference batches (tests/reference/bn_cases.json): every asked value, computed here
//              independently, is accepted; a wrong one is refused with a hint and the step kept; same seed, same
//              questions; refusals of bad input (typed like a user, and by command)
//   lesson     every chapter opens from its link without console errors, with the lab it says, and its numeric
//              questions accept the value computed here; progress survives a reload; the first visit
//
// Run alone: node tests/browser/run.mjs DIST learn
import fs from "node:fs";
import path from "node:path";
import { check, test, open, state, settle, clickItem } from "../harness.mjs";
import { referenceBN } from "../reference.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const cases = JSON.parse(fs.readFileSync(path.join(here, "../../reference/bn_cases.json"), "utf8")).cases;
const command = (page, c) => page.evaluate((t) => window.bnlab.command(t), c);

// ---------------------------------------------------------------------------------------------
// Independent values: every step key at (i, j), from PyTorch's numbers where the reference has them, the
// rest with the textbook formulas over the case's input (float64).
// ---------------------------------------------------------------------------------------------
function truthOf(c, key, index) {
  const inp = c.input, e = c.expect;
  const n = inp.x.length;
  const [i, j] = index.length === 2 ? index : [0, index[0]];
  const col = (m) => m.map((r) => r[j]);
  const sum = (a) => a.reduce((s, v) => s + v, 0);
  const mean = e.mean[j], v = e.var[j], eps = inp.eps;
  const dev = col(inp.x).map((x) => x - mean);
  const dxhat = col(inp.dy).map((g) => g * inp.gamma[j]);
  const dvar = sum(dxhat.map((d, r) => d * dev[r])) * -0.5 * Math.pow(v + eps, -1.5);
  switch (key) {
    case "sum": return sum(col(inp.x));
    case "dev": return dev[i];
    case "sq": return dev[i] ** 2;
    case "var_eps": return v + eps;
    case "std": return Math.sqrt(v + eps);
    case "gx": return inp.gamma[j] * e.xhat[i][j];
    case "dxhat": return dxhat[i];
    case "dvar": return dvar;
    case "dmean": return -sum(dxhat) / Math.sqrt(v + eps) + dvar * (-2 / n) * sum(dev);
    default: {
      const val = e[key];
      return Array.isArray(val[0]) ? val[i][j] : val[j];
    }
  }
}

function caseHash(c, extra) {
  const inp = c.input;
  const m = (a) => a.map((r) => r.join(",")).join(";");
  return `#x=${m(inp.x)}&gamma=${inp.gamma}&beta=${inp.beta}&eps=${inp.eps}&mode=${inp.mode}` +
    `&momentum=${inp.momentum}&running_mean=${inp.running_mean}&running_var=${inp.running_var}&dy=${m(inp.dy)}${extra}`;
}

// The reference cases that fit the step lab (a dense batch of at most 16 × 8).
const fitting = cases.filter((c) => !Array.isArray(c.input.x[0][0]) && c.input.x.length <= 16 && c.input.x[0].length <= 8);

// First in this spec: the profile is fresh, so this is a first visit.
test("a first visit with no link opens the step lab at step 1 with a hint where to start, never the last step", async ({ base, outDir }) => {
  const { page, errors } = await open(base);
  await settle(page, 4);
  const s = await state(page);
  check("first visit: the step lab at step 1 of " + s.steps.length + ", not the last", s.tab === 0 && s.step === 0 &&
    s.steps.length > 1, `tab ${s.tab} step ${s.step}`);
  check("…with a one-line hint where to start (the lesson)", /lesson/i.test(s.start_hint), s.start_hint);
  check("…and the lesson not started, at chapter 1", s.lesson.chapter === 1 && !s.lesson.started && s.lesson.answered_total === 0);
  await page.screenshot({ path: path.join(outDir, "first-visit.png") });
  check("no console errors on the first visit", errors.length === 0, errors.join(" | "));
});

test("practice on reference batches: right answers accepted, wrong ones refused with a hint, step kept", async ({ base, outDir }) => {
  check(`reference cases that fit the step lab: ${fitting.length} (train and eval)`,
    fitting.length >= 3 && fitting.some((c) => c.input.mode === "train") && fitting.some((c) => c.input.mode === "eval"));
  let asked = 0, allOk = true, detail = "";
  const keys = new Set();
  for (const [k, c] of fitting.slice(0, 4).entries()) {
    const { page, errors } = await open(base + caseHash(c, `&practice=${k + 3}&step=0`));
    let s = await state(page);
    check(`[case ${k}] the link turns practice on at step 1 (${c.input.x.length}×${c.input.x[0].length}, ${c.input.mode})`,
      s.practice.on && s.step === 0 && s.practice.attempts === 0 && s.practice.solved === 0, JSON.stringify(s.practice));
    for (let guard = 0; guard < 40 && !s.practice.done; guard++) {
      const q = s.practice;
      const truth = truthOf(c, q.quantity, q.index);
      keys.add(q.quantity);
      const hidden = !(q.quantity in s) || s.step_name !== q.quantity;
      const wrongValue = Math.abs(truth) < 1e-3 ? truth + 1 : truth * 1.1;
      const before = s.step;
      const wrong = await command(page, `answer:${wrongValue}`);
      await settle(page);
      const s1 = await state(page);
      if (k === 0 && guard === 8) {  // a hint on screen, for the screenshot
        await settle(page, 4);
        await page.screenshot({ path: path.join(outDir, "practice-hint.png") });
      }
      const right = await command(page, `answer:${truth.toPrecision(9)}`);
      await settle(page);
      s = await state(page);
      const ok = hidden && wrong.ok && wrong.correct === false && s1.step === before && s1.practice.attempts === 1 &&
        /= \?/.test(s1.practice.hint) && right.ok && right.correct === true && (s.step > before || s.practice.done);
      if (!ok) {
        allOk = false;
        detail += ` [${q.quantity} ${JSON.stringify(q.index)} truth ${truth}: hidden ${hidden} wrong ${JSON.stringify(wrong)} ` +
          `hint "${s1.practice.hint}" right ${JSON.stringify(right)}]`;
      }
      asked++;
    }
    check(`[case ${k}] the round ends with every step answered (${s.practice.solved} solved)`, s.practice.done &&
      s.practice.solved === s.steps.filter((x) => x !== "dy").length, JSON.stringify(s.practice));
    check(`[case ${k}] no console errors`, errors.length === 0, errors.join(" | "));
  }
  check(`practice: ${asked} questions, each refused when wrong (hint with "= ?", step kept) and accepted when right`,
    allOk, detail);
  check(`practice asked forward and backward keys (${[...keys].join(", ")})`,
    ["mean", "var", "xhat", "y", "dx", "dgamma"].every((key) => keys.has(key)) && !keys.has("dy"));
});

test("practice: typed like a user, refusals count as no try, same seed same questions", async ({ base, outDir }) => {
  const { page, errors } = await open(base + "#x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&step=0");
  await clickItem(page, "practice_toggle");
  let s = await state(page);
  check("the Practice button turns practice on at step 1", s.practice.on && s.step === 0 && s.practice.quantity === "sum");
  for (const bad of ["abc", "1e40"]) {
    await clickItem(page, "practice_answer");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(bad);
    await page.keyboard.press("Enter");
    await settle(page, 4);
    s = await state(page);
    check(`typing ${JSON.stringify(bad)} is refused with a message and counts as no try`,
      s.practice.answer_error.length > 0 && s.practice.attempts === 0 && s.step === 0, JSON.stringify(s.practice));
  }
  for (const bad of ["", "abc", "1e40"]) {
    const r = await command(page, `answer:${bad}`);
    check(`answer:${bad} replies ok:false with an error, no try`, r.ok === false && r.error.length > 0 &&
      (await state(page)).practice.attempts === 0, JSON.stringify(r));
  }
  // Σx of the asked feature, typed.
  const x = [[1, 120, -0.5], [2, 80, 0.5], [3, 100, -1.5], [6, 140, 1.5]];
  const j = s.practice.index[0];
  const sum = x.reduce((a, r) => a + r[j], 0);
  await clickItem(page, "practice_answer");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(String(sum + 5));
  await page.keyboard.press("Enter");
  await settle(page, 4);
  s = await state(page);
  check("a wrong typed sum keeps step 1 and shows the sum written out with '?'", s.step === 0 &&
    s.practice.attempts === 1 && s.practice.hint.includes("= ?"), s.practice.hint);
  await clickItem(page, "practice_answer");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(String(sum));
  await page.keyboard.press("Enter");
  await settle(page, 4);
  s = await state(page);
  check("the right typed sum moves to step 2 (μ)", s.step === 1 && s.practice.quantity === "mean" &&
    s.practice.score.with_hints === 1, JSON.stringify(s.practice));
  check("no console errors while practising by hand", errors.length === 0, errors.join(" | "));
  // Same seed, same questions: two pages with practice=5, a third with practice=6.
  const sequence = async (seed) => {
    const { page: p } = await open(base + `#x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&dy=1,0,2;0,1,0;1,1,1;2,0,1&practice=${seed}`);
    const seen = [];
    for (let k = 0; k < 30; k++) {
      const st = await state(p);
      if (st.practice.done) break;
      seen.push(`${st.practice.quantity}${JSON.stringify(st.practice.index)}`);
      await command(p, "practice:show");
    }
    await p.close();
    return seen.join(" ");
  };
  const a = await sequence(5), b = await sequence(5), c = await sequence(6);
  check("the same seed asks the same questions (practice=5 twice)", a === b && a.length > 0, `${a} | ${b}`);
  check("another seed asks others (practice=6)", a !== c, c);
});

// ---------------------------------------------------------------------------------------------
// The lesson
// ---------------------------------------------------------------------------------------------
function parseLink(link) {
  const o = {};
  for (const part of link.split("&")) {
    const [k, v] = part.split("=");
    o[k] = v;
  }
  return o;
}
const rows = (t) => t.split(";").map((r) => r.split(",").map(Number));

// A numeric question's answer, computed here from the chapter's link (step lab) or the page's image batch.
function lessonTruth(s, q) {
  const L = parseLink(s.lesson.link);
  const [i, j] = q.index;
  if (q.source === "minmax" || q.source.startsWith("trace:")) {
    const x = rows(L.x), n = x.length;
    const c = x.map((r) => r[j]);
    if (q.source === "minmax") return (x[i][j] - Math.min(...c)) / (Math.max(...c) - Math.min(...c));
    const gamma = L.gamma.split(",").map(Number), beta = L.beta.split(",").map(Number), eps = Number(L.eps);
    const mode = L.mode;
    const rm = L.running_mean ? L.running_mean.split(",").map(Number) : x[0].map(() => 0);
    const rv = L.running_var ? L.running_var.split(",").map(Number) : x[0].map(() => 1);
    const ref = referenceBN({ x, gamma, beta, eps, mode, runningMean: rm, runningVar: rv });
    const key = q.source.slice(6);
    const mom = L.momentum ? Number(L.momentum) : 0.1;
    if (key === "running_mean") return (1 - mom) * rm[j] + mom * ref.mean[j];
    if (key === "running_var") return (1 - mom) * rv[j] + mom * ref.var[j] * n / (n - 1);
    return i >= 0 ? ref[key][i][j] : ref[key][j];
  }
  const [N, C, H, W] = s.image.shape;
  if (q.source === "image:m") return N * H * W;
  const ch = i, vals = [];
  for (let n = 0; n < N; n++) for (let p = 0; p < H * W; p++) vals.push(s.image.x[(n * C + ch) * H * W + p]);
  const mu = vals.reduce((a, v) => a + v, 0) / vals.length;
  if (q.source === "image:mean") return mu;
  return vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length;  // image:var, biased
}

test("every chapter opens from its link with its lab, and its numeric questions accept the value computed here", async ({ base, outDir }) => {
  const first = await open(base + "#lab=lesson&chapter=1");
  const total = (await state(first.page)).lesson.chapters;
  check(`the lesson has ${total} chapters (at least 10)`, total >= 10);
  let numeric = 0;
  for (let n = 1; n <= total; n++) {
    const { page, errors } = n === 1 ? first : await open(base + `#lab=lesson&chapter=${n}`);
    await settle(page, 4);
    let s = await state(page);
    const L = s.lesson;
    check(`chapter ${n} ("${L.title}") opens from #lab=lesson&chapter=${n} in the lesson tab`,
      L.chapter === n && L.started && s.tab === 5 && L.title.length > 0, JSON.stringify(L).slice(0, 300));
    // Its lab is what the chapter says.
    if (L.lab === "step") {
      const link = parseLink(L.link);
      check(`chapter ${n}: the step lab holds the chapter's batch, at step ${s.step_name}`,
        JSON.stringify(s.x) === JSON.stringify(rows(link.x)) && s.step === Number(link.step) &&
        s.mode === link.mode, `${JSON.stringify(s.x)} step ${s.step}`);
    } else if (L.lab === "image") {
      const link = parseLink(L.link);
      check(`chapter ${n}: the image lab has shape ${link.shape} and ${link.norm}`,
        s.image.shape.join(",") === link.shape && s.image.norm === link.norm && s.image.step === Number(link.step),
        JSON.stringify(s.image.shape));
    } else {
      const exp = L.commands.find((c) => c.startsWith("experiment:")).slice(11);
      check(`chapter ${n}: the training lab has experiment ${exp}`, s.train.experiment === exp, s.train.experiment);
    }
    for (const [k, q] of L.items.entries()) {
      if (q.kind !== "numeric") {
        const r = await command(page, `lesson:answer=${k + 1}:z`);
        check(`chapter ${n} question ${k + 1} (a choice) refuses 'z'`, r.ok === false && /letter/.test(r.error), JSON.stringify(r));
        continue;
      }
      const truth = lessonTruth(s, q);
      const wrong = await command(page, `lesson:answer=${k + 1}:${Math.abs(truth) < 1e-3 ? truth + 1 : truth * 1.2}`);
      s = await state(page);
      const hint = s.lesson.hints[k];
      const right = await command(page, `lesson:answer=${k + 1}:${truth.toPrecision(9)}`);
      s = await state(page);
      check(`chapter ${n} question ${k + 1}: wrong refused with a hint, ${truth.toPrecision(6)} accepted`,
        wrong.ok && !wrong.correct && /\?/.test(hint) && right.ok && right.correct && s.lesson.status[k] === "2",
        `${JSON.stringify(wrong)} ${hint} ${JSON.stringify(right)}`);
      numeric++;
    }
    if (n === 5 || n === 12) await page.screenshot({ path: path.join(outDir, `lesson-chapter-${n}.png`) });
    check(`chapter ${n}: no console errors`, errors.length === 0, errors.join(" | "));
    await page.close();
  }
  check(`${numeric} numeric questions checked`, numeric >= 12);
});

test("lesson progress survives a reload; continue where I left off", async ({ base }) => {
  const { page } = await open(base + "#lab=lesson&chapter=7");
  let s = await state(page);
  const r = await command(page, "lesson:answer=3:b");  // chapter 7, question 3: a choice
  s = await state(page);
  const answered = s.lesson.answered_total;
  check("an answer in chapter 7 counts", r.ok && s.lesson.answered >= 1 && answered >= 1, JSON.stringify(r));
  await page.goto(base);
  await page.waitForFunction(() => window.bnlab);
  await page.evaluate(() => window.bnlab.ready);
  await settle(page, 3);
  s = await state(page);
  check("after a reload without a link the lesson remembers chapter 7 and the answers",
    s.lesson.chapter === 7 && s.lesson.answered_total === answered && !s.lesson.started, JSON.stringify(s.lesson).slice(0, 200));
  await command(page, "lesson");
  await settle(page, 4);
  await clickItem(page, "lesson_continue");
  await settle(page, 4);
  s = await state(page);
  check("'Continue where I left off' opens chapter 7 with its lab", s.lesson.started && s.lesson.chapter === 7 &&
    s.tab === 5 && s.step_name === "running_var", `${s.lesson.chapter} ${s.step_name}`);
});
