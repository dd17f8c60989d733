// loader.js: starts bnlab. Checks WebAssembly (with a readable message when it is missing) and WebGL2: without
// WebGL2, or with ?text=1 in the address (View > Text mode), the same module starts in text mode: no GL context and
// no drawing, the canvas hidden, and the page's text version (a11y.js) shown as the lab (bnlab.textMode,
// state().text_mode).
// picks the SIMD build when the browser validates a SIMD module and one with native exception handling
// (else the scalar one; ?build=scalar forces it), downloads the module itself to show real progress (bytes received of the total, through fetch and a
// ReadableStream, then WebAssembly.instantiate from the bytes), and exposes window.bnlab for tests:
// state(), command(name), setHash(h), ready, build, firstFrameMs, downloaded (bytes of the module).
// ?embed=1 (for an <iframe> in slides or a course page): the app shows just the lab (it reads the flag too),
// with a small "open in bnlab" link to the full page at the same link. bnlab.openFile(kind) lets the app ask
// for a file (a CSV of points, a network file) and hands its text to the app as a command.
//
// Language: the page's texts before the wasm runs (the loading line, the errors, the title and labels) come from
// window.BNLAB_STRINGS, which build-wasm.sh writes at the top of dist's copy of this file (i18n_check --web-strings,
// from assets/i18n/*.po). The language is picked at once, before the wasm: lang= in the address (query or hash), else
// the saved choice (localStorage "bnlab.lang"), else navigator.languages matched as the app's MatchLanguage does;
// bnlab.lang holds it and the document's lang says it. Once the app runs, bnlab.tr(key, args) is the app's Tr (the
// text version, touch.js and the notices here use it) and bnlab.showLanguage(tag), which a11y.js calls when the app's
// language changes, puts the page's own texts into that language.
//
// The first words: until the first frame the overlay shows something to read (#words: the lesson's first chapter in
// the page's language, or a lab link's short text; see "The first words" below).
(function () {
  "use strict";
  var overlay = document.getElementById("overlay");
  var statusLine = document.getElementById("status");
  var fill = document.getElementById("fill");
  var canvas = document.getElementById("canvas");

  // ---- Language (see the top) ----
  var STRINGS = window.BNLAB_STRINGS || { en: {} };
  var LANGS = Object.keys(STRINGS);  // the catalogs' tags, "en" first
  // The text with each {name} given in args replaced, in one pass; an unknown {name} stays as written (bn::Format).
  function format(text, args) {
    if (!args) return text;
    return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole;
    });
  }
  // A language tag's parts, lower case, as bn::ParseLanguageTag reads them (zh without a script: Simplified, except
  // zh-TW, zh-HK, zh-MO); null when it does not start with a language subtag of 2-3 letters.
  function parseTag(text) {
    var parts = String(text).split(/[-_]/);
    if (!/^[A-Za-z]{2,3}$/.test(parts[0])) return null;
    var t = { language: parts[0].toLowerCase(), script: "", region: "" };
    for (var k = 1; k < parts.length; k++) {
      var p = parts[k];
      if (p.length === 1) break;  // an extension or private use: the rest is neither script nor region
      if (k === 1 && /^[A-Za-z]{4}$/.test(p)) t.script = p.toLowerCase();
      else if (!t.region && /^([A-Za-z]{2}|[0-9]{3})$/.test(p)) t.region = p.toLowerCase();
    }
    if (t.language === "zh" && !t.script) t.script = /^(tw|hk|mo)$/.test(t.region) ? "hant" : "hans";
    return t;
  }
  // bn::MatchLanguage over the page's catalogs: the first tag of `list` that one serves picks it (the same tag, else
  // the first of the same language and script: es-ES → es, pt-PT → pt-BR, zh-CN → zh-Hans); null when none does.
  function matchLanguage(list) {
    for (var i = 0; i < list.length; i++) {
      var b = parseTag(list[i]), same = null;
      if (!b) continue;
      for (var k = 0; k < LANGS.length; k++) {
        var t = parseTag(LANGS[k]);
        if (!t || t.language !== b.language || t.script !== b.script) continue;
        if (t.region === b.region) return LANGS[k];
        if (same === null) same = LANGS[k];
      }
      if (same !== null) return same;
    }
    return null;
  }
  function pickLanguage() {
    var linked = new URLSearchParams(window.location.search).get("lang") ||
                 new URLSearchParams(String(window.location.hash || "").replace(/^#/, "")).get("lang");
    var saved = null;
    try { saved = window.localStorage.getItem("bnlab.lang"); } catch (e) { /* storage refused (file://, privacy) */ }
    var nav = window.navigator || {};
    var browser = nav.languages && nav.languages.length ? nav.languages : [nav.language || ""];
    return (linked && matchLanguage([linked])) || (saved && matchLanguage([saved])) || matchLanguage(browser) ||
           LANGS[0] || "en";
  }
  var pageLang = pickLanguage();
  // The page's own text for `key` (BNLAB_STRINGS) in the page's language, else English, else the key. (bnlab.tr, below,
  // is the app's Tr: for every other text, once the app runs.)
  function tr(key, args) {
    var own = STRINGS[pageLang] || {}, en = STRINGS.en || {};
    return format(own[key] || en[key] || key, args);
  }
  var openLink = null;  // the embedded page's "open in bnlab" link (made below)
  // Puts the page's own texts into `tag` (at start, and when the app's language changes: a11y.js).
  function showLanguage(tag) {
    pageLang = tag;
    document.documentElement.lang = tag;
    document.title = tr("web.page.title");
    canvas.setAttribute("aria-label", tr("web.page.canvas_label"));
    var sub = document.querySelector("#overlay .sub");
    if (sub) sub.textContent = tr("web.page.subtitle");
    if (openLink) openLink.textContent = tr("web.page.open_full") + " \u2197";
  }
  showLanguage(pageLang);
  setStatus(tr("app.loading"));

  function showError(text) {
    overlay.classList.remove("hidden");
    statusLine.className = "error";
    statusLine.textContent = text;
    fill.style.background = "#c0392b";
  }
  function setStatus(text) { statusLine.textContent = text; }

  // ---- The first words: something to read while the wasm loads ----
  // dist/index.html holds the lesson's first chapter in English inline (#words; i18n_check --words, as the text
  // version shows it), words-TAG.html beside it holds it in another language: fetched at once and swapped in. A link to
  // a lab (any hash but the lesson's first chapter: src/state/link.cpp) gets a short text of that lab instead, from
  // BNLAB_STRINGS: its name and the batch, method or experiment the link names. #words keeps its size (style.css);
  // it leaves when the app draws its first frame and the text version (a11y.js) takes over.
  var words = document.getElementById("words");
  var chapterCount = words ? Number(words.getAttribute("data-chapters")) || 0 : 0;
  function known(key) { return Object.prototype.hasOwnProperty.call(STRINGS.en || {}, key); }
  function node(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function replaceWords(next) {
    if (!words || !words.parentNode || !next) return;
    words.parentNode.replaceChild(next, words);
    words = next;
  }
  // The link's pairs (lang= aside), as SplitHashPairs reads them; null for no pairs.
  function linkPairs() {
    var pairs = {}, some = false;
    String(window.location.hash || "").replace(/^#/, "").split("&").forEach(function (item) {
      if (!item) return;
      var eq = item.indexOf("="), key = eq < 0 ? item : item.slice(0, eq), value = eq < 0 ? "" : item.slice(eq + 1);
      try { value = decodeURIComponent(value); } catch (e) { /* as written */ }
      if (key !== "lang") { pairs[key] = value; some = true; }
    });
    return some ? pairs : null;
  }
  // A row of numbers "0.2,13" (the link's lists); null unless every one is a finite number.
  function numbers(text) {
    var v = String(text).split(",").map(function (t) { return t.trim() === "" ? NaN : Number(t); });
    return v.every(isFinite) ? v : null;
  }
  var SUB = "₀₁₂₃₄₅₆₇₈₉";
  function batchTable(pairs) {
    var x = String(pairs.x || "").split(";").map(numbers);
    var d = x.length && x[0] ? x[0].length : 0;
    if (!d || x.some(function (r) { return !r || r.length !== d; })) return null;
    var rows = x.map(function (r, i) {
      return ["x" + String(i + 1).split("").map(function (c) { return SUB.charAt(Number(c)); }).join("")].concat(r);
    });
    [["γ", pairs.gamma], ["β", pairs.beta]].forEach(function (p) {
      var v = p[1] === undefined ? null : numbers(p[1]);
      if (v && v.length === d) rows.push([p[0]].concat(v));
    });
    var table = node("table"), head = node("tr"), body = node("tbody");
    table.appendChild(node("caption", tr("web.a11y.batch.caption", { n: x.length, d: d })));
    head.appendChild(node("th"));
    for (var j = 1; j <= d; j++) head.appendChild(node("th", tr("web.a11y.feature", { n: j }))).setAttribute("scope", "col");
    table.appendChild(node("thead")).appendChild(head);
    table.appendChild(body);
    rows.forEach(function (r) {
      var row = body.appendChild(node("tr"));
      row.appendChild(node("th", r[0])).setAttribute("scope", "row");
      for (var k = 1; k < r.length; k++) row.appendChild(node("td", String(Number(r[k].toPrecision(7))).replace(/^-/, "\u2212")));
    });
    return table;
  }
  // The short text of the lab a link opens (null: the lesson's first chapter, the words as they are).
  function labWords(pairs) {
    if (!pairs) return null;
    var lab = pairs.lab || "", parts = [];
    if (lab === "lesson") {
      // No chapter= opens where the learner left off (the saved "lesson" setting): chapter 1 only on a first visit.
      var saved = null;
      try { saved = window.localStorage.getItem("bnlab.lesson"); } catch (e) { /* storage refused */ }
      var chapter = pairs.chapter !== undefined ? Number(pairs.chapter) : saved ? 0 : 1;
      if (pairs.checkpoint === undefined && chapter === 1) return null;
      parts.push(node("p", tr("web.a11y.lesson.intro", { chapters: chapterCount })));
    } else if (lab === "image") {
      if (known("ui.image.variant." + pairs.norm)) parts.push(node("p", tr("ui.image.variant." + pairs.norm)));
    } else if (lab === "train") {
      if (known("train.experiment." + pairs.exp + ".title")) parts.push(node("p", tr("train.experiment." + pairs.exp + ".title")));
    } else {  // the step lab reads every other link (an unknown lab= too: the app says so)
      lab = "step";
      parts.push(node("p", tr("ui.help.intro")));
      var table = pairs.x === undefined ? null : batchTable(pairs);
      if (table) parts.push(node("h3", tr("web.a11y.batch.heading")), table);
    }
    var section = node("section");
    section.id = "words";
    section.lang = pageLang;
    section.tabIndex = 0;
    section.setAttribute("aria-labelledby", "words-heading");
    section.appendChild(node("h2", tr("lab." + (lab === "train" ? "training" : lab) + ".name"))).id = "words-heading";
    parts.forEach(function (p) { section.appendChild(p); });
    return section;
  }
  if (words) {
    var labText = null;
    try { labText = labWords(linkPairs()); } catch (e) { /* the chapter stays */ }
    if (labText) {
      replaceWords(labText);
    } else if (words.lang !== pageLang) {
      // The single-file page carries every language's words (make_single_file.mjs); the served page fetches them.
      var carried = window.BNLAB_EMBEDDED && document.getElementById("bnlab-words-" + pageLang);
      (carried ? Promise.resolve(carried.textContent) : fetch("words-" + pageLang + ".html", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); }))
        .then(function (html) {
          var t = document.createElement("template");
          t.innerHTML = html;
          if (words && words.id === "words" && words.parentNode) replaceWords(t.content.querySelector("#words"));
        }, function () { /* the English words stay */ });
    }
  }
  function removeWords() {
    if (words && words.parentNode) words.parentNode.removeChild(words);
    words = null;
  }

  // A minimal module whose one function uses v128 and i32x4.add: valid only where wasm SIMD is supported.
  var SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 43, 1, 41, 0,
    253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 12, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0,
    253, 174, 1, 11]);

  // A module whose one function is try … catch_all … end, with one exception tag: valid only where wasm's
  // native exception handling is supported (the SIMD build throws and catches with it; the scalar build,
  // for older browsers, keeps JavaScript-emulated exceptions).
  var EH_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 13, 3, 1, 0, 0, 10, 8, 1,
    6, 0, 6, 64, 25, 11, 11]);

  function pickBuild() {
    var forced = new URLSearchParams(window.location.search).get("build");
    if (forced === "scalar" || forced === "simd") return forced;
    try {
      return WebAssembly.validate(SIMD_PROBE) && WebAssembly.validate(EH_PROBE) ? "simd" : "scalar";
    } catch (e) { return "scalar"; }
  }

  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    showError(tr("web.page.no_wasm"));
    return;
  }
  var textQuery = new URLSearchParams(window.location.search).get("text") === "1";
  var probe = textQuery ? null : document.createElement("canvas").getContext("webgl2");
  var textMode = textQuery || !probe;
  if (probe) {  // let the probe's context go at once (browsers limit live WebGL contexts)
    var lose = probe.getExtension("WEBGL_lose_context");
    if (lose) lose.loseContext();
  }
  if (textMode) {
    document.documentElement.classList.add("text-mode");
    var textVersion = document.getElementById("a11y");
    if (textVersion) textVersion.classList.remove("visually-hidden");
  }

  var build = pickBuild();
  var query = new URLSearchParams(window.location.search);
  var embed = query.get("embed") === "1";
  if (embed) {
    document.documentElement.classList.add("embed");
    var open = openLink = document.createElement("a");
    open.id = "open-full";
    open.target = "_blank";
    open.rel = "noopener";
    open.textContent = tr("web.page.open_full") + " \u2197";  // an arrow: out to a new tab
    // The full page at the lab's current link (the app rewrites the hash as the learner works).
    var fullUrl = function () {
      var q = new URLSearchParams(window.location.search);
      q.delete("embed");
      var rest = q.toString();
      return window.location.origin.replace(/^null$/, "file://") + window.location.pathname +
        (rest ? "?" + rest : "") + window.location.hash;
    };
    var refresh = function () { open.href = fullUrl(); };
    refresh();
    open.addEventListener("mouseenter", refresh);
    open.addEventListener("focus", refresh);
    open.addEventListener("mousedown", refresh);
    open.addEventListener("touchstart", refresh, { passive: true });
    document.body.appendChild(open);
  }
  var resolveReady, rejectReady;
  var ready = new Promise(function (res, rej) { resolveReady = res; rejectReady = rej; });
  ready.catch(function () {});  // failures are shown on the page; tests await `ready` themselves

  // The single-file page (bnlab.html) holds each build's .js as text and its .wasm in base64 (make_single_file.mjs).
  function embedded(what) { return window.BNLAB_EMBEDDED && document.getElementById("bnlab-" + build + "-" + what); }
  function base64Bytes(text) {
    var binary = atob(text.replace(/\s+/g, "")), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function call(name, ret, types, args) { return window.Module.ccall(name, ret, types, args); }
  window.bnlab = {
    build: build,
    ready: ready,
    state: function () { return JSON.parse(call("bnlab_state", "string", [], [])); },
    // ccall hands text over as a C string, which ends at a NUL character: a text holding one is refused here
    // (with a notice), not cut there (a CSV would have lost its points after the NUL without a word).
    command: function (name) {
      var text = String(name), nul = text.indexOf("\0");
      if (nul >= 0) {
        var what = text.slice(0, Math.min(text.indexOf(":") + 1 || 20, 40));
        var error = window.bnlab.tr("web.notice.nul_command", { what: what, at: nul });
        call("bnlab_command", "string", ["string"], ["notice:" + error]);
        return { ok: false, error: error };
      }
      return JSON.parse(call("bnlab_command", "string", ["string"], [text]));
    },
    setHash: function (hash) {
      var text = String(hash);
      if (text.indexOf("\0") >= 0) {
        call("bnlab_command", "string", ["string"], ["notice:" + window.bnlab.tr("web.notice.nul_link")]);
        return;
      }
      call("bnlab_set_hash", null, ["string"], [text]);
    },
    embed: embed,
    // The language the page picked before the app ran (see the top), and the page's texts in another one.
    lang: pageLang,
    showLanguage: showLanguage,
    // The app's text for `key` in its current language, {name} placeholders filled from args ({n: 3}); before the app
    // runs, the page's own texts (BNLAB_STRINGS) in the page's language.
    tr: function (key, args) {
      var m = window.Module;
      return m && m.calledRun ? format(call("bnlab_tr", "string", ["string"], [String(key)]), args) : tr(key, args);
    },
    // Text mode: the app draws nothing and the text version is the lab; why: "link" (?text=1) or "no-webgl2".
    textMode: textMode,
    textModeReason: textMode ? (textQuery ? "link" : "no-webgl2") : "",
    // Asks the learner for a file and gives its text to the app: kind "csv" (points for the training lab) or
    // "networks" (a network file). The app calls this from a button press (a user gesture).
    openFile: function (kind) {
      var input = document.createElement("input");
      input.type = "file";
      input.accept = kind === "csv" ? ".csv,.txt,text/csv,text/plain" : ".json,application/json";
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) return;
        if (file.size > 4 * 1024 * 1024) {
          window.bnlab.command("notice:" + window.bnlab.tr("web.notice.file_too_large", { file: file.name }));
          return;
        }
        file.text().then(function (text) {
          window.bnlab.command((kind === "csv" ? "train-csv:" : "train-networks:") + text);
        });
      });
      input.click();
    }
  };

  // The modules' sizes before compression, written in by build-wasm.sh when it copies this file into dist/
  // (a gzip-encoded response's Content-Length counts compressed bytes, the stream gives decompressed ones).
  var WASM_BYTES = null; // build-wasm.sh: WASM_BYTES

  function kb(bytes) { return (bytes / 1024).toFixed(0) + " KB"; }

  // Fetches url, calling onProgress(received, total or 0) per chunk; resolves to the bytes.
  function fetchWithProgress(url, onProgress) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      var encoded = response.headers.get("Content-Encoding");
      var length = Number(response.headers.get("Content-Length")) || 0;
      var total = (WASM_BYTES && WASM_BYTES[build]) || (encoded && encoded !== "identity" ? 0 : length);
      if (!response.body || !response.body.getReader) {
        return response.arrayBuffer().then(function (buf) { onProgress(buf.byteLength, total); return new Uint8Array(buf); });
      }
      var reader = response.body.getReader(), chunks = [], received = 0;
      onProgress(0, total);
      return (function pump() {
        return reader.read().then(function (step) {
          if (step.done) {
            var bytes = new Uint8Array(received), at = 0;
            chunks.forEach(function (c) { bytes.set(c, at); at += c.length; });
            return bytes;
          }
          chunks.push(step.value);
          received += step.value.length;
          onProgress(received, total);
          return pump();
        });
      })();
    });
  }

  // Catalogs: English is inside the wasm; another language's texts are lang-TAG.cat beside index.html (i18n_check
  // --fetched), fetched once, when first asked for (platform_web.cpp: FetchCatalog), or from the single-file page's
  // copy. The start language's is fetched at once, beside the wasm, and main waits for it (preRun below), so the first
  // frame is in that language. catalog(tag): {state: 0 on its way, 1 here (bytes), 2 failed (error)}, at once. Once
  // the app has read it (reported) the next ask fetches again: the app asks again only when it could not use what it
  // got (the learner retries by choosing the language again).
  var catalogs = {};
  function catalog(tag) {
    var c = catalogs[tag];
    if (c && !c.reported) return c;  // once the app has read it (a failure, or bytes it refused), a new ask fetches again
    c = catalogs[tag] = { state: 0 };
    var name = "lang-" + tag + ".cat";
    var inside = window.bnlabEmbeddedFiles && window.bnlabEmbeddedFiles[name];
    if (inside) {
      c.bytes = base64Bytes(inside);
      c.state = 1;
      c.done = Promise.resolve();
      return c;
    }
    c.done = fetch(name, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + name);
      return response.arrayBuffer();
    }).then(function (buf) {
      c.bytes = new Uint8Array(buf);
      c.state = 1;
    }, function (e) {
      c.error = String(e && e.message ? e.message : e);
      c.state = 2;
    });
    return c;
  }
  window.bnlab.catalog = catalog;
  var startCatalog = pageLang !== "en" ? catalog(pageLang) : null;

  var buildName = build === "simd" ? "SIMD" : "scalar";
  function showDownload(received, total) {
    window.bnlab.downloaded = received;
    if (total > 0) {
      fill.style.width = Math.min(100, 100 * received / total).toFixed(0) + "%";
      setStatus(tr("app.downloading", { build: buildName, received: kb(Math.min(received, total)), total: kb(total) }));
    } else {
      setStatus(tr("web.page.downloading_size", { build: buildName, received: kb(received) }));
    }
  }

  var total = 0;
  window.Module = {
    canvas: canvas,
    // main waits for the start language's catalog (a failed fetch too: the app then says so and stays in English).
    preRun: [function () {
      if (!startCatalog || startCatalog.state !== 0) return;
      window.Module.addRunDependency("bnlab-catalog");
      startCatalog.done.then(function () { window.Module.removeRunDependency("bnlab-catalog"); });
    }],
    locateFile: function (path) { return path.endsWith(".wasm") ? "bnlab-" + build + ".wasm" : path; },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    setStatus: function (text) {
      if (!text) return;
      var m = text.match(/\((\d+(?:\.\d+)?)\/(\d+)\)/);
      if (m) fill.style.width = (100 * Number(m[1]) / Number(m[2])).toFixed(0) + "%";
      // Emscripten's own status texts are English: its one in this build ("Running...") in the page's language.
      var shown = text.replace(/\(.*\)/, "").trim();
      setStatus(shown === "Running..." ? tr("web.page.running") : shown || tr("app.loading"));
    },
    // Our own download of the module (real progress), started below beside the glue's; the single-file page has it
    // inside already.
    instantiateWasm: function (imports, receiveInstance) {
      wasmBytes.then(function (bytes) {
        setStatus(tr("app.compiling"));
        return WebAssembly.instantiate(bytes, imports);
      }).then(function (result) {
        receiveInstance(result.instance, result.module);
      }, function (e) {
        showError(tr("web.page.wasm_failed", { file: "bnlab-" + build + ".wasm", error: e.message }));
        rejectReady(e);
      });
      return {};  // instantiated asynchronously
    },
    monitorRunDependencies: function (left) {
      total = Math.max(total, left);
      if (total > 0) fill.style.width = (100 * (total - left) / total).toFixed(0) + "%";
    },
    onRuntimeInitialized: function () {
      setStatus(tr("app.starting"));
      fill.style.width = "100%";
      // The app is ready once it has drawn its first frame.
      (function waitForFirstFrame() {
        var s = null;
        try { s = window.bnlab.state(); } catch (e) { /* main() has not run yet */ }
        if (s && s.frame > 0) {
          overlay.classList.add("hidden");
          removeWords();  // the text version (a11y.js) has the app's texts from now on
          if (!textMode) canvas.focus();
          window.bnlab.firstFrameMs = performance.now();  // navigation start → first frame drawn
          resolveReady(build);
        } else {
          window.requestAnimationFrame(waitForFirstFrame);
        }
      })();
    },
    onAbort: function (what) {
      showError(tr("web.page.stopped", { what: what }));
      rejectReady(new Error(String(what)));
    }
  };
  window.addEventListener("error", function (e) {
    if (e && e.target && e.target.tagName === "SCRIPT") {
      showError(tr("web.page.script_failed", { file: e.target.src }));
      rejectReady(new Error("script load failed"));
    }
  }, true);
  canvas.addEventListener("webglcontextlost", function (e) {
    e.preventDefault();
    showError(tr("web.page.context_lost"));
  });

  setStatus(tr("web.page.loading_build", { build: buildName }));
  // The module's bytes, fetched now, beside its JavaScript glue rather than after it (one round trip less on a slow
  // link); instantiateWasm above takes them when the glue asks.
  var insideWasm = embedded("wasm");
  var wasmBytes = insideWasm ? Promise.resolve().then(function () { return base64Bytes(insideWasm.textContent); })
                             : fetchWithProgress("bnlab-" + build + ".wasm", showDownload);
  wasmBytes.catch(function () {});  // reported by instantiateWasm
  var script = document.createElement("script");
  var embeddedJs = embedded("js");
  if (embeddedJs) {
    // The single-file page (bnlab.html): the build's .js is embedded as text; run it from a blob.
    script.src = URL.createObjectURL(new Blob([embeddedJs.textContent], { type: "text/javascript" }));
  } else {
    script.src = "bnlab-" + build + ".js";
  }
  document.body.appendChild(script);
})();
