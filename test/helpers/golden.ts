// Reads the PyTorch reference files in test/golden/ (copied from shared/golden) and compares against them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Tensor, type DType } from '../../src/index.js';

export interface GoldenTensor {
  shape: number[];
  data: number[];
}

const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));

/** A golden JSON file by name, e.g. `readGolden('linear.json')`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readGolden(name: string): any {
  return JSON.parse(readFileSync(goldenDir + name, 'utf8'));
}

/** A golden tensor as a softgrad tensor of `dtype`. */
export function fromGolden(g: GoldenTensor, dtype: DType = 'float64', requiresGrad = false): Tensor {
  const data = dtype === 'float64' ? Float64Array.from(g.data) : Float32Array.from(g.data);
  return new Tensor(data, g.shape, { requiresGrad });
}

/** The tolerances of test/golden/README.md: tight for float64, looser for float32. */
export const tolerance = {
  float64: { atol: 1e-12, rtol: 1e-10 },
  float32: { atol: 1e-6, rtol: 1e-5 },
  optim: { atol: 1e-12, rtol: 1e-9 },
} as const;

/** Asserts `|got - want| <= atol + rtol * |want|` elementwise, naming the first element that fails. */
export function expectClose(
  got: ArrayLike<number> | number,
  want: GoldenTensor | number[] | number,
  { atol, rtol }: { atol: number; rtol: number },
  label = '',
): void {
  const g = typeof got === 'number' ? [got] : Array.from(got);
  const w = typeof want === 'number' ? [want] : Array.isArray(want) ? want : want.data;
  expect(g.length, `${label}: length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    const err = Math.abs(g[i] - w[i]);
    if (!(err <= atol + rtol * Math.abs(w[i]))) {
      expect.fail(`${label}[${i}]: got ${g[i]}, want ${w[i]} (error ${err})`);
    }
  }
}
