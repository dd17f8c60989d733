/**
 * @fileoverview bnlab's own names that the app's JavaScript (EM_JS in src/app/) shares with the page's scripts
 * (web/loader.js, touch.js, a11y.js, which Closure does not compile): Closure must keep them as written. A name used
 * in an EM_JS block on an object from the page goes here (the web build's closure-externs check lists any missing).
 * @externs
 */
var bnlab;               // loader.js: window.bnlab
var bnlabEmbeddedFiles;  // make_single_file.mjs: files carried in the single-file page (base64 by name)
var bnlabTouch;          // touch.js
var bnlabPageNames = {
  catalog: 0,      // bnlab.catalog(tag) → {state, bytes, error}
  bytes: 0,
  error: 0,
  reported: 0,
  state: 0,
  textMode: 0,     // bnlab.textMode
  openFile: 0,     // bnlab.openFile(kind)
  onTextField: 0,  // bnlabTouch.onTextField(...)
  environment: 0
};
