// page_lang.mjs: the page picks its language before the wasm runs (web/loader.js). This loads loader.js in a bare VM
// context (a stand-in DOM that records texts, window.BNLAB_STRINGS with a few texts in the four shipped languages) once
// per case and checks the language it picks: lang= in the address (query or hash), else the saved choice
// (localStorage "bnlab.lang"), else navigator.languages matched as the app's MatchLanguage does (es-ES → es,
// pt-PT → pt-BR, zh-CN → zh-Hans, zh-TW → none); the document's lang, title and status line in that language at once;
// bnlab.tr before the app runs (the page's texts, {name} filled as bn::Format does); bnlab.showLanguage.
// Usage: node tests/page_lang.mjs WEB_DIR. Prints "ok"/"not ok" lines and "N passed, N failed".
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const web = process.argv[2] || "web";
const loaderJs = fs.readFileSync(path.join(web, "loader.js"), "utf8");
let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; console.log("ok - " + name); } else { failed++; console.log("not ok - " + name + (detail ? ": " + detail : "")); }
}

// As i18n_check --web-strings writes them: English first, a translation only with what it translates.
const STRINGS = {
  "en": { "app.loading": "Loading…", "web.page.title": "bnlab: Batch Normalization, step by step",
          "web.page.loading_build": "Loading the {build} build…", "web.page.subtitle": "Batch Normalization, step by step",
          "app.downloading": "Downloading the {build} build: {received} of {total}", "web.page.only_en": "English only",
          "web.page.braces": "{1} {build} {a-b} {build" },
  "es": { "app.loading": "Cargando…", "web.page.title": "bnlab: normalización por lotes, paso a paso",
          "web.page.loading_build": "Cargando la versión {build}…",
          "app.downloading": "Descargando la versión {build}: {received} de {total}" },
  "pt-BR": { "web.page.title": "bnlab: normalização em lote, passo a passo", "web.page.loading_build": "Carregando a versão {build}…" },
  "zh-Hans": { "web.page.title": "bnlab：一步一步学批量规范化", "web.page.loading_build": "正在加载 {build} 版本…" },
};

// A stand-in element: records its text, attributes and classes.
function element(tag) {
  const attrs = {}, classes = new Set();
  return {
    tagName: tag.toUpperCase(), textContent: "", className: "", style: {}, attrs,
    classList: { add: (c) => classes.add(c), remove: (c) => classes.delete(c), contains: (c) => classes.has(c) },
    setAttribute: (k, v) => { attrs[k] = String(v); }, getAttribute: (k) => attrs[k] ?? null,
    removeAttribute: (k) => { delete attrs[k]; }, addEventListener() {}, appendChild: (c) => c, focus() {},
    getContext: () => null, getExtension: () => null,
  };
}

// Runs loader.js with this address, browser languages and storage; returns what the page shows.
function load({ search = "", hash = "", languages = [], language = "", saved = null, storageThrows = false } = {}) {
  const byId = {};
  for (const id of ["overlay", "status", "fill", "canvas", "a11y"]) byId[id] = element(id === "canvas" ? "canvas" : "div");
  const sub = element("p");
  const document = {
    documentElement: element("html"), title: "", body: element("body"),
    getElementById: (id) => byId[id] || null, querySelector: (q) => (q === "#overlay .sub" ? sub : null),
    createElement: (tag) => element(tag),
  };
  document.documentElement.lang = "en";
  const localStorage = {
    getItem: (k) => { if (storageThrows) throw new Error("SecurityError"); return k === "bnlab.lang" ? saved : null; },
  };
  const location = { search, hash, href: "http://x/" + search + hash, origin: "http://x", pathname: "/" };
  const navigator = { languages, language };
  const windowObj = { BNLAB_STRINGS: STRINGS, location, navigator, localStorage, addEventListener() {},
                      requestAnimationFrame() {}, Module: undefined };
  const ctx = { window: windowObj, document, navigator, location, setTimeout() {}, clearTimeout() {}, console,
                fetch: () => new Promise(() => {}), URLSearchParams, URL: { createObjectURL: () => "blob:" }, Blob: class {},
                WebAssembly: { validate: () => true, instantiate: () => new Promise(() => {}) },
                performance: { now: () => 0 } };
  vm.createContext(ctx);
  vm.runInContext(loaderJs, ctx);
  return { bnlab: windowObj.bnlab, lang: document.documentElement.lang, title: document.title,
           status: byId.status.textContent, sub: sub.textContent, document, windowObj };
}

// navigator.languages alone (a first visit).
for (const [languages, want] of [
  [["es-ES", "en"], "es"], [["es-419"], "es"], [["es"], "es"], [["pt"], "pt-BR"], [["pt-PT", "es"], "pt-BR"],
  [["pt-BR"], "pt-BR"], [["zh-CN"], "zh-Hans"], [["zh-SG"], "zh-Hans"], [["zh"], "zh-Hans"], [["zh-Hans-CN"], "zh-Hans"],
  [["zh_CN"], "zh-Hans"], [["zh-TW", "pt-PT"], "pt-BR"], [["zh-TW"], "en"], [["zh-Hant"], "en"], [["fr-FR", "de"], "en"],
  [["en-GB", "es"], "en"], [["*", "es"], "es"], [[], "en"],
]) {
  const p = load({ languages });
  check(`navigator.languages ${JSON.stringify(languages)} → ${want} (bnlab.lang ${p.bnlab.lang}, document lang ${p.lang})`,
    p.bnlab.lang === want && p.lang === want);
}
check("no navigator.languages: navigator.language (es-MX → es)", load({ language: "es-MX" }).bnlab.lang === "es");

// The address, then the saved choice, then the browser.
check("lang= in the hash beats the browser (#lab=step&lang=pt-BR, browser es)",
  load({ hash: "#lab=step&lang=pt-BR", languages: ["es"] }).bnlab.lang === "pt-BR");
check("lang= in the query, matched (?lang=zh → zh-Hans)", load({ search: "?lang=zh", languages: ["es"] }).bnlab.lang === "zh-Hans");
check("lang= beats the saved choice (#lang=es, saved zh-Hans)",
  load({ hash: "#lang=es", saved: "zh-Hans", languages: ["pt"] }).bnlab.lang === "es");
check("a link's language no catalog serves falls to the saved choice (#lang=fr, saved es)",
  load({ hash: "#lang=fr", saved: "es", languages: ["pt"] }).bnlab.lang === "es");
check("the saved choice beats the browser (saved zh-Hans, browser es)",
  load({ saved: "zh-Hans", languages: ["es"] }).bnlab.lang === "zh-Hans");
check("a saved choice no catalog serves: the browser (saved xx, browser pt-PT)",
  load({ saved: "xx", languages: ["pt-PT"] }).bnlab.lang === "pt-BR");
check("storage that refuses to be read: the browser (es)", load({ storageThrows: true, languages: ["es"] }).bnlab.lang === "es");

// The page's texts at once, in that language.
const es = load({ languages: ["es-ES"] });
check(`Spanish at once: the status line (${es.status})`, es.status === "Cargando la versión SIMD…");
check(`…the title (${es.title}) and the loading screen's subtitle falls back to English where es has none (${es.sub})`,
  es.title === "bnlab: normalización por lotes, paso a paso" && es.sub === "Batch Normalization, step by step");
const en = load({ languages: ["en-US"] });
check(`English as before: "${en.status}", "${en.title}"`, en.status === "Loading the SIMD build…" &&
  en.title === "bnlab: Batch Normalization, step by step");
const zh = load({ languages: ["zh-CN"] });
check(`zh-CN: Chinese at once (${zh.lang}: ${zh.status})`, zh.lang === "zh-Hans" && zh.status === "正在加载 SIMD 版本…");

// bnlab.tr before the app runs: the page's texts, placeholders as bn::Format fills them.
check("bnlab.tr before the app: the page's text, {name} filled",
  es.bnlab.tr("app.downloading", { build: "SIMD", received: "12 KB", total: "400 KB" }) ===
  "Descargando la versión SIMD: 12 KB de 400 KB");
check("…a {name} not given stays as written, a value holding {x} is not filled again",
  es.bnlab.tr("app.downloading", { build: "{received}", received: 3 }) === "Descargando la versión {received}: 3 de {total}");
check("…braces that are no placeholder ({1}, {a-b}, an unclosed one) stay as they are",
  es.bnlab.tr("web.page.braces", { build: "x", 1: "y", "a-b": "z" }) === "{1} x {a-b} {build");
check("…English where the language lacks the text, the key where no language has it",
  es.bnlab.tr("web.page.only_en") === "English only" && es.bnlab.tr("web.page.nothing") === "web.page.nothing");
// The app's language changes (a11y.js calls showLanguage): the page's own texts follow.
es.bnlab.showLanguage("zh-Hans");
check(`showLanguage(zh-Hans): the document's lang and title follow (${es.document.documentElement.lang}, ${es.document.title})`,
  es.document.documentElement.lang === "zh-Hans" && es.document.title === "bnlab：一步一步学批量规范化");
check("…and bnlab.tr before the app speaks it too", es.bnlab.tr("web.page.loading_build", { build: "x" }) === "正在加载 x 版本…");

console.log(passed + " passed, " + failed + " failed");
process.exit(failed ? 1 : 0);
