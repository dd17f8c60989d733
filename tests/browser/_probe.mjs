import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";
const { server, port } = await startServer(process.argv[2], 0);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
const page = await ctx.newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error" || m.type()==="warning") errors.push(m.text()); });
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(`http://127.0.0.1:${port}/`);
await page.waitForFunction(() => window.bnlab && window.bnlab.ready);
await page.evaluate(() => window.bnlab.ready);
const settle = (n = 3) => page.evaluate((n) => new Promise((res) => { let k = 0; const t = () => (++k >= n ? res() : requestAnimationFrame(t)); requestAnimationFrame(t); }), n);
await settle(5);
let s = await page.evaluate(() => window.bnlab.state());
console.log("touch_ui", s.touch_ui, "dpr", s.dpr, "rev", s.revision, "env", await page.evaluate(() => window.bnlabTouch.environment()));
console.log(Object.keys(s.rects).slice(0, 40).join(" "));
const center = (r) => ({ x: (r[0] + r[2] / 2) / s.dpr, y: (r[1] + r[3] / 2) / s.dpr });
const r = s.rects["add_sample"]; console.log("add_sample", r, r && r[3] / s.dpr);
if (r) {
  const c = center(r);
  await page.touchscreen.tap(c.x, c.y); await settle(6);
  console.log("n after tap", (await page.evaluate(() => window.bnlab.state())).n);
  await page.touchscreen.tap(c.x, c.y); await settle(6);
  console.log("n after 2nd tap", (await page.evaluate(() => window.bnlab.state())).n);
}
await page.screenshot({ path: "/tmp/probe-phone.png" });
console.log("a11y", JSON.stringify(s.a11y).slice(0, 400));
console.log(errors.join("\n"));
await browser.close(); server.close();
