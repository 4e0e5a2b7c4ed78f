// The confusion matrix as a heat map: an HTML table whose cells are shaded by the share of their true class.
import { BLUES, mix, readableText, REDS } from './color.js';
import { escapeHtml, truncate } from './escape.js';
import { formatCount, formatPercent } from './format.js';
import { sumFinite } from './sum.js';

// Correct predictions shade blue, errors red; the shade is the cell's share of its row (its true class),
// so a rare class's mistakes show as clearly as a common one's.
const CORRECT = BLUES;
const WRONG = REDS;
// Any nonzero cell gets at least this much colour: one error in a hundred must still be seen.
const MIN_SHADE = 0.12;
// Names longer than this are cut in the headers (the full name is in the tooltip and in the per-class table).
const HEADER_CHARS = 24;

/** Counts by true class (rows) and predicted class (columns); headings turn vertical, so 20 classes still fit. */
export function confusionHeatmap(classes: readonly string[], matrix: readonly (readonly number[])[]): string {
  const n = Math.max(classes.length, matrix.length);
  const name = (k: number): string => classes[k] ?? `class ${k}`;
  const count = (t: number, p: number): number => matrix[t]?.[p] ?? 0;
  const vertical = n > 6 || classes.some((c) => Array.from(c).length > 12);
  const size = n > 12 ? 'dense' : n > 6 ? '' : 'roomy';

  const header = Array.from({ length: n }, (_, p) =>
    `<th scope="col" title="${escapeHtml(name(p))}"><span>${escapeHtml(truncate(name(p), HEADER_CHARS))}</span></th>`,
  ).join('');
  const rows = Array.from({ length: n }, (_, t) => {
    const counts = Array.from({ length: n }, (_, p) => count(t, p));
    const total = sumFinite(counts);
    const cells = counts.map((value, p) => cell(value, total, t === p, name(t), name(p))).join('');
    return `<tr><th scope="row" title="${escapeHtml(name(t))}">${escapeHtml(truncate(name(t), HEADER_CHARS))}</th>${cells}</tr>`;
  }).join('\n');

  const classNames = ['matrix', vertical ? 'vertical' : '', size].filter(Boolean).join(' ');
  return `<div class="matrix-wrap"><table class="${classNames}">
<thead><tr><th class="corner"></th><th class="axis-title" colspan="${n}">Predicted class →</th></tr>
<tr><th class="corner axis-title">True class ↓</th>${header}</tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="matrix-key"><span class="swatch" style="background:linear-gradient(90deg,${CORRECT.from},${CORRECT.to})"></span>correct
<span class="swatch" style="background:linear-gradient(90deg,${WRONG.from},${WRONG.to})"></span>wrong · shade = share of the true class's rows</p>`;
}

function cell(value: number, rowTotal: number, correct: boolean, trueName: string, predictedName: string): string {
  const share = rowTotal > 0 ? value / rowTotal : 0;
  const tip = `true ${trueName}, predicted ${predictedName}: ${formatCount(value)}` + (rowTotal > 0 ? ` (${formatPercent(share)} of ${trueName})` : '');
  if (!(value > 0) || !Number.isFinite(value)) return `<td class="zero" title="${escapeHtml(tip)}">${formatCount(value)}</td>`;
  const palette = correct ? CORRECT : WRONG;
  const background = mix(palette.from, palette.to, MIN_SHADE + (1 - MIN_SHADE) * share);
  return `<td style="background:${background};color:${readableText(background)}" title="${escapeHtml(tip)}">${formatCount(value)}</td>`;
}
