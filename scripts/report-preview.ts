// Renders the fixture reports (every optional section, a two-class run, a search) to HTML, a PNG of each whole page,
// and a PNG of each section, for looking at.
// Run: npx tsx scripts/report-preview.ts [DIR] [--width 1200]   (DIR defaults to /tmp/softgrad-report-preview)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReport, renderTuneReport } from '../src/report/index.js';
import { launchChromium } from './browser-page.js';
import { sampleCalibration, sampleCurves, sampleFullRun, sampleRun, sampleTune } from './report-fixtures.js';

const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1200' } } });
const dir = positionals[0] ?? '/tmp/softgrad-report-preview';
const width = Number(flags.width);

const binary = sampleRun({ classes: ['Adelie', 'Chinstrap'], confusionMatrix: [[30, 3], [4, 19]] });
const pages: Record<string, string> = {
  'report-sections': renderReport(sampleFullRun()),
  'report-binary': renderReport({ ...binary, title: 'softgrad: penguins (two species)', calibration: sampleCalibration(), curves: sampleCurves() }),
  'tune-report': renderTuneReport(sampleTune()),
};

const browser = await launchChromium();
if (browser === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
try {
  await mkdir(dir, { recursive: true });
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  for (const [name, html] of Object.entries(pages)) {
    await writeFile(join(dir, `${name}.html`), html);
    await page.setContent(html);
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
    const sections = await page.locator('section[id]').evaluateAll((all) => all.map((s) => s.id));
    for (const id of sections) await page.locator(`section#${id}`).screenshot({ path: join(dir, `${name}-${id}.png`) });
    console.log(`${join(dir, name)}.png and ${sections.length} sections`);
  }
} finally {
  await browser.close();
}
