// speed.spec.mjs: the Speed panel (tab 4): the kernel benchmark in this browser, for both builds.
//
// Run alone: node tests/browser/run.mjs DIST speed
import path from "node:path";
import { check, test, open, state, settle, clickItem } from "../harness.mjs";

// The Speed panel: the kernel benchmark in this browser, for both builds; and the time to the first frame.
for (const build of ["simd", "scalar"]) test(`[${build}] the Speed panel`, async ({ base, outDir }) => {
  const { page, errors } = await open(base + (build === "scalar" ? "?build=scalar" : ""));
  const firstFrame = await page.evaluate(() => window.bnlab.firstFrameMs);
  console.log(`# [${build}] navigation to first frame: ${Math.round(firstFrame)} ms`);
  await page.keyboard.press("4");
  await settle(page);
  await clickItem(page, "speed_run");
  await page.waitForFunction(() => !window.bnlab.state().speed.running, null, { timeout: 60000 });
  const s = await state(page);
  const rows = s.speed.results;
  for (const r of rows)
    console.log(`# [${build}] ${r.kind} ${r.shape.join("x")}: f32x4 ${r.simd_ms.toFixed(4)} ms, scalar ` +
      `${r.scalar_ms.toFixed(4)} ms (${(r.scalar_ms / r.simd_ms).toFixed(2)}x), memcpy ${r.memcpy_gbps.toFixed(1)} GB/s`);
  check(`[${build}] the Speed panel measures ${rows.length} shapes in the page, every figure positive`,
    rows.length === 5 && rows.every((r) => r.simd_ms > 0 && r.scalar_ms > 0 && r.memcpy_gbps > 0));
  await page.screenshot({ path: path.join(outDir, `speed-${build}.png`) });
  check(`[${build}] no console errors in the Speed panel`, errors.length === 0, errors.join(" | "));
  await page.close();
});
