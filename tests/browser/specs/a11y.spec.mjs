// a11y.spec.mjs: the page for a screen reader and for other needs. The text version (a parallel DOM) holds the
// batch as a table and, after each → on the canvas, the step's name, formula and numbers; the live region
// (role=status, there from page load) announces every step and every refusal; its buttons drive the app; it is
// rebuilt only when the state changes; the other labs' key numbers; reduced motion and the high-contrast theme;
// text typed as input events (keyboard.insertText) reaches a cell on the desktop too.
//
// Run alone: node tests/browser/run.mjs DIST a11y
import path from "node:path";
import { check, test, open, state, settle, clickItem } from "../harness.mjs";
import { referenceBN, DEFAULT_X } from "../reference.mjs";
import { DEVICES, openDevice, closeContext, closeDevices } from "../devices.mjs";

// The canvas's way of writing numbers (bn::FormatNumber with 7 digits for the batch): %g and a typographic minus.
const fmt = (v) => String(Number(v.toPrecision(7))).replace(/^-/, "−");

// Waits until the text version has been rebuilt for the app's current revision; returns the state. With
// `after`, the revision must first have moved past it: a key press reaches the app on its next frame, so right
// after the press the text version still (rightly) matches the old revision.
async function mirrored(page, after = -1) {
  await page.waitForFunction((after) => {
    const s = window.bnlab.state();
    return s.revision > after && document.getElementById("a11y").getAttribute("data-revision") === String(s.revision);
  }, after, { timeout: 10000 });
  return state(page);
}
const live = (page) => page.evaluate(() => document.getElementById("a11y-live").textContent);

test("the live region is there from page load", async ({ base }) => {
  const { page } = await open(base, { waitReady: false });
  const early = await page.evaluate(() => {
    const r = document.getElementById("a11y-live");
    return { role: r && r.getAttribute("role"), polite: r && r.getAttribute("aria-live"), ready: !!(window.Module && window.Module.calledRun) };
  });
  check(`a role="status" aria-live="polite" region exists before the app runs (app running: ${early.ready})`,
    early.role === "status" && early.polite === "polite");
  await page.close();
});

test("screen reader: the batch, then every step by the arrow keys", async ({ base }) => {
  const { page, errors } = await open(base + "#x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&step=1");
  let s = await mirrored(page);
  let snap = await page.locator("body").ariaSnapshot();
  const cells = DEFAULT_X.flat().map(fmt);
  const missing = cells.filter((v) => !snap.includes(`cell "${v}"`));
  check(`the accessibility tree holds the batch as a table: all ${cells.length} values of x as cells`, missing.length === 0,
    `missing ${missing.join(", ")}`);
  check("…with its caption, γ and β rows, ε and the mode", /table "The batch x: 4 samples \(rows\) × 3 features/.test(snap) &&
    /row "γ 1 1 1"/.test(snap) && /row "β 0 0 0"/.test(snap) && snap.includes("ε = 1e-05, mode: train"), snap.slice(0, 600));

  // Home, then → through every step: after each, the tree has the step's name, formula and numbers, and the
  // live region says "Step k of K, name: numbers".
  await page.locator("#canvas").focus();
  const beforeHome = (await state(page)).revision;
  await page.keyboard.press("Home");
  s = await mirrored(page, beforeHome);
  const ref = referenceBN({ x: s.x, gamma: s.gamma, beta: s.beta, eps: s.eps });
  const count = s.steps.length;
  let announced = [await live(page)], inTree = 0, numbersOk = 0, tableOk = 0;
  const problems = [];
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      const before = s.revision;
      await page.keyboard.press("ArrowRight");
      s = await mirrored(page, before);
      announced.push(await live(page));
    }
    snap = await page.locator("body").ariaSnapshot();
    const a = s.a11y.step;
    const heading = `Step ${k + 1} of ${count}`;
    if (snap.includes(heading) && snap.includes(a.title) && snap.includes(`Formula: ${a.formula}`) &&
        snap.includes(`With the numbers: ${a.numbers}`)) inTree++;
    else problems.push(`step ${k + 1} (${a.title}) not in the tree`);
    // This step's values per feature, as the table's cells: the first feature's value as the canvas rounds it.
    const v = s[s.step_name];
    const first = Array.isArray(v[0]) ? v[0][0] : v[0];
    if (snap.includes(`cell "${String(Number(first.toPrecision(5))).replace(/^-/, "−")}"`)) tableOk++;
    else problems.push(`step ${k + 1}: value ${first} not in its table`);
    if (announced[k] === `Step ${k + 1} of ${count}, ${a.title.charAt(0).toLowerCase() + a.title.slice(1)}: ${a.numbers}`) numbersOk++;
    else problems.push(`step ${k + 1} announced "${announced[k]}"`);
  }
  check(`after each → (${count} steps) the tree has the step's number, name, formula and formula with numbers`, inTree === count,
    problems.slice(0, 4).join(" | "));
  check(`…and its values for every feature as a table (${tableOk} of ${count})`, tableOk === count, problems.slice(0, 4).join(" | "));
  check(`the live region announces each step as "Step k of K, name: numbers" (${numbersOk} of ${count})`, numbersOk === count,
    problems.slice(0, 4).join(" | "));
  check("…and its text changes at every step", new Set(announced).size === count, announced.join(" / "));
  // The mean step's sentence with the reference's numbers: "μ₁ = Σx₁ / N = 12 / 4 = 3" (Σx₁ = 1 + 2 + 3 + 6).
  const meanSentence = announced[s.steps.indexOf("mean")];
  const sum0 = DEFAULT_X.reduce((acc, r) => acc + r[0], 0);
  check(`the mean step is announced with the reference's numbers (${meanSentence})`,
    meanSentence.startsWith(`Step 2 of ${count}, batch mean: μ₁ = `) &&
    meanSentence.endsWith(` = ${sum0} / ${DEFAULT_X.length} = ${ref.mean[0]}`));
  check("no console errors while stepping with the text version", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("screen reader: buttons drive the app; refusals are announced; rebuilt only on change", async ({ base }) => {
  const { page, errors } = await open(base + "#x=1,120,-0.5;2,80,0.5;3,100,-1.5;6,140,1.5&step=0");
  let s = await mirrored(page);
  await page.getByRole("button", { name: "Next step" }).dispatchEvent("click");  // as a screen reader activates it
  s = await mirrored(page, s.revision);
  check(`the text version's "Next step" button moves the app one step (step index ${s.step})`, s.step === 1);
  check("…and the live region announces it", (await live(page)).startsWith(`Step 2 of ${s.steps.length}, batch mean`));
  await page.getByRole("button", { name: "Last step" }).dispatchEvent("click");
  s = await mirrored(page, s.revision);
  check(`"Last step" goes to the last step (${s.step_name})`, s.step === s.steps.length - 1);

  // Idle for a second: the text version is not touched (no DOM mutation), so screen readers are not disturbed.
  // First until the app itself is still (its revision the same over half a second, the text version caught up).
  for (let k = 0, last = -1; k < 40; k++) {
    const now = await page.evaluate(() => window.bnlab.state().revision);
    if (now === last && (await page.evaluate(() => document.getElementById("a11y").getAttribute("data-revision"))) === String(now)) break;
    last = now;
    await page.waitForTimeout(500);
  }
  const mutations = await page.evaluate(() => new Promise((res) => {
    let n = 0;
    const obs = new MutationObserver((list) => { n += list.length; });
    obs.observe(document.getElementById("a11y"), { subtree: true, childList: true, characterData: true, attributes: true });
    setTimeout(() => { obs.disconnect(); res(n); }, 1000);
  }));
  check(`idle for 1 s: the text version is not rebuilt (${mutations} DOM changes)`, mutations === 0);

  // A refused cell: the live region says what the canvas says.
  await clickItem(page, "x:0:0");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("abc");
  await page.keyboard.press("Enter");
  await settle(page, 4);
  s = await mirrored(page);
  const said = await live(page);
  check(`a refused value is announced with the canvas's message ("${said}")`, s.cell_error !== "" && said === `Refused: ${s.cell_error}`);
  check("no console errors with the text version's buttons", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("screen reader: the other labs' key numbers", async ({ base }) => {
  const { page, errors } = await open(base);
  await page.evaluate(() => { window.bnlab.command("tab-train"); window.bnlab.command("train-max-speed"); window.bnlab.command("train-start"); });
  await page.waitForFunction(() => window.bnlab.state().train.step >= 200, null, { timeout: 60000 });
  await page.evaluate(() => window.bnlab.command("train-pause"));
  await settle(page, 3);
  let s = await mirrored(page);
  let snap = await page.locator("body").ariaSnapshot();
  const runs = s.train.runs;
  const lossesShown = runs.every((r) => snap.includes(`row "${r.network} ${String(Number(r.train_loss.toPrecision(4)))}`));
  check(`training lab: the tree has the step (${s.train.step}) and each network's loss and accuracies (${runs.map((r) => r.network).join(", ")})`,
    snap.includes(`Step ${s.train.step}`) && runs.length === 2 && lossesShown, snap.split("\n").filter((l) => /network|row/.test(l)).slice(-4).join(" | "));

  await page.evaluate(() => window.bnlab.command("tab-image"));
  await page.evaluate(() => window.bnlab.command("image:norm=group"));
  await page.evaluate(() => window.bnlab.command("image:groups=3"));
  await page.evaluate(() => window.bnlab.command("last"));
  await settle(page, 3);
  s = await mirrored(page);
  snap = await page.locator("body").ariaSnapshot();
  const im = s.image, a = s.a11y.image;
  const groupsShown = a.groups.every((label, k) => snap.includes(`row "${label} ${String(Number(im.values.mean[k].toPrecision(5))).replace(/^-/, "−")}`));
  check(`image lab: the tree has its step (${a.title}) and each of the ${im.count} groups' mean and variance`,
    snap.includes(`Step ${a.index + 1} of ${a.count}: ${a.title}`) && groupsShown && a.groups.length === im.count);
  check("…and the live region names the image lab's step", (await live(page)).startsWith(`Image lab, step ${a.index + 1} of ${a.count}`),
    await live(page));
  await page.evaluate(() => window.bnlab.command("tab-step"));
  check("no console errors in the other labs' text", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("reduced motion, high contrast, text input events on the desktop", async ({ base, outDir }) => {
  // Reduced motion and more contrast asked by the system (a fresh touch context, so no theme is saved yet).
  const { page: p2, context } = await openDevice(base, DEVICES[1], { reducedMotion: "reduce", contrast: "more" });
  const s2 = await state(p2);
  check(`prefers-reduced-motion: the app knows (reduce_motion ${s2.reduce_motion}) and plays nothing by itself`,
    s2.reduce_motion === true && s2.playing === false && s2.train.running === false);
  check(`prefers-contrast: more starts in the high-contrast theme (${s2.theme})`, s2.theme === "contrast");
  await p2.screenshot({ path: path.join(outDir, "a11y-tablet-contrast.png") });
  await closeContext(context);
  await closeDevices();

  const { page, errors } = await open(base);
  check("a desktop page without those preferences: no reduced motion", (await state(page)).reduce_motion === false);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await settle(page, 3);
  check("turning reduced motion on while the page is open reaches the app", (await state(page)).reduce_motion === true);
  await page.emulateMedia({ reducedMotion: "no-preference" });

  // The View menu's themes: high contrast, remembered across visits; then back to dark.
  const reply = await page.evaluate(() => window.bnlab.command("theme:contrast"));
  await settle(page, 3);
  await page.screenshot({ path: path.join(outDir, "a11y-desktop-contrast.png") });
  await page.reload();
  await page.evaluate(() => window.bnlab.ready);
  const kept = (await state(page)).theme;
  await page.evaluate(() => window.bnlab.command("theme:dark"));
  check(`the high-contrast theme is chosen (${JSON.stringify(reply)}) and kept across visits (${kept})`, reply.ok === true && kept === "contrast");
  check("a theme that does not exist is refused", (await page.evaluate(() => window.bnlab.command("theme:pink"))).ok === false);

  // Text that arrives as input events (IME, dictation, on-screen keyboards; Playwright's insertText) reaches a
  // cell clicked with the mouse.
  await clickItem(page, "x:2:2");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("−2.5".replace("−", "-"));
  await page.keyboard.press("Enter");
  await settle(page, 4);
  const s = await state(page);
  check(`desktop: a clicked cell takes text from insertText (x₃,₃ = ${s.x[2][2]})`, s.x[2][2] === -2.5);
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});
