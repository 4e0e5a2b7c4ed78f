// Headless Chromium for the HTML report: screenshots and measurements of a page, offline, with a throwaway profile.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's `chromium` package puts the browser; `CHROMIUM` in the environment overrides it. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
}

export interface Viewport {
  width: number;
  height: number;
}

// Everything that would reach the network or keep state between runs is off; the sandbox needs a user namespace
// that containers often lack.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
];

async function withChromium<T>(html: string, viewport: Viewport, use: (args: string[], dir: string) => Promise<T>): Promise<T> {
  const chromium = findChromium();
  if (chromium === undefined) throw new Error('chromium is not installed (apt-get install -y chromium)');
  const dir = await mkdtemp(join(tmpdir(), 'softgrad-report-'));
  try {
    const page = join(dir, 'page.html');
    await writeFile(page, html);
    const args = [...FLAGS, `--user-data-dir=${join(dir, 'profile')}`, `--window-size=${viewport.width},${viewport.height}`];
    return await use([chromium, ...args, pathToFileURL(page).href], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PNG screenshot of `html` in a window of `viewport`'s size. */
export async function screenshot(html: string, viewport: Viewport): Promise<Buffer> {
  return withChromium(html, viewport, async ([chromium, ...args], dir) => {
    const png = join(dir, 'page.png');
    const url = args.pop()!;
    await run(chromium, [...args, `--screenshot=${png}`, url], { timeout: 30_000 });
    return readFile(png);
  });
}

/** The DOM of `html` after parsing and layout, as Chromium serialises it (`--dump-dom`). */
export async function dumpDom(html: string, viewport: Viewport): Promise<string> {
  return withChromium(html, viewport, async ([chromium, ...args]) => {
    const url = args.pop()!;
    const { stdout } = await run(chromium, [...args, '--dump-dom', url], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  });
}

/**
 * The JSON value of `expression` evaluated in the laid-out page. The report has no script of its own, so a copy
 * gets one at the end of its body, which writes the answer into an attribute for `--dump-dom` to carry out.
 */
export async function measure<T>(html: string, viewport: Viewport, expression: string): Promise<T> {
  const probe = `<script>
try { document.body.setAttribute('data-probe', encodeURIComponent(JSON.stringify((${expression})))); }
catch (error) { document.body.setAttribute('data-probe-error', encodeURIComponent(String(error && error.stack || error))); }
</script>`;
  const at = html.lastIndexOf('</body>');
  if (at < 0) throw new Error('measure: the page has no </body>');
  const dom = await dumpDom(html.slice(0, at) + probe + html.slice(at), viewport);
  const error = /data-probe-error="([^"]*)"/.exec(dom);
  if (error) throw new Error(`measure: the probe failed in the page: ${decodeURIComponent(error[1])}`);
  const answer = /data-probe="([^"]*)"/.exec(dom);
  if (!answer) throw new Error('measure: the probe did not run');
  return JSON.parse(decodeURIComponent(answer[1])) as T;
}

/** A PNG of the whole of `html` at `width` pixels wide: as tall as the laid-out page (at most `maxHeight`). */
export async function fullPageScreenshot(html: string, width: number, maxHeight = 16_000): Promise<{ png: Buffer; height: number }> {
  const measured = await measure<number>(html, { width, height: 900 }, 'Math.ceil(document.documentElement.scrollHeight)');
  const height = Math.min(maxHeight, Math.max(1, measured));
  return { png: await screenshot(html, { width, height }), height };
}

/** What a reader would see go wrong in a laid-out page. */
export interface Layout {
  viewport: number;
  /** The page's width; wider than the viewport, it scrolls sideways. */
  scrollWidth: number;
  /** Chart labels that reach outside their chart. */
  textsOutside: string[];
  /** Pairs of labels in one chart that overlap, as `a / b`. */
  textsOverlapping: string[];
  /** Tables and panels (by id or class) that scroll sideways because their content is wider than they are. */
  overflowing: string[];
}

const LAYOUT_PROBE = `(() => {
  const box = (el) => el.getBoundingClientRect();
  const inside = (i, o) => i.left >= o.left - 1 && i.top >= o.top - 1 && i.right <= o.right + 1 && i.bottom <= o.bottom + 1;
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const charts = [...document.querySelectorAll('svg.chart')];
  return {
    viewport: innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    textsOutside: charts.flatMap((svg) => [...svg.querySelectorAll('text')].filter((t) => !inside(box(t), box(svg))).map((t) => t.textContent)),
    textsOverlapping: charts.flatMap((svg) => {
      const texts = [...svg.querySelectorAll('text')];
      return texts.flatMap((a, i) => texts.slice(i + 1).filter((b) => overlap(box(a), box(b)) > 2).map((b) => a.textContent + ' / ' + b.textContent));
    }),
    overflowing: [...document.querySelectorAll('.table-wrap, .panel')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.id || el.className),
  };
})()`;

/** The layout problems of `html` at `viewport`'s size. */
export function layoutOf(html: string, viewport: Viewport): Promise<Layout> {
  return measure<Layout>(html, viewport, LAYOUT_PROBE);
}
