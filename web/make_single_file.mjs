// make_single_file.mjs DIST OUT: writes one self-contained bnlab.html for use from disk (file://), with no server
// and no network, from the page's own files in DIST: the style and the loader inline (dist's loader.js starts with the
// page's texts before the wasm in every language, window.BNLAB_STRINGS), and both builds embedded (each
// build's bnlab-BUILD.js as text the loader turns into a script, its bnlab-BUILD.wasm in base64 the loader
// instantiates: the same modules the served page loads, no second link), and the first words in every language (the
// lesson's first chapter the page shows while the wasm loads). The Content-Security-Policy allows exactly
// these inline blocks (by hash) and blob: scripts; still no eval.
import crypto from "node:crypto";
import fs from "node:fs";

const [dist, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: make_single_file.mjs DIST OUT");
  process.exit(2);
}
const read = (f) => fs.readFileSync(f, "utf8");
const sha = (text) => "'sha256-" + crypto.createHash("sha256").update(text, "utf8").digest("base64") + "'";
// Inside a <script> element, only "</script" ends it: write it as "<\/script" (the same text in JS strings).
const embed = (text) => text.replace(/<\/script/gi, "<\\/script");

const style = read(`${dist}/style.css`);
// Files the app fetches when first used (Chinese's glyphs, cjk.ttf; a language's texts, lang-TAG.cat), carried in the
// page as base64: from file:// the page can fetch nothing (platform_web.cpp and loader.js read
// window.bnlabEmbeddedFiles first).
const lazy = {};
for (const name of fs.readdirSync(dist).filter((f) => f === "cjk.ttf" || /^lang-[A-Za-z-]+\.cat$/.test(f)).sort())
  lazy[name] = fs.readFileSync(`${dist}/${name}`).toString("base64");
const loader = "window.BNLAB_EMBEDDED = true;\nwindow.bnlabEmbeddedFiles = " + JSON.stringify(lazy) + ";\n" +
  read(`${dist}/loader.js`);
const touch = read(`${dist}/touch.js`), a11y = read(`${dist}/a11y.js`);  // touch/keyboard, the text version
const csp = `default-src 'none'; script-src ${sha(touch)} ${sha(a11y)} ${sha(loader)} blob: 'wasm-unsafe-eval'; ` +
  `style-src ${sha(style)}; ` +
  "img-src data:; connect-src data:; object-src 'none'; base-uri 'none'";
let html = read(`${dist}/index.html`);
html = html.replace(/<meta http-equiv="Content-Security-Policy"[\s\S]*?>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
html = html.replace('<link rel="stylesheet" href="style.css">', `<style>${style}</style>`);
html = html.replace(/ *<!-- The scripts at the end[\s\S]*?-->\n/, "").replace(/ *<link rel="preload"[^>]*>\n/g, "");  // inline here
html = html.replace('<script src="touch.js"></script>', () => `<script>${embed(touch)}</script>`);
html = html.replace('<script src="a11y.js"></script>', () => `<script>${embed(a11y)}</script>`);
const builds = ["simd", "scalar"].map((b) =>
  `<script type="text/plain" id="bnlab-${b}-js">${embed(read(`${dist}/bnlab-${b}.js`))}</script>\n` +
  `<script type="text/plain" id="bnlab-${b}-wasm">${fs.readFileSync(`${dist}/bnlab-${b}.wasm`).toString("base64")}</script>\n`);
// The first words in the other languages (dist/words-TAG.html; English is in index.html already), as text the loader
// swaps in: from file:// it can fetch nothing.
const words = fs.readdirSync(dist).filter((f) => /^words-.+\.html$/.test(f)).sort().map((f) =>
  `<script type="text/plain" id="bnlab-${f.slice(0, -5)}">${embed(read(`${dist}/${f}`))}</script>\n`);
html = html.replace('<script src="loader.js"></script>', () => builds.join("") + words.join("") + `<script>${loader}</script>`);
fs.writeFileSync(out, html);
console.log(`single-file page: ${out} (${fs.statSync(out).size} bytes)`);
