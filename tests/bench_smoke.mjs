// bench_smoke.mjs FILE...: checks bnbench --json outputs: they parse, name their build, and every timing, rate
// and traffic fraction is a positive finite number. Prints "ok"/"not ok" lines and "N passed, N failed".
import fs from "node:fs";

let passed = 0, failed = 0;
const check = (name, ok) => { ok ? passed++ : failed++; console.log(`${ok ? "ok" : "not ok"} - ${name}`); };
for (const file of process.argv.slice(2)) {
  let r = null;
  try { r = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) { /* reported below */ }
  check(`${file}: bnbench --json parses`, r !== null);
  if (!r) continue;
  const pos = (v) => Number.isFinite(v) && v > 0;
  const rows = r.bn || [];
  check(`${r.build}: ${rows.length} BN shapes timed, all figures positive`, rows.length >= 3 &&
    rows.every((x) => pos(x.simd_ms) && pos(x.scalar_ms) && pos(x.simd_gbps) && pos(x.memcpy_gbps) && x.shape.length >= 2));
  check(`${r.build}: memory limit measured (${r.limit_gbps} GB/s), traffic, forward and backward alone per shape`,
    pos(r.limit_gbps) && rows.every((x) => pos(x.traffic) && pos(x.forward_traffic) && pos(x.backward_traffic) &&
      pos(x.forward_ms) && pos(x.backward_ms) && x.traffic_bytes === x.forward_bytes + x.backward_bytes));
  check(`${r.build}: training lab steps per second measured (${Math.round(r.mlp_steps_per_second)})`, pos(r.mlp_steps_per_second));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
