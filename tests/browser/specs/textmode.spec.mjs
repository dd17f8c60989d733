// textmode.spec.mjs: text mode, where the page runs the same wasm without drawing and the text version (a11y.js) is
// the lab: Chromium without WebGL (a second Chromium with --disable-3d-apis) and the harness's Chromium with ?text=1.
// The batch table's cells edit x, next moves the step, a lesson answer is read, training runs, keys work,
// no console errors; screenshots in tests/browser/out/textmode-*.png.
//
// Run alone: node tests/browser/run.mjs DIST textmode
import path from "node:path";
import { chromium } from "playwright-core";
import { check, test, open, state, settle } from "../harness.mjs";
import { referenceBN, maxRelErr } from "../reference.mjs";

// Waits until the text version shows the state's revision (it is rebuilt at most every 150 ms).
async function mirrored(page) {
  await page.waitForFunction(() => {
    const root = document.getElementById("a11y");
    return root && root.getAttribute("data-revision") === String(window.bnlab.state().revision);
  }, null, { timeout: 10000 });
}

test("no WebGL at all: the page starts in text mode and is operable", async ({ base, outDir }) => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-3d-apis", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    const x = [[1, 2], [3, 6], [-2, 0.5]];
    await page.goto(base + "#x=1,2;3,6;-2,0.5&gamma=1,1&beta=0,0&eps=0.001&mode=train&step=0");
    check("the browser really has no WebGL2 here",
      await page.evaluate(() => document.createElement("canvas").getContext("webgl2") === null));
    await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), null, { timeout: 30000 });
    await page.evaluate(() => window.bnlab.ready);
    await mirrored(page);
    let s = await state(page);
    check("state().text_mode is true without WebGL2", s.text_mode === true);
    check("the loader says why (no-webgl2)", (await page.evaluate(() => window.bnlab.textModeReason)) === "no-webgl2");
    check("the link's batch is loaded (3×2) at step 1", JSON.stringify(s.x) === JSON.stringify(x) && s.step === 0);
    check("the canvas is hidden, the text version shown", await page.evaluate(() =>
      getComputedStyle(document.getElementById("canvas")).display === "none" &&
      !document.getElementById("a11y").classList.contains("visually-hidden") &&
      document.getElementById("a11y").getBoundingClientRect().height > 300));
    check("the batch is a visible table of 6 fields", await page.evaluate(() => {
      const t = document.getElementById("batch-table");
      return !!t && t.getBoundingClientRect().width > 100 && t.querySelectorAll("input").length === 6;
    }));
    const frames = s.frame;
    await page.waitForTimeout(400);
    check("frames keep coming without GL", (await state(page)).frame > frames);

    // A cell edited by keyboard: focus, type, Enter.
    const cell = page.locator('#batch-table input[data-cell="1,0"]');
    await cell.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("-4.5");
    await page.keyboard.press("Enter");
    await mirrored(page);
    s = await state(page);
    check("typing -4.5 and Enter in x₂,₁ changes state().x", s.x[1][0] === -4.5, JSON.stringify(s.x));
    const ref = referenceBN({ x: [[1, 2], [-4.5, 6], [-2, 0.5]], gamma: [1, 1], beta: [0, 0], eps: 0.001 });
    check("…and the field shows the committed value", (await cell.inputValue()) === "-4.5");
    // A refused edit keeps the value and says why.
    await cell.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("abc");
    await page.keyboard.press("Enter");
    await mirrored(page);
    s = await state(page);
    check("a refused cell (abc) keeps x and says why", s.x[1][0] === -4.5 &&
      /Refused/.test(await page.locator("#a11y .refused").first().textContent()));

    // Next moves the step; the heading and the numbers follow.
    await page.getByRole("button", { name: "Next step", exact: true }).click();
    await mirrored(page);
    await page.getByRole("button", { name: "Next step", exact: true }).click();
    await mirrored(page);
    s = await state(page);
    check("Next step twice: step 3 (the deviations)", s.step === 2 && s.step_name === "dev", `${s.step} ${s.step_name}`);
    check("the mean is the reference's", maxRelErr(s.mean, ref.mean) < 1e-6, JSON.stringify(s.mean));
    await page.waitForFunction(() => /Step 3 of \d+/.test(document.getElementById("a11y").textContent), null,
      { timeout: 5000 }).catch(() => {});
    const text = await page.locator("#a11y").innerText();
    check("the step's heading and formula are on the page", /Step 3 of \d+/.test(text) && /Formula:/.test(text), text.slice(0, 600));
    // The keys: → moves the step, 3 opens the training lab.
    await page.locator("#a11y h1").click();
    await page.keyboard.press("ArrowRight");
    await mirrored(page);
    check("→ on the page moves the step", (await state(page)).step === 3);
    await page.keyboard.press("Home");
    await mirrored(page);
    check("Home goes to the first step", (await state(page)).step === 0);
    await page.screenshot({ path: path.join(outDir, "textmode-step.png"), fullPage: true });

    // Practice: an answer through the field.
    await page.getByRole("button", { name: "Start practice" }).click();
    await mirrored(page);
    s = await state(page);
    check("Start practice turns practice on", s.practice.on === true);
    await page.getByRole("textbox", { name: "Your answer" }).fill("12345");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await mirrored(page);
    check("a practice answer counts an attempt", (await state(page)).practice.attempts >= 1);
    await page.getByRole("button", { name: "End practice" }).click();
    await mirrored(page);

    // The training lab: Train runs it, the numbers appear per step, Pause stops it.
    await page.keyboard.press("3");
    // The key reaches the app at its next frame: wait for the tab itself, then for the text version to follow.
    await page.waitForFunction(() => window.bnlab.state().tab === 2, null, { timeout: 10000 }).catch(() => {});
    await mirrored(page);
    check("3 opens the training lab and shows its section only", (await state(page)).tab === 2 &&
      await page.locator("#a11y section:not([hidden]) h2").innerText() === "3 Why BN helps: training");
    await page.getByRole("button", { name: "Train", exact: true }).click();
    await page.waitForFunction(() => window.bnlab.state().train.step > 20, null, { timeout: 20000 });
    await page.waitForTimeout(600);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await mirrored(page);
    s = await state(page);
    check("Train trains without GL, Pause stops", s.train.running === false && s.train.step > 20);
    const logRows = await page.locator("#a11y section:not([hidden]) table tbody tr").count();
    check("the loss and accuracy per step are in a table", logRows >= 2, `${logRows} rows`);
    await page.screenshot({ path: path.join(outDir, "textmode-train.png"), fullPage: true });
    check("no console errors in text mode without WebGL", errors.length === 0, errors.join(" | "));
    await page.close();
  } finally {
    await browser.close();
  }
});

test("text=1 in the link: text mode where WebGL2 works; a lesson answer", async ({ base, outDir }) => {
  const { page, errors } = await open(base + "?text=1#lab=lesson&chapter=1");
  await mirrored(page);
  let s = await state(page);
  check("?text=1: state().text_mode is true", s.text_mode === true);
  check("the loader says why (link)", (await page.evaluate(() => window.bnlab.textModeReason)) === "link");
  check("the lesson opens from the link, its section alone on the page", s.tab === 5 && s.lesson.started === true &&
    s.lesson.chapter === 1 && (await page.locator("#a11y section:not([hidden])").count()) === 1);
  const k = s.lesson.items.findIndex((q) => q.kind === "numeric" && q.source === "minmax");
  check("chapter 1 asks for a min-max value", k >= 0);
  // The truth from the chapter's own link: (x − min) / (max − min) of the asked element.
  const L = Object.fromEntries(s.lesson.link.split("&").map((p) => p.split("=")));
  const x = L.x.split(";").map((r) => r.split(",").map(Number));
  const [i, j] = s.lesson.items[k].index;
  const col = x.map((r) => r[j]);
  const truth = (x[i][j] - Math.min(...col)) / (Math.max(...col) - Math.min(...col));
  const field = page.getByRole("textbox", { name: `Your answer to question ${k + 1}` });
  await field.fill("not a number");
  await field.press("Enter");
  await mirrored(page);
  s = await state(page);
  check("an unreadable answer is refused with a reason", !!s.lesson.answer_errors[k] && s.lesson.status.charAt(k) === "0",
    JSON.stringify(s.lesson.answer_errors));
  await field.fill(truth.toPrecision(4));
  await page.getByRole("button", { name: "Check", exact: true }).nth(k).click();
  await mirrored(page);
  s = await state(page);
  check(`the answer ${truth.toPrecision(4)} is right (first try)`, s.lesson.status.charAt(k) === "1", s.lesson.status);
  check("the live region reads the verdict", (await page.locator("#a11y-live").textContent()).length > 3);
  await page.screenshot({ path: path.join(outDir, "textmode-lesson.png"), fullPage: true });
  // Without text=1 the same browser draws.
  const drawn = await open(base + "#x=1,2;3,4");
  check("without text=1: state().text_mode is false", (await state(drawn.page)).text_mode === false);
  check("no console errors", errors.length === 0 && drawn.errors.length === 0, errors.concat(drawn.errors).join(" | "));
});

test("View → Text mode reloads the page in text mode at the same link", async ({ base }) => {
  const { page, errors } = await open(base + "#x=1,2;3,5;4,4&mode=train&step=2");
  await settle(page, 3);
  check("drawn at first (text_mode false)", (await state(page)).text_mode === false);
  const at = async (id) => {
    const s = await state(page);
    const r = s.rects[id];
    if (!r) throw new Error(`no item ${id} on screen`);
    const box = await page.locator("#canvas").boundingBox();
    return { x: box.x + (r[0] + r[2] / 2) / s.dpr, y: box.y + (r[1] + r[3] / 2) / s.dpr };
  };
  let p = await at("menu_view");
  await page.mouse.click(p.x, p.y);
  await settle(page, 3);
  p = await at("view_text_mode");
  await Promise.all([page.waitForURL(/[?&]text=1/, { timeout: 15000 }), page.mouse.click(p.x, p.y)]);
  await page.waitForLoadState("load");
  await page.waitForFunction(() => window.bnlab && window.bnlab.textMode, null, { timeout: 30000 });
  await page.evaluate(() => window.bnlab.ready);
  const s = await state(page);
  check("View → Text mode: ?text=1, text_mode true, the same batch and step", s.text_mode === true &&
    JSON.stringify(s.x) === "[[1,2],[3,5],[4,4]]" && s.step === 2, `${page.url()} ${JSON.stringify(s.x)} ${s.step}`);
  check("no console errors", errors.length === 0, errors.join(" | "));
});
