// The options of the metrics: bad values are ValueErrors whose messages name the function, the argument and the
// value; the old call forms still give the old answers; and where we part from scikit-learn, we do so on purpose.
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
  precisionRecallF1,
  reliabilityBins,
  rocAuc,
  rocCurve,
  tensor,
  topKAccuracy,
} from '../src/index.js';
import { expectValueError } from './helpers/expect-error.js';

const rows3 = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];

describe('bad options are ValueErrors that say what is wrong', () => {
  test.each<[string, () => unknown, string]>([
    ['a sampleWeight of the wrong length', () => accuracy([0, 1], [0, 1], { sampleWeight: [1] }), 'accuracy: sampleWeight has 1 values for 2 samples'],
    ['a negative weight', () => balancedAccuracy([0, 1], [0, 1], { sampleWeight: [1, -1] }), 'balancedAccuracy: sampleWeight[1] = -1 is not a weight (it must be finite and >= 0)'],
    ['a NaN weight', () => rocCurve([0, 1], [0.1, 0.2], { sampleWeight: [NaN, 1] }), 'rocCurve: sampleWeight[0] = NaN is not a weight (it must be finite and >= 0)'],
    ['weights summing to zero', () => logLoss([0, 1], [0.2, 0.6], { sampleWeight: [0, 0] }), 'logLoss: the sample weights sum to zero; the weighted mean is not defined'],
    ['a repeated label', () => confusionMatrix([0, 1], [0, 1], { labels: [1, 0, 1] }), 'confusionMatrix: labels[2] = 1 repeats an earlier label'],
    ['an empty labels list', () => precisionRecallF1([0, 1], [0, 1], { labels: [] }), 'precisionRecallF1: labels is empty; give at least one class index'],
    ['a label out of range', () => confusionMatrix([0, 1], [0, 1], { numClasses: 2, labels: [0, 2] }), 'confusionMatrix: labels[1] = 2 is out of range for numClasses = 2 (expected 0..1)'],
    ['no label in yTrue', () => confusionMatrix([0, 0], [1, 1], { labels: [1] }), 'confusionMatrix: none of the labels [1] occurs in yTrue; at least one must'],
    ['an unknown normalize', () => confusionMatrix([0], [0], { normalize: 'rows' as never }), "confusionMatrix: normalize must be 'true', 'pred' or 'all', got rows"],
    ['a negative beta', () => fbetaScore([0, 1], [0, 1], { beta: -1 }), 'fbetaScore: beta must be a number >= 0, got -1'],
    ['an unknown average', () => fbetaScore([0, 1], [0, 1], { beta: 1, average: 'samples' as never }), "fbetaScore: average must be 'binary', 'macro', 'weighted', 'micro', 'none' or null, got samples"],
    ['a binary average on three classes', () => fbetaScore([0, 1, 2], [0, 1, 1], { beta: 1 }),
      "fbetaScore: average is 'binary' but yTrue and yPred hold the classes [0, 1, 2], not a binary problem's 0 and 1; choose average 'macro', 'weighted', 'micro' or 'none'"],
    ['a zeroDivision of 0.5 (named by fbetaScore)', () => fbetaScore([0, 1], [0, 1], { beta: 1, zeroDivision: 0.5 }), 'fbetaScore: zeroDivision must be 0, 1 or NaN, got 0.5'],
    ['unknown kappa weights', () => cohenKappa([0, 1], [0, 1], { weights: 'cubic' as never }), "cohenKappa: weights must be 'linear' or 'quadratic' (or left out), got cubic"],
    ['a binary Brier label of 2', () => brierScore([0, 2], [0.1, 0.9]), 'brierScore: yTrue[1] = 2 is out of range for a binary problem (probabilities give P(class 1)) (expected 0..1)'],
    ['a Brier row that does not sum to 1', () => brierScore([0, 1], [[0.5, 0.6], [0.5, 0.5]]), 'brierScore: probabilities row 0 sums to 1.1, not 1; pass probabilities such as softmax outputs, not scores or logits'],
    ['a probability above 1', () => brierScore([0, 1], [0.5, 1.5]), 'brierScore: probabilities[1] = 1.5 is not a probability (it must be in [0, 1])'],
    ['a multiclass ROC AUC without multiClass', () => rocAuc([0, 1, 2], rows3), "rocAuc: scores has 3 columns, so multiClass must be 'ovr' or 'ovo' (sklearn's multi_class), got undefined"],
    ['scores that are not probabilities', () => rocAuc([0, 1, 2], [[2, 1, 0], [0, 1, 2], [1, 1, 1]], { multiClass: 'ovr' }),
      'rocAuc: scores row 0 sums to 3, not 1; a multiclass ROC AUC needs class probabilities (rows summing to 1)'],
    ['ovo with sample weights', () => rocAuc([0, 1, 2], rows3, { multiClass: 'ovo', sampleWeight: [1, 1, 1] }), "rocAuc: sampleWeight is not supported with multiClass 'ovo' (as in sklearn); use 'ovr'"],
    ['ovo with a micro average', () => rocAuc([0, 1, 2], rows3, { multiClass: 'ovo', average: 'micro' }), "rocAuc: average must be 'macro', 'weighted' with multiClass 'ovo', got micro"],
    ['a class missing from yTrue', () => rocAuc([0, 1, 1], rows3, { multiClass: 'ovr' }),
      'rocAuc: yTrue holds 2 classes ([0, 1]) but scores has 3 columns; pass labels (e.g. every class index) when some class has no sample'],
    ['ovr with a class absent from yTrue', () => rocAuc([0, 1, 1], rows3, { multiClass: 'ovr', labels: [0, 1, 2] }),
      "rocAuc: class 2 has no sample in yTrue, so its one-vs-rest ROC AUC is not defined (sklearn: only one class present); use multiClass 'ovo' or leave the column out"],
    ['a yTrue class beyond the columns', () => rocAuc([0, 1, 3], rows3, { multiClass: 'ovr' }), 'rocAuc: yTrue[2] = 3 is out of range for 3 score columns (expected 0..2)'],
    ['labels out of order', () => rocAuc([0, 1, 2], rows3, { multiClass: 'ovr', labels: [0, 2, 1] }), 'rocAuc: labels must be increasing; labels[2] = 1 follows 2'],
    ['a k of 0', () => topKAccuracy([0, 1, 2], rows3, { k: 0 }), 'topKAccuracy: k must be a positive integer, got 0'],
    ['two classes with three score columns', () => topKAccuracy([0, 1, 1], rows3),
      'topKAccuracy: yTrue holds at most two classes but scores has 3 columns; pass one score per sample for a binary problem, or labels listing every class'],
    ['a class beyond the score columns', () => topKAccuracy([0, 1, 3], rows3), 'topKAccuracy: yTrue[2] = 3 is out of range for 3 score columns (expected 0..2)'],
    ['a non-finite score', () => topKAccuracy([0, 1, 2], [[0.5, NaN, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]), 'topKAccuracy: scores value 1 = NaN is not a finite number'],
    ['nBins of 0', () => calibrationCurve([0, 1], [0.2, 0.8], { nBins: 0 }), 'calibrationCurve: nBins must be a positive integer, got 0'],
    ['an unknown strategy', () => calibrationCurve([0, 1], [0.2, 0.8], { strategy: 'kmeans' as never }), "calibrationCurve: strategy must be 'uniform' or 'quantile', got kmeans"],
    ['a calibration label of 2', () => calibrationCurve([0, 2], [0.2, 0.8]), 'calibrationCurve: yTrue[1] = 2 is not a binary label (0 or 1)'],
    ['fractional nBins', () => expectedCalibrationError([0, 1], [0.2, 0.8], { nBins: 2.5 }), 'expectedCalibrationError: nBins must be a positive integer, got 2.5'],
    ['ECE rows that do not sum to 1', () => expectedCalibrationError([0, 1], [[0.2, 0.2], [0.5, 0.5]]), 'expectedCalibrationError: probabilities row 0 sums to 0.4, not 1; pass probabilities such as softmax outputs, not scores or logits'],
    ['a reliability label beyond the columns', () => reliabilityBins([0, 3], [[0.8, 0.2], [0.5, 0.5]]), 'reliabilityBins: yTrue[1] = 3 is out of range for 2 probability columns (expected 0..1)'],
    ['a curve of zero-weighted samples', () => averagePrecision([0, 1], [0.1, 0.2], { sampleWeight: [0, 0] }), 'averagePrecision: every sample weight is zero; a curve needs a sample of non-zero weight'],
    ['an infinite curve score', () => rocCurve([0, 1], [0.1, Infinity]), 'rocCurve: scores[1] = Infinity is not a finite number'],
  ])('%s', (_name, call, message) => expectValueError(call, message));
});

describe('the earlier call forms answer as before', () => {
  const yTrue = [2, 0, 2, 2, 0, 1, 3, 3];
  const yPred = [0, 0, 2, 2, 0, 2, 3, 1];

  test('confusionMatrix takes numClasses as a number or in the options', () => {
    expect(confusionMatrix(yTrue, yPred, 5)).toEqual(confusionMatrix(yTrue, yPred, { numClasses: 5 }));
    expect(confusionMatrix(yTrue, yPred)).toEqual(confusionMatrix(yTrue, yPred, {}));
  });

  test('precisionRecallF1 without the new options: fbeta is f1, micro is accuracy, labels are 0..K-1', () => {
    const r = precisionRecallF1(yTrue, yPred);
    expect(r.fbeta).toEqual(r.f1);
    expect(r.labels).toEqual([0, 1, 2, 3]);
    expect(r.micro).toEqual({ precision: r.accuracy, recall: r.accuracy, f1: r.accuracy, fbeta: r.accuracy });
  });

  test('unit weights change nothing, bit for bit', () => {
    const ones = yTrue.map(() => 1);
    expect(accuracy(yTrue, yPred, { sampleWeight: ones })).toBe(accuracy(yTrue, yPred));
    expect(precisionRecallF1(yTrue, yPred, { sampleWeight: ones })).toEqual(precisionRecallF1(yTrue, yPred));
    expect(confusionMatrix(yTrue, yPred, { sampleWeight: ones })).toEqual(confusionMatrix(yTrue, yPred));
    const p = [[0.7, 0.3], [0.4, 0.6], [0.5, 0.5]];
    expect(logLoss([0, 1, 1], p, { sampleWeight: [1, 1, 1] })).toBe(logLoss([0, 1, 1], p));
  });

  test('binary rocAuc still takes typed arrays and Tensors of one score per sample', () => {
    expect(rocAuc(Int32Array.from([0, 0, 1, 1]), Float32Array.from([0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
    expect(rocAuc([0, 0, 1, 1], tensor([0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
  });
});

describe('where we part from scikit-learn, on purpose', () => {
  test('rocAuc scores [N, 2] probabilities (sklearn rejects two columns)', () => {
    const p = [0.1, 0.4, 0.35, 0.8];
    expect(rocAuc([0, 0, 1, 1], p.map((q) => [1 - q, q]), { multiClass: 'ovr' })).toBe(0.75);
  });

  test('the first ROC threshold is the highest score plus 1, as sklearn 1.2 (1.3 and later: Infinity)', () => {
    expect(rocCurve([0, 1], [0.25, 0.5]).thresholds).toEqual([1.5, 0.5, 0.25]);
  });

  test('a ROC curve with zero-weighted negatives only has NaN false positive rates, and its AUC is NaN', () => {
    expect(rocCurve([0, 1, 1], [0.1, 0.2, 0.3], { sampleWeight: [0, 1, 1] }).fpr).toEqual([NaN, NaN, NaN]);
    expect(rocAuc([0, 1, 1], [0.1, 0.2, 0.3], { sampleWeight: [0, 1, 1] })).toBeNaN();
  });

  test('reliabilityBins keeps empty bins, with count 0 and NaN means', () => {
    const bins = reliabilityBins([0, 1], [0.05, 0.95], { nBins: 4 });
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 1]);
    expect(bins[1].meanPredicted).toBeNaN();
    expect(bins.map((b) => [b.lower, b.upper])).toEqual([[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]);
  });

  test('the binary ECE reads P(class 1) as the row [1 - p, p]: p = 0.5 predicts class 0', () => {
    expect(expectedCalibrationError([0], [0.5], { nBins: 2 })).toBe(0.5);
    expect(expectedCalibrationError([1], [0.5], { nBins: 2 })).toBe(0.5);
    expect(expectedCalibrationError([0, 1], [[0.5, 0.5], [0.5, 0.5]], { nBins: 2 })).toBe(0);
  });
});
