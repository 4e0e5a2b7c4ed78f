// The benchmark's synthetic data must keep its bits: every system trains on them, and the measured tables in
// the READMEs were made from them. Hashes from the generator as first written, a closure returning one draw a
// call, before its state moved into typed arrays (see Draws in bench/workloads/data.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeData } from '../bench/workloads/data.js';
import { torchDataStem, writeTorchData } from '../bench/workloads/torch-data.js';
import { workloads } from '../bench/workloads/workloads.js';

function digest(name: 'W1' | 'W2' | 'W4'): string {
  const data = makeData(workloads[name]);
  const hash = createHash('sha256');
  hash.update(new Uint8Array(data.x.buffer));
  hash.update(new Uint8Array(data.y.buffer));
  return hash.digest('hex').slice(0, 16);
}

describe('benchmark data', () => {
  it('is the same bits as the measured tables were made from', () => {
    expect(digest('W1')).toBe('97875b2595e52604');
    expect(digest('W2')).toBe('cb70ef74d5751ed2'); // W3 trains on W2's data
    expect(digest('W4')).toBe('eb91544bad9e05a9');
  });
});

describe('the data files written for PyTorch (--torch)', () => {
  it('hold the workload data, bit for bit, under the stem the script reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softgrad-torch-data-'));
    try {
      for (const name of ['W1', 'W4'] as const) {
        writeTorchData(dir, name);
        const data = makeData(workloads[name]);
        const stem = name.toLowerCase();
        expect(JSON.parse(readFileSync(join(dir, `${stem}.json`), 'utf8'))).toEqual({ N: data.n, D: data.d, C: data.classes });
        expect(readFileSync(join(dir, `${stem}.X.f32`)).equals(new Uint8Array(data.x.buffer))).toBe(true);
        expect(readFileSync(join(dir, `${stem}.y.i32`)).equals(new Uint8Array(data.y.buffer))).toBe(true);
        expect(data.x.length).toBe(data.n * data.d);
      }
      expect(torchDataStem('W3')).toBe('w2'); // W3 trains on W2's data
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
