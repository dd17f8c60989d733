// touch.spec.mjs: bnlab by touch alone on a phone (390×844, DPR 3) and a tablet (820×1180, DPR 2), both touch
// devices (hasTouch, isMobile): controls sized for fingers, a quick tap presses a button exactly once (also twice
// in a row), a slow tap (120 ms) once too, a tap switches the lab, a swipe scrolls the content (not a click), a
// slider follows a finger, a tapped cell takes "7.25" and Enter from the on-screen keyboard's field, a long press
// shows the (?) help and a tap leaves nothing hovered, a pinch changes the UI scale; screenshots of every lab.
//
// Run alone: node tests/browser/run.mjs DIST touch
import path from "node:path";
import { check, test, settle, state } from "../harness.mjs";
import { DEVICES, openDevice, closeContext, closeDevices, itemCenter, tapItem, touchHold, swipe, pinch, revealItem } from "../devices.mjs";

for (const device of DEVICES) {
  const tag = `[${device.name}]`;

  test(`${tag} touch sizes and taps`, async ({ base }) => {
    const { page, context, errors, cdp } = await openDevice(base, device);
    try {
      let s = await state(page);
      check(`${tag} the page knows it is on a touch screen (touch_ui) at DPR ${device.deviceScaleFactor}`,
        s.touch_ui === true && s.dpr === device.deviceScaleFactor, `touch_ui ${s.touch_ui}, dpr ${s.dpr}`);
      const heights = ["add_sample", "step_next", "preset:Default", "x:0:0", "tab:1"].map((id) => [id, s.rects[id] ? s.rects[id][3] / s.dpr : 0]);
      check(`${tag} buttons, cells and tabs are at least 44 CSS px tall (${heights.map(([id, h]) => `${id} ${h.toFixed(0)}`).join(", ")})`,
        heights.every(([, h]) => h >= 44 - 0.5));

      // A quick tap on "+" (add a sample): exactly one more sample; then two quick taps in a row: two more.
      const n0 = s.n;
      await tapItem(page, "add_sample");
      await settle(page, 6);
      s = await state(page);
      check(`${tag} a quick tap on + adds exactly one sample (N ${n0} → ${s.n})`, s.n === n0 + 1);
      await tapItem(page, "add_sample");
      await tapItem(page, "add_sample");
      await settle(page, 8);
      s = await state(page);
      check(`${tag} two quick taps in a row add exactly two (N ${n0 + 1} → ${s.n})`, s.n === n0 + 3);

      // A slow tap (the finger down 120 ms) on "next step", from step 1: step 2, not 3.
      await page.evaluate(() => window.bnlab.command("first"));
      await settle(page, 3);
      const c = await itemCenter(page, "step_next");
      await touchHold(page, cdp, c.x, c.y, 120);
      await settle(page, 6);
      s = await state(page);
      check(`${tag} a slow tap (120 ms) on ▶ moves one step (step index 0 → ${s.step})`, s.step === 1);
      const c2 = await itemCenter(page, "add_sample");
      const n1 = s.n;
      await touchHold(page, cdp, c2.x, c2.y, 120);
      await settle(page, 6);
      check(`${tag} a slow tap on + adds exactly one sample`, (await state(page)).n === n1 + 1);

      // A tap on a lab's tab switches to it, and back.
      await tapItem(page, "tab:2");
      await settle(page, 6);
      const onTraining = (await state(page)).tab;
      await tapItem(page, "tab:0");
      await settle(page, 6);
      check(`${tag} a tap on a tab switches the lab (tab 3 → ${onTraining + 1}, then tab 1 → ${(await state(page)).tab + 1})`,
        onTraining === 2 && (await state(page)).tab === 0);
      check(`${tag} no console errors while tapping`, errors.length === 0, errors.join(" | "));
    } finally {
      await closeContext(context);
    }
  });

  test(`${tag} swipe, slider, long press, pinch`, async ({ base, outDir }) => {
    const { page, context, errors, cdp } = await openDevice(base, device);
    try {
      // A swipe up over the batch moves the content up (the cells' rectangles), and presses nothing.
      let s = await state(page);
      const before = s.rects["x:0:0"], n0 = s.n, x0 = JSON.stringify(s.x);
      const start = await itemCenter(page, "x:0:0");
      await swipe(cdp, start.x, Math.min(start.y, device.viewport.height - 60), 0, -250);
      await settle(page, 20);  // the fling settles
      s = await state(page);
      const after = s.rects["x:0:0"];
      const moved = before && after ? (before[1] - after[1]) / s.dpr : 0;
      check(`${tag} a swipe up scrolls the content up (x₁,₁ cell ${moved.toFixed(0)} CSS px higher)`, moved > 100,
        `before ${before}, after ${after}`);
      const focusAfterSwipe = await page.evaluate(() => document.activeElement.id);
      check(`${tag} …and presses nothing (N and x unchanged, no cell edited)`,
        s.n === n0 && JSON.stringify(s.x) === x0 && focusAfterSwipe !== "text-input",
        `N ${n0} → ${s.n}, x ${x0} → ${JSON.stringify(s.x)}, focus ${focusAfterSwipe}`);
      await swipe(cdp, start.x, 300, 0, 400);
      await settle(page, 20);

      // A finger dragged along the speed slider moves it (a drag across the scrolling is the control's).
      await revealItem(page, cdp, "step_speed", device.viewport.height);
      s = await state(page);
      const r = s.rects.step_speed;
      const speed0 = s.steps_per_second;
      const y = (r[1] + r[3] / 2) / s.dpr, x1 = (r[0] + 4) / s.dpr, x2 = (r[0] + r[2] - 4) / s.dpr;
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: x1, y }] });
      for (let k = 1; k <= 10; k++) {
        await page.waitForTimeout(25);
        await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: x1 + (x2 - x1) * k / 10, y }] });
      }
      await settle(page, 3);
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
      await settle(page, 4);
      s = await state(page);
      check(`${tag} a finger dragged along the speed slider sets it to its maximum (${speed0} → ${s.steps_per_second} steps/s)`,
        Math.abs(s.steps_per_second - 4) < 1e-6);

      // A long press on ε's (?) shows its help (a tooltip); it stays after the finger lifts; a tap elsewhere
      // hides it. A quick tap on the (?) leaves nothing hovered.
      // ε sits below the batch table inside the batch panel, which scrolls on its own: swipe up from the
      // table's last row (the batch panel takes the swipe first), then bring ε to the middle of the screen.
      const lastRow = await revealItem(page, cdp, "x:3:0", device.viewport.height);
      await swipe(cdp, lastRow.x, lastRow.y, 0, -150, 600);
      await revealItem(page, cdp, "eps", device.viewport.height);
      s = await state(page);
      const eps = s.rects.eps;
      const qx = (eps[0] + eps[2]) / s.dpr + 20, qy = (eps[1] + eps[3] / 2) / s.dpr;
      await touchHold(page, cdp, qx, qy, 700, { settleFrames: 2 });
      await settle(page, 3);
      const shown = (await state(page)).tooltip;
      await page.screenshot({ path: path.join(outDir, `touch-${device.name}-longpress.png`) });
      await page.touchscreen.tap(qx, qy);
      await settle(page, 6);
      const afterTap = (await state(page)).tooltip;
      check(`${tag} a long press on ε's (?) shows its help, and it stays after the finger lifts`, shown === true,
        `pressed at ${qx.toFixed(0)},${qy.toFixed(0)} CSS px; ε cell ${eps.map((v) => (v / s.dpr).toFixed(0))}`);
      check(`${tag} a quick tap leaves nothing hovered (no tooltip after it)`, afterTap === false);

      // Two fingers moving apart: a larger UI scale; together again: smaller.
      const scale0 = (await state(page)).ui_scale;
      await pinch(page, cdp, device.viewport.width / 2, device.viewport.height / 2, 100, 160);
      await settle(page, 4);
      const scale1 = (await state(page)).ui_scale;
      await pinch(page, cdp, device.viewport.width / 2, device.viewport.height / 2, 160, 100);
      await settle(page, 4);
      const scale2 = (await state(page)).ui_scale;
      check(`${tag} a pinch out enlarges the UI (scale ${scale0} → ${scale1}) and a pinch in shrinks it back (${scale2})`,
        scale1 > scale0 + 0.2 && Math.abs(scale2 - scale0) < 0.11, `${scale0} ${scale1} ${scale2}`);
      await page.evaluate(() => window.bnlab.command("ui-scale:100"));
      check(`${tag} no console errors while swiping, dragging, holding and pinching`, errors.length === 0, errors.join(" | "));
    } finally {
      await closeContext(context);
    }
  });

  test(`${tag} a tapped cell takes the on-screen keyboard's text`, async ({ base }) => {
    const { page, context, errors, cdp } = await openDevice(base, device);
    try {
      await revealItem(page, cdp, "x:1:1", device.viewport.height);
      await tapItem(page, "x:1:1");
      await settle(page, 4);
      const field = await page.evaluate(() => {
        const f = document.getElementById("text-input");
        return { focused: document.activeElement === f, mode: f.getAttribute("inputmode"), hidden: f.getAttribute("aria-hidden") };
      });
      check(`${tag} tapping a cell focuses the hidden field with the number keyboard (inputmode ${field.mode})`,
        field.focused && field.mode === "decimal" && field.hidden === null, JSON.stringify(field));
      await page.keyboard.insertText("7.25");
      await page.keyboard.press("Enter");
      await settle(page, 4);
      // The state holds the values of the steps up to the shown one (a first visit starts at step 1, the sum):
      // go to the last step to read the mean.
      await page.evaluate(() => window.bnlab.command("last"));
      await settle(page, 3);
      const s = await state(page);
      check(`${tag} insertText("7.25") and Enter set x₂,₂ to 7.25 (got ${s.x[1][1]}) and the mean follows`,
        s.x[1][1] === 7.25 && Math.abs(s.mean[1] - (120 + 7.25 + 100 + 140) / 4) < 1e-4, JSON.stringify(s.x[1]));
      const after = await page.evaluate(() => ({ id: document.activeElement.id, hidden: document.getElementById("text-input").getAttribute("aria-hidden") }));
      check(`${tag} when the edit ends the field is left (focus back on the canvas, field hidden from screen readers)`,
        after.id === "canvas" && after.hidden === "true", JSON.stringify(after));
      // The minus key beside the cell (number keyboards without "-", as iOS's): tap it, type 2.5, Enter: −2.5.
      await revealItem(page, cdp, "x:2:0", device.viewport.height);
      await tapItem(page, "x:2:0");
      await settle(page, 4);
      const key = await page.evaluate(() => {
        const b = document.getElementById("minus-key"), r = b.getBoundingClientRect();
        return { shown: !b.hidden, x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height };
      });
      check(`${tag} a minus key shows beside the number cell being edited (${key.w}×${key.h} CSS px)`,
        key.shown && key.w >= 44 && key.h >= 44, JSON.stringify(key));
      await page.touchscreen.tap(key.x, key.y);
      await page.keyboard.insertText("2.5");
      await page.keyboard.press("Enter");
      await settle(page, 4);
      const neg = await state(page);
      const keyAfter = await page.evaluate(() => document.getElementById("minus-key").hidden);
      check(`${tag} minus key, "2.5", Enter: x₃,₁ = ${neg.x[2][0]} (−2.5), and the key goes away (hidden ${keyAfter})`,
        neg.x[2][0] === -2.5 && keyAfter === true);
      // A bad value by the same path: refused with the canvas's message, the old value kept.
      await revealItem(page, cdp, "x:0:0", device.viewport.height);
      await tapItem(page, "x:0:0");
      await settle(page, 4);
      await page.keyboard.insertText("abc");
      await page.keyboard.press("Enter");
      await settle(page, 4);
      const bad = await state(page);
      check(`${tag} "abc" typed the same way is refused with a message and x₁,₁ stays 1`, bad.x[0][0] === 1 && bad.cell_error !== "",
        `x₁,₁ ${bad.x[0][0]}, message "${bad.cell_error}"`);
      check(`${tag} no console errors while editing by touch`, errors.length === 0, errors.join(" | "));
    } finally {
      await closeContext(context);
    }
  });

  // On the phone the worksheet (one column per quantity) is wider than the screen: a sideways swipe over it
  // scrolls the table, not the page, and selects nothing.
  if (device.name === "phone") test(`${tag} a sideways swipe scrolls a wide table`, async ({ base }) => {
    const { page, context, errors, cdp } = await openDevice(base, device);
    try {
      await page.evaluate(() => window.bnlab.command("last"));
      await settle(page, 4);
      // The worksheet is at the bottom of the column, drawn only once it is on screen: swipe up until it is.
      for (let k = 0; k < 10 && !(await state(page)).rects["ws:0"]; k++) {
        await swipe(cdp, 30, device.viewport.height * 0.7, 0, -300, 600);
        await settle(page, 15);
      }
      const c = await revealItem(page, cdp, "ws:0", device.viewport.height);
      let s = await state(page);
      const ids = Object.keys(s.rects).filter((k) => k.startsWith("ws:")).sort((a, b) => s.rects[a][0] - s.rects[b][0]);
      const last = s.rects[ids[ids.length - 1]];
      const right = (last[0] + last[2]) / s.dpr;
      check(`${tag} the worksheet is wider than the screen (${ids.length} columns, the last seen ends at ${right.toFixed(0)} of ${device.viewport.width} CSS px)`,
        right > device.viewport.width - 20);
      const id = "ws:3", before = s.rects[id], row0 = s.step_name, sel0 = JSON.stringify(s.a11y && s.a11y.step && s.a11y.step.numbers);
      await swipe(cdp, device.viewport.width * 0.6, c.y, -90, 0, 150);
      await settle(page, 20);
      s = await state(page);
      const after = s.rects[id];
      const dx = before && after ? (before[0] - after[0]) / s.dpr : 0, dy = before && after ? (before[1] - after[1]) / s.dpr : 0;
      check(`${tag} a swipe to the left moves the table's columns left (${dx.toFixed(0)} CSS px) and not the page (${dy.toFixed(0)} px)`,
        dx > 40 && Math.abs(dy) < 2, `before ${before}, after ${after}`);
      check(`${tag} …and selects nothing (same step and element)`, s.step_name === row0 &&
        JSON.stringify(s.a11y && s.a11y.step && s.a11y.step.numbers) === sel0);
      check(`${tag} no console errors while swiping sideways`, errors.length === 0, errors.join(" | "));
    } finally {
      await closeContext(context);
    }
  });

  test(`${tag} every lab by touch: screenshots`, async ({ base, outDir }) => {
    const { page, context, errors } = await openDevice(base, device);
    try {
      const labs = ["steps", "inference", "training", "speed", "images"];
      const shown = [];
      for (let k = 0; k < labs.length; k++) {
        await tapItem(page, `tab:${k}`);
        await settle(page, 6);
        shown.push((await state(page)).tab);
        await page.screenshot({ path: path.join(outDir, `touch-${device.name}-${k + 1}-${labs[k]}.png`) });
      }
      check(`${tag} a tap on each tab shows its lab (${shown.map((t) => t + 1).join(", ")})`, JSON.stringify(shown) === "[0,1,2,3,4]");
      // The high-contrast theme, from the touch page too.
      await page.evaluate(() => window.bnlab.command("theme:contrast"));
      await tapItem(page, "tab:0");
      await settle(page, 6);
      await page.screenshot({ path: path.join(outDir, `touch-${device.name}-contrast.png`) });
      check(`${tag} no console errors in any lab`, errors.length === 0, errors.join(" | "));
    } finally {
      await closeContext(context);
    }
  });
}

test("touch devices closed", async () => {
  await closeDevices();
});
