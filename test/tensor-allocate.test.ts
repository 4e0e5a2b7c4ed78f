// allocate and allocateUninitialized: the arrays tensors and batches are made of.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { allocate, allocateUninitialized } from '../src/tensor/dtype.js';

describe('allocateUninitialized', () => {
  afterEach(() => vi.unstubAllGlobals());

  test.each(['float32', 'float64'] as const)('%s: the type and length asked for, on a buffer of its own', (dtype) => {
    for (const length of [0, 1, 1000, 16384, 20000, 100001]) {
      const x = allocateUninitialized(dtype, length);
      expect(x).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
      expect(x.length).toBe(length);
      expect(x.byteOffset).toBe(0);
      expect(x.buffer.byteLength).toBe(x.byteLength);
      x.fill(7);
      expect(allocateUninitialized(dtype, length).buffer).not.toBe(x.buffer);
    }
  });

  test('small arrays, and every array where there is no Node Buffer (a page), are zero-filled as allocate makes them', () => {
    expect(Array.from(allocateUninitialized('float32', 1000))).toEqual(Array.from(allocate('float32', 1000)));
    vi.stubGlobal('Buffer', undefined);
    const large = allocateUninitialized('float32', 100000);
    expect(large).toBeInstanceOf(Float32Array);
    expect(large.every((v) => v === 0)).toBe(true);
  });
});
