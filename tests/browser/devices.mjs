// devices.mjs: touch devices for the browser specs (touch.spec.mjs, a11y.spec.mjs). The harness's Chromium is one
// persistent desktop profile; touch needs contexts made with hasTouch and isMobile, so these come from a second
// headless Chromium (same flags), launched on first use and closed by closeDevices().
//
//   DEVICES        the phone (390×844 CSS px, DPR 3) and the tablet (820×1180, DPR 2)
//   openDevice     a page of bnlab on one of them, ready, with its console errors and a CDP session
//   deviceContext  a fresh context of one of them, no page yet
//   itemCenter     where an item of state().rects lies, in CSS pixels
//   tapItem, touchHold, swipe, pinch   gestures: Playwright's touchscreen or CDP's Input.* touch events
//   revealItem     swipes until an item is well inside the screen
import { chromium } from "playwright-core";
import { settle, state } from "./harness.mjs";

export const DEVICES = [
  { name: "phone", viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 },
  { name: "tablet", viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2 },
];
// A desktop browser window (no touch), for specs that need a context of their own (a locale: i18n.spec.mjs).
export const DESKTOP = { name: "desktop", viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, touch: false };

let browser = null;
const contexts = new Set();

// Opens bnlab (base + hash) on `device`; options: reducedMotion ("reduce" | "no-preference"),
// contrast ("more" | "no-preference"), locale (the browser's language: navigator.language(s), e.g. "es-ES").
// Returns { page, context, errors, cdp }.
export async function openDevice(base, device, { hash = "", reducedMotion = "no-preference", contrast = "no-preference",
                                                 locale = "en-US" } = {}) {
  const context = await deviceContext(device, { reducedMotion, contrast, locale });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + hash);
  await page.waitForFunction(() => window.bnlab || document.querySelector("#status.error"), null, { timeout: 30000 });
  const why = await page.evaluate(() => (window.bnlab ? "" : document.getElementById("status").textContent));
  if (why) throw new Error(`${device.name}: the page shows an error: ${why}`);
  await page.evaluate(() => window.bnlab.ready);
  await settle(page, 4);
  const cdp = await context.newCDPSession(page);
  return { page, context, errors, cdp };
}

// A fresh browser context of `device` (its own storage; the options as openDevice's), with no page yet: for a spec
// that opens the page itself (slow_network.spec.mjs throttles the network first). Closed by closeContext/closeDevices.
export async function deviceContext(device, { reducedMotion = "no-preference", contrast = "no-preference",
                                              locale = "en-US" } = {}) {
  if (browser && !browser.isConnected()) browser = null;  // it crashed or was closed: a new one
  if (!browser) {
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
             "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
             "--disable-quic"],
    });
  }
  const touch = device.touch !== false;
  const context = await browser.newContext({
    viewport: device.viewport, deviceScaleFactor: device.deviceScaleFactor, hasTouch: touch, isMobile: touch,
    reducedMotion, contrast, locale,
  });
  contexts.add(context);
  return context;
}

export async function closeContext(context) {
  contexts.delete(context);
  await context.close().catch(() => {});
}

export async function closeDevices() {
  for (const c of contexts) await c.close().catch(() => {});
  contexts.clear();
  if (browser) await browser.close().catch(() => {});
  browser = null;
}

// The centre of item `id` (state().rects, canvas pixels) in CSS pixels; throws when it is not on screen.
export async function itemCenter(page, id, dx = 0) {
  const s = await state(page);
  const r = s.rects[id];
  if (!r) throw new Error(`no item ${id} on screen`);
  return { x: (r[0] + r[2] / 2) / s.dpr + dx, y: (r[1] + r[3] / 2) / s.dpr };
}

// A quick tap (Playwright: touchstart and touchend at once) on item `id`.
export async function tapItem(page, id) {
  const c = await itemCenter(page, id);
  await page.touchscreen.tap(c.x, c.y);
}

// A finger held `ms` at (x, y), then lifted (CDP touch events, so the time between them is real).
export async function touchHold(page, cdp, x, y, ms, { settleFrames = 0 } = {}) {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  await page.waitForTimeout(ms);
  if (settleFrames) await settle(page, settleFrames);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

// A swipe from (x, y) by (dx, dy) CSS pixels, as Chromium's own touch scroll gesture.
export async function swipe(cdp, x, y, dx, dy, speed = 800) {
  await cdp.send("Input.synthesizeScrollGesture", {
    x, y, xDistance: dx, yDistance: dy, gestureSourceType: "touch", speed, repeatCount: 1,
  });
}

// Two fingers around (x, y) moving from `from` to `to` CSS pixels apart, in `steps` moves.
export async function pinch(page, cdp, x, y, from, to, steps = 8) {
  const points = (d) => [{ x: x - d / 2, y, id: 0 }, { x: x + d / 2, y, id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: points(from) });
  for (let k = 1; k <= steps; k++) {
    await page.waitForTimeout(30);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: points(from + (to - from) * k / steps) });
  }
  await page.waitForTimeout(30);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

// Waits until item `id` stands still after a swipe (the page's fling has stopped): the same place two reads
// in a row.
export async function untilStill(page, id) {
  let last = "";
  for (let w = 0; w < 20; w++) {
    await settle(page, 5);
    const now = JSON.stringify((await state(page)).rects[id]);
    if (now === last) return;
    last = now;
  }
}

// Swipes (from the middle of the screen, never starting on the item) until item `id` lies in the middle
// band of a `height` CSS px tall screen; returns its centre. A swipe ends in a fling (the page's inertia), so
// the content can go past the band: each swipe after an overshoot is half as long and slower. A swipe that moved
// the item not at all means the content is at its end (an item near the top of a tall tablet screen stays above
// the band): no more swipes, the item is taken where it is if it is on screen (the check below).
export async function revealItem(page, cdp, id, height) {
  let scale = 1;
  let lastDir = 0;
  let lastY = NaN;
  for (let k = 0; k < 10; k++) {
    const c = await itemCenter(page, id);
    if (c.y > height * 0.2 && c.y < height * 0.7) return c;
    if (Math.abs(c.y - lastY) < 1) break;
    lastY = c.y;
    const dy = c.y >= height * 0.7 ? -Math.min(300, c.y - height * 0.45) : Math.min(300, height * 0.45 - c.y);
    const dir = Math.sign(dy);
    if (lastDir !== 0 && dir !== lastDir) scale *= 0.5;  // went past it: gentler
    lastDir = dir;
    await swipe(cdp, 30, height * 0.5, 0, dy * scale, 600 * scale);
    await untilStill(page, id);
  }
  const c = await itemCenter(page, id);
  if (!(c.y > height * 0.1 && c.y < height * 0.85)) throw new Error(`revealItem: ${id} did not come into view (at y ${c.y.toFixed(0)})`);
  return c;
}
