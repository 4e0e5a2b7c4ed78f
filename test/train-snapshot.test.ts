// allFinite decides whether fit keeps a step's weights: it must tell every non-finite value from every finite one.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Tensor } from '../src/index.js';
import { allFinite } from '../src/train/snapshot.js';
import { allFiniteValues } from '../src/tensor/finite.js';

describe('allFinite', () => {
  test.each(['float32', 'float64'] as const)('%s: finite extremes are finite; NaN and both infinities anywhere are not', (dtype) => {
    const big = dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
    const tiny = dtype === 'float32' ? 1.401298464324817e-45 : Number.MIN_VALUE;
    const finite = [0, -0, 1, -1, big, -big, tiny, -tiny, 1e-30, 65504, -2.5];
    const make = (values: number[]) => new Tensor(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), [values.length]);
    expect(allFinite([make(finite), make([])])).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let at = 0; at <= finite.length; at++) {
        const values = [...finite];
        values.splice(at, 0, bad);
        expect(allFinite([make(finite), make(values)])).toBe(false);
      }
    }
  });

  test('random values, in views that start inside their buffer: false exactly when one is not finite', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double(), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (values, offset, wide) => {
          const buffer = wide ? new Float64Array(values.length + offset) : new Float32Array(values.length + offset);
          const view = buffer.subarray(offset);
          view.set(values);
          const expected = Array.from(view).every(Number.isFinite);
          expect(allFinite([new Tensor(view, [values.length])])).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('allFiniteValues reads the first `size` values only (ReLU\'s backward asks it of part of a buffer)', () => {
    for (const values of [Float32Array.of(1, -2, NaN, Infinity), Float64Array.of(1, -2, NaN, -Infinity)]) {
      expect(allFiniteValues(values, 2)).toBe(true);
      expect(allFiniteValues(values, 3)).toBe(false);
      expect(allFiniteValues(values.subarray(3), 1)).toBe(false);
      expect(allFiniteValues(values, 0)).toBe(true);
    }
  });
});
