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
const state = () => page.evaluate(() => window.bnlab.state());
await settle(5);
let s = await state();
const center = (r) => ({ x: (r[0] + r[2] / 2) / s.dpr, y: (r[1] + r[3] / 2) / s.dpr });
const cdp = await ctx.newCDPSession(page);
// slow tap on add_sample
let c = center(s.rects.add_sample);
await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: c.x, y: c.y }] });
await page.waitForTimeout(120);
await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
await settle(6);
console.log("slow tap n", (await state()).n);
// swipe
s = await state();
const before = s.rects["x:0:0"];
await cdp.send("Input.synthesizeScrollGesture", { x: 200, y: 600, yDistance: -300, gestureSourceType: "touch", speed: 800 });
await settle(10);
s = await state();
console.log("swipe x:0:0", before, s.rects["x:0:0"]);
// tap a cell, insertText
c = center(s.rects["x:0:0"]);
await page.touchscreen.tap(c.x, c.y); await settle(4);
console.log("focused", await page.evaluate(() => document.activeElement.id), await page.evaluate(() => document.getElementById("text-input").getAttribute("inputmode")));
await page.keyboard.insertText("7.25"); await page.keyboard.press("Enter"); await settle(4);
s = await state();
console.log("x00", s.x[0][0], "focus", await page.evaluate(() => document.activeElement.id));
// long press on eps (?)
const e = s.rects.eps;
const px = (e[0] + e[2]) / s.dpr + 20, py = (e[1] + e[3] / 2) / s.dpr;
await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: px, y: py }] });
await page.waitForTimeout(700);
await settle(3);
console.log("tooltip during long press", (await state()).tooltip);
await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
await settle(3);
console.log("tooltip after", (await state()).tooltip);
await page.screenshot({ path: "/tmp/probe-long.png" });
// tab tap: find tab position. assume tab 2 at approx
await page.touchscreen.tap(150, 52); await settle(6);
console.log("tab", (await state()).tab);
await page.touchscreen.tap(40, 52); await settle(6);
console.log("tab", (await state()).tab);
console.log((await page.locator("body").ariaSnapshot()).slice(0, 1500));
console.log(errors.join("\n"));
await browser.close(); server.close();
