// touch.js: touch and the on-screen keyboard for bnlab's canvas. Loaded before loader.js.
//
// Index
//   Touch      touchstart/move/end/cancel on the canvas go to the app's gesture reader (bnlab_touch), not
//              to Emscripten's GLFW (which turns touches into a mouse without moving the pointer first, and
//              then also receives the mouse events the browser emulates: lost and doubled taps).
//   Keyboard   a hidden <input> placed over the cell being edited: focusing it brings up the on-screen
//              keyboard (numbers for number cells); its beforeinput/input events (characters, Backspace,
//              Enter, IME, dictation, paste, Playwright's keyboard.insertText) go to ImGui as text.
//   Wheel      the mouse wheel, in notches with the desktop's signs, to the app (bnlab_wheel), not to Emscripten's
//              GLFW (3.1.6 hands ImGui the browser's pixels with the sign flipped: a turn down scrolled up)
//   Environment   the pointer kind, prefers-reduced-motion and prefers-contrast, read by the app at start
//              (bnlabEnvironment) and passed on when they change (bnlab_set_env).
// Texts (the hidden field's and the minus key's labels, the pasted-NUL notice) are the app's, in its language
// (window.bnlab.tr, loader.js); index.html's English labels stand only until touch.js first shows the field.
(function () {
  "use strict";
  var canvas = document.getElementById("canvas");
  var field = document.getElementById("text-input");

  function tr(key) { return window.bnlab.tr(key); }
  // An exported C function of the app, or null before the runtime is up.
  function exported(name) {
    var m = window.Module;
    return m && typeof m["_" + name] === "function" && m.calledRun ? m["_" + name] : null;
  }
  function callString(name, text) {
    var m = window.Module;
    if (!exported(name)) return;
    // A C string ends at a NUL: text holding one (pasted) is refused with a notice rather than cut there.
    if (String(text).indexOf("\0") >= 0) {
      if (window.bnlab && window.bnlab.command) window.bnlab.command("notice:" + tr("web.notice.nul_paste"));
      return;
    }
    m.ccall(name, null, ["string"], [text]);
  }

  // -------------------------------------------------------------------------------------------
  // Touch
  // -------------------------------------------------------------------------------------------
  var PHASE = { touchstart: 0, touchmove: 1, touchend: 2, touchcancel: 3 };
  function onTouch(e) {
    if (e.target !== canvas) return;  // the hidden field, the text version: the browser's own behaviour
    // preventDefault: no emulated mouse events follow, no browser scrolling or zooming of the page.
    // stopPropagation (capture phase on window, before the canvas): GLFW's touch listeners never see it.
    if (e.cancelable) e.preventDefault();
    e.stopPropagation();
    var touch = exported("bnlab_touch");
    if (!touch) return;
    if (e.type === "touchstart" && document.activeElement !== field) canvas.focus({ preventScroll: true });
    var rect = canvas.getBoundingClientRect();
    for (var k = 0; k < e.changedTouches.length; k++) {
      var t = e.changedTouches[k];
      // CSS pixels from the canvas's top-left corner; the app multiplies by the pixel ratio.
      touch(PHASE[e.type], t.clientX - rect.left, t.clientY - rect.top, t.identifier, e.timeStamp);
    }
    // A tap that lands on a text field: focus the hidden field now, inside the user's gesture (iOS and
    // Android show the on-screen keyboard only then). The app says where a text field is under the finger.
    if (e.type === "touchstart" && e.touches.length === 1) {
      tapStart = { x: e.touches[0].clientX, y: e.touches[0].clientY };
    } else if (e.type === "touchmove" && tapStart && e.touches.length === 1) {
      var dx = e.touches[0].clientX - tapStart.x, dy = e.touches[0].clientY - tapStart.y;
      if (dx * dx + dy * dy > 100) tapStart = null;  // moved more than 10 CSS px: a swipe, not a tap
    } else if (e.type === "touchstart") {
      tapStart = null;  // a second finger: a pinch
    }
    if (e.type === "touchend" && tapStart && textUnderFinger()) {
      focusField();
      // The app opens the field a frame or two later; if it does not (the tap was not on the field after
      // all), the focus goes back to the canvas.
      window.setTimeout(function () {
        if (!wanted && document.activeElement === field) canvas.focus({ preventScroll: true });
      }, 400);
    }
  }
  var tapStart = null;  // where a one-finger touch began, while it is still a tap
  ["touchstart", "touchmove", "touchend", "touchcancel"].forEach(function (type) {
    window.addEventListener(type, onTouch, { capture: true, passive: false });
  });
  // A long press must not open the browser's context menu over the canvas.
  canvas.addEventListener("contextmenu", function (e) { if (lastTouchMs > 0) e.preventDefault(); });
  var lastTouchMs = 0;
  window.addEventListener("touchstart", function () { lastTouchMs = performance.now(); }, true);

  // -------------------------------------------------------------------------------------------
  // Wheel
  // -------------------------------------------------------------------------------------------
  // One notch of a wheel is 100 px in Chromium and Firefox (deltaMode 0), 3 lines (deltaMode 1) elsewhere; a page
  // (deltaMode 2) counts as 10 notches. Browser down/right is positive, ImGui's up/left: both flip.
  var NOTCH = [100, 3, 0.1];
  window.addEventListener("wheel", function (e) {
    if (e.target !== canvas || e.ctrlKey) return;  // Ctrl+wheel: the browser's zoom
    var wheel = exported("bnlab_wheel");
    if (!wheel) return;
    e.preventDefault();
    e.stopPropagation();
    var unit = NOTCH[e.deltaMode] || 100;
    var dx = -e.deltaX / unit, dy = -e.deltaY / unit;
    // (Shift+wheel: ImGui itself turns a vertical turn into a sideways scroll.)
    wheel(dx, dy);
  }, { capture: true, passive: false });

  function textUnderFinger() {
    var f = exported("bnlab_text_under_pointer");
    return f ? f() !== 0 : false;
  }

  // -------------------------------------------------------------------------------------------
  // Keyboard: the hidden field
  // -------------------------------------------------------------------------------------------
  // The field keeps one placeholder character, so that a Backspace on an "empty" field still produces an
  // input event (some on-screen keyboards send no key event for it, only the edit).
  var KEEP = " ";
  var wanted = false;  // the app has a text field active
  function resetField() {
    field.value = KEEP;
    try { field.setSelectionRange(KEEP.length, KEEP.length); } catch (e) { /* not focusable yet */ }
  }
  function focusField() {
    if (document.activeElement !== field) {
      resetField();
      field.focus({ preventScroll: true });
    }
  }
  function sendText(text) { if (text) callString("bnlab_text_input", text); }
  function sendKey(name) { callString("bnlab_text_key", name); }

  // Characters typed on a hardware keyboard arrive here as `keypress` too: GLFW would pass them on as well,
  // so while the field has the focus only the field's input events carry text.
  window.addEventListener("keypress", function (e) {
    if (e.target === field) e.stopImmediatePropagation();
  }, true);

  field.addEventListener("beforeinput", function (e) {
    if (e.isComposing || e.inputType === "insertCompositionText") return;  // IME: at compositionend
    switch (e.inputType) {
      case "insertText":
      case "insertReplacementText":
        sendText(e.data != null ? e.data : (e.dataTransfer ? e.dataTransfer.getData("text/plain") : ""));
        break;
      case "insertFromPaste":
      case "insertFromDrop":
      case "insertFromYank":
        sendText(e.dataTransfer ? e.dataTransfer.getData("text/plain") : (e.data || ""));
        break;
      case "insertLineBreak":
      case "insertParagraph":
        sendKey("Enter");
        break;
      case "deleteContentBackward":
      case "deleteWordBackward":
        sendKey("Backspace");
        break;
      case "deleteContentForward":
      case "deleteWordForward":
        sendKey("Delete");
        break;
      default:
        return;  // anything else (formatting, history): the field's own, never reaches the app
    }
    e.preventDefault();
  });
  field.addEventListener("compositionend", function (e) {
    sendText(e.data);
    resetField();
  });
  field.addEventListener("input", function (e) {
    if (e.isComposing) return;
    // What beforeinput could not cancel (some keyboards): the text beyond the placeholder, or a deletion of it.
    var v = field.value;
    if (v.indexOf(KEEP) === 0) {
      sendText(v.substring(KEEP.length));
    } else if (v.length < KEEP.length) {
      sendKey("Backspace");
    } else {
      // The placeholder was selected (Ctrl+A in the field) and typed over, by an edit without a cancelable
      // beforeinput (Firefox's execCommand insertText, some IMEs): the text is what was typed. Firefox lost the
      // first character here ("-8.25" became 8.25; firefox.mjs).
      sendText(v.lastIndexOf(KEEP) === v.length - KEEP.length ? v.substring(0, v.length - KEEP.length) : v);
    }
    resetField();
  });

  // The minus key: number keyboards on some phones (iOS's decimal pad) have no "-", so beside a number cell
  // edited by touch a button types one. It never takes the focus (the keyboard stays up): pointerdown is
  // cancelled and the character goes to the app as the keyboard's would.
  var minus = document.getElementById("minus-key");
  if (minus) {
    minus.addEventListener("pointerdown", function (e) { e.preventDefault(); });
    minus.addEventListener("mousedown", function (e) { e.preventDefault(); });
    minus.addEventListener("click", function (e) { e.preventDefault(); sendText("-"); focusField(); });
  }
  function placeMinus(show, left, top, w, h) {
    if (!minus) return;
    minus.hidden = !show;
    if (!show) return;
    minus.setAttribute("aria-label", tr("web.touch.minus"));
    var size = 44, gap = 6;
    var x = left + w + gap;
    if (x + size > window.innerWidth) x = Math.max(0, left - size - gap);  // no room on the right: the left
    minus.style.left = x + "px";
    minus.style.top = Math.max(0, top + (h - size) / 2) + "px";
  }

  // Called by the app (EM_JS) when a text field becomes active or inactive, with its place in CSS pixels.
  function onTextField(active, x, y, w, h, numeric) {
    wanted = !!active;
    placeMinus(false);
    if (!active) {
      if (document.activeElement === field) canvas.focus({ preventScroll: true });
      field.style.left = "-1000px";
      field.setAttribute("aria-hidden", "true");  // out of the accessibility tree while nothing is edited
      return;
    }
    field.removeAttribute("aria-hidden");
    var rect = canvas.getBoundingClientRect();
    field.style.left = (rect.left + x) + "px";
    field.style.top = (rect.top + y) + "px";
    field.style.width = Math.max(8, w) + "px";
    field.style.height = Math.max(8, h) + "px";
    field.setAttribute("inputmode", numeric ? "decimal" : "text");
    field.setAttribute("aria-label", numeric ? tr("web.touch.number_field") : tr("web.touch.text_field"));
    placeMinus(numeric && performance.now() - lastTouchMs < 2000, rect.left + x, rect.top + y, w, h);
    focusField();
  }
  // Focus given away while the app still edits (a tap on the canvas): take it back at the next frame.
  field.addEventListener("blur", function () {
    window.requestAnimationFrame(function () {
      if (wanted && document.activeElement === canvas) focusField();
    });
  });

  // -------------------------------------------------------------------------------------------
  // Environment
  // -------------------------------------------------------------------------------------------
  function media(q) { return !!(window.matchMedia && window.matchMedia(q).matches); }
  // Bits: 1 touch screen is the main pointer, 2 prefers reduced motion, 4 prefers more contrast.
  function environment() {
    var touch = media("(pointer: coarse)") || (media("(hover: none)") && navigator.maxTouchPoints > 0);
    return (touch ? 1 : 0) | (media("(prefers-reduced-motion: reduce)") ? 2 : 0) |
           (media("(prefers-contrast: more)") || media("(forced-colors: active)") ? 4 : 0);
  }
  ["(prefers-reduced-motion: reduce)", "(prefers-contrast: more)"].forEach(function (q) {
    if (!window.matchMedia) return;
    var list = window.matchMedia(q);
    var changed = function () {
      var f = exported("bnlab_set_env");
      if (f) f(environment());
    };
    if (list.addEventListener) list.addEventListener("change", changed); else if (list.addListener) list.addListener(changed);
  });

  window.bnlabTouch = { onTextField: onTextField, environment: environment };
})();
