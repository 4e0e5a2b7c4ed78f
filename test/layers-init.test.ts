// The initialisers follow torch.nn.init's formulas: gains, fans, bounds and standard deviations.
import { describe, expect, test } from 'vitest';
import {
  ShapeError,
  ValueError,
  calculateGain,
  glorotNormal,
  glorotUniform,
  kaimingNormal,
  kaimingUniform,
  xavierNormal,
  xavierUniform,
  zeros,
  type Nonlinearity,
  type Tensor,
} from '../src/index.js';

const f64 = { dtype: 'float64' } as const;

function spread(t: Tensor): { maxAbs: number; std: number; mean: number } {
  const v = Array.from(t.data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { maxAbs: Math.max(...v.map(Math.abs)), std, mean };
}

test.each<[Nonlinearity, number | undefined, number]>([
  ['linear', undefined, 1],
  ['sigmoid', undefined, 1],
  ['tanh', undefined, 5 / 3],
  ['relu', undefined, Math.sqrt(2)],
  ['leakyRelu', undefined, Math.sqrt(2 / (1 + 0.01 ** 2))],
  ['leakyRelu', 0.2, Math.sqrt(2 / (1 + 0.2 ** 2))],
  ['selu', undefined, 3 / 4],
])('calculateGain(%s, %s) is torch\'s %f', (nonlinearity, param, gain) => {
  expect(calculateGain(nonlinearity, param)).toBe(gain);
});

// fanIn = shape[1] * receptive field, fanOut = shape[0] * receptive field (torch's convention).
describe.each([
  ['[200, 300]', [200, 300], 300, 200],
  ['[40, 30, 3, 3] (a conv weight)', [40, 30, 3, 3], 270, 360],
])('on %s', (_name, shape, fanIn, fanOut) => {
  test('xavierUniform draws from U(-a, a), a = gain sqrt(6 / (fanIn + fanOut))', () => {
    const a = 2 * Math.sqrt(6 / (fanIn + fanOut));
    const { maxAbs, std } = spread(xavierUniform(zeros(shape, f64), 0, { gain: 2 }));
    expect(maxAbs).toBeLessThanOrEqual(a);
    expect(maxAbs).toBeGreaterThan(0.99 * a);
    expect(std / (a / Math.sqrt(3))).toBeCloseTo(1, 1);
  });

  test('xavierNormal has std = gain sqrt(2 / (fanIn + fanOut))', () => {
    const { std, mean } = spread(xavierNormal(zeros(shape, f64), 1, { gain: 5 / 3 }));
    expect(std / ((5 / 3) * Math.sqrt(2 / (fanIn + fanOut)))).toBeCloseTo(1, 1);
    expect(Math.abs(mean)).toBeLessThan(0.05 * std);
  });

  test.each<['fanIn' | 'fanOut', number]>([
    ['fanIn', fanIn],
    ['fanOut', fanOut],
  ])('kaimingUniform (mode %s) draws from U(-b, b), b = gain sqrt(3 / fan)', (mode, fan) => {
    const b = Math.sqrt(2) * Math.sqrt(3 / fan);
    const { maxAbs } = spread(kaimingUniform(zeros(shape, f64), 2, { mode }));
    expect(maxAbs).toBeLessThanOrEqual(b);
    expect(maxAbs).toBeGreaterThan(0.99 * b);
  });

  test('kaimingNormal has std = gain / sqrt(fan), with the leaky-ReLU gain of a', () => {
    const { std } = spread(kaimingNormal(zeros(shape, f64), 3, { a: 0.2, nonlinearity: 'leakyRelu', mode: 'fanOut' }));
    expect(std / (Math.sqrt(2 / 1.04) / Math.sqrt(fanOut))).toBeCloseTo(1, 1);
  });
});

test('kaimingUniform with a = sqrt(5) is PyTorch\'s Linear default, bound 1 / sqrt(fanIn)', () => {
  const { maxAbs } = spread(kaimingUniform(zeros([50, 16], f64), 0, { a: Math.sqrt(5) }));
  expect(maxAbs).toBeLessThanOrEqual(0.25);
  expect(maxAbs).toBeGreaterThan(0.24);
});

test('initialisers fill in place, are deterministic in the seed, and glorot names are aliases', () => {
  const t = zeros([3, 4], f64);
  expect(xavierUniform(t, 5)).toBe(t);
  expect(xavierUniform(zeros([3, 4], f64), 5).data).toEqual(t.data);
  expect(glorotUniform(zeros([3, 4], f64), 5).data).toEqual(t.data);
  expect(glorotNormal(zeros([3, 4], f64), 5).data).toEqual(xavierNormal(zeros([3, 4], f64), 5).data);
});

test.each([
  ['a 1-D tensor', () => kaimingUniform(zeros([5]), 0), ShapeError, 'kaimingUniform: fan in and fan out need a tensor of at least 2 dimensions, got shape [5]'],
  ['an unknown nonlinearity', () => kaimingNormal(zeros([2, 2]), 0, { nonlinearity: 'gelu' as Nonlinearity }), ValueError, "calculateGain: unknown nonlinearity 'gelu'"],
  ['an unknown mode', () => kaimingUniform(zeros([2, 2]), 0, { mode: 'fan_in' as 'fanIn' }), ValueError, "kaimingUniform: mode must be 'fanIn' or 'fanOut', got 'fan_in'"],
])('rejects %s', (_name, call, errorClass, message) => {
  expect(call).toThrow(errorClass);
  expect(call).toThrow(message);
});
