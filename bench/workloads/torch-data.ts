// The workloads' data as files for PyTorch's side of the bench (bench/torch/torch-workloads.py): the bits softgrad trains on.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeData } from './data.js';
import { workloads, type WorkloadName } from './workloads.js';

/** The files' stem the script reads for a workload: W3 trains on W2's data. */
export function torchDataStem(name: WorkloadName): string {
  return name === 'W3' ? 'w2' : name.toLowerCase();
}

/**
 * Writes `dir/<stem>.X.f32` (features, float32 row-major), `<stem>.y.i32` (labels) and `<stem>.json`
 * (`{N, D, C}`) from `makeData`, unless another workload wrote them already.
 */
export function writeTorchData(dir: string, name: WorkloadName): void {
  const stem = torchDataStem(name);
  const meta = join(dir, `${stem}.json`);
  if (existsSync(meta)) return;
  const data = makeData(workloads[name]);
  // numpy's fromfile reads the machine's byte order, as typed arrays write it.
  writeFileSync(join(dir, `${stem}.X.f32`), new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength));
  writeFileSync(join(dir, `${stem}.y.i32`), new Uint8Array(data.y.buffer, data.y.byteOffset, data.y.byteLength));
  writeFileSync(meta, JSON.stringify({ N: data.n, D: data.d, C: data.classes }));
}
