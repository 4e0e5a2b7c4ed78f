// Colour arithmetic for the heat map: blending two colours, and text that stays readable on any cell (WCAG contrast).

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The colour a fraction `t` (clamped to [0, 1]) of the way from `from` to `to`, as `#rrggbb`. */
export function mix(from: string, to: string, t: number): string {
  const share = Math.min(1, Math.max(0, t));
  const [a, b] = [parseHex(from), parseHex(to)];
  return '#' + a.map((c, i) => Math.round(c + (b[i] - c) * share).toString(16).padStart(2, '0')).join('');
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p);
  return (light + 0.05) / (dark + 0.05);
}

/** A light-to-dark ramp for shading table cells. */
export interface Ramp {
  from: string;
  to: string;
}

/** The heat maps' blues (correct predictions, positive weights) and reds (errors, negative weights). */
export const BLUES: Ramp = { from: '#eff6ff', to: '#1e3a8a' };
export const REDS: Ramp = { from: '#fff1f2', to: '#9f1239' };

const LIGHT_TEXT = '#ffffff';
const DARK_TEXT = '#0f172a';

/**
 * White or near-black, whichever reads better on `background`; pure black where neither reaches WCAG AA
 * (4.5:1). Against black or white some shade always does: their better ratio is at least sqrt(21) = 4.58.
 */
export function readableText(background: string): string {
  const light = contrastRatio(background, LIGHT_TEXT);
  const dark = contrastRatio(background, DARK_TEXT);
  if (Math.max(light, dark) < 4.5) return '#000000';
  return light >= dark ? LIGHT_TEXT : DARK_TEXT;
}
