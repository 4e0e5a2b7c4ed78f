// The calibration section: a reliability diagram of the test set's predicted probabilities, and its bins as a table.
import { escapeHtml } from './escape.js';
import { formatCount, formatScore } from './format.js';
import { unitAxis } from './scale.js';
import { panel, section } from './page.js';
import { scatterChart } from './scatter-chart.js';

/** Test-set calibration: a reliability diagram. For two classes, of the positive class's probability; for more, top-label confidence. */
export interface ReportCalibration {
  /** One per non-empty bin, ascending: mean predicted probability, observed fraction (positive / correct), rows in the bin. */
  bins: readonly { meanPredicted: number; fractionPositive: number; count: number }[];
  /** Brier score. */
  brier: number;
  /** Expected calibration error. */
  ece: number;
  /** What the diagram is of, e.g. 'probability of "Adelie"' or 'top-label confidence'. */
  of: string;
}

const COLOR = '#2563eb';
// A dot's area grows with its bin's rows, from a speck for an almost empty bin to this radius for the fullest.
const MIN_RADIUS = 2.5;
const MAX_RADIUS = 8;

export function calibrationSection(calibration: ReportCalibration): string {
  const { bins, of } = calibration;
  const intro = `<p class="note">Reliability of the ${escapeHtml(of)} on the test set: rows binned by prediction, each bin's mean prediction against how often it came true (dot area: rows). ` +
    `Brier score <strong>${formatScore(calibration.brier)}</strong> · expected calibration error (ECE) <strong>${formatScore(calibration.ece)}</strong>; lower is better for both.</p>`;
  return section('calibration', 'Calibration', `${intro}
<div class="panels">
${panel('Reliability diagram', reliabilityDiagram(calibration), { id: 'reliability' })}
${panel('Bins', binTable(bins), { id: 'calibration-bins' })}
</div>`);
}

function reliabilityDiagram({ bins, of }: ReportCalibration): string {
  const most = Math.max(0, ...bins.map((b) => (Number.isFinite(b.count) ? b.count : 0)));
  const points = bins.map((bin) => ({
    x: bin.meanPredicted,
    y: bin.fractionPositive,
    r: MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * (most > 0 && bin.count > 0 ? Math.sqrt(bin.count / most) : 0),
    title: `mean predicted ${formatScore(bin.meanPredicted)}, observed ${formatScore(bin.fractionPositive)}, ${formatCount(bin.count)} ${bin.count === 1 ? 'row' : 'rows'}`,
  }));
  return scatterChart({
    title: `Reliability diagram of the ${of}`,
    xLabel: 'mean predicted probability',
    yLabel: 'observed frequency',
    x: { kind: 'linear', axis: unitAxis },
    yAxis: unitAxis,
    points,
    color: COLOR,
    label: 'model',
    connect: true,
    guides: [{ label: 'perfectly calibrated', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }],
    size: { width: 560, height: 420 },
  });
}

function binTable(bins: ReportCalibration['bins']): string {
  const rows = bins.map((bin) => {
    const gap = bin.fractionPositive - bin.meanPredicted;
    const signed = Number.isFinite(gap) && gap > 0 ? `+${formatScore(gap)}` : formatScore(gap);
    return `<tr><th scope="row">${formatScore(bin.meanPredicted)}</th><td>${formatScore(bin.fractionPositive)}</td><td>${signed}</td><td>${formatCount(bin.count)}</td></tr>`;
  });
  if (rows.length === 0) rows.push('<tr><td colspan="4">no bins</td></tr>');
  return `<div class="table-wrap"><table class="scores">
<thead><tr><th scope="col">mean predicted</th><th scope="col">observed</th><th scope="col">observed − predicted</th><th scope="col">rows</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}
