// Runs of one (workload, system) summarised into a table row, and the targets checked against the rows.
import { reference, systems } from './systems.js';
import type { RunResult } from './run-output.js';
import { trainingFlops, workloads, type WorkloadName } from './workloads.js';

export interface Row {
  workload: WorkloadName;
  system: string;
  label: string;
  runs: number;
  /** Median, min and max over the runs. */
  seconds: { median: number; min: number; max: number; all: number[] };
  samplesPerSecond: number;
  gflops: number;
  /** Median over the runs, MB (10^6 bytes). */
  peakRssMB: number;
  /** Training-set accuracy of the median run. */
  accuracy: number;
  /** This system's median seconds over softgrad fit's (above 1: slower than softgrad). */
  ratioToSoftgrad: number | null;
  /** Why a row has no runs, or what to know about it. */
  note?: string;
}

export function summarise(workload: WorkloadName, systemKey: string, results: RunResult[], note?: string): Row {
  const w = workloads[workload];
  const label = systems.find((s) => s.key === systemKey)!.label;
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  const mid = sorted[(sorted.length - 1) >> 1];
  const rss = results.map((r) => r.peakRss).sort((a, b) => a - b);
  return {
    workload,
    system: systemKey,
    label,
    runs: results.length,
    seconds: { median: mid.seconds, min: sorted[0].seconds, max: sorted[sorted.length - 1].seconds, all: results.map((r) => r.seconds) },
    samplesPerSecond: (w.n * w.epochs) / mid.seconds,
    gflops: trainingFlops(w) / mid.seconds / 1e9,
    peakRssMB: rss[(rss.length - 1) >> 1] / 1e6,
    accuracy: mid.accuracy,
    ratioToSoftgrad: null,
    note,
  };
}

/** A row for a system that produced no run (it failed, or was left out), saying why. */
export function emptyRow(workload: WorkloadName, systemKey: string, note: string): Row {
  const label = systems.find((s) => s.key === systemKey)!.label;
  const none = { median: NaN, min: NaN, max: NaN, all: [] };
  return { workload, system: systemKey, label, runs: 0, seconds: none, samplesPerSecond: NaN, gflops: NaN, peakRssMB: NaN, accuracy: NaN, ratioToSoftgrad: null, note };
}

/** Fills `ratioToSoftgrad` from each workload's softgrad fit row. */
export function addRatios(rows: Row[]): void {
  for (const row of rows) {
    const ref = rows.find((r) => r.workload === row.workload && r.system === reference);
    row.ratioToSoftgrad = ref ? row.seconds.median / ref.seconds.median : null;
  }
}

/**
 * The limits on softgrad's time over the plain-JS baseline's: with the WebAssembly kernels (W1 within 2x, W4
 * within 1.2x, W2 and W3 within 10% of the 0.27x and 0.20x measured before the one-engine rewrite), and with the
 * TypeScript kernels (`SOFTGRAD_KERNELS=js`: W2-W4 within 1.2x, nothing asked of W1).
 */
const plainJsLimits: Record<'wasm' | 'js', Record<WorkloadName, number>> = {
  wasm: { W1: 2.0, W2: 0.297, W3: 0.22, W4: 1.2 },
  js: { W1: 2.0, W2: 1.2, W3: 1.2, W4: 1.2 },
};

export interface TargetCheck {
  workload: WorkloadName;
  softgrad: string;
  /** softgrad seconds / plain-JS seconds, and the limit for it. */
  overPlainJs: number | null;
  plainJsLimit: number;
  /** softgrad seconds / the fastest tfjs path's seconds (must be below 1), and which path that was. */
  overFastestTfjs: number | null;
  fastestTfjs: string | null;
  /** Every comparison that ran is within its limit. */
  met: boolean;
}

/** For each workload and each softgrad way of training: its time against plain JS and the fastest tfjs path. */
export function checkTargets(rows: Row[], kernels: 'wasm' | 'js'): TargetCheck[] {
  const limits = plainJsLimits[kernels];
  const checks: TargetCheck[] = [];
  for (const workload of Object.keys(workloads) as WorkloadName[]) {
    const of = (key: string): Row | undefined => rows.find((r) => r.workload === workload && r.system === key);
    const plain = of('plain-js');
    const tfjsRows = rows.filter((r) => r.workload === workload && systems.find((s) => s.key === r.system)?.group === 'tfjs');
    const fastest = tfjsRows.sort((a, b) => a.seconds.median - b.seconds.median)[0];
    for (const key of ['softgrad-fit', 'softgrad-loop']) {
      const own = of(key);
      if (!own) continue;
      const overPlainJs = plain ? own.seconds.median / plain.seconds.median : null;
      const overFastestTfjs = fastest ? own.seconds.median / fastest.seconds.median : null;
      checks.push({
        workload,
        softgrad: key,
        overPlainJs,
        plainJsLimit: limits[workload],
        overFastestTfjs,
        fastestTfjs: fastest?.system ?? null,
        // Judged on the comparisons that ran (a run with --systems may leave some out).
        met:
          (overPlainJs !== null || overFastestTfjs !== null) &&
          (overPlainJs === null || overPlainJs <= limits[workload]) &&
          (overFastestTfjs === null || overFastestTfjs < 1),
      });
    }
  }
  return checks;
}

/** Bytes of the workload's data set (features and labels), in MB. */
export function dataMB(workload: WorkloadName): number {
  const w = workloads[workload];
  return (w.n * w.d * 4 + w.n * 4) / 1e6;
}

export interface MemoryCheck {
  workload: WorkloadName;
  system: string;
  /** Peak RSS less the data set, MB; the issue allows 60 on W2 and W3. */
  overDataMB: number;
  limitMB: number;
  met: boolean;
}

/** The memory target: softgrad's peak RSS on W2/W3 at most 60 MB above the size of the data. */
export function checkMemory(rows: Row[]): MemoryCheck[] {
  return rows
    .filter((r) => (r.workload === 'W2' || r.workload === 'W3') && r.system.startsWith('softgrad') && r.runs > 0)
    .map((r) => {
      const overDataMB = r.peakRssMB - dataMB(r.workload);
      return { workload: r.workload, system: r.system, overDataMB, limitMB: 60, met: overDataMB <= 60 };
    });
}
