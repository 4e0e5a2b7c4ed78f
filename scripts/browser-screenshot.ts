// Opens the example page (examples/browser/index.html) in headless Chromium, lets it train, asks it about one
// penguin, and screenshots it into docs/browser.png. Run: npm run build && npx tsx scripts/browser-screenshot.ts
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPage, serveRepository } from './browser-page.js';

const { server, url } = await serveRepository();
const browser = await launchChromium();
if (browser === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
try {
  const { page, errors } = await openPage(browser, `${url}/examples/browser/index.html`);
  await page.setViewportSize({ width: 1060, height: 1240 });
  await page.waitForFunction(() => !(document.getElementById('predict') as HTMLButtonElement).disabled, undefined, { timeout: 60_000 });
  await page.click('#predict');
  const png = await page.screenshot({ fullPage: false });
  await writeFile(fileURLToPath(new URL('../docs/browser.png', import.meta.url)), png);
  console.log(`docs/browser.png: ${png.length} bytes; ${await page.locator('#status').textContent()}; errors: ${errors.length}`);
} finally {
  await browser.close();
  server.close();
}
