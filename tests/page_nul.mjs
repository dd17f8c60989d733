// page_nul.mjs: text from the page that holds a NUL character is refused before it reaches the wasm, never cut.
// Emscripten's ccall hands a "string" over as a C string, which ends at the first NUL: a CSV whose line 11 starts
// with NUL loaded its first 10 points and silently dropped the rest. This loads web/loader.js in a bare VM
// context (a stand-in DOM, a Module whose ccall records what it is given) and checks that
// bnlab.command (the page's file opener, tests) and bnlab.setHash refuse such text with a notice and pass other
// text on whole. (web/touch.js's text field does the same check before its ccall.)
// The notices are the app's texts (bnlab.tr: the wasm's bnlab_tr, then the page fills the placeholders): the stand-in
// answers bnlab_tr with en.po's English (WEB_DIR/../assets/i18n/en.po), as the app in English does.
// Usage: node tests/page_nul.mjs WEB_DIR. Prints "ok"/"not ok" lines and "N passed, N failed".
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const web = process.argv[2] || "web";
// en.po's English by key (msgctxt → msgid; a msgid may go on over several "…" lines).
const english = {};
{
  let key = null, field = null;
  for (const line of fs.readFileSync(path.join(web, "..", "assets", "i18n", "en.po"), "utf8").split("\n")) {
    const m = line.match(/^(msgctxt|msgid|msgstr) "(.*)"$/);
    const more = line.match(/^"(.*)"$/);
    const text = (t) => JSON.parse('"' + t + '"');
    if (m && m[1] === "msgctxt") { key = text(m[2]); field = null; }
    else if (m && m[1] === "msgid" && key !== null) { english[key] = text(m[2]); field = "msgid"; }
    else if (m) field = null;
    else if (more && field === "msgid") english[key] += text(more[1]);
  }
}
let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; console.log("ok - " + name); } else { failed++; console.log("not ok - " + name + (detail ? ": " + detail : "")); }
}

const calls = [];
const any = () => new Proxy(function () {}, {
  get: (t, k) => (k === Symbol.toPrimitive ? () => "" : any()), apply: () => any(), set: () => true });
const module = {
  calledRun: true,
  ccall: (name, ret, types, args) => {
    if (name === "bnlab_tr") return english[args[0]] ?? args[0];  // the app's Tr, in English
    calls.push([name, args[0]]);
    return '{"ok":true}';
  },
  _bnlab_text_input() {},
};
const windowObj = { Module: module, location: { search: "", hash: "", href: "http://x/", origin: "http://x", pathname: "/" },
                    addEventListener() {}, removeEventListener() {}, navigator: {}, matchMedia: () => any() };
const ctx = { window: windowObj, document: any(), navigator: {}, location: windowObj.location, setTimeout() {},
              clearTimeout() {}, console, fetch: () => new Promise(() => {}), URLSearchParams,
              WebAssembly: { validate: () => true, instantiate: () => new Promise(() => {}) },
              performance: { now: () => 0 }, requestAnimationFrame() {} };
windowObj.document = ctx.document;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(path.join(web, "loader.js"), "utf8"), ctx);
const bnlab = windowObj.bnlab;
Object.assign(windowObj.Module, module);  // loader.js made its own Module: calls go to the recorder
check("loader.js defines window.bnlab", bnlab && typeof bnlab.command === "function");

// A CSV of 12 points whose line 11 starts with NUL.
let csv = "x,y,label\n";
for (let i = 0; i < 12; i++) csv += (i === 9 ? "\0" : "") + (0.1 * i).toFixed(1) + ",0.5," + (i % 2) + "\n";
calls.length = 0;
const r = bnlab.command("train-csv:" + csv);
check("a command holding NUL is refused", r && r.ok === false, JSON.stringify(r));
const at = ("train-csv:" + csv).indexOf("\0");
check("its error names the NUL and where, on one line",
      r && r.error === "'train-csv:' holds a NUL character (at position " + at + "): not used", r && r.error);
check("the CSV never reaches the wasm", calls.every(([, text]) => !String(text).startsWith("train-csv:")),
      JSON.stringify(calls));
check("the learner is told (a notice)", calls.length === 1 && calls[0][0] === "bnlab_command" &&
      calls[0][1].startsWith("notice:'train-csv:' holds a NUL character"), JSON.stringify(calls));

calls.length = 0;
const whole = csv.replace("\0", "");
bnlab.command("train-csv:" + whole);
check("a command without NUL is passed on whole", calls.length === 1 && calls[0][1] === "train-csv:" + whole);

calls.length = 0;
bnlab.setHash("lab=train&seed=5\0junk");
check("a link holding NUL is not opened, with a notice",
      calls.length === 1 && calls[0][0] === "bnlab_command" && /NUL/.test(calls[0][1]), JSON.stringify(calls));
calls.length = 0;
bnlab.setHash("lab=train&seed=5");
check("a link without NUL is opened", calls.length === 1 && calls[0][0] === "bnlab_set_hash" && calls[0][1] === "lab=train&seed=5");

console.log(passed + " passed, " + failed + " failed");
process.exit(failed ? 1 : 0);
