// run.mjs DIST [--port N] [SPEC...]: bnlab's browser tests in headless Chromium (Debian's /usr/bin/chromium,
// playwright-core). Runs every spec in specs/ (or the ones named: "step" or a path to a .spec.mjs file), each with
// its own server on DIST and its own Chromium profile; prints "# spec: ..." and "# test: ..." headers, one line per
// check ("ok - ..." / "not ok - ...") and "N passed, N failed" last; exits 1 if any failed.
//   --port N   serve the first spec on port N, the next on N+1, ... (default: any free port)
//   BNLAB_TEST_GREP=TEXT (environment): only the tests whose name contains TEXT
//
// The pieces: harness.mjs (session, test(), check(), page helpers), reference.mjs (independent references),
// specs/*.spec.mjs (one file per lab or concern; each registers named tests with test()).
import fs from "node:fs";
import path from "node:path";
import { check, counts, endSession, runTest, startSession, takeTests } from "./harness.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const specsDir = path.join(here, "specs");
const usage = "usage: node tests/browser/run.mjs DIST [--port N] [SPEC...]";

const args = process.argv.slice(2);
let dist = null, port = 0;
const chosen = [];
for (let k = 0; k < args.length; k++) {
  if (args[k] === "--port") port = Number(args[++k]);
  else if (args[k].startsWith("--port=")) port = Number(args[k].slice(7));
  else if (dist === null) dist = args[k];
  else chosen.push(args[k]);
}
if (!dist || !Number.isInteger(port) || port < 0) {
  console.error(usage);
  process.exit(2);
}
if (!fs.existsSync(path.join(dist, "index.html"))) {
  console.error(`run.mjs: no index.html in '${dist}' (build the web app first: ./build-wasm.sh build)`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// "step" -> specs/step.spec.mjs; a path is taken as it is.
const all = fs.readdirSync(specsDir).filter((f) => f.endsWith(".spec.mjs")).sort();
const specs = chosen.length === 0 ? all.map((f) => path.join(specsDir, f))
  : chosen.map((c) => (c.endsWith(".mjs") ? path.resolve(c) : path.join(specsDir, `${c}.spec.mjs`)));

// Whatever escapes a test (it should not) still ends the run with its summary.
const bail = (e) => {
  check("the browser tests ran to the end", false, String((e && e.stack) || e).split("\n").slice(0, 6).join("\n    "));
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(1);
};
process.on("uncaughtException", bail);
process.on("unhandledRejection", bail);

for (const [k, file] of specs.entries()) {
  const name = path.basename(file, ".spec.mjs");
  console.log(`# spec: ${name}`);
  let tests;
  try {
    await import(file);
    tests = takeTests();
  } catch (e) {
    takeTests();
    check(`spec ${name} loads`, false, String((e && e.stack) || e).split("\n").slice(0, 6).join("\n    "));
    continue;
  }
  try {
    await startSession(dist, port ? port + k : 0);
  } catch (e) {
    check(`spec ${name}: the server and Chromium start`, false, String(e));
    await endSession();
    continue;
  }
  for (const t of tests) await runTest(t);
  await endSession();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
