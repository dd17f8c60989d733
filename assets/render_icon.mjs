// render_icon.mjs: renders assets/bnlab.svg to assets/bnlab-256.png (transparent corners) with headless chromium.
//   node assets/render_icon.mjs      (playwright-core from tests/browser/node_modules)
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';
const here = dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(join(here, '../tests/browser/run.mjs'))('playwright-core');
const svg = readFileSync(join(here, 'bnlab.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: join(here, 'bnlab-256.png'), omitBackground: true });
await browser.close();
console.log('wrote assets/bnlab-256.png');
