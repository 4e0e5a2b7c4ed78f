// A page laid out in headless Chromium at a desktop and a phone width: no label outside its chart or on another,
// no sideways scrolling, and nothing overflowing its box at desktop width.
import { expect } from 'vitest';
import { layoutOf } from '../../scripts/report-chromium.js';

export async function expectCleanLayout(html: string): Promise<void> {
  const [wide, narrow] = await Promise.all([layoutOf(html, { width: 1200, height: 1600 }), layoutOf(html, { width: 390, height: 844 })]);
  for (const m of [wide, narrow]) {
    expect(m.textsOutside).toEqual([]);
    expect(m.textsOverlapping).toEqual([]);
    expect(m.scrollWidth).toBeLessThanOrEqual(m.viewport);
  }
  expect(wide.overflowing).toEqual([]);
}
