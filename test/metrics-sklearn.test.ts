// Every metric against scikit-learn: test/golden/sklearn_metrics.json, written by scripts/sklearn-metrics.py. A
// case with `expected` must be reproduced (to 12 significant digits, exactly for integers and thresholds); a case
// with `error` is one where scikit-learn raises, and there we must throw a ValueError naming the function.
import { describe, expect, test } from 'vitest';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  cohenKappa,
  confusionMatrix,
  expectedCalibrationError,
  fbetaScore,
  logLoss,
  matthewsCorrcoef,
  precisionRecallCurve,
  precisionRecallF1,
  reliabilityBins,
  rocAuc,
  rocCurve,
  topKAccuracy,
  ValueError,
} from '../src/index.js';
import { readGolden } from './helpers/golden.js';

interface GoldenCase {
  fn: string;
  name: string;
  args: Args;
  reference: string;
  expected?: unknown;
  error?: string;
  note?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = { yTrue: number[]; yPred: number[]; scores: any; probabilities: any; probPositive: number[]; options?: any };

/** JSON has no NaN or Infinity: the script writes them as strings. */
function decode(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  return value;
}

const golden = readGolden('sklearn_metrics.json');
const cases: GoldenCase[] = golden.cases.map(decode);

const calls: Record<string, (a: Args) => unknown> = {
  accuracy: (a) => accuracy(a.yTrue, a.yPred, a.options),
  confusionMatrix: (a) => confusionMatrix(a.yTrue, a.yPred, a.options),
  balancedAccuracy: (a) => balancedAccuracy(a.yTrue, a.yPred, a.options),
  matthewsCorrcoef: (a) => matthewsCorrcoef(a.yTrue, a.yPred, a.options),
  cohenKappa: (a) => cohenKappa(a.yTrue, a.yPred, a.options),
  fbetaScore: (a) => fbetaScore(a.yTrue, a.yPred, a.options),
  precisionRecallF1: (a) => {
    const r = precisionRecallF1(a.yTrue, a.yPred, a.options);
    const averaged = ({ precision, recall, fbeta }: { precision: number; recall: number; fbeta: number }) => ({ precision, recall, fbeta });
    return {
      precision: r.precision, recall: r.recall, fbeta: r.fbeta, support: r.support,
      macro: averaged(r.macro), weighted: averaged(r.weighted), micro: averaged(r.micro),
    };
  },
  logLoss: (a) => logLoss(a.yTrue, a.probabilities, a.options),
  brierScore: (a) => brierScore(a.yTrue, a.probabilities, a.options),
  rocCurve: (a) => rocCurve(a.yTrue, a.scores, a.options),
  precisionRecallCurve: (a) => precisionRecallCurve(a.yTrue, a.scores, a.options),
  averagePrecision: (a) => averagePrecision(a.yTrue, a.scores, a.options),
  rocAuc: (a) => rocAuc(a.yTrue, a.scores, a.options),
  topKAccuracy: (a) => topKAccuracy(a.yTrue, a.scores, a.options),
  calibrationCurve: (a) => calibrationCurve(a.yTrue, a.probPositive, a.options),
  reliabilityBins: (a) => reliabilityBins(a.yTrue, a.probabilities, a.options),
  expectedCalibrationError: (a) => expectedCalibrationError(a.yTrue, a.probabilities, a.options),
};

/**
 * `got` equals `want` in shape and, number by number: NaN for NaN, equal infinities, exactly equal where sklearn's
 * answer is an integer computed from integer counts (no weights), else within 12 significant digits.
 */
function expectMatches(got: unknown, want: unknown, exactIntegers: boolean, path: string): void {
  if (typeof want === 'number') {
    expect(typeof got, `${path}: a number`).toBe('number');
    const g = got as number;
    if (Number.isNaN(want) || !Number.isFinite(want) || (exactIntegers && Number.isInteger(want))) {
      expect(g, path).toBe(want === 0 ? g === 0 ? g : want : want); // 0 and -0 are the same answer
      return;
    }
    const error = Math.abs(g - want);
    if (!(error <= 1e-12 * Math.max(1, Math.abs(want)))) expect.fail(`${path}: got ${g}, want ${want} (error ${error})`);
    return;
  }
  if (Array.isArray(want)) {
    const g = Array.from(got as ArrayLike<unknown>);
    expect(g.length, `${path}: length`).toBe(want.length);
    want.forEach((w, i) => expectMatches(g[i], w, exactIntegers, `${path}[${i}]`));
    return;
  }
  const wantObject = want as Record<string, unknown>;
  const gotObject = got as Record<string, unknown>;
  for (const key of Object.keys(wantObject)) expectMatches(gotObject[key], wantObject[key], exactIntegers, `${path}.${key}`);
}

describe('the reference file', () => {
  test('was written by scikit-learn 1.2.1 and holds a case for every metric', () => {
    expect(golden.meta.sklearn).toBe('1.2.1');
    expect(new Set(cases.map((c) => c.fn))).toEqual(new Set(Object.keys(calls)));
    expect(cases.length).toBe(golden.meta.cases);
  });
});

describe.each(Object.keys(calls))('%s agrees with scikit-learn', (fn) => {
  const values = cases.filter((c) => c.fn === fn && c.error === undefined);
  const errors = cases.filter((c) => c.fn === fn && c.error !== undefined);

  test.each(values.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const exactIntegers = c.args.options?.sampleWeight === undefined;
    expectMatches(calls[fn](c.args), c.expected, exactIntegers, `${fn}(${c.name}) vs ${c.reference}`);
  });

  if (errors.length > 0) {
    test.each(errors.map((c) => [c.name, c] as const))('throws where sklearn raises: %s', (_name, c) => {
      let thrown: unknown;
      try {
        calls[fn](c.args);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `sklearn: ${c.error}`).toBeInstanceOf(ValueError);
      expect((thrown as Error).message.startsWith(`${fn}: `), (thrown as Error).message).toBe(true);
    });
  }
});
