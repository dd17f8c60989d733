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
(function () {
  "use strict";
  var overlay = document.getElementById("overlay");
  var statusLine = document.getElementById("status");
  var fill = document.getElementById("fill");
  var canvas = document.getElementById("canvas");

  function showError(text) {
    overlay.classList.remove("hidden");
    statusLine.className = "error";
    statusLine.textContent = text;
    fill.style.background = "#c0392b";
  }
  function setStatus(text) { statusLine.textContent = text; }

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
    showError("This browser cannot run WebAssembly, which bnlab is built on. Please open the page in a current " +
              "Chrome, Edge, Firefox or Safari.");
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
    var open = document.createElement("a");
    open.id = "open-full";
    open.target = "_blank";
    open.rel = "noopener";
    open.textContent = "open in bnlab \u2197";
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
        var error = "'" + what + "' holds a NUL character (at position " + nul + "): not used";
        call("bnlab_command", "string", ["string"], ["notice:" + error]);
        return { ok: false, error: error };
      }
      return JSON.parse(call("bnlab_command", "string", ["string"], [text]));
    },
    setHash: function (hash) {
      var text = String(hash);
      if (text.indexOf("\0") >= 0) {
        call("bnlab_command", "string", ["string"], ["notice:the link holds a NUL character: not opened"]);
        return;
      }
      call("bnlab_set_hash", null, ["string"], [text]);
    },
    embed: embed,
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
          window.bnlab.command("notice:" + file.name + " is larger than 4 MB: not opened");
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

  var buildName = build === "simd" ? "SIMD" : "scalar";
  function showDownload(received, total) {
    window.bnlab.downloaded = received;
    if (total > 0) {
      fill.style.width = Math.min(100, 100 * received / total).toFixed(0) + "%";
      setStatus("Downloading the " + buildName + " build: " + kb(Math.min(received, total)) + " of " + kb(total));
    } else {
      setStatus("Downloading the " + buildName + " build: " + kb(received));
    }
  }

  var total = 0;
  window.Module = {
    canvas: canvas,
    locateFile: function (path) { return path.endsWith(".wasm") ? "bnlab-" + build + ".wasm" : path; },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    setStatus: function (text) {
      if (!text) return;
      var m = text.match(/\((\d+(?:\.\d+)?)\/(\d+)\)/);
      if (m) fill.style.width = (100 * Number(m[1]) / Number(m[2])).toFixed(0) + "%";
      setStatus(text.replace(/\(.*\)/, "").trim() || "Loading…");
    },
    // Our own download of the module (real progress); the single-file page has it inside already.
    instantiateWasm: function (imports, receiveInstance) {
      var inside = embedded("wasm");
      (inside ? Promise.resolve().then(function () { return base64Bytes(inside.textContent); })
              : fetchWithProgress("bnlab-" + build + ".wasm", showDownload)).then(function (bytes) {
        setStatus("Compiling…");
        return WebAssembly.instantiate(bytes, imports);
      }).then(function (result) {
        receiveInstance(result.instance, result.module);
      }, function (e) {
        showError("Could not load bnlab-" + build + ".wasm (" + e.message + "). Check your connection and reload.");
        rejectReady(e);
      });
      return {};  // instantiated asynchronously
    },
    monitorRunDependencies: function (left) {
      total = Math.max(total, left);
      if (total > 0) fill.style.width = (100 * (total - left) / total).toFixed(0) + "%";
    },
    onRuntimeInitialized: function () {
      setStatus("Starting…");
      fill.style.width = "100%";
      // The app is ready once it has drawn its first frame.
      (function waitForFirstFrame() {
        var s = null;
        try { s = window.bnlab.state(); } catch (e) { /* main() has not run yet */ }
        if (s && s.frame > 0) {
          overlay.classList.add("hidden");
          if (!textMode) canvas.focus();
          window.bnlab.firstFrameMs = performance.now();  // navigation start → first frame drawn
          resolveReady(build);
        } else {
          window.requestAnimationFrame(waitForFirstFrame);
        }
      })();
    },
    onAbort: function (what) {
      showError("bnlab stopped unexpectedly (" + what + "). Reloading the page usually helps; if not, please " +
                "report it with this message.");
      rejectReady(new Error(String(what)));
    }
  };
  window.addEventListener("error", function (e) {
    if (e && e.target && e.target.tagName === "SCRIPT") {
      showError("Could not load " + e.target.src + ". Check your connection and reload.");
      rejectReady(new Error("script load failed"));
    }
  }, true);
  canvas.addEventListener("webglcontextlost", function (e) {
    e.preventDefault();
    showError("The graphics context was lost (the GPU was reset or is busy). Reload the page to continue.");
  });

  setStatus("Loading the " + buildName + " build…");
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
