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
// Index
//   fmt, el, table     formatting numbers as the canvas does; small DOM helpers
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

  // Numbers as the canvas writes them (bn::FormatNumber): %g with `digits` significant digits and a
  // typographic minus, "not a number" for what JSON carries as null.
  function fmt(v, digits) {
    digits = digits || 5;
    if (v === null || v === undefined || typeof v !== "number") return "not a number";
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
    for (var j = 1; j <= d; j++) h.push("feature " + j);
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
  function button(label, cmd, container) {
    var b = el("button", { type: "button" }, label);
    b.addEventListener("click", function () { command(typeof cmd === "function" ? cmd() : cmd); });
    container.appendChild(b);
    return b;
  }
  // The heading and the introduction at once; the labs' buttons and sections once the app is there, from its table
  // of labs (state().labs, in the app's Lab order: the five labs, then the lesson): a button and a section each,
  // titled as the canvas's tabs ("1 Step through BN", ..., "Lesson"), sections[k] for lab k (state().tab).
  function build() {
    root.textContent = "";
    root.appendChild(el("h1", null, "bnlab: Batch Normalization, step by step"));
    parts.intro = root.appendChild(el("p", null, "A text version of the lab. On the canvas, the arrow keys step " +
      "through Batch Normalization, Home and End go to the first and last step, and the keys 1 to 5 open the labs; " +
      "each step is announced. The buttons below do the same."));
  }
  function buildLabs(labs) {
    var nav = root.appendChild(el("nav", { "aria-label": "Labs" }));
    var list = nav.appendChild(el("ul"));
    parts.labButtons = labs.map(function (lab) { return button(lab.title, lab.command, list.appendChild(el("li"))); });
    var sections = parts.sections = [];
    labs.forEach(function (lab) {
      var sec = root.appendChild(el("section", { "aria-labelledby": "a11y-lab-" + lab.id }));
      sec.appendChild(el("h2", { id: "a11y-lab-" + lab.id }, lab.title));
      sections[lab.id] = sec;
    });
    labs.forEach(function (lab) {  // the canvas's keys, for text mode: 1–5 and L (l too)
      KEYS[lab.key] = KEYS[lab.key.toLowerCase()] = lab.command;
    });
    // Lab 1: the batch, the step, its controls.
    parts.batch = sections[0].appendChild(el("div"));
    parts.step = sections[0].appendChild(el("div"));
    var controls = sections[0].appendChild(el("div", { role: "group", "aria-label": "Step controls" }));
    button("First step", "first", controls);
    button("Previous step", "prev", controls);
    button("Next step", "next", controls);
    button("Last step", "last", controls);
    parts.play = button("Play", function () { return parts.playing ? "pause" : "play"; }, controls);
    parts.running = sections[1].appendChild(el("div"));
    parts.train = sections[2].appendChild(el("div"));
    parts.speed = sections[3].appendChild(el("div"));
    parts.image = sections[4].appendChild(el("div"));
    parts.lesson = sections[5].appendChild(el("div"));
    var imageControls = sections[4].appendChild(el("div", { role: "group", "aria-label": "Image lab step controls" }));
    // On the image lab's tab, next and prev move its own step (the tab asked for counts at once).
    button("Previous image-lab step", [labs[4].command, "prev"], imageControls);
    button("Next image-lab step", [labs[4].command, "next"], imageControls);
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
      el("h3", null, "The batch"),
      table("The batch x: " + s.n + " samples (rows) × " + s.d + " features (columns), with γ and β per feature",
            [""].concat(features(s.d)), rows),
      el("p", null, "ε = " + fmt(s.eps, 7) + ", mode: " + s.mode +
         (s.mode === "train" ? " (normalize with this batch's own mean and variance)"
                             : " (normalize with the running mean and variance)") + "."),
      s.error ? el("p", null, "BN cannot run on this batch: " + s.error) : null,
    ]);
  }

  function renderStep(s) {
    var a = s.a11y && s.a11y.step;
    if (!a || !a.count) {
      fill(parts.step, [el("p", null, s.error ? "No steps: " + s.error : "No steps.")]);
      return;
    }
    var values = s[s.step_name];
    var rows = [];
    if (values && Array.isArray(values[0])) {
      rows = values.map(function (r, i) { return [a.symbol + sub(i + 1)].concat(r.map(function (v) { return fmt(v); })); });
    } else if (values) {
      rows = [[a.symbol].concat(values.map(function (v) { return fmt(v); }))];
    }
    fill(parts.step, [
      el("h3", null, "Step " + (a.index + 1) + " of " + a.count + (a.backward ? " (backward pass)" : " (forward pass)") +
         ": " + a.title),
      el("p", null, "Formula: " + a.formula),
      el("p", null, "With the numbers: " + a.numbers),
      rows.length ? table(a.symbol + " for every feature (this step's values)", [""].concat(features(s.d)), rows) : null,
      s.code && s.code.open && s.code.text ? el("h4", null, "This step as " + (s.code.lang === "numpy" ? "NumPy" :
        s.code.lang === "pytorch" ? "PyTorch" : "the batch's") + " code") : null,
      s.code && s.code.open && s.code.text ? el("pre", null, s.code.text) : null,
    ]);
    parts.playing = !!s.playing;
    parts.play.textContent = s.playing ? "Pause" : "Play";
  }

  function renderRunning(s) {
    var r = s.running_lab || {};
    var text = r.batches ? "Batches seen: " + r.batches + ". Running mean: " + fmt(r.running_mean) +
                           ", running variance: " + fmt(r.running_var) + "."
                         : "No batches yet: the stream of batches has not started.";
    fill(parts.running, [el("p", null, text)]);
  }

  function renderTrain(s) {
    var t = s.train || {};
    var nodes = [el("p", null, "Experiment: " + (t.experiment || "") + ". Step " + (t.step || 0) +
                               (t.running ? ", training." : ", paused."))];
    if (t.error) nodes.push(el("p", null, "Refused settings: " + t.error));
    if (t.runs && t.runs.length) {
      nodes.push(table("The networks, at the last logged step",
        ["network", "training loss", "training accuracy", "test accuracy"],
        t.runs.map(function (r) {
          var pct = function (v) { return v === undefined ? "not yet" : fmt(100 * v, 3) + " %"; };
          return [r.network, r.train_loss === undefined ? "not yet" : fmt(r.train_loss, 4), pct(r.train_acc), pct(r.test_acc)];
        })));
    }
    if (parts.text) nodes.push(trainLog(t));
    fill(parts.train, nodes);
  }

  function renderSpeed(s) {
    var sp = s.speed || { results: [] };
    if (!sp.results.length) {
      fill(parts.speed, [el("p", null, sp.running ? "Measuring…" : "Not measured yet: run the benchmark on the Speed tab.")]);
      return;
    }
    fill(parts.speed, [table("Time per BN forward and backward, in milliseconds, in this browser",
      ["kernel and shape", "SIMD (ms)", "scalar (ms)"],
      sp.results.map(function (r) { return [r.kind + " " + r.shape.join("×"), fmt(r.simd_ms, 3), fmt(r.scalar_ms, 3)]; }))]);
  }

  function renderImage(s) {
    var im = s.image;
    var a = s.a11y && s.a11y.image;
    if (!im) return;
    var nodes = [el("p", null, "Batch N×C×H×W = " + im.shape.join("×") + ", normalization: " + im.norm +
                               (im.norm === "group" ? " with " + im.groups + " groups" : "") + ".")];
    if (im.error) {
      nodes.push(el("p", null, "Cannot run: " + im.error));
    } else if (a) {
      nodes.push(el("h3", null, "Step " + (a.index + 1) + " of " + a.count + ": " + a.title));
      nodes.push(el("p", null, "Formula: " + a.formula));
      nodes.push(el("p", null, "With the numbers of the selected element: " + a.numbers));
      var v = im.values || {};
      if (a.groups && v.mean) {
        var headers = ["statistics group", "mean μ"].concat(v["var"] ? ["variance σ²"] : []);
        nodes.push(table(im.count + " statistics groups of " + im.size + " values each", headers,
          a.groups.map(function (label, k) {
            return [label, fmt(v.mean[k])].concat(v["var"] ? [fmt(v["var"][k])] : []);
          })));
      }
    }
    if (im.edit_error) nodes.push(el("p", null, "Refused: " + im.edit_error));
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
      nodes.push(el("p", null, "A guided lesson in " + L.chapters + " short chapters; each sets up a lab, some ask for a " +
                               "prediction first, and the numeric questions hide the value they ask for."));
      var start = el("button", { type: "button" }, "Start the lesson at chapter " + L.chapter);
      start.addEventListener("click", function () { command("lesson:chapter=" + L.chapter); });
      nodes.push(start);
      fill(parts.lesson, nodes);
      return;
    }
    var items = cp.on ? cp.items : L.items;
    if (cp.on) {
      nodes.push(el("h3", null, "Checkpoint: " + items.length + " questions from the chapters, one try each"));
    } else {
      nodes.push(el("h3", null, "Chapter " + L.chapter + " of " + L.chapters + ": " + L.title));
      L.text.split("\n\n").forEach(function (p) { nodes.push(el("p", null, p)); });
      if (L.formula) nodes.push(el("p", null, "Formula: " + L.formula));
      parts.lessonLook = el("p");
      nodes.push(parts.lessonLook);
    }
    var list = el("ol");
    items.forEach(function (q, k) {
      var li = list.appendChild(el("li"));
      var prompt = li.appendChild(el("p"));
      var controls = [];
      var group = li.appendChild(el("div", { role: "group", "aria-label": "Question " + (k + 1) }));
      if (q.kind === "numeric") {
        var input = el("input", { type: "text", inputmode: "decimal", "aria-label": "Your answer to question " + (k + 1) });
        var check = el("button", { type: "button" }, "Check");
        var submit = function () { lessonCommand("lesson:answer=" + (k + 1) + ":" + input.value); schedule(0); };
        check.addEventListener("click", submit);
        input.addEventListener("keydown", function (e) { if (e.key === "Enter") submit(); });
        group.appendChild(input);
        group.appendChild(check);
        controls.push(input, check);
        if (!cp.on) {
          var show = el("button", { type: "button" }, "Show answer");
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
    nodes.push(el("h4", null, cp.on ? "Questions" : "Questions (a prediction, when there is one, comes first)"));
    nodes.push(list);
    parts.lessonScore = el("p");
    nodes.push(parts.lessonScore);
    var nav = el("div", { role: "group", "aria-label": "Lesson navigation" });
    [["Previous chapter", "lesson:prev"], ["Next chapter", "lesson:next"], ["Checkpoint", "lesson:checkpoint=" + (cp.seed || 1)],
     ["Copy my summary", "lesson:summary"]].forEach(function (b) {
      var btn = el("button", { type: "button" }, b[0]);
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
    var key = !L.started ? "start" + L.chapter : cp.on ? "checkpoint" + cp.seed : "chapter" + L.chapter;
    if (key !== parts.lessonKey) buildLesson(s, key);
    if (!L.started) return;
    if (parts.lessonLook) parts.lessonLook.textContent = L.covered ? "Make your prediction (question 1) first: the lab " +
      "opens once you have." : "Look at: " + L.look_at;
    var said = null;
    parts.lessonQuestions.forEach(function (q, k) {
      var status = cp.on ? cp.items[k].status : L.status.charAt(k);
      var open = status === "0";
      var waiting = !cp.on && L.covered && k > 0;
      var mark = open ? (waiting ? " (after your prediction)" : "") : q.item.kind === "predict" ? " (predicted)" :
                 status === "3" ? " (answer shown)" : status === "x" ? " (missed)" : " (right)";
      var prompt = (cp.on ? "From chapter " + q.item.chapter + ". " : q.item.kind === "predict" ? "Predict first. " : "") +
                   q.item.prompt + mark;
      if (q.prompt.textContent !== prompt) q.prompt.textContent = prompt;
      q.controls.forEach(function (c) { c.disabled = !open || waiting; });
      var error = (cp.on ? cp.answer_errors : L.answer_errors)[k];
      var text = [error ? "Not read: " + error : "", cp.on ? "" : L.hints[k], (cp.on ? cp.feedback : L.feedback)[k]]
        .filter(Boolean).join(" ");
      if (q.notes.textContent !== text) q.notes.textContent = text;
      if (text && text !== parts.lessonNotes[k]) said = text;
      parts.lessonNotes[k] = text;
    });
    parts.lessonScore.textContent = cp.on ? "Score: " + cp.score + " of " + cp.items.length + (cp.revisit.length ?
      ". Chapters to revisit: " + cp.revisit.join(", ") + "." : ".") : L.answered + " of " + L.questions + " answered.";
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
    parts.intro.textContent = "bnlab in text mode: the labs as tables, fields and buttons, nothing drawn" +
      (window.bnlab.textModeReason === "no-webgl2" ? " (this browser or computer offers no WebGL2, which the " +
       "drawn labs need)." : " (chosen in the link: remove text=1 from the address for the drawn labs).") +
      " Keys: ← and → step through BN, Home and End go to the first and last step, 1 to 5 open the labs, L the lesson.";
    parts.intro.className = "note";
    // Practice (the step lab): a round of questions on this batch, answered in a field.
    var practice = el("div", { role: "group", "aria-label": "Practice" });
    parts.sections[0].insertBefore(practice, parts.step);
    parts.practice = practice;
    // The training lab: Train / Pause, one step, new networks.
    var trainControls = el("div", { role: "group", "aria-label": "Training controls" });
    parts.trainToggle = button("Train", function () { return parts.training ? "train-pause" : "train-start"; }, trainControls);
    button("New networks", "train-reset", trainControls);
    parts.sections[2].insertBefore(trainControls, parts.train);
    parts.trainRows = [];
    // The benchmark's button.
    var speedControls = el("div", { role: "group", "aria-label": "Benchmark controls" });
    button("Run the benchmark", "speed-run", speedControls);
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
    var key = s.n + "x" + s.d;
    if (parts.batchKey !== key) {
      parts.batchKey = key;
      parts.cells = [];
      var t = el("table", { id: "batch-table" });
      t.appendChild(el("caption", null, "The batch x: " + s.n + " samples (rows) × " + s.d + " features (columns); " +
        "edit a value and press Enter"));
      var head = el("tr");
      [""].concat(features(s.d)).forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      t.appendChild(el("thead")).appendChild(head);
      var body = t.appendChild(el("tbody"));
      s.x.forEach(function (r, i) {
        var tr = body.appendChild(el("tr"));
        tr.appendChild(el("th", { scope: "row" }, "x" + sub(i + 1)));
        r.forEach(function (v, j) {
          var td = tr.appendChild(el("td", { "class": "cell" }));
          var input = td.appendChild(el("input", { type: "text", inputmode: "decimal", "data-cell": i + "," + j,
            "aria-label": "x" + sub(i + 1) + "," + sub(j + 1) + ", sample " + (i + 1) + ", feature " + (j + 1) }));
          var commit = function () {
            if (input.value === input.getAttribute("data-shown")) return;
            var reply = null;
            try { reply = window.bnlab.command("cell:" + i + "," + j + "=" + input.value); } catch (e) { /* not ready */ }
            parts.cellError.textContent = reply && !reply.ok ? "Refused: " + reply.error : "";
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
      fill(parts.batch, [el("h3", null, "The batch"), t, parts.cellError, parts.gammaBeta, parts.epsMode, parts.batchError]);
    }
    parts.cells.forEach(function (input, k) {
      var shown = fmt(s.x[Math.floor(k / s.d)][k % s.d], 7).replace("−", "-");
      if (document.activeElement !== input || input.getAttribute("data-shown") === input.value) input.value = shown;
      input.setAttribute("data-shown", shown);
    });
    parts.gammaBeta.textContent = "γ = " + s.gamma.map(function (v) { return fmt(v, 7); }).join(", ") +
      "; β = " + s.beta.map(function (v) { return fmt(v, 7); }).join(", ") + " (per feature).";
    parts.epsMode.textContent = "ε = " + fmt(s.eps, 7) + ", mode: " + s.mode + ".";
    parts.batchError.textContent = s.error ? "BN cannot run on this batch: " + s.error : "";
    renderPractice(s);
  }

  function renderPractice(s) {
    var p = s.practice || {};
    var key = p.on ? "on" + p.seed + ":" + (p.index || []).join(",") + (p.done ? "done" : "") : "off";
    if (parts.practiceKey !== key) {
      parts.practiceKey = key;
      var nodes = [el("h3", null, "Practice")];
      if (!p.on) {
        nodes.push(el("p", { "class": "note" }, "Compute the steps yourself: practice asks for one value per step."));
        var start = el("button", { type: "button" }, "Start practice");
        start.addEventListener("click", function () { command("practice:on"); });
        nodes.push(start);
      } else {
        parts.practicePrompt = el("p");
        nodes.push(parts.practicePrompt);
        if (!p.done) {
          var input = el("input", { type: "text", inputmode: "decimal", "aria-label": "Your answer" });
          var submit = function () { command("answer:" + input.value); };
          input.addEventListener("keydown", function (e) { if (e.key === "Enter") submit(); });
          var check = el("button", { type: "button" }, "Check");
          check.addEventListener("click", submit);
          var show = el("button", { type: "button" }, "Show answer");
          show.addEventListener("click", function () { command("practice:show"); });
          nodes.push(input, check, show);
        }
        parts.practiceNotes = el("p");
        nodes.push(parts.practiceNotes);
        var stop = el("button", { type: "button" }, "End practice");
        stop.addEventListener("click", function () { command("practice:off"); });
        nodes.push(stop);
      }
      fill(parts.practice, nodes);
    }
    if (p.on) {
      parts.practicePrompt.textContent = p.done ? "Round done." : (p.prompt || "") + (p.label ? " " + p.label + " = ?" : "");
      var sc = p.score || {};
      parts.practiceNotes.textContent = [p.answer_error ? "Not read: " + p.answer_error : "", p.hint, p.feedback,
        "First tries right: " + (sc.first_try || 0) + ", streak " + (sc.streak || 0) + "."].filter(Boolean).join(" ");
    }
  }

  // The training lab's numbers per logged step (the last 12), plain against BN.
  function trainLog(t) {
    parts.training = !!t.running;
    parts.trainToggle.textContent = t.running ? "Pause" : "Train";
    var rows = parts.trainRows;
    if ((t.step || 0) === 0 || (rows.length && rows[rows.length - 1].step > t.step)) rows.length = 0;
    if (t.runs && t.runs.length && t.step && (!rows.length || rows[rows.length - 1].step !== t.step)) {
      rows.push({ step: t.step, runs: t.runs });
      if (rows.length > 12) rows.shift();
    }
    if (!rows.length) return el("p", { "class": "note" }, "Press Train: the loss and accuracy of each network appear here as it learns.");
    var names = rows[0].runs.map(function (r) { return r.network; });
    var headers = ["step"];
    names.forEach(function (n) { headers.push(n + ": loss", n + ": test accuracy"); });
    return table("Loss and test accuracy per step (the last " + rows.length + " seen)", headers,
      rows.map(function (r) {
        var cells = [String(r.step)];
        r.runs.forEach(function (x) {
          cells.push(x.train_loss === undefined ? "not yet" : fmt(x.train_loss, 4),
                     x.test_acc === undefined ? "not yet" : fmt(100 * x.test_acc, 3) + " %");
        });
        return cells;
      }));
  }

  function render() {
    var s;
    try { s = window.bnlab.state(); } catch (e) { return; }
    if (!parts.sections) buildLabs(s.labs);
    if (!parts.text && textMode()) setupTextMode();
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
