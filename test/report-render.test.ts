// The report as Chromium renders it: layout, SVG after parsing, colours on screen, a screenshot that shows something.
// Needs Debian's `chromium` (apt-get install -y chromium); without it these tests are skipped with a warning.
import { beforeAll, describe, expect, test } from 'vitest';
import { renderReport } from '../src/report/index.js';
import { findChromium, measure, screenshot } from '../scripts/report-chromium.js';
import { sampleRun } from '../scripts/report-fixtures.js';
import { decodePng, type Png } from '../scripts/report-png.js';

const chromium = findChromium();
if (chromium === undefined) {
  console.warn('report-render tests SKIPPED: no Chromium at /usr/bin/chromium (install it with `apt-get install -y chromium`, or set CHROMIUM=/path/to/chromium)');
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Measurements {
  viewport: number;
  scrollWidth: number;
  scripts: number;
  headings: string[];
  charts: { box: Box; title: string; texts: string[]; paths: number; lineLength: number; textsOutside: string[]; linesOutside: number }[];
  matrix: {
    fitsWithoutScrolling: boolean;
    columns: { text: string; box: Box }[];
    rows: { name: string; cells: { text: string; contrast: number; width: number; height: number }[] }[];
  };
  scoreRows: string[];
  /** Boxes that scroll sideways because their content is wider than they are. */
  overflowing: string[];
  cards: Box[];
}

// Runs inside the page. Its WCAG contrast is written out here, independently of src/report/color.ts.
const PROBE = `(() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
  const inside = (inner, outer) => inner.left >= outer.left - 1 && inner.top >= outer.top - 1 && inner.right <= outer.right + 1 && inner.bottom <= outer.bottom + 1;
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map((c) => { c = Number(c) / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const wrap = document.querySelector('.matrix-wrap');
  return {
    viewport: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    scripts: document.scripts.length,
    headings: [...document.querySelectorAll('h2')].map((h) => h.textContent),
    charts: [...document.querySelectorAll('svg.chart')].map((svg) => {
      const frame = box(svg);
      const paths = [...svg.querySelectorAll('path.series')];
      return {
        box: frame,
        title: svg.querySelector('title').textContent,
        texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
        paths: paths.length,
        lineLength: paths.reduce((sum, p) => sum + p.getTotalLength(), 0),
        textsOutside: [...svg.querySelectorAll('text')].filter((t) => !inside(box(t), frame)).map((t) => t.textContent),
        linesOutside: paths.filter((p) => !inside(box(p), frame)).length,
      };
    }),
    matrix: wrap === null ? null : {
      fitsWithoutScrolling: wrap.scrollWidth <= wrap.clientWidth,
      columns: [...document.querySelectorAll('table.matrix thead th[scope=col]')].map((th) => ({ text: th.textContent, box: box(th.querySelector('span')) })),
      rows: [...document.querySelectorAll('table.matrix tbody tr')].map((tr) => ({
        name: tr.querySelector('th').textContent,
        cells: [...tr.querySelectorAll('td')].map((td) => {
          const style = getComputedStyle(td);
          const r = td.getBoundingClientRect();
          return { text: td.textContent, contrast: contrast(style.color, style.backgroundColor), width: r.width, height: r.height };
        }),
      })),
    },
    scoreRows: [...document.querySelectorAll('table.scores tbody th')].map((th) => th.textContent),
    cards: [...document.querySelectorAll('.card')].map(box),
    overflowing: [...document.querySelectorAll('.table-wrap, .matrix-wrap, .panel, dd')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className || el.tagName),
  };
})()`;

const hostileName = '<script>alert("x")</script>';
const longName = 'Iris versicolor (the blue flag iris of eastern North America)';
const irisLike = renderReport(sampleRun({ classes: ['setosa', hostileName, longName] }));
const twentyClasses = renderReport(sampleRun({
  classes: Array.from({ length: 20 }, (_, k) => (k === 4 ? longName : `category ${k}`)),
  epochs: 1500,
}));

describe.skipIf(chromium === undefined)('the report in headless Chromium', () => {
  let wide: Measurements;
  let narrow: Measurements;
  let many: Measurements;
  let shot: Png;

  beforeAll(async () => {
    const [w, n, m, png] = await Promise.all([
      measure<Measurements>(irisLike, { width: 1200, height: 1600 }, PROBE),
      measure<Measurements>(irisLike, { width: 390, height: 844 }, PROBE),
      measure<Measurements>(twentyClasses, { width: 1200, height: 1600 }, PROBE),
      screenshot(irisLike, { width: 1200, height: 1600 }),
    ]);
    [wide, narrow, many, shot] = [w, n, m, decodePng(png)];
  }, 30_000);

  test('the page runs no script of its own and a class name with <script> is shown as text', () => {
    expect(wide.scripts).toBe(1); // the probe the test added
    // headings keep 23 characters and an ellipsis; the per-class table has the whole names
    expect(wide.matrix.rows.map((r) => r.name)).toEqual(['setosa', '<script>alert("x")</scr…', 'Iris versicolor (the bl…']);
    expect(wide.scoreRows).toEqual(['setosa', hostileName, longName]);
  });

  test('the headings, both charts and their legends are laid out', () => {
    expect(wide.headings).toEqual(['Training curves', 'Test set', 'Settings']);
    expect(wide.charts.map((c) => c.title)).toEqual(['Loss per epoch', 'Accuracy per epoch']);
    for (const chart of wide.charts) {
      expect(chart.box.right - chart.box.left).toBeGreaterThan(400);
      expect(chart.box.bottom - chart.box.top).toBeGreaterThan(200);
      expect(chart.texts).toEqual(expect.arrayContaining(['Epoch', 'train', 'validation', 'best epoch 90', '120']));
      expect(chart.paths).toBe(2);
      expect(chart.lineLength).toBeGreaterThan(300);
    }
    expect(wide.charts[1].texts).toEqual(expect.arrayContaining(['0%', '100%', 'Accuracy']));
  });

  test('no label or line leaves its chart, at desktop and at phone width', () => {
    for (const chart of [...wide.charts, ...narrow.charts, ...many.charts]) {
      expect(chart.textsOutside).toEqual([]);
      expect(chart.linesOutside).toBe(0);
    }
  });

  test('the page never scrolls sideways: at phone width the charts shrink and the cards stack', () => {
    for (const m of [wide, narrow, many]) expect(m.scrollWidth).toBeLessThanOrEqual(m.viewport);
    for (const chart of narrow.charts) expect(chart.box.right).toBeLessThanOrEqual(narrow.viewport);
    expect(new Set(narrow.cards.map((c) => c.left)).size).toBeLessThan(new Set(wide.cards.map((c) => c.left)).size);
  });

  test('at desktop width nothing needs a sideways scroll bar: tables, matrix and settings fit their panels', () => {
    expect(wide.overflowing).toEqual([]);
    expect(many.overflowing).toEqual([]);
  });

  test('every count in the heat map reads at WCAG AA contrast or better', () => {
    const cells = [...wide.matrix.rows, ...many.matrix.rows].flatMap((r) => r.cells);
    expect(cells).toHaveLength(9 + 400);
    for (const cell of cells) expect(cell.contrast).toBeGreaterThanOrEqual(4.5);
    expect(wide.matrix.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['12', '0', '0'], ['0', '12', '0'], ['0', '1', '11']]);
  });

  test('20 classes fit the page at 1200 px in equal cells, with the column names turned vertical', () => {
    expect(many.matrix.fitsWithoutScrolling).toBe(true);
    const sizes = many.matrix.rows.flatMap((r) => r.cells.map((c) => `${Math.round(c.width)}x${Math.round(c.height)}`));
    expect(new Set(sizes).size).toBe(1);
    expect(many.matrix.rows[0].cells[0].width).toBeGreaterThanOrEqual(24);
    for (const column of many.matrix.columns) expect(column.box.bottom - column.box.top).toBeGreaterThan(column.box.right - column.box.left);
    expect(many.matrix.columns[4].text).toBe('Iris versicolor (the bl…');
  });

  test('the screenshot is a 1200x1600 picture with the curves and the heat map in their colours', () => {
    expect([shot.width, shot.height]).toEqual([1200, 1600]);
    const near = (rgb: [number, number, number], tolerance = 24): number => {
      let count = 0;
      for (let i = 0; i < shot.pixels.length; i += shot.channels) {
        const d = Math.abs(shot.pixels[i] - rgb[0]) + Math.abs(shot.pixels[i + 1] - rgb[1]) + Math.abs(shot.pixels[i + 2] - rgb[2]);
        if (d <= tolerance) count++;
      }
      return count;
    };
    const colours = new Set<number>();
    for (let i = 0; i < shot.pixels.length; i += shot.channels) colours.add((shot.pixels[i] << 16) | (shot.pixels[i + 1] << 8) | shot.pixels[i + 2]);
    expect(colours.size).toBeGreaterThan(200);
    const total = shot.width * shot.height;
    expect(near([0xf1, 0xf5, 0xf9], 0) / total).toBeGreaterThan(0.1); // the page background
    expect(near([0xff, 0xff, 0xff], 0) / total).toBeGreaterThan(0.2); // the panels
    expect(near([0x25, 0x63, 0xeb])).toBeGreaterThan(500); // train curves
    expect(near([0xea, 0x58, 0x0c])).toBeGreaterThan(300); // validation curves
    expect(near([0x1e, 0x3a, 0x8a], 0)).toBeGreaterThan(1500); // a heat-map cell with every row right
  });
});
