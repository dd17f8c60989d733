// i18n_web.spec.mjs: the page's own texts in the learner's language. Before the wasm runs, loader.js picks the language
// (lang= in the address, the saved choice, navigator.languages as the app's MatchLanguage) and shows the loading screen,
// the title and the document's lang in it (window.BNLAB_STRINGS, built from assets/i18n/*.po); the module's download is
// held back (page.route) while that is checked, so "before the wasm is ready" is certain. After start, a11y.js's own
// texts are the app's Tr (bnlab.tr) and the document's lang follows state().lang, also after a switch (lang:). Browser contexts with a locale
// (Chromium's navigator.languages) come from a second headless Chromium per test, as devices.mjs's do.
//
// Run alone: node tests/browser/run.mjs DIST i18n_web
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { check, test, open, state } from "../harness.mjs";

// A page in a fresh Chromium whose context has `locale`; close() ends that Chromium.
async function localePage(locale) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
           "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
           "--disable-quic"],
  });
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  // Every text the status line shows, recorded in the page as it changes (as slow_network.spec does).
  await page.addInitScript(() => {
    window.__statusLog = [];
    document.addEventListener("DOMContentLoaded", () => {
      const el = document.getElementById("status");
      const note = () => {
        const t = el.textContent;
        if (window.__statusLog[window.__statusLog.length - 1] !== t) window.__statusLog.push(t);
      };
      note();
      new MutationObserver(note).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
  return { page, errors, close: () => browser.close().catch(() => {}) };
}

// Holds back the module's download until release() is called: until then the wasm cannot run.
async function holdModule(page) {
  let release;
  const released = new Promise((res) => { release = res; });
  await page.route(/bnlab-(simd|scalar)\.wasm$/, async (route) => { await released; await route.continue(); });
  return release;
}

// What the page shows before the wasm, read while the module is held back.
const early = (page) => page.evaluate(() => ({
  lang: document.documentElement.lang, title: document.title, status: document.getElementById("status").textContent,
  sub: document.querySelector("#overlay .sub").textContent, picked: window.bnlab && window.bnlab.lang,
  canvas: document.getElementById("canvas").getAttribute("aria-label"),
  running: !!(window.Module && window.Module.calledRun), navigator: navigator.languages.join(","),
}));

// Waits until the text version shows the state's revision.
async function mirrored(page) {
  await page.waitForFunction(() => {
    const root = document.getElementById("a11y");
    return root && root.getAttribute("data-revision") === String(window.bnlab.state().revision);
  }, null, { timeout: 30000 });
}

test("es-ES: the loading screen and the document's lang in Spanish before the wasm; a11y.js's texts after", async ({ base }) => {
  const { page, errors, close } = await localePage("es-ES");
  try {
    const release = await holdModule(page);
    await page.goto(base);
    await page.waitForFunction(() => window.bnlab, null, { timeout: 30000 });
    const e = await early(page);
    check(`the browser asks for Spanish (navigator.languages ${e.navigator}) and the wasm is not running yet`,
      /^es-ES/.test(e.navigator) && !e.running);
    check(`before the wasm: the page picked es (bnlab.lang ${e.picked}) and the document's lang is es (${e.lang})`,
      e.picked === "es" && e.lang === "es");
    check(`…the status line is Spanish ("${e.status}")`, e.status === "Cargando la versión SIMD…");
    check(`…and the title, the subtitle and the canvas's label ("${e.title}", "${e.sub}")`,
      e.title === "bnlab: normalización por lotes, paso a paso" && e.sub === "Normalización por lotes, paso a paso" &&
      /^bnlab: un laboratorio interactivo/.test(e.canvas), e.canvas);
    release();
    await page.evaluate(() => window.bnlab.ready);
    const log = await page.evaluate(() => window.__statusLog);
    const progress = log.filter((t) => /^Descargando la versión SIMD: \d+ KB de \d+ KB$/.test(t));
    check(`while loading, every status text was Spanish (${log.length} texts, ${progress.length} with bytes received)`,
      progress.length >= 1 && log.includes("Iniciando…") && log.includes("Compilando…") &&
      !log.some((t) => /Loading|Downloading|Compiling|Starting|Running/.test(t)), JSON.stringify(log.slice(0, 8)));

    // After start: the app's language, and the text version's own texts in it.
    await mirrored(page);
    const s = await state(page);
    check(`the app runs in Spanish too (state().lang ${JSON.stringify(s.lang)})`, s.lang === "es");
    const after = await page.evaluate(() => {
      const root = document.getElementById("a11y");
      const buttons = [...root.querySelectorAll("button")].map((b) => b.textContent);
      return { lang: document.documentElement.lang, h1: root.querySelector("h1").textContent, buttons,
               intro: root.querySelector("p").textContent,
               headers: [...root.querySelectorAll("th[scope=col]")].map((t) => t.textContent).slice(0, 4),
               group: root.querySelector("[role=group]").getAttribute("aria-label") };
    });
    check(`after start: the document's lang follows the app (${after.lang})`, after.lang === "es");
    check(`…a11y.js's own texts are Spanish: its heading, buttons and group label ("${after.h1}"; ` +
      `${after.buttons.slice(6, 10).join(", ")}; "${after.group}")`,
      after.h1 === "bnlab: normalización por lotes, paso a paso" && after.buttons.includes("Paso siguiente") &&
      after.buttons.includes("Primer paso") && !after.buttons.includes("Next step") && after.group === "Controles de los pasos",
      JSON.stringify(after.buttons));
    check(`…its introduction and the batch table's column headers (${after.headers.join(", ")})`,
      /^Una versión en texto del laboratorio/.test(after.intro) && after.headers.includes("característica 1"), after.intro);
    // The learner switches language (the app's lang: command, as View → Language does): the document's lang, the
    // page's title and the text version follow at the next rebuild.
    const reply = await page.evaluate(() => window.bnlab.command("lang:zh-Hans"));
    await page.waitForFunction(() => document.documentElement.lang === "zh-Hans", null, { timeout: 10000 }).catch(() => {});
    await mirrored(page);
    const sw = await page.evaluate(() => ({ lang: document.documentElement.lang, title: document.title,
      buttons: [...document.querySelectorAll("#a11y button")].map((b) => b.textContent) }));
    check(`after lang:zh-Hans (${JSON.stringify(reply)}): the document's lang (${sw.lang}), the title ("${sw.title}") ` +
      "and the text version's buttons follow", reply && reply.ok === true && sw.lang === "zh-Hans" &&
      sw.title === "bnlab：一步一步学批量规范化" && sw.buttons.includes("下一步") && !sw.buttons.includes("Paso siguiente"),
      JSON.stringify(sw.buttons.slice(6, 12)));
    check("no console errors in Spanish and Chinese", errors.length === 0, errors.join(" | "));
  } finally {
    await close();
  }
});

test("zh-CN gives zh-Hans, and ?lang=pt-BR beats the browser, before the wasm", async ({ base }) => {
  for (const [locale, query, want, status, title] of [
    ["zh-CN", "", "zh-Hans", "正在加载 SIMD 版本…", "bnlab：一步一步学批量规范化"],
    ["es-ES", "?lang=pt-BR", "pt-BR", "Carregando a versão SIMD…", "bnlab: normalização em lote, passo a passo"],
  ]) {
    const { page, errors, close } = await localePage(locale);
    try {
      const release = await holdModule(page);
      await page.goto(base + query);
      await page.waitForFunction(() => window.bnlab, null, { timeout: 30000 });
      const e = await early(page);
      check(`${locale}${query}: before the wasm (running: ${e.running}) the page is ${e.lang} ("${e.status}", "${e.title}")`,
        !e.running && e.picked === want && e.lang === want && e.status === status && e.title === title);
      release();
      await page.evaluate(() => window.bnlab.ready);
      check(`${locale}${query}: the page then starts without console errors`, errors.length === 0, errors.join(" | "));
    } finally {
      await close();
    }
  }
});

test("the English page as before; bnlab.tr is the app's Tr", async ({ base }) => {
  const { page, errors } = await open(base);
  const e = await early(page);
  check(`English: bnlab.lang ${e.picked}, document lang ${e.lang}, title "${e.title}"`,
    e.picked === "en" && e.lang === "en" && e.title === "bnlab: Batch Normalization, step by step");
  const tr = await page.evaluate(() => [
    window.bnlab.tr("app.downloading", { build: "SIMD", received: "12 KB", total: "400 KB" }),
    window.bnlab.tr("web.a11y.button.next"),
    window.bnlab.tr("web.a11y.step.heading_forward", { n: 2, count: 11, title: "Batch mean" }),
    window.bnlab.tr("no.such.key"),
  ]);
  check(`bnlab.tr after start: the app's texts, placeholders filled (${tr.join(" | ")})`,
    tr[0] === "Downloading the SIMD build: 12 KB of 400 KB" && tr[1] === "Next step" &&
    tr[2] === "Step 2 of 11 (forward pass): Batch mean" && tr[3] === "no.such.key");
  check("no console errors", errors.length === 0, errors.join(" | "));
  await page.close();
});

test("the single-file page carries the texts of every language", async ({ dist }) => {
  const file = path.resolve(dist, "..", "offline", "bnlab.html");
  check(`the single-file page exists (${file})`, fs.existsSync(file));
  if (!fs.existsSync(file)) return;
  const { page, errors, close } = await localePage("es-ES");
  try {
    await page.goto("file://" + file);
    await page.waitForFunction(() => window.bnlab, null, { timeout: 30000 });
    const e = await early(page);
    const langs = await page.evaluate(() => Object.keys(window.BNLAB_STRINGS || {}).join(","));
    await page.evaluate(() => window.bnlab.ready);
    const log = await page.evaluate(() => window.__statusLog);
    // (The module is inside the page and starts at once: after that the document's lang is the app's, so the loader's
    // own choice and the status texts it showed are what tell.)
    check(`from file:// in es-ES: the loader picked ${e.picked} with strings for ${langs}, and said ${JSON.stringify(log)}`,
      e.picked === "es" && langs === "en,es,pt-BR,zh-Hans" && log[0] === "Cargando la versión SIMD…" &&
      log.includes("Compilando…") && !log.some((t) => /Loading|Compiling|Starting/.test(t)));
    check("…and it starts without console errors", errors.length === 0, errors.join(" | "));
  } finally {
    await close();
  }
});

test("the single-file page shows the first words in Spanish from its own copy (no fetch from file://)", async ({ dist }) => {
  const file = path.resolve(dist, "..", "offline", "bnlab.html");
  check(`the single-file page exists (${file})`, fs.existsSync(file));
  if (!fs.existsSync(file)) return;
  const { page, errors, close } = await localePage("es-ES");
  try {
    // The words as the loader left them (it swaps in the carried copy at once; they leave at the first frame).
    await page.addInitScript(() => document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
      const w = document.getElementById("words");
      window.__words = w ? { lang: w.lang, heading: w.querySelector("h2").textContent } : null;
    }, 0)));
    await page.goto("file://" + file);
    await page.waitForFunction(() => window.__words !== undefined && window.bnlab, null, { timeout: 30000 });
    const words = await page.evaluate(() => window.__words);
    await page.evaluate(() => window.bnlab.ready);
    await page.evaluate(() => window.bnlab.command("lesson:chapter=1"));
    const want = await page.evaluate(() => {
      const L = window.bnlab.state().lesson;
      return window.bnlab.tr("web.a11y.lesson.chapter_heading", { n: L.chapter, count: L.chapters, title: L.title });
    });
    check(`from file:// in es-ES the words are chapter 1 in Spanish (${JSON.stringify(words)}; the app's heading "${want}")`,
      !!words && words.lang === "es" && words.heading === want && /^Capítulo 1 de/.test(want));
    check("…and it starts without console errors", errors.length === 0, errors.join(" | "));
  } finally {
    await close();
  }
});
