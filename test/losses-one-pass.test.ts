// The one-pass losses of fit's fused step against the functions the graph's loss nodes run, bit for bit, on
// random batches with extreme, tied, zero and non-finite logits (fast-check).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ValueError } from '../src/errors.js';
import { plainLogitGradient, plainLossAndGradient, plainLossSum } from '../src/losses/sigmoid-binary-cross-entropy.js';
import {
  classIndexLossAndGradient,
  classIndexLossBackward,
  classIndexLossSum,
  targetWeightSum,
} from '../src/losses/softmax-cross-entropy.js';
import { checkProbabilities } from '../src/losses/loss-inputs.js';
import { stableLogSumExp } from '../src/losses/softmax.js';
import { countCorrect } from '../src/train/objective.js';

const bits = (a: Float32Array | Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

// Logits as a float32 batch holds them: ordinary, huge, tiny, zero of either sign, and ties.
const logit = fc.oneof(
  fc.double({ min: -30, max: 30, noNaN: true }),
  fc.constantFrom(1e4, -1e4, 0, -0, 88.7, -103.9, 1e-30, 3, NaN, Infinity, -Infinity),
);

describe('plainLossAndGradient is plainLossSum + plainLogitGradient + countCorrect', () => {
  test('the same bits, float32 and float64', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(logit, fc.constantFrom(0, 1)), { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, single) => {
        const n = rows.length;
        const make = (values: number[]): Float32Array | Float64Array => (single ? Float32Array.from(values) : Float64Array.from(values));
        const x = make(rows.map(([z]) => z));
        const y = Int32Array.from(rows.map(([, t]) => t));
        const f = 1 / n;
        const sigmoids = new Float64Array(n);
        const wantTotal = plainLossSum(x, y, sigmoids, n);
        const wantGrad = make(new Array(n).fill(0));
        plainLogitGradient(f, sigmoids, y, wantGrad, n);
        const wantRight = countCorrect('bce', x, n, 1, y);
        const gotGrad = make(new Array(n).fill(7)); // overwritten, not added to
        const counts = new Float64Array(2);
        const gotTotal = plainLossAndGradient(x, y, f, gotGrad, n, counts);
        expect(Object.is(gotTotal, wantTotal)).toBe(true);
        expect(bits(gotGrad)).toBe(bits(wantGrad));
        expect(counts[0]).toBe(wantRight);
      }),
    );
  });

  test('a target other than 0 or 1 throws what checkProbabilities throws', () => {
    const y = Int32Array.from([0, 1, 2, 1]);
    const want = (() => {
      try {
        checkProbabilities('sigmoidBinaryCrossEntropy', 'targets', y);
      } catch (error) {
        return error as Error;
      }
    })();
    expect(want).toBeInstanceOf(ValueError);
    const run = (): number => plainLossAndGradient(new Float32Array(4), y, 0.25, new Float32Array(4), 4, new Float64Array(2));
    expect(run).toThrow(ValueError);
    expect(run).toThrow(want!.message);
  });
});

describe('classIndexLossAndGradient is the composed cross-entropy step', () => {
  test('the same bits, float32 and float64', () => {
    const batch = fc.integer({ min: 2, max: 7 }).chain((c) =>
      fc.tuple(fc.constant(c), fc.array(fc.tuple(fc.array(logit, { minLength: c, maxLength: c }), fc.integer({ min: 0, max: c - 1 })), { minLength: 1, maxLength: 20 })),
    );
    fc.assert(
      fc.property(batch, fc.boolean(), ([c, rows], single) => {
        const n = rows.length;
        const make = (values: number[]): Float32Array | Float64Array => (single ? Float32Array.from(values) : Float64Array.from(values));
        const x = make(rows.flatMap(([z]) => z));
        const y = Int32Array.from(rows.map(([, t]) => t));
        const shift = new Float64Array(n);
        const logSum = new Float64Array(n);
        const exps = new Float64Array(n * c);
        stableLogSumExp(x, n, c, 1, shift, logSum, exps);
        const wantTotal = classIndexLossSum(x, y, null, 0, shift, logSum, n, c, null);
        const counted = targetWeightSum(y, null, n);
        const wantGrad = make(new Array(n * c).fill(0));
        classIndexLossBackward(make([1]), 'mean', counted, y, null, 0, logSum, exps, wantGrad, n, c);
        const wantRight = countCorrect('ce', x, n, c, y);
        const gotGrad = make(new Array(n * c).fill(7));
        const counts = new Float64Array(2);
        const gotTotal = classIndexLossAndGradient(x, y, new Float64Array(n * c), gotGrad, n, c, counts);
        expect(counts[1]).toBe(0);
        expect(counted).toBe(n);
        expect(Object.is(gotTotal, wantTotal)).toBe(true);
        expect(bits(gotGrad)).toBe(bits(wantGrad));
        expect(counts[0]).toBe(wantRight);
      }),
    );
  });

  test.each([[[0, 3, 1]], [[0, -1, 1]], [[-100, 0, 0]]])('a target outside [0, c) (%j) stops it, for the general path to take', (targets) => {
    const counts = new Float64Array(2);
    classIndexLossAndGradient(new Float32Array(9), Int32Array.from(targets), new Float64Array(9), new Float32Array(9), 3, 3, counts);
    expect(counts[1]).toBe(1);
  });
});
