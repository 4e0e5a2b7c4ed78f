// The coefficients section: a linear model's weights as a table (features by classes), shaded by sign and size.
import { BLUES, mix, readableText, REDS } from './color.js';
import { escapeHtml, truncate } from './escape.js';
import { formatCount } from './format.js';
import { panel, section } from './page.js';

/**
 * A linear model's coefficients on the standardised scale: values[c][f] for class c (one row for a one-logit binary
 * model, named by `classes`) and feature f (one-hot features named `column=value`).
 */
export interface ReportCoefficients {
  classes: readonly string[];
  features: readonly string[];
  values: readonly (readonly number[])[];
}

// The features with the largest weights; the rest are counted in a note.
export const COEFFICIENT_ROWS = 25;
const MIN_SHADE = 0.12;
const HEADER_CHARS = 24;

export function coefficientsSection(coefficients: ReportCoefficients): string {
  const { classes, features, values } = coefficients;
  const n = Math.max(classes.length, values.length);
  const name = (c: number): string => classes[c] ?? `class ${c}`;
  const weight = (c: number, f: number): number => values[c]?.[f] ?? NaN;
  const largest = features.map((_, f) => {
    let most = -1;
    for (let c = 0; c < n; c++) if (Math.abs(weight(c, f)) > most) most = Math.abs(weight(c, f));
    return most;
  });
  const order = features.map((_, f) => f).sort((a, b) => largest[b] - largest[a] || a - b);
  const shown = order.slice(0, COEFFICIENT_ROWS);
  const scale = Math.max(0, ...shown.map((f) => largest[f]));

  const notes = ['Weights on standardised features: a positive weight raises the class\'s score as the feature grows. Largest absolute weight first.'];
  if (order.length > shown.length) notes.push(`The ${formatCount(shown.length)} features with the largest weights are shown; ${formatCount(order.length - shown.length)} more are not.`);
  if (features.length === 0) return section('coefficients', 'Coefficients', '<p class="note">The model has no coefficients to show.</p>');

  const header = Array.from({ length: n }, (_, c) => `<th scope="col" title="${escapeHtml(name(c))}">${escapeHtml(truncate(name(c), HEADER_CHARS))}</th>`).join('');
  const rows = shown.map((f) => {
    const cells = Array.from({ length: n }, (_, c) => cell(weight(c, f), scale)).join('');
    return `<tr><th scope="row">${escapeHtml(features[f])}</th>${cells}</tr>`;
  });
  const table = `<div class="table-wrap"><table class="scores" style="width:auto;min-width:min(100%, ${12 + 7 * n}em);margin:0 auto">
<thead><tr><th scope="col">feature</th>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
<p class="matrix-key"><span class="swatch" style="background:linear-gradient(90deg,${REDS.to},${REDS.from})"></span>negative
<span class="swatch" style="background:linear-gradient(90deg,${BLUES.from},${BLUES.to})"></span>positive · shade = size against the largest shown, ${formatWeight(scale)}</p>`;
  return section('coefficients', 'Coefficients', `<p class="note">${escapeHtml(notes.join(' '))}</p>
<div class="panels">
${panel('Coefficients', table, { id: 'coefficient-table' })}
</div>`);
}

function cell(value: number, scale: number): string {
  if (!Number.isFinite(value) || value === 0 || !(scale > 0)) return `<td>${formatWeight(value)}</td>`;
  const ramp = value > 0 ? BLUES : REDS;
  const background = mix(ramp.from, ramp.to, MIN_SHADE + (1 - MIN_SHADE) * (Math.abs(value) / scale));
  return `<td style="background:${background};color:${readableText(background)}">${formatWeight(value)}</td>`;
}

/** A weight with three decimals (a dash when it is not finite). */
function formatWeight(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '–';
}
