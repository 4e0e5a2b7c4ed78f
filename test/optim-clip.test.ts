// clipGradNorm and clipGradValue against hand computations of torch's clip_grad_norm_ / clip_grad_value_.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clipGradNorm, clipGradValue, Tensor, ValueError } from '../src/index.js';

/** A parameter whose gradient holds `grad` (or none, for null). */
function param(grad: number[] | null): Tensor {
  const p = new Tensor(new Float64Array(grad?.length ?? 2), [grad?.length ?? 2], { requiresGrad: true });
  if (grad !== null) p.grad = new Tensor(Float64Array.from(grad), [grad.length]);
  return p;
}

const grads = (params: Tensor[]) => params.map((p) => (p.grad === null ? null : Array.from(p.grad.data)));

describe('clipGradNorm', () => {
  test.each([
    // gradients [3, 4] and [12]: |g|_2 = sqrt(9 + 16 + 144) = 13, |g|_1 = 19, |g|_inf = 12
    { normType: 2, maxNorm: 6.5, total: 13 },
    { normType: 1, maxNorm: 9.5, total: 19 },
    { normType: Infinity, maxNorm: 6, total: 12 },
    { normType: 3, maxNorm: 1, total: Math.cbrt(27 + 64 + 1728) },
  ])('the $normType-norm over all parameters is returned, and gradients are scaled by maxNorm / (total + 1e-6)', ({ normType, maxNorm, total }) => {
    const params = [param([3, 4]), param([12]), param(null)];
    const returned = clipGradNorm(params, maxNorm, normType);
    expect(returned).toBeCloseTo(total, 13);
    const coefficient = maxNorm / (total + 1e-6);
    const want = [[3 * coefficient, 4 * coefficient], [12 * coefficient], null];
    grads(params).forEach((g, i) => {
      if (want[i] === null) expect(g).toBeNull();
      else g!.forEach((x, j) => expect(x).toBeCloseTo(want[i]![j], 13));
    });
  });

  test('gradients within the limit are left exactly as they were (the coefficient would be >= 1)', () => {
    const params = [param([3, 4]), param([12])];
    expect(clipGradNorm(params, 14)).toBe(13);
    expect(grads(params)).toEqual([[3, 4], [12]]);
  });

  test('at maxNorm equal to the norm the 1e-6 guard still scales, by 13 / (13 + 1e-6), as torch does', () => {
    const params = [param([3, 4]), param([12])];
    clipGradNorm(params, 13);
    expect(grads(params)).toEqual([[3, 4], [12]].map((g) => g.map((x) => x * (13 / (13 + 1e-6)))));
  });

  test('after clipping, the total norm is maxNorm up to the 1e-6 guard (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (values, maxNorm) => {
          const p = param(values);
          const before = Math.hypot(...values);
          clipGradNorm([p], maxNorm);
          const after = Math.hypot(...p.grad!.data);
          expect(after).toBeCloseTo(before > maxNorm + 1e-6 ? (maxNorm * before) / (before + 1e-6) : before, 9);
        },
      ),
    );
  });

  test('accepts a single tensor, and returns 0 when no parameter has a gradient', () => {
    const p = param([6, 8]);
    expect(clipGradNorm(p, 1)).toBe(10);
    expect(clipGradNorm([param(null)], 1)).toBe(0);
  });

  test.each([
    [() => clipGradNorm([param([1])], -1), 'clipGradNorm: maxNorm must be >= 0, got -1'],
    [() => clipGradNorm([param([1])], 1, 0), 'clipGradNorm: normType must be > 0 (or Infinity), got 0'],
    [() => clipGradValue([param([1])], NaN), 'clipGradValue: clipValue must be >= 0, got NaN'],
  ])('invalid arguments throw a ValueError: %#', (fn, message) => {
    expect(fn).toThrowError(new ValueError(message));
    expect(fn).toThrow(ValueError);
  });
});

describe('clipGradValue', () => {
  test('clamps every gradient element into [-clipValue, clipValue] and skips parameters without a gradient', () => {
    const params = [param([-3, -0.5, 0, 0.5, 3]), param(null), param([1, -1])];
    clipGradValue(params, 1);
    expect(grads(params)).toEqual([[-1, -0.5, 0, 0.5, 1], null, [1, -1]]);
  });
});
