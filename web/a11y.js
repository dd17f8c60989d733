// a11y.js: the text version of bnlab for screen readers (a "parallel DOM", as PhET's simulations do): a
// visually hidden copy of what matters on the canvas, in headings, tables and real buttons, plus a live
// region that announces each step. Loaded before loader.js; starts when the app is ready.
//
// It is rebuilt only when the app's state revision changes (bnlab_revision, a number the app raises when
// anything shown here changes), at most every REBUILD_MS, never every frame. The buttons are made once and
// keep their focus; only their labels and the text around them change.
//
// Text mode (no WebGL2, or ?text=1: loader.js sets bnlab.textMode and shows #a11y): the same text version is the lab,
// one lab at a time, with what a sighted keyboard or mouse user needs besides: the batch as a table of fields (each
// commits through the command cell:i,j=v), practice's answer field, the training lab's Train/Pause and its numbers
// per logged step, and the canvas's keys (← → Home End, 1–5, L) on the page.
//
// Language: every text written here is the app's, in its current language: tr(key, args) is window.bnlab.tr (the
// app's Tr, loader.js), keys web.a11y.*; texts copied from state() are translated by the app already. The document's
// lang follows state().lang at each rebuild; a change of language relabels the fixed parts (relabel) and makes the
// parts built once (lesson, practice, the editable batch) again.
//
// Index
//   tr, fmt, el, table formatting numbers as the canvas does; small DOM helpers
//   build              the fixed skeleton: the heading; buildLabs (at the first state): lab buttons and sections from
//                      state().labs, step controls, empty containers
//   render*            one function per lab, from window.bnlab.state(); the lesson: renderLesson
//                      (its fields and buttons are made once per chapter, so typing keeps its place)
//   announce           the live region: each step, and each refusal, as one sentence
//   text mode          setupTextMode (once), the editable batch, practice, the training log, the keys
//   loop               polls the revision once a frame (a number, not the state)
(function () {
  "use strict";
  var REBUILD_MS = 150;
  var root = document.getElementById("a11y");
  var live = document.getElementById("a11y-live");
  if (!root || !live) return;

  // The app's text for `key` in its language, {name} placeholders filled from args. Keys are also handed to label(),
  // button() and chosen in expressions: // i18n-keys: web.a11y.
  function tr(key, args) { return window.bnlab.tr(key, args); }
  // Sentences one after the other, as the language writes them (English: a space between; Chinese: none).
  function sentences(list) {
    var some = list.filter(Boolean);
    return some.length ? some.reduce(function (a, b) { return tr("web.a11y.sentences", { first: a, second: b }); }) : "";
  }
  // Numbers as the canvas writes them (bn::FormatNumber): %g with `digits` significant digits and a
  // typographic minus, "not a number" for what JSON carries as null.
  function fmt(v, digits) {
    digits = digits || 5;
    if (v === null || v === undefined || typeof v !== "number") return tr("web.a11y.nan");
    if (v === 0) return "0";
    if (!isFinite(v)) return v > 0 ? "∞" : "−∞";
    var exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(digits)))));
    var s;
    if (exp < -4 || exp >= digits) {
      var parts = v.toExponential(digits - 1).split("e");
      var mant = parts[0].indexOf(".") >= 0 ? parts[0].replace(/0+$/, "").replace(/\.$/, "") : parts[0];
      var e = Number(parts[1]);
      s = mant + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    } else {
      s = v.toPrecision(digits);
      if (s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
    }
    return s.charAt(0) === "-" ? "−" + s.substring(1) : s;
  }
  var SUB = "₀₁₂₃₄₅₆₇₈₉";
  function sub(n) { return String(n).split("").map(function (c) { return SUB.charAt(Number(c)); }).join(""); }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  // A table: caption, column headers, then rows of [row header, cells...].
  function table(caption, headers, rows) {
    var t = el("table");
    t.appendChild(el("caption", null, caption));
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    t.appendChild(el("thead")).appendChild(head);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var tr = body.appendChild(el("tr"));
      tr.appendChild(el("th", { scope: "row" }, r[0]));
      for (var k = 1; k < r.length; k++) tr.appendChild(el("td", null, r[k]));
    });
    return t;
  }
  function features(d) {
    var h = [];
    for (var j = 1; j <= d; j++) h.push(tr("web.a11y.feature", { n: j }));
    return h;
  }
  function fill(container, nodes) {
    container.textContent = "";
    nodes.forEach(function (n) { if (n) container.appendChild(n); });
  }
  function command(names) {
    [].concat(names).forEach(function (name) {
      try { window.bnlab.command(name); } catch (e) { /* not ready */ }
    });
    schedule(0);
  }

  // -------------------------------------------------------------------------------------------
  // The skeleton, made once
  // -------------------------------------------------------------------------------------------
  var parts = {};
  // The fixed parts' texts: [node, key, attribute or null (the text)], written by relabel() in the app's language.
  var labelled = [];
  function label(node, key, attr) {
    labelled.push([node, key, attr || null]);
    return node;
  }
  function relabel() {  // key: a key, or a function that gives the text
    labelled.forEach(function (l) {
      var text = typeof l[1] === "function" ? l[1]() : tr(l[1]);
      if (l[2]) l[0].setAttribute(l[2], text); else l[0].textContent = text;
    });
  }
  function button(key, cmd, container) {
    var b = label(el("button", { type: "button" }), key);
    b.addEventListener("click", function () { command(typeof cmd === "function" ? cmd() : cmd); });
    container.appendChild(b);
    return b;
  }
  // The heading and the introduction at once (their texts at the first rebuild: the app's); the labs' buttons and
  // sections once the app is there, from its table of labs (state().labs, in the app's Lab order: the five labs, then
  // the lesson): a button and a section each, titled as the canvas's tabs ("1 Step through BN", ..., "Lesson"),
  // sections[k] for lab k (state().tab).
  function build() {
    root.textContent = "";
    root.appendChild(label(el("h1"), "web.page.title"));
    parts.intro = root.appendChild(label(el("p"), function () {
      return !parts.text ? tr("web.a11y.intro") : sentences([tr(window.bnlab.textModeReason === "no-webgl2" ?
        "web.a11y.text.intro_no_webgl2" : "web.a11y.text.intro_link"), tr("web.a11y.text.keys")]);
    }));
  }
  function buildLabs(labs) {
    var nav = root.appendChild(label(el("nav"), "web.a11y.labs", "aria-label"));
    var list = nav.appendChild(el("ul"));
    parts.labButtons = labs.map(function (lab) {
      var b = el("button", { type: "button" }, lab.title);
      b.addEventListener("click", function () { command(lab.command); });
      return list.appendChild(el("li")).appendChild(b);
    });
    var sections = parts.sections = [];
    parts.labHeadings = [];
    labs.forEach(function (lab) {
      var sec = root.appendChild(el("section", { "aria-labelledby": "a11y-lab-" + lab.id }));
      parts.labHeadings[lab.id] = sec.appendChild(el("h2", { id: "a11y-lab-" + lab.id }, lab.title));
      sections[lab.id] = sec;
    });
    labs.forEach(function (lab) {  // the canvas's keys, for text mode: 1–5 and L (l too)
      KEYS[lab.key] = KEYS[lab.key.toLowerCase()] = lab.command;
    });
    // Lab 1: the batch, the step, its controls.
    parts.batch = sections[0].appendChild(el("div"));
    parts.step = sections[0].appendChild(el("div"));
    var controls = sections[0].appendChild(label(el("div", { role: "group" }), "web.a11y.step_controls", "aria-label"));
    button("web.a11y.button.first", "first", controls);
    button("web.a11y.button.prev", "prev", controls);
    button("web.a11y.button.next", "next", controls);
    button("web.a11y.button.last", "last", controls);
    parts.play = label(el("button", { type: "button" }), "web.a11y.button.play");  // Play or Pause: renderStep
    parts.play.addEventListener("click", function () { command(parts.playing ? "pause" : "play"); });
    controls.appendChild(parts.play);
    parts.running = sections[1].appendChild(el("div"));
    parts.train = sections[2].appendChild(el("div"));
    parts.speed = sections[3].appendChild(el("div"));
    parts.image = sections[4].appendChild(el("div"));
    parts.lesson = sections[5].appendChild(el("div"));
    var imageControls = sections[4].appendChild(label(el("div", { role: "group" }), "web.a11y.image_controls", "aria-label"));
    // On the image lab's tab, next and prev move its own step (the tab asked for counts at once).
    button("web.a11y.button.image_prev", [labs[4].command, "prev"], imageControls);
    button("web.a11y.button.image_next", [labs[4].command, "next"], imageControls);
  }
  // The labs' titles as the app names them now (its language).
  function retitleLabs(labs) {
    labs.forEach(function (lab, k) {
      [parts.labButtons[k], parts.labHeadings[lab.id]].forEach(function (node) {
        if (node && node.textContent !== lab.title) node.textContent = lab.title;
      });
    });
  }

  // -------------------------------------------------------------------------------------------
  // The labs
  // -------------------------------------------------------------------------------------------
  function renderBatch(s) {
    if (parts.text) return renderEditableBatch(s);
    var rows = s.x.map(function (r, i) { return ["x" + sub(i + 1)].concat(r.map(function (v) { return fmt(v, 7); })); });
    rows.push(["γ"].concat(s.gamma.map(function (v) { return fmt(v, 7); })));
    rows.push(["β"].concat(s.beta.map(function (v) { return fmt(v, 7); })));
    fill(parts.batch, [
      el("h3", null, tr("web.a11y.batch.heading")),
      table(tr("web.a11y.batch.caption", { n: s.n, d: s.d }), [""].concat(features(s.d)), rows),
      el("p", null, tr(s.mode === "train" ? "web.a11y.batch.mode_train" : "web.a11y.batch.mode_eval",
                       { eps: fmt(s.eps, 7), mode: s.mode })),
      s.error ? el("p", null, tr("web.a11y.batch.cannot_run", { error: s.error })) : null,
    ]);
  }

  function renderStep(s) {
    var a = s.a11y && s.a11y.step;
    if (!a || !a.count) {
      fill(parts.step, [el("p", null, s.error ? tr("web.a11y.step.none_error", { error: s.error }) : tr("web.a11y.step.none"))]);
      return;
    }
    var values = s[s.step_name];
    var rows = [];
    if (values && Array.isArray(values[0])) {
      rows = values.map(function (r, i) { return [a.symbol + sub(i + 1)].concat(r.map(function (v) { return fmt(v); })); });
    } else if (values) {
      rows = [[a.symbol].concat(values.map(function (v) { return fmt(v); }))];
    }
    var code = s.code && s.code.open && s.code.text;
    fill(parts.step, [
      el("h3", null, tr(a.backward ? "web.a11y.step.heading_backward" : "web.a11y.step.heading_forward",
                        { n: a.index + 1, count: a.count, title: a.title })),
      el("p", null, tr("web.a11y.formula", { formula: a.formula })),
      el("p", null, tr("web.a11y.step.numbers", { numbers: a.numbers })),
      rows.length ? table(tr("web.a11y.step.caption", { symbol: a.symbol }), [""].concat(features(s.d)), rows) : null,
      code ? el("h4", null, tr(s.code.lang === "numpy" ? "web.a11y.step.code_numpy" :
        s.code.lang === "pytorch" ? "web.a11y.step.code_pytorch" : "web.a11y.step.code_batch")) : null,
      code ? el("pre", null, s.code.text) : null,
    ]);
    parts.playing = !!s.playing;
    var play = tr(s.playing ? "web.a11y.button.pause" : "web.a11y.button.play");
    if (parts.play.textContent !== play) parts.play.textContent = play;
  }

  function renderRunning(s) {
    var r = s.running_lab || {};
    var text = r.batches ? tr("web.a11y.running.seen", { batches: r.batches, mean: fmt(r.running_mean),
                                                         "var": fmt(r.running_var) })
                         : tr("web.a11y.running.none");
    fill(parts.running, [el("p", null, text)]);
  }

  // An accuracy (0..1) as a percentage with 3 digits, "not yet" before the first logged step.
  function percent(v) { return v === undefined ? tr("web.a11y.not_yet") : tr("web.a11y.percent", { value: fmt(100 * v, 3) }); }
  function renderTrain(s) {
    var t = s.train || {};
    var nodes = [el("p", null, tr(t.running ? "web.a11y.train.status_running" : "web.a11y.train.status_paused",
                                  { experiment: t.experiment || "", step: t.step || 0 }))];
    if (t.error) nodes.push(el("p", null, tr("web.a11y.train.refused", { error: t.error })));
    if (t.runs && t.runs.length) {
      nodes.push(table(tr("web.a11y.train.caption"),
        [tr("web.a11y.train.col.network"), tr("web.a11y.train.col.loss"), tr("web.a11y.train.col.train_acc"),
         tr("web.a11y.train.col.test_acc")],
        t.runs.map(function (r) {
          return [r.network, r.train_loss === undefined ? tr("web.a11y.not_yet") : fmt(r.train_loss, 4), percent(r.train_acc),
                  percent(r.test_acc)];
        })));
    }
    if (parts.text) nodes.push(trainLog(t));
    fill(parts.train, nodes);
  }

  function renderSpeed(s) {
    var sp = s.speed || { results: [] };
    if (!sp.results.length) {
      fill(parts.speed, [el("p", null, tr(sp.running ? "web.a11y.speed.measuring" : "web.a11y.speed.none"))]);
      return;
    }
    fill(parts.speed, [table(tr("web.a11y.speed.caption"),
      [tr("web.a11y.speed.col.kernel"), tr("web.a11y.speed.col.simd"), tr("web.a11y.speed.col.scalar")],
      sp.results.map(function (r) { return [r.kind + " " + r.shape.join("×"), fmt(r.simd_ms, 3), fmt(r.scalar_ms, 3)]; }))]);
  }

  function renderImage(s) {
    var im = s.image;
    var a = s.a11y && s.a11y.image;
    if (!im) return;
    var nodes = [el("p", null, tr(im.norm === "group" ? "web.a11y.image.batch_groups" : "web.a11y.image.batch",
                                  { shape: im.shape.join("×"), norm: im.norm, groups: im.groups }))];
    if (im.error) {
      nodes.push(el("p", null, tr("web.a11y.image.cannot_run", { error: im.error })));
    } else if (a) {
      nodes.push(el("h3", null, tr("web.a11y.image.heading", { n: a.index + 1, count: a.count, title: a.title })));
      nodes.push(el("p", null, tr("web.a11y.formula", { formula: a.formula })));
      nodes.push(el("p", null, tr("web.a11y.image.numbers", { numbers: a.numbers })));
      var v = im.values || {};
      if (a.groups && v.mean) {
        var headers = [tr("web.a11y.image.col.group"), tr("web.a11y.image.col.mean")]
          .concat(v["var"] ? [tr("web.a11y.image.col.var")] : []);
        nodes.push(table(tr("web.a11y.image.caption", { count: im.count, size: im.size }), headers,
          a.groups.map(function (label, k) {
            return [label, fmt(v.mean[k])].concat(v["var"] ? [fmt(v["var"][k])] : []);
          })));
      }
    }
    if (im.edit_error) nodes.push(el("p", null, tr("web.a11y.refused", { error: im.edit_error })));
    fill(parts.image, nodes);
  }

  // The lesson: the chapter on screen (or the checkpoint) with real fields and buttons. While a numeric question is
  // open, the value it asks for is in none of the tables above either (state() leaves it out).
  function lessonCommand(name) {
    try { return JSON.parse(window.bnlab.command(name)); } catch (e) { return null; }
  }
  function buildLesson(s, key) {
    var L = s.lesson, cp = L.checkpoint || {};
    parts.lessonKey = key;
    parts.lessonQuestions = [];
    parts.lessonNotes = [];
    var nodes = [];
    if (!L.started) {
      nodes.push(el("p", null, tr("web.a11y.lesson.intro", { chapters: L.chapters })));
      var start = el("button", { type: "button" }, tr("web.a11y.lesson.start", { n: L.chapter }));
      start.addEventListener("click", function () { command("lesson:chapter=" + L.chapter); });
      nodes.push(start);
      fill(parts.lesson, nodes);
      return;
    }
    var items = cp.on ? cp.items : L.items;
    if (cp.on) {
      nodes.push(el("h3", null, tr("web.a11y.lesson.checkpoint_heading", { n: items.length })));
    } else {
      nodes.push(el("h3", null, tr("web.a11y.lesson.chapter_heading", { n: L.chapter, count: L.chapters, title: L.title })));
      L.text.split("\n\n").forEach(function (p) { nodes.push(el("p", null, p)); });
      if (L.formula) nodes.push(el("p", null, tr("web.a11y.formula", { formula: L.formula })));
      parts.lessonLook = el("p");
      nodes.push(parts.lessonLook);
    }
    var list = el("ol");
    items.forEach(function (q, k) {
      var li = list.appendChild(el("li"));
      var prompt = li.appendChild(el("p"));
      var controls = [];
      var group = li.appendChild(el("div", { role: "group", "aria-label": tr("web.a11y.lesson.question", { n: k + 1 }) }));
      if (q.kind === "numeric") {
        var input = el("input", { type: "text", inputmode: "decimal",
                                  "aria-label": tr("web.a11y.lesson.answer_field", { n: k + 1 }) });
        var check = el("button", { type: "button" }, tr("web.a11y.button.check"));
        var submit = function () { lessonCommand("lesson:answer=" + (k + 1) + ":" + input.value); schedule(0); };
        check.addEventListener("click", submit);
        input.addEventListener("keydown", function (e) { if (e.key === "Enter") submit(); });
        group.appendChild(input);
        group.appendChild(check);
        controls.push(input, check);
        if (!cp.on) {
          var show = el("button", { type: "button" }, tr("web.a11y.button.show_answer"));
          show.addEventListener("click", function () { lessonCommand("lesson:reveal=" + (k + 1)); schedule(0); });
          group.appendChild(show);
          controls.push(show);
        }
      } else {
        q.choices.forEach(function (c, o) {
          var letter = String.fromCharCode(97 + o);
          var b = el("button", { type: "button" }, letter + ") " + c);
          b.addEventListener("click", function () { lessonCommand("lesson:answer=" + (k + 1) + ":" + letter); schedule(0); });
          group.appendChild(b);
          controls.push(b);
        });
      }
      var notes = li.appendChild(el("p"));
      parts.lessonQuestions.push({ prompt: prompt, controls: controls, notes: notes, item: q });
      parts.lessonNotes.push("");
    });
    nodes.push(el("h4", null, tr(cp.on ? "web.a11y.lesson.questions" : "web.a11y.lesson.questions_predict")));
    nodes.push(list);
    parts.lessonScore = el("p");
    nodes.push(parts.lessonScore);
    var nav = el("div", { role: "group", "aria-label": tr("web.a11y.lesson.nav") });
    [["web.a11y.lesson.prev", "lesson:prev"], ["web.a11y.lesson.next", "lesson:next"],
     ["web.a11y.lesson.checkpoint", "lesson:checkpoint=" + (cp.seed || 1)], ["web.a11y.lesson.summary", "lesson:summary"]]
    .forEach(function (b) {
      var btn = el("button", { type: "button" }, tr(b[0]));
      btn.addEventListener("click", function () { command(b[1]); });
      nav.appendChild(btn);
    });
    nodes.push(nav);
    parts.lessonSummary = el("pre");
    nodes.push(parts.lessonSummary);
    fill(parts.lesson, nodes);
  }
  function renderLesson(s) {
    var L = s.lesson;
    if (!L) return;
    var cp = L.checkpoint || {};
    var key = (!L.started ? "start" + L.chapter : cp.on ? "checkpoint" + cp.seed : "chapter" + L.chapter) + ":" + parts.lang;
    if (key !== parts.lessonKey) buildLesson(s, key);
    if (!L.started) return;
    if (parts.lessonLook) parts.lessonLook.textContent = L.covered ? tr("web.a11y.lesson.predict_first") :
      tr("web.a11y.lesson.look_at", { look_at: L.look_at });
    var said = null;
    parts.lessonQuestions.forEach(function (q, k) {
      var status = cp.on ? cp.items[k].status : L.status.charAt(k);
      var open = status === "0";
      var waiting = !cp.on && L.covered && k > 0;
      var mark = open ? (waiting ? "web.a11y.lesson.mark.waiting" : "") : q.item.kind === "predict" ?
                 "web.a11y.lesson.mark.predicted" : status === "3" ? "web.a11y.lesson.mark.shown" :
                 status === "x" ? "web.a11y.lesson.mark.missed" : "web.a11y.lesson.mark.right";
      var prompt = cp.on ? tr("web.a11y.lesson.from_chapter", { n: q.item.chapter, prompt: q.item.prompt }) :
                   q.item.kind === "predict" ? tr("web.a11y.lesson.predict", { prompt: q.item.prompt }) : q.item.prompt;
      if (mark) prompt = tr(mark, { prompt: prompt });
      if (q.prompt.textContent !== prompt) q.prompt.textContent = prompt;
      q.controls.forEach(function (c) { c.disabled = !open || waiting; });
      var error = (cp.on ? cp.answer_errors : L.answer_errors)[k];
      var text = sentences([error ? tr("web.a11y.not_read", { error: error }) : "", cp.on ? "" : L.hints[k],
                            (cp.on ? cp.feedback : L.feedback)[k]]);
      if (q.notes.textContent !== text) q.notes.textContent = text;
      if (text && text !== parts.lessonNotes[k]) said = text;
      parts.lessonNotes[k] = text;
    });
    parts.lessonScore.textContent = !cp.on ? tr("web.a11y.lesson.answered", { n: L.answered, count: L.questions }) :
      cp.revisit.length ? tr("web.a11y.lesson.score_revisit", { score: cp.score, count: cp.items.length,
                                                                chapters: cp.revisit.join(", ") }) :
      tr("web.a11y.lesson.score", { score: cp.score, count: cp.items.length });
    parts.lessonSummary.textContent = L.summary;
    return said;  // the answer's verdict, hint or feedback, read out once (render says it last)
  }

  // -------------------------------------------------------------------------------------------
  // The live region
  // -------------------------------------------------------------------------------------------
  var lastAnnounce = null, lastRefusal = "";
  function announce(s) {
    var a = s.a11y || {};
    var refusal = a.refusal || "";
    if (refusal && refusal !== lastRefusal) {
      live.textContent = refusal;
    } else if (a.announce && a.announce !== lastAnnounce) {
      live.textContent = a.announce;
    }
    if (a.announce) lastAnnounce = a.announce;
    lastRefusal = refusal;
  }

  // -------------------------------------------------------------------------------------------
  // Text mode: the text version is the lab
  // -------------------------------------------------------------------------------------------
  function textMode() { return !!(window.bnlab && window.bnlab.textMode); }
  function setupTextMode() {
    parts.text = true;
    root.classList.add("text");
    parts.intro.className = "note";  // its text (text mode's, and the keys): relabel
    // Practice (the step lab): a round of questions on this batch, answered in a field.
    var practice = label(el("div", { role: "group" }), "web.a11y.practice.heading", "aria-label");
    parts.sections[0].insertBefore(practice, parts.step);
    parts.practice = practice;
    // The training lab: Train / Pause, one step, new networks.
    var trainControls = label(el("div", { role: "group" }), "web.a11y.train.controls", "aria-label");
    parts.trainToggle = button("web.a11y.button.train", function () { return parts.training ? "train-pause" : "train-start"; },
                               trainControls);
    button("web.a11y.button.new_networks", "train-reset", trainControls);
    parts.sections[2].insertBefore(trainControls, parts.train);
    parts.trainRows = [];
    // The benchmark's button.
    var speedControls = label(el("div", { role: "group" }), "web.a11y.speed.controls", "aria-label");
    button("web.a11y.button.run_benchmark", "speed-run", speedControls);
    parts.sections[3].insertBefore(speedControls, parts.speed);
    document.addEventListener("keydown", onKey);
  }

  // The canvas's keys, on the page (not while typing in a field, nor with Ctrl, Alt or Meta: the browser's); the
  // labs' keys are added from state().labs (buildLabs).
  var KEYS = { ArrowRight: "next", ArrowLeft: "prev", Home: "first", End: "last" };
  function onKey(e) {
    var t = e.target && e.target.tagName;
    if (e.ctrlKey || e.altKey || e.metaKey || t === "INPUT" || t === "TEXTAREA" || t === "SELECT") return;
    var name = KEYS[e.key];
    if (!name) return;
    e.preventDefault();
    command(name);
  }

  // The batch as a table of fields: x editable (Enter or leaving the field commits, through cell:i,j=v), γ and β
  // shown. Made again only when the batch's shape changes; a field being edited keeps its text.
  function renderEditableBatch(s) {
    var key = s.n + "x" + s.d + ":" + parts.lang;
    if (parts.batchKey !== key) {
      parts.batchKey = key;
      parts.cells = [];
      var t = el("table", { id: "batch-table" });
      t.appendChild(el("caption", null, tr("web.a11y.batch.caption_edit", { n: s.n, d: s.d })));
      var head = el("tr");
      [""].concat(features(s.d)).forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      t.appendChild(el("thead")).appendChild(head);
      var body = t.appendChild(el("tbody"));
      s.x.forEach(function (r, i) {
        var row = body.appendChild(el("tr"));
        row.appendChild(el("th", { scope: "row" }, "x" + sub(i + 1)));
        r.forEach(function (v, j) {
          var td = row.appendChild(el("td", { "class": "cell" }));
          var input = td.appendChild(el("input", { type: "text", inputmode: "decimal", "data-cell": i + "," + j,
            "aria-label": tr("web.a11y.batch.cell", { name: "x" + sub(i + 1) + "," + sub(j + 1), i: i + 1, j: j + 1 }) }));
          var commit = function () {
            if (input.value === input.getAttribute("data-shown")) return;
            var reply = null;
            try { reply = window.bnlab.command("cell:" + i + "," + j + "=" + input.value); } catch (e) { /* not ready */ }
            parts.cellError.textContent = reply && !reply.ok ? tr("web.a11y.refused", { error: reply.error }) : "";
            if (reply && !reply.ok) { live.textContent = parts.cellError.textContent; input.value = input.getAttribute("data-shown"); }
            schedule(0);
          };
          input.addEventListener("keydown", function (e) { if (e.key === "Enter") commit(); });
          input.addEventListener("change", commit);
          parts.cells.push(input);
        });
      });
      parts.gammaBeta = el("p");
      parts.epsMode = el("p");
      parts.cellError = el("p", { "class": "refused", role: "alert" });
      parts.batchError = el("p", { "class": "refused" });
      fill(parts.batch, [el("h3", null, tr("web.a11y.batch.heading")), t, parts.cellError, parts.gammaBeta, parts.epsMode,
                         parts.batchError]);
    }
    parts.cells.forEach(function (input, k) {
      var shown = fmt(s.x[Math.floor(k / s.d)][k % s.d], 7).replace("−", "-");
      if (document.activeElement !== input || input.getAttribute("data-shown") === input.value) input.value = shown;
      input.setAttribute("data-shown", shown);
    });
    var seven = function (v) { return fmt(v, 7); };
    parts.gammaBeta.textContent = tr("web.a11y.batch.gamma_beta", { gamma: s.gamma.map(seven).join(", "),
                                                                   beta: s.beta.map(seven).join(", ") });
    parts.epsMode.textContent = tr("web.a11y.batch.eps_mode", { eps: fmt(s.eps, 7), mode: s.mode });
    parts.batchError.textContent = s.error ? tr("web.a11y.batch.cannot_run", { error: s.error }) : "";
    renderPractice(s);
  }

  function renderPractice(s) {
    var p = s.practice || {};
    var key = (p.on ? "on" + p.seed + ":" + (p.index || []).join(",") + (p.done ? "done" : "") : "off") + ":" + parts.lang;
    if (parts.practiceKey !== key) {
      parts.practiceKey = key;
      var nodes = [el("h3", null, tr("web.a11y.practice.heading"))];
      if (!p.on) {
        nodes.push(el("p", { "class": "note" }, tr("web.a11y.practice.intro")));
        var start = el("button", { type: "button" }, tr("web.a11y.practice.start"));
        start.addEventListener("click", function () { command("practice:on"); });
        nodes.push(start);
      } else {
        parts.practicePrompt = el("p");
        nodes.push(parts.practicePrompt);
        if (!p.done) {
          var input = el("input", { type: "text", inputmode: "decimal", "aria-label": tr("web.a11y.practice.answer") });
          var submit = function () { command("answer:" + input.value); };
          input.addEventListener("keydown", function (e) { if (e.key === "Enter") submit(); });
          var check = el("button", { type: "button" }, tr("web.a11y.button.check"));
          check.addEventListener("click", submit);
          var show = el("button", { type: "button" }, tr("web.a11y.button.show_answer"));
          show.addEventListener("click", function () { command("practice:show"); });
          nodes.push(input, check, show);
        }
        parts.practiceNotes = el("p");
        nodes.push(parts.practiceNotes);
        var stop = el("button", { type: "button" }, tr("web.a11y.practice.end"));
        stop.addEventListener("click", function () { command("practice:off"); });
        nodes.push(stop);
      }
      fill(parts.practice, nodes);
    }
    if (p.on) {
      parts.practicePrompt.textContent = p.done ? tr("web.a11y.practice.done") :
        (p.prompt || "") + (p.label ? " " + p.label + " = ?" : "");
      var sc = p.score || {};
      parts.practiceNotes.textContent = sentences([p.answer_error ? tr("web.a11y.not_read", { error: p.answer_error }) : "",
        p.hint, p.feedback, tr("web.a11y.practice.score", { first: sc.first_try || 0, streak: sc.streak || 0 })]);
    }
  }

  // The training lab's numbers per logged step (the last 12), plain against BN.
  function trainLog(t) {
    parts.training = !!t.running;
    var toggle = tr(t.running ? "web.a11y.button.pause" : "web.a11y.button.train");
    if (parts.trainToggle.textContent !== toggle) parts.trainToggle.textContent = toggle;
    var rows = parts.trainRows;
    if ((t.step || 0) === 0 || (rows.length && rows[rows.length - 1].step > t.step)) rows.length = 0;
    if (t.runs && t.runs.length && t.step && (!rows.length || rows[rows.length - 1].step !== t.step)) {
      rows.push({ step: t.step, runs: t.runs });
      if (rows.length > 12) rows.shift();
    }
    if (!rows.length) return el("p", { "class": "note" }, tr("web.a11y.train.log_empty"));
    var names = rows[0].runs.map(function (r) { return r.network; });
    var headers = [tr("web.a11y.train.col.step")];
    names.forEach(function (n) {
      headers.push(tr("web.a11y.train.col.net_loss", { network: n }), tr("web.a11y.train.col.net_test_acc", { network: n }));
    });
    return table(tr("web.a11y.train.log_caption", { n: rows.length }), headers,
      rows.map(function (r) {
        var cells = [String(r.step)];
        r.runs.forEach(function (x) {
          cells.push(x.train_loss === undefined ? tr("web.a11y.not_yet") : fmt(x.train_loss, 4), percent(x.test_acc));
        });
        return cells;
      }));
  }

  function render() {
    var s;
    try { s = window.bnlab.state(); } catch (e) { return; }
    if (!parts.sections) buildLabs(s.labs);
    if (!parts.text && textMode()) setupTextMode();
    // The app's language: the document's lang and the page's own texts (loader.js), the fixed parts' labels; the parts
    // made once (lesson, practice, the editable batch) are made again, their keys holding parts.lang.
    var lang = s.lang || "en";
    if (lang !== parts.lang) {
      parts.lang = lang;
      if (window.bnlab.showLanguage) window.bnlab.showLanguage(lang); else document.documentElement.lang = lang;
      relabel();
    }
    retitleLabs(s.labs);
    if (parts.text) parts.sections.forEach(function (sec, k) { sec.hidden = k !== s.tab; });
    parts.labButtons.forEach(function (b, k) {
      if (k === s.tab) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
    });
    renderBatch(s);
    renderStep(s);
    renderRunning(s);
    renderTrain(s);
    renderSpeed(s);
    renderImage(s);
    var said = renderLesson(s);
    announce(s);
    // An answer's verdict is what just happened: it is read out even when the same rebuild also brings a lab's
    // announcement (seen: a chapter opened and answered between two rebuilds announced only the chapter).
    if (said) live.textContent = said;
    root.setAttribute("data-revision", String(s.revision));
  }

  // -------------------------------------------------------------------------------------------
  // The loop: a number per frame; the state (and the DOM) only when that number moved
  // -------------------------------------------------------------------------------------------
  var lastRevision = -1, lastBuildMs = -1e9, pending = null;
  function schedule(delay) {
    if (pending !== null) return;
    pending = window.setTimeout(function () { pending = null; lastBuildMs = performance.now(); render(); }, delay);
  }
  function loop() {
    var m = window.Module;
    if (window.bnlab && m && m.calledRun && typeof m._bnlab_revision === "function") {
      var rev = m._bnlab_revision();
      if (rev !== lastRevision) {
        lastRevision = rev;
        schedule(Math.max(0, REBUILD_MS - (performance.now() - lastBuildMs)));
      }
    }
    window.requestAnimationFrame(loop);
  }
  build();
  window.requestAnimationFrame(loop);
  window.bnlabA11y = { fmt: fmt, render: render };
})();
