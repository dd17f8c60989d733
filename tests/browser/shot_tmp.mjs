import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"] });
const p = await b.newPage({ viewport: { width: 900, height: 1100 } });
for (const f of ["sheet", "key"]) {
  await p.goto(`file:///tmp/${f}.html`);
  await p.screenshot({ path: `/tmp/${f}-html.png` });
  await p.emulateMedia({ media: "print" });
  await p.pdf({ path: `/tmp/${f}.pdf` });
  await p.emulateMedia({ media: "screen" });
}
await b.close();
