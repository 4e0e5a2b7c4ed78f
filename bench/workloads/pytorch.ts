// `--torch`: PyTorch on one thread as the anchor, one fresh Python process per run (bench/torch/torch-workloads.py).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, type RunResult } from './run-output.js';
import type { Row } from './summary.js';
import type { WorkloadName } from './workloads.js';

/** Debian's Python, where `apt-get install -y python3-torch` puts PyTorch. */
const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('../../../bench/torch/torch-workloads.py', import.meta.url));

/** Whether `--torch` can run here, and a line to print first when it cannot or when its PyTorch would be slow. */
export function checkTorch(): { ok: boolean; note?: string } {
  // Debian's torch calls BLAS through libblas.so.3; /blas/ is the reference BLAS, which leaves the anchor far too slow.
  const r = spawnSync(python, ['-c', "import torch; print('/blas/libblas.so' in open('/proc/self/maps').read())"], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, note: `--torch: ${python} cannot import torch (apt-get install -y python3-torch libopenblas0 installs it); running without PyTorch` };
  if (r.stdout.trim() === 'True') return { ok: true, note: `--torch: PyTorch runs on the reference BLAS here, far slower than usual (apt-get install -y libopenblas0)` };
  return { ok: true };
}

/** One timed training run of `name` in PyTorch, on one thread, on the files in `dataDir`; a string says why it failed. */
export function runTorch(name: WorkloadName, dataDir: string): RunResult | string {
  // torch.set_num_threads does not reach a BLAS it was not built with; OpenBLAS would take every core.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  const out = spawnSync(python, [script, name, '1', dataDir], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const line = out.stdout?.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (out.status !== 0 || !line) return (out.stderr || out.error?.message || `exit ${out.status}`).trim().split('\n').slice(-3).join(' | ');
  const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as { train_s: number; final_acc: number };
  // The script does not report its memory.
  return { seconds: result.train_s, peakRss: NaN, accuracy: result.final_acc };
}

export interface TorchRatio {
  workload: WorkloadName;
  softgrad: string;
  /** softgrad's median seconds over PyTorch's (one thread); below 1: softgrad is faster. */
  overPytorch: number;
  /** The most that ratio may be (bench/workloads/README.md, "Against PyTorch"). */
  limit: number;
}

/** softgrad / PyTorch at most: on one thread per workload, and W3 on softgrad's default threads. */
const limits: Record<WorkloadName, number> = { W1: 0.33, W2: 1.0, W3: 1.3, W4: 1.0 };
const threadsLimits: Partial<Record<WorkloadName, number>> = { W3: 0.8 };

const compared = ['softgrad-fit', 'softgrad-loop', 'softgrad-threads-fit'];

/** softgrad fit and the loop on one thread, and fit on its default threads, against PyTorch on one thread, per workload. */
export function torchRatios(rows: Row[]): TorchRatio[] {
  const ratios: TorchRatio[] = [];
  for (const torch of rows.filter((r) => r.system === 'pytorch' && r.runs > 0)) {
    for (const own of rows.filter((r) => r.workload === torch.workload && compared.includes(r.system) && r.runs > 0)) {
      const limit = own.system === 'softgrad-threads-fit' ? threadsLimits[torch.workload] : limits[torch.workload];
      if (limit !== undefined) ratios.push({ workload: torch.workload, softgrad: own.system, overPytorch: own.seconds.median / torch.seconds.median, limit });
    }
  }
  return ratios;
}
