// i18n.spec.mjs: bnlab in the learner's language (issue 25).
//   first visit   a browser set to es-ES, pt-BR, zh-CN opens in es, pt-BR, zh-Hans (fr-FR: English); the document's
//                 lang follows; the lesson's words are the catalog's
//   link          lang= in any link, with the lab's own keys; a language bnlab lacks refused with a message
//   switch        View → Language keeps the batch, the edit and the step; remembered after a reload; Chinese fetches
//                 its font then, and only then
//   fetched       English is in the wasm; another language's texts (lang-TAG.cat) are fetched only when it is used, the
//                 start language's before the first frame; a failed or damaged file leaves the language as it was
//   lesson        a numeric question answered in each language (a decimal comma in Spanish and Portuguese)
//   pictures      the step lab and the lesson at desktop and phone size in each language (out/i18n-*.png); no item
//                 runs past the screen's right edge where English's does not; the page's weight per language printed
//
// Run alone: node tests/browser/run.mjs DIST i18n
import fs from "node:fs";
import path from "node:path";
import { check, test, open, newPage, state, settle, clickItem } from "../harness.mjs";
import { DESKTOP, DEVICES, openDevice, closeContext, closeDevices } from "../devices.mjs";
import { lessonTruth } from "../lesson_truth.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const command = (page, c) => page.evaluate((t) => window.bnlab.command(t), c);
const LANGS = [{ tag: "es", locale: "es-ES" }, { tag: "pt-BR", locale: "pt-BR" }, { tag: "zh-Hans", locale: "zh-CN" }];

// One key's text in a catalog (assets/i18n/TAG.po), read here: what the learner must see is the catalog's.
function catalogText(tag, key) {
  const text = fs.readFileSync(path.join(here, `../../../assets/i18n/${tag}.po`), "utf8");
  const at = text.indexOf(`msgctxt "${key}"`);
  if (at < 0) return null;
  const unquote = (block) => [...block.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`)).join("");
  const rest = text.slice(at).split("\n");
  const field = (name) => {
    const k = rest.findIndex((l) => l.startsWith(name + " "));
    let block = rest[k].slice(name.length);
    for (let j = k + 1; j < rest.length && rest[j].startsWith('"'); j++) block += rest[j];
    return unquote(block);
  };
  return tag === "en" ? field("msgid") : field("msgstr");
}

test("a first visit speaks the browser's language, and the document says which", async ({ base }) => {
  const titleEn = catalogText("en", "lesson.01-scaling.title");
  for (const { tag, locale } of [...LANGS, { tag: "en", locale: "fr-FR" }]) {
    const { page, context, errors } = await openDevice(base, DESKTOP, { locale });
    await command(page, "lesson:chapter=1");
    const s = await state(page);
    const docLang = await page.evaluate(() => document.documentElement.lang);
    const want = tag === "en" ? titleEn : catalogText(tag, "lesson.01-scaling.title");
    check(`navigator.language ${locale}: state().lang is ${tag}, <html lang="${tag}">, chapter 1 is "${want}"`,
      s.lang === tag && docLang === tag && s.lesson.title === want && (tag === "en" || want !== titleEn),
      `lang=${s.lang} doc=${docLang} title=${s.lesson.title}`);
    check(`navigator.language ${locale}: no console errors`, errors.length === 0, errors.join(" | "));
    await closeContext(context);
  }
});

test("a language's texts are fetched when it is first used; a failed or damaged file is refused, and retried", async ({ base }) => {
  // An English visit fetches no catalog; a Spanish one fetches only Spanish's, before its first frame.
  const visit = async (url) => {
    const page = await newPage();
    const fetched = [];
    page.on("request", (r) => { const m = r.url().match(/lang-([A-Za-z-]+)\.cat$/); if (m) fetched.push(m[1]); });
    await page.goto(url);
    await page.evaluate(() => window.bnlab.ready);
    return { page, fetched };
  };
  let { page, fetched } = await visit(base);
  let s = await state(page);
  check("an English visit: English, and no lang-*.cat fetched", s.lang === "en" && fetched.length === 0, fetched.join());
  // Spanish chosen: the notice says it is on its way, then the texts are Spanish; only lang-es.cat was fetched.
  await command(page, "lang:es");
  await page.waitForFunction(() => window.bnlab.state().lang === "es", null, { timeout: 20000 });
  s = await state(page);
  check("lang:es fetched lang-es.cat, once, and switched to Spanish", s.lang === "es" && fetched.join() === "es",
    `fetched=${fetched.join()} lang=${s.lang}`);
  await command(page, "lang:en");  // the choice is remembered: the next visits start in English again
  await page.close();
  ({ page, fetched } = await visit(base + "#lang=es"));
  s = await state(page);
  const frame = await page.evaluate(() => window.bnlab.state().frame);
  check("a visit with lang=es: Spanish from the first frame, lang-es.cat its only catalog", s.lang === "es" &&
    fetched.join() === "es" && frame > 0, `lang=${s.lang} fetched=${fetched.join()}`);
  await command(page, "lang:en");
  await page.close();
  // The file missing (HTTP 404), then damaged: a notice in the current language says why, nothing changes; choosing
  // the language again once the file is there switches.
  page = await newPage();
  let answer = { status: 404, body: "not found" };
  await page.route(/lang-pt-BR\.cat$/, (route) => route.fulfill(answer));
  await page.goto(base + "#x=1,2;3,5;4,9&step=2");
  await page.evaluate(() => window.bnlab.ready);
  await command(page, "lang:pt-BR");
  await page.waitForFunction(() => window.bnlab.state().notice_is_error, null, { timeout: 20000 });
  s = await state(page);
  const name = catalogText("pt-BR", "lang.pt-BR") || catalogText("en", "lang.pt-BR");
  check("lang-pt-BR.cat missing: an error notice naming the language and HTTP 404; English, the batch and step kept",
    s.lang === "en" && s.notice.includes(name) && s.notice.includes("HTTP 404") && s.step === 2 &&
    JSON.stringify(s.x) === "[[1,2],[3,5],[4,9]]", `${s.lang} ${s.notice} step=${s.step}`);
  answer = { status: 200, contentType: "application/octet-stream", body: "<!doctype html><p>a portal's page</p>" };
  await page.close();
  page = await newPage();
  await page.route(/lang-pt-BR\.cat$/, (route) => route.fulfill(answer));
  await page.goto(base);
  await page.evaluate(() => window.bnlab.ready);
  await command(page, "lang:pt-BR");
  await page.waitForFunction(() => window.bnlab.state().notice_is_error, null, { timeout: 20000 });
  s = await state(page);
  check("lang-pt-BR.cat damaged (a web page): \"not a bnlab catalog file\", English kept",
    s.lang === "en" && s.notice.includes("not a bnlab catalog file"), `${s.lang} ${s.notice}`);
  await page.unroute(/lang-pt-BR\.cat$/);
  await command(page, "lang:pt-BR");  // a new try fetches again: the file is there now
  await page.waitForFunction(() => window.bnlab.state().lang === "pt-BR", null, { timeout: 20000 }).catch(() => {});
  s = await state(page);
  check("chosen again once the file is there: Portuguese", s.lang === "pt-BR", `lang=${s.lang}`);
  await page.close();
});

test("lang= in a link, beside the lab's keys; a language bnlab lacks is refused with a message", async ({ base }) => {
  const x = [[1, 2], [3, 5], [4, 9]];
  const link = `x=${x.map((r) => r.join(",")).join(";")}&step=2`;
  let { page, errors } = await open(base + `#lang=pt-BR&${link}`);
  let s = await state(page);
  check("#lang=pt-BR&x=…&step=2: Portuguese, with the link's batch and step", s.lang === "pt-BR" &&
    JSON.stringify(s.x) === JSON.stringify(x) && s.step === 2, `lang=${s.lang} x=${JSON.stringify(s.x)} step=${s.step}`);
  await page.evaluate((h) => { window.location.hash = h; }, `lang=fr&x=${x.map((r) => r.join(",")).join(";")}&step=3`);
  await settle(page, 6);
  s = await state(page);
  check("#lang=fr: refused with a message naming it, the language kept, the rest of the link read",
    s.lang === "pt-BR" && s.notice_is_error && s.notice.includes('"fr"') && s.step === 3,
    `${s.lang} ${s.notice} step=${s.step}`);
  const bad = await command(page, "lang:klingon");
  check("lang:klingon is refused", !bad.ok && (bad.error || "").includes("klingon"), JSON.stringify(bad));
  const zh = await command(page, "lang:zh-CN");
  // Its texts arrive a moment later (lang-zh-Hans.cat, fetched on first use).
  await page.waitForFunction(() => window.bnlab.state().lang === "zh-Hans", null, { timeout: 20000 }).catch(() => {});
  s = await state(page);
  check("lang:zh-CN chooses Simplified Chinese", zh.ok && s.lang === "zh-Hans", JSON.stringify(zh));
  await page.close();
  ({ page, errors } = await open(base));
  s = await state(page);
  check("a later visit without lang= keeps the learner's choice (zh-Hans)", s.lang === "zh-Hans", s.lang);
  await command(page, "lang:en");
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("View → Language switches at once and keeps the batch, the edit and the step; Chinese brings its font", async ({ base, outDir, requests }) => {
  const x = [[1, 2, -3], [3, 5, 0.5], [4, 9, 2], [-2, 0.25, 7]];
  const { page, errors } = await open(base + `#x=${x.map((r) => r.join(",")).join(";")}&step=5`);
  await command(page, "lang:en");
  await command(page, "cell:1,2=8");
  await settle(page, 4);
  const before = await state(page);
  const hashBefore = await page.evaluate(() => window.location.hash);
  const earlier = requests.filter((r) => r.endsWith("/cjk.ttf")).length;  // earlier tests' pages (one server)
  const fontAsked = () => requests.filter((r) => r.endsWith("/cjk.ttf")).length - earlier;
  check("English: the Chinese font is not fetched", fontAsked() === 0, String(fontAsked()));
  for (const { tag } of [{ tag: "es" }, { tag: "zh-Hans" }, { tag: "pt-BR" }, { tag: "en" }]) {
    await clickItem(page, "menu_view");
    await settle(page, 3);
    await clickItem(page, "view_language");
    await settle(page, 3);
    await clickItem(page, `lang_${tag}`);
    await settle(page, 6);
    const s = await state(page);
    const hash = await page.evaluate(() => window.location.hash);
    check(`the menu's ${tag}: state().lang ${tag}; the batch (with the edit x₂,₃ = 8), the step and the link kept`,
      s.lang === tag && JSON.stringify(s.x) === JSON.stringify(before.x) && s.x[1][2] === 8 && s.step === 5 &&
      hash === hashBefore, `lang=${s.lang} step=${s.step} x=${JSON.stringify(s.x)} hash=${hash}`);
    if (tag === "zh-Hans") {
      for (let k = 0; k < 50 && fontAsked() === 0; k++) await settle(page, 2);
      await settle(page, 6);
      check("Chinese: the font is fetched once, when chosen", fontAsked() === 1,
        `${fontAsked()} (before this test: ${earlier}) ${JSON.stringify(requests.slice(-12))}`);
      await page.screenshot({ path: path.join(outDir, "i18n-switch-zh-Hans.png") });
    }
  }
  check("no console errors while switching", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("a lesson question answered in each language (a decimal comma where the language writes one)", async ({ base }) => {
  for (const { tag } of [...LANGS, { tag: "en" }]) {
    const { page, errors } = await open(base + `#lang=${tag}&lab=lesson&chapter=1`);
    await command(page, "lesson:reset");
    let s = await state(page), n = 1, qi = -1;
    for (; n <= s.lesson.chapters; n++) {  // the first chapter with a question about a step's value
      await command(page, `lesson:chapter=${n}`);
      s = await state(page);
      qi = s.lesson.items.findIndex((it) => it.kind === "numeric" && it.source.startsWith("trace:"));
      if (s.lesson.lab === "step" && qi >= 0 && !s.lesson.covered) break;
    }
    const q = s.lesson.items[qi];
    const truth = lessonTruth(s, q);
    const comma = tag === "es" || tag === "pt-BR";
    const typed = comma ? truth.toPrecision(4).replace(".", ",") : truth.toPrecision(4);
    const wrong = await command(page, `lesson:answer=${qi + 1}:${(truth * 1.2 + 1).toPrecision(4)}`);
    s = await state(page);
    const hint = s.lesson.hints[qi];
    const right = await command(page, `lesson:answer=${qi + 1}:${typed}`);
    s = await state(page);
    const en = catalogText("en", `lesson.${s.lesson.file.replace(/\.md$/, "")}.title`);
    check(`${tag}: chapter ${n} question ${qi + 1}: a wrong answer gets a hint, "${typed}" is right; the chapter reads ` +
      `"${s.lesson.title}"`, wrong.ok && !wrong.correct && hint.length > 0 && right.ok && right.correct &&
      s.lesson.status[qi] !== "0" && s.lang === tag && (tag === "en") === (s.lesson.title === en),
      `${JSON.stringify(wrong)} ${hint} ${JSON.stringify(right)} ${s.lesson.title}`);
    check(`${tag}: no console errors`, errors.length === 0, errors.join(" | "));
    await command(page, "lesson:reset");
    await command(page, "lang:en");
    await page.close();
  }
});

// Items whose rectangle runs past the screen's right edge (state().rects, canvas pixels).
async function pastRightEdge(page) {
  const s = await state(page);
  const width = await page.evaluate(() => document.getElementById("canvas").width);
  return Object.entries(s.rects).filter(([, r]) => r[0] + r[2] > width + 1).map(([id]) => id);
}

test("pictures in each language, desktop and phone: the step lab and the lesson; nothing runs off the screen", async ({ base, outDir, requests }) => {
  const english = {};
  for (const { tag, locale } of [{ tag: "en", locale: "en-US" }, ...LANGS]) {
    for (const device of [DESKTOP, DEVICES[0]]) {
      for (const [lab, hash] of [["step", "#step=8"], ["lesson", "#lab=lesson&chapter=4"]]) {
        const { page, context, errors } = await openDevice(base, device, { locale, hash });
        await settle(page, 8);
        if (tag === "zh-Hans") for (let k = 0; k < 50 && !requests.some((r) => r.endsWith("/cjk.ttf")); k++) await settle(page, 2);
        await settle(page, 6);
        const s = await state(page);
        const file = `i18n-${tag}-${device.name}-${lab}.png`;
        await page.screenshot({ path: path.join(outDir, file) });
        const past = await pastRightEdge(page);
        const name = `${device.name} ${lab}`;
        if (tag === "en") english[name] = past;
        const extra = past.filter((id) => !english[name].includes(id));
        check(`${tag}, ${name} (${file}): in ${tag}; no item past the right edge that English keeps inside`,
          s.lang === tag && extra.length === 0, `lang=${s.lang} past: ${extra.join(", ")}`);
        check(`${tag}, ${name}: no console errors`, errors.length === 0, errors.join(" | "));
        await closeContext(context);
      }
    }
  }
  await closeDevices();
});

test("the page's weight per language (first visit, compressed as the server sends it)", async ({ dist }) => {
  const size = (f, enc) => { try { return fs.statSync(path.join(dist, f + enc)).size; } catch { return 0; } };
  const firstVisit = ["index.html", "loader.js", "style.css", "touch.js", "a11y.js", "bnlab-simd.js", "bnlab-simd.wasm"]
    .concat(fs.existsSync(path.join(dist, "strings.js")) ? ["strings.js"] : []);
  for (const enc of [".br", ".gz"]) {
    const base = firstVisit.reduce((a, f) => a + size(f, enc), 0), cjk = size("cjk.ttf", enc);
    console.log(`# first visit (${enc === ".br" ? "Brotli" : "gzip"}): en, es, pt-BR ${(base / 1024).toFixed(1)} KB; ` +
      `zh-Hans ${((base + cjk) / 1024).toFixed(1)} KB (cjk.ttf ${(cjk / 1024).toFixed(1)} KB, fetched when chosen)`);
    check(`the Chinese font ships beside the page (${enc})`, cjk > 10000, String(cjk));  // its size: printed above
  }
});
