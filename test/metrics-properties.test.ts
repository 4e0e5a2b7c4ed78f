// Properties the metrics must keep on any input (fast-check): the identities that tie them to each other and to
// their definitions, which the fixed scikit-learn cases cannot cover exhaustively.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
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
  precisionRecallF1,
  reliabilityBins,
  rocAuc,
  rocCurve,
  topKAccuracy,
} from '../src/index.js';

const close = (got: number, want: number, digits = 12): void => expect(got).toBeCloseTo(want, digits);

/** Labels in 0..classes-1 and, for each sample, a probability row (softmax of small integers, so ties happen). */
const labelledRows = (classes: number, maxLength = 30) =>
  fc.array(fc.tuple(fc.nat(classes - 1), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: classes, maxLength: classes })), {
    minLength: 1,
    maxLength,
  }).map((samples) => ({
    yTrue: samples.map(([y]) => y),
    rows: samples.map(([, logits]) => {
      const e = logits.map((z) => Math.exp(z));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    }),
  }));

/** Label pairs with integer weights 0..3; `repeat` lists each sample as many times as its weight. */
const weightedPairs = (classes: number) =>
  fc.array(fc.tuple(fc.nat(classes - 1), fc.nat(classes - 1), fc.nat(3)), { minLength: 1, maxLength: 30 })
    .filter((samples) => samples.some(([, , w]) => w > 0))
    .map((samples) => ({
      yTrue: samples.map(([t]) => t),
      yPred: samples.map(([, p]) => p),
      weights: samples.map(([, , w]) => w),
      repeat: <T,>(values: readonly T[]): T[] => values.flatMap((v, i) => new Array<T>(samples[i][2]).fill(v)),
    }));

describe('integer sample weights are repeated samples', () => {
  test('for the label metrics', () => {
    fc.assert(
      fc.property(weightedPairs(4), ({ yTrue, yPred, weights, repeat }) => {
        const t = repeat(yTrue);
        const p = repeat(yPred);
        close(accuracy(yTrue, yPred, { sampleWeight: weights }), accuracy(t, p));
        close(matthewsCorrcoef(yTrue, yPred, { sampleWeight: weights }), matthewsCorrcoef(t, p));
        close(fbetaScore(yTrue, yPred, { beta: 2, average: 'weighted', labels: [0, 1, 2, 3], sampleWeight: weights }),
          fbetaScore(t, p, { beta: 2, average: 'weighted', labels: [0, 1, 2, 3] }));
        expect(confusionMatrix(yTrue, yPred, { numClasses: 4, sampleWeight: weights })).toEqual(confusionMatrix(t, p, 4));
        // A class seen only in zero-weighted samples is a class of the weighted call but not of the repeated one.
        const labels = [...new Set([...t, ...p])].sort();
        const kappa = (yt: number[], yp: number[], w?: number[]) => cohenKappa(yt, yp, { labels, weights: 'linear', sampleWeight: w });
        const [weighted, repeated] = [kappa(yTrue, yPred, weights), kappa(t, p)];
        if (Number.isNaN(repeated)) expect(weighted).toBeNaN();
        else close(weighted, repeated);
        const inRepeated = yTrue.every((y, i) => weights[i] > 0 || t.includes(y) || p.includes(y)) &&
          yPred.every((y, i) => weights[i] > 0 || t.includes(y) || p.includes(y));
        if (inRepeated) close(balancedAccuracy(yTrue, yPred, { sampleWeight: weights }), balancedAccuracy(t, p));
      }),
    );
  });

  test('for the probability metrics', () => {
    fc.assert(
      fc.property(labelledRows(3), fc.array(fc.nat(3), { minLength: 30, maxLength: 30 }), ({ yTrue, rows }, w) => {
        const weights = yTrue.map((_, i) => w[i]);
        fc.pre(weights.some((x) => x > 0));
        const repeat = <T,>(values: readonly T[]): T[] => values.flatMap((v, i) => new Array<T>(weights[i]).fill(v));
        const t = repeat(yTrue);
        const r = repeat(rows);
        close(logLoss(yTrue, rows, { sampleWeight: weights }), logLoss(t, r));
        close(brierScore(yTrue, rows, { sampleWeight: weights }), brierScore(t, r));
        close(topKAccuracy(yTrue, rows, { k: 2, labels: [0, 1, 2], sampleWeight: weights }), topKAccuracy(t, r, { k: 2, labels: [0, 1, 2] }));
        close(averagePrecision(yTrue, rows, { average: 'micro', sampleWeight: weights }), averagePrecision(t, r, { average: 'micro' }));
        const positive = yTrue.map((y) => (y === 2 ? 1 : 0));
        const score = rows.map((row) => row[2]);
        const repeatedPositive = repeat(positive);
        fc.pre(repeatedPositive.includes(0) && repeatedPositive.includes(1));
        close(rocAuc(positive, score, { sampleWeight: weights }), rocAuc(repeatedPositive, repeat(score)));
      }),
    );
  });
});

describe('identities between metrics', () => {
  test('ovr and ovo ROC AUC of two classes are the binary ROC AUC of column 1', () => {
    // Probabilities on a grid of sixteenths, so that 1 - p is exact and ranks rows exactly as p does (in general
    // 1 - p can round two close probabilities to one value, and column 0 then ties where column 1 does not).
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.integer({ min: 0, max: 16 })), { minLength: 2, maxLength: 30 }), (samples) => {
        const yTrue = samples.map(([y]) => y);
        const p = samples.map(([, s]) => s / 16);
        fc.pre(yTrue.includes(0) && yTrue.includes(1));
        const binary = rocAuc(yTrue, p);
        const rows = p.map((q) => [1 - q, q]);
        for (const multiClass of ['ovr', 'ovo'] as const) {
          for (const average of ['macro', 'weighted'] as const) close(rocAuc(yTrue, rows, { multiClass, average }), binary, 14);
        }
        close(rocAuc(yTrue, rows, { multiClass: 'ovr', average: 'macro', sampleWeight: p.map(() => 2) }), binary, 14);
      }),
    );
  });

  test('the trapezoidal area under rocCurve is rocAuc, with or without the intermediate points', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.integer({ min: 0, max: 8 })), { minLength: 2, maxLength: 40 }), (samples) => {
        const yTrue = samples.map(([y]) => y);
        const scores = samples.map(([, s]) => s / 8);
        fc.pre(yTrue.includes(0) && yTrue.includes(1));
        for (const dropIntermediate of [true, false]) {
          const { fpr, tpr, thresholds } = rocCurve(yTrue, scores, { dropIntermediate });
          let area = 0;
          for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
          close(area, rocAuc(yTrue, scores), 14);
          expect(thresholds[0]).toBe(Math.max(...scores) + 1);
        }
      }),
    );
  });

  test('fbetaScore with beta 1 is the F1 of precisionRecallF1, and beta Infinity its recall', () => {
    fc.assert(
      fc.property(weightedPairs(4), ({ yTrue, yPred }) => {
        const labels = [0, 1, 2, 3];
        const scores = precisionRecallF1(yTrue, yPred, { numClasses: 4 });
        expect(fbetaScore(yTrue, yPred, { beta: 1, average: 'none', labels })).toEqual(scores.f1);
        expect(fbetaScore(yTrue, yPred, { beta: 1, average: 'macro', labels })).toBe(scores.macro.f1);
        expect(fbetaScore(yTrue, yPred, { beta: Infinity, average: 'none', labels })).toEqual(scores.recall);
      }),
    );
  });

  test('top-1 accuracy is the accuracy of the argmax, ties going to the later column', () => {
    fc.assert(
      fc.property(labelledRows(4), ({ yTrue, rows }) => {
        const argmax = rows.map((row) => row.reduce((best, p, k) => (p >= row[best] ? k : best), 0));
        close(topKAccuracy(yTrue, rows, { k: 1, labels: [0, 1, 2, 3] }), accuracy(yTrue, argmax));
        expect(topKAccuracy(yTrue, rows, { k: 4, labels: [0, 1, 2, 3] })).toBe(1);
      }),
    );
  });

  test('the ECE is the weighted gap of the top-label reliability bins', () => {
    fc.assert(
      fc.property(labelledRows(3), fc.integer({ min: 1, max: 15 }), ({ yTrue, rows }, nBins) => {
        const bins = reliabilityBins(yTrue, rows, { nBins });
        expect(bins.reduce((n, b) => n + b.count, 0)).toBe(yTrue.length);
        const gap = bins.filter((b) => b.count > 0)
          .reduce((sum, b) => sum + (b.count / yTrue.length) * Math.abs(b.fractionPositive - b.meanPredicted), 0);
        close(expectedCalibrationError(yTrue, rows, { nBins }), gap, 14);
      }),
    );
  });

  test('the non-empty binary reliability bins are the uniform calibration curve', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (samples, nBins) => {
        const yTrue = samples.map(([y]) => y);
        const p = samples.map(([, s]) => s / 20);
        const bins = reliabilityBins(yTrue, p, { nBins }).filter((b) => b.count > 0);
        const curve = calibrationCurve(yTrue, p, { nBins });
        expect(bins.map((b) => b.fractionPositive)).toEqual(curve.probTrue);
        expect(bins.map((b) => b.meanPredicted)).toEqual(curve.probPred);
      }),
    );
  });
});

describe('bounds and perfect predictions', () => {
  test('perfect predictions score 1 (0 for the losses), whatever the weights', () => {
    fc.assert(
      fc.property(weightedPairs(4), ({ yTrue, weights }) => {
        const sampleWeight = weights;
        expect(balancedAccuracy(yTrue, yTrue, { sampleWeight })).toBe(1);
        expect(accuracy(yTrue, yTrue, { sampleWeight })).toBe(1);
        const classes = new Set(yTrue.filter((_, i) => weights[i] > 0)).size;
        if (classes > 1) expect(matthewsCorrcoef(yTrue, yTrue, { sampleWeight })).toBeCloseTo(1, 14);
        const oneHot = yTrue.map((y) => [0, 1, 2, 3].map((k) => (k === y ? 1 : 0)));
        expect(brierScore(yTrue, oneHot, { sampleWeight })).toBe(0);
        expect(expectedCalibrationError(yTrue, oneHot)).toBe(0);
      }),
    );
  });

  test('balanced accuracy adjusted is 0 for a constant prediction of a class in yTrue', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { minLength: 2, maxLength: 30 }), (yTrue) => {
        fc.pre(new Set(yTrue).size > 1);
        const constant = yTrue.map(() => yTrue[0]);
        close(balancedAccuracy(yTrue, constant, { adjusted: true }), 0, 14);
      }),
    );
  });

  test('normalized confusion matrices: rows, columns or everything sum to 1 (or stay 0)', () => {
    fc.assert(
      fc.property(weightedPairs(5), ({ yTrue, yPred, weights }) => {
        const counts = confusionMatrix(yTrue, yPred, { numClasses: 5, sampleWeight: weights });
        const rows = confusionMatrix(yTrue, yPred, { numClasses: 5, sampleWeight: weights, normalize: 'true' });
        const columns = confusionMatrix(yTrue, yPred, { numClasses: 5, sampleWeight: weights, normalize: 'pred' });
        const all = confusionMatrix(yTrue, yPred, { numClasses: 5, sampleWeight: weights, normalize: 'all' });
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        for (let k = 0; k < 5; k++) {
          close(sum(rows[k]), sum(counts[k]) > 0 ? 1 : 0, 14);
          close(sum(columns.map((row) => row[k])), sum(counts.map((row) => row[k])) > 0 ? 1 : 0, 14);
        }
        close(sum(all.map(sum)), 1, 14);
      }),
    );
  });

  test('scores of probabilities stay in their ranges', () => {
    fc.assert(
      fc.property(labelledRows(4), ({ yTrue, rows }) => {
        const brier = brierScore(yTrue, rows);
        expect(brier).toBeGreaterThanOrEqual(0);
        expect(brier).toBeLessThanOrEqual(2);
        const ece = expectedCalibrationError(yTrue, rows);
        expect(ece).toBeGreaterThanOrEqual(0);
        expect(ece).toBeLessThanOrEqual(1);
        for (const average of ['macro', 'weighted', 'micro'] as const) {
          const ap = averagePrecision(yTrue, rows, { average });
          expect(ap).toBeGreaterThanOrEqual(0);
          expect(ap).toBeLessThanOrEqual(1 + 1e-15);
        }
      }),
    );
  });
});
