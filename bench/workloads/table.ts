// The workload table and the target check as text, for a terminal or a README.
import type { TorchRatio } from './pytorch.js';
import { dataMB, type MemoryCheck, type Row, type TargetCheck } from './summary.js';
import { systems } from './systems.js';
import { layerSizes, trainingFlops, workloads, type WorkloadName } from './workloads.js';

function pad(cells: string[], widths: number[], rightAligned: boolean[]): string {
  return cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
}

function fixed(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** One line per workload: its data, model, optimizer, FLOP count and data size. */
export function describeWorkloads(names: WorkloadName[]): string[] {
  return names.map((name) => {
    const w = workloads[name];
    const opt = `${w.optimizer === 'sgd' ? 'SGD' : 'Adam'} lr ${w.lr}`;
    return (
      `${name} ${w.title}: ${w.n} x ${w.d}, ${w.classes} classes, layers ${layerSizes(w).join('-')}, ${w.loss === 'ce' ? 'softmax CE' : 'sigmoid BCE'}; ` +
      `${opt}, batch ${w.batchSize}, ${w.epochs} epoch${w.epochs > 1 ? 's' : ''}; ${(trainingFlops(w) / 1e9).toFixed(3)} GFLOP; data ${dataMB(name).toFixed(1)} MB`
    );
  });
}

export function formatTable(rows: Row[]): string[] {
  const header = ['workload', 'system', 'seconds, median (min-max)', 'samples/s', 'GFLOP/s', 'peak RSS MB', 'accuracy', 'x softgrad'];
  const right = [false, false, true, true, true, true, true, true];
  const body = rows.map((r) => {
    if (r.runs === 0) return [r.workload, r.label, r.note ?? 'not run', '', '', '', '', ''];
    const spread = r.runs > 1 ? ` (${fixed(r.seconds.min)}-${fixed(r.seconds.max)})` : ` (1 run${r.note ? `; ${r.note}` : ''})`;
    return [
      r.workload,
      r.label,
      fixed(r.seconds.median) + spread,
      Math.round(r.samplesPerSecond).toLocaleString('en-US'),
      r.gflops.toFixed(2),
      Number.isNaN(r.peakRssMB) ? '' : r.peakRssMB.toFixed(0),
      r.accuracy.toFixed(4),
      r.ratioToSoftgrad === null ? '' : `${r.ratioToSoftgrad.toFixed(2)}x`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const lines = [pad(header, widths, right), widths.map((n) => '-'.repeat(n)).join('  ')];
  let last = '';
  for (const b of body) {
    if (last && b[0] !== last) lines.push('');
    last = b[0];
    lines.push(pad(b, widths, right));
  }
  return lines;
}

export function formatTargets(checks: TargetCheck[]): string[] {
  const label = (key: string | null): string => systems.find((s) => s.key === key)?.label ?? 'no tfjs run';
  return checks.map((c) => {
    const plain = c.overPlainJs === null ? 'no plain-JS run' : `${c.overPlainJs.toFixed(2)}x plain JS (limit ${c.plainJsLimit.toFixed(2)}x)`;
    const tfjs = c.overFastestTfjs === null ? 'no tfjs run' : `${c.overFastestTfjs.toFixed(2)}x the fastest tfjs (${label(c.fastestTfjs)})`;
    return `${c.workload} ${label(c.softgrad).padEnd(26)}  ${plain.padEnd(32)}  ${tfjs.padEnd(44)}  ${c.met ? 'met' : 'NOT MET'}`;
  });
}

export function formatMemory(checks: MemoryCheck[]): string[] {
  const label = (key: string): string => systems.find((s) => s.key === key)?.label ?? key;
  return checks.map(
    (c) => `${c.workload} ${label(c.system).padEnd(26)}  peak RSS ${c.overDataMB.toFixed(0)} MB above the data (limit ${c.limitMB} MB)  ${c.met ? 'met' : 'NOT MET'}`,
  );
}

export function formatTorchRatios(ratios: TorchRatio[]): string[] {
  const label = (key: string): string => systems.find((s) => s.key === key)?.label ?? key;
  return ratios.map((r) => `${r.workload} ${label(r.softgrad).padEnd(26)}  ${r.overPytorch.toFixed(2)}x (limit ${r.limit.toFixed(2)}x)  ${r.overPytorch <= r.limit ? 'met' : 'NOT MET'}`);
}
