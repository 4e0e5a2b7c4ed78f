// logLoss against scikit-learn's published values (user guide, docstring, sklearn/metrics/tests/
// test_classification.py::test_log_loss) and the formula mean(-log p[i][y_i]) with sklearn 1.2's clipping.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { logLoss, tensor, Tensor } from '../src/index.js';

/** What a doctest's `0.1738...` checks: the printed value (Python's repr = JS's shortest string) starts so. */
function expectPrintedAs(value: number, printedPrefix: string): void {
  expect(String(value).startsWith(printedPrefix), `${value} printed as ${printedPrefix}...`).toBe(true);
}

/** numpy's assert_almost_equal(got, want) with its default decimal=7: |got - want| < 1.5e-7. */
function expectAlmostEqual7(got: number, want: number): void {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThan(1.5e-7);
}

const meanNegativeLog = (probabilitiesOfTrueClass: number[]): number =>
  probabilitiesOfTrueClass.reduce((sum, p) => sum - Math.log(p), 0) / probabilitiesOfTrueClass.length;

describe('logLoss: published values', () => {
  test('the user guide example, log_loss([0, 0, 1, 1], ...) == 0.1738...', () => {
    // doc/modules/model_evaluation.rst, "Log loss"
    const loss = logLoss([0, 0, 1, 1], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.01, 0.99]]);
    expectPrintedAs(loss, '0.1738');
    expect(loss).toBeCloseTo(meanNegativeLog([0.9, 0.8, 0.7, 0.99]), 15);
  });

  test('the log_loss docstring example, ["spam", "ham", "ham", "spam"] == 0.21616...', () => {
    // labels in sorted order, as LabelBinarizer: ham = 0, spam = 1
    const loss = logLoss([1, 0, 0, 1], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]);
    expectPrintedAs(loss, '0.21616');
  });

  test.each([
    // test_log_loss: binary case with symbolic labels ("no" < "yes"), 1.8817971
    ['binary, labels no/yes', [0, 0, 0, 1, 1, 1], [[0.5, 0.5], [0.1, 0.9], [0.01, 0.99], [0.9, 0.1], [0.75, 0.25], [0.001, 0.999]], 1.8817971],
    // test_log_loss: multiclass case, 0.6904911
    ['multiclass', [1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]], 0.6904911],
    // test_log_loss doubles y_true and y_pred "to check the shapes and axes": the mean does not change
    ['multiclass, every sample twice', [1, 0, 2, 1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3], [0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]], 0.6904911],
  ])('test_log_loss, %s', (_name, yTrue, probabilities, expected) => {
    expectAlmostEqual7(logLoss(yTrue, probabilities), expected);
  });

  test.each([
    // test_log_loss: "binary case: check correct boundary values for eps = 0"
    ['right and certain', [0, 1], [0, 1], 0],
    ['certain and wrong about sample 1', [0, 1], [0, 0], Infinity],
    ['certain and wrong about sample 0', [0, 1], [1, 1], Infinity],
  ])('test_log_loss, eps = 0: %s', (_name, yTrue, positiveProbabilities, expected) => {
    expect(logLoss(yTrue, positiveProbabilities, { eps: 0 })).toBe(expected);
  });

  test('test_log_loss, eps = 0.1 clips 0/1 probabilities to 0.1/0.9, then rows are renormalised', () => {
    // test_log_loss: log_loss(y_true, y_pred > .5, eps=.1) == log_loss(y_true, np.clip(y_pred > .5, .1, .9)),
    // where sklearn (<= 1.4) divides the clipped rows [0.9, 0.1, 0.1] by their sum 1.1.
    const yTrue = [1, 0, 2];
    const oneHot = [[0, 1, 0], [1, 0, 0], [1, 0, 0]];
    const loss = logLoss(yTrue, oneHot, { eps: 0.1 });
    expect(loss).toBeCloseTo(meanNegativeLog([0.9 / 1.1, 0.9 / 1.1, 0.1 / 1.1]), 15);
  });
});

describe('logLoss: clipping, renormalisation and input forms', () => {
  test.each([
    // sklearn >= 1.2: eps = np.finfo(y_pred.dtype).eps, so a zero probability on the true class costs
    // -log(eps) = 52 ln 2 in float64 and 23 ln 2 in float32 (the clipped row [1 - eps, eps] sums to 1).
    ['float64 values: eps = 2^-52', [[1, 0]], 52 * Math.LN2],
    ['a float64 Tensor: eps = 2^-52', tensor([[1, 0]], { dtype: 'float64' }), 52 * Math.LN2],
    ['a float32 Tensor: eps = 2^-23', tensor([[1, 0]], { dtype: 'float32' }), 23 * Math.LN2],
    ['Float32Array rows: eps = 2^-23', [Float32Array.from([1, 0])], 23 * Math.LN2],
  ])('a zero probability on the true class is clipped to machine epsilon, %s', (_name, probabilities, expected) => {
    expect(logLoss([1], probabilities as number[][] | Tensor)).toBeCloseTo(expected, 12);
  });

  test('probability 1 on the true class is clipped to 1 - eps: a loss of about eps, not 0', () => {
    // clipped row [eps, 1 - eps] sums to 1, so the loss is -log(1 - 2^-52) = 2^-52 to first order
    expect(logLoss([0], [[1, 0]])).toBeCloseTo(Number.EPSILON, 30);
    expect(logLoss([0], [[1, 0]])).toBeGreaterThan(0);
  });

  test('a Tensor [N, C], nested rows and typed-array rows give the same loss', () => {
    const rows = [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];
    const expected = meanNegativeLog([0.5, 0.8]);
    expect(logLoss([1, 2], rows)).toBeCloseTo(expected, 15);
    expect(logLoss([1, 2], tensor(rows, { dtype: 'float64' }))).toBeCloseTo(expected, 15);
    expect(logLoss([1, 2], rows.map((r) => Float64Array.from(r)))).toBeCloseTo(expected, 15);
  });

  test('float32 softmax rows, which sum to 1 only within float32 rounding, are accepted', () => {
    const probabilities = tensor([[0.1, 0.2, 0.7], [1 / 3, 1 / 3, 1 / 3]], { dtype: 'float32' });
    const p = probabilities.data;
    // sklearn renormalises each (clipped) row by its sum
    const expected = meanNegativeLog([p[2] / (p[0] + p[1] + p[2]), p[3] / (p[3] + p[4] + p[5])]);
    expect(logLoss([2, 0], probabilities)).toBeCloseTo(expected, 14);
  });

  test('a flat array, a Tensor [N] or [N, 1] holds P(class 1), as sklearn reads a 1-D y_pred', () => {
    const positive = [0.9, 0.2, 0.6];
    const yTrue = [1, 0, 0];
    const expected = logLoss(yTrue, positive.map((p) => [1 - p, p]));
    expect(logLoss(yTrue, positive)).toBeCloseTo(expected, 15);
    expect(logLoss(yTrue, tensor(positive, { dtype: 'float64' }))).toBeCloseTo(expected, 15);
    expect(logLoss(yTrue, tensor(positive, { dtype: 'float64', shape: [3, 1] }))).toBeCloseTo(expected, 15);
    expect(logLoss(yTrue, positive.map((p) => [p]))).toBeCloseTo(expected, 15);
    expect(expected).toBeCloseTo(meanNegativeLog([0.9, 0.8, 0.4]), 15);
  });

  test('for rows of probabilities away from 0 and 1 the loss is mean(-log p[y])', () => {
    const row = fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.nat(2)), { minLength: 1, maxLength: 20 }), (samples) => {
        const probabilities = samples.map(([weights]) => weights.map((w) => w / (weights[0] + weights[1] + weights[2])));
        const yTrue = samples.map(([, y]) => y);
        const expected = meanNegativeLog(probabilities.map((p, i) => p[yTrue[i]]));
        expect(logLoss(yTrue, probabilities)).toBeCloseTo(expected, 13);
      }),
    );
  });
});

describe('logLoss: inputs that are not probabilities are errors', () => {
  test.each([
    // test_log_loss's string case: rows summing to 0.9, 1.1, 0.5, 0.9. sklearn <= 1.4 silently renormalises
    // them (1.0383217); 1.3/1.4 and >= 1.5 warn "The y_pred values do not sum to one". We refuse.
    ['rows that do not sum to 1', [0, 1, 1, 0], [[0.2, 0.7], [0.6, 0.5], [0.4, 0.1], [0.7, 0.2]],
      /^logLoss: probabilities row 0 sums to 0\.8999\d*, not 1 \(values 0\.2, 0\.7\); pass probabilities such as softmax outputs, not scores or logits$/],
    ['logits', [0, 1], [[2.5, -1], [0.3, 0.7]], /^logLoss: probabilities\[0\]\[1\] = -1 is not a probability \(it must be finite and >= 0\)$/],
    ['NaN', [0, 1], [[0.5, 0.5], [NaN, 1]], /^logLoss: probabilities\[1\]\[0\] = NaN is not a probability/],
    ['a P(class 1) above 1', [0, 1], [0.5, 1.2], /^logLoss: probabilities\[1\] = 1\.2 is not a probability \(it must be in \[0, 1\]\)$/],
    // test_log_loss: "raise error if number of classes are not equal": y_true [1, 0, 2] with 2 columns
    ['a label without a column', [1, 0, 2], [[0.3, 0.7], [0.5, 0.5], [0.6, 0.4]],
      /^logLoss: yTrue\[2\] = 2 is out of range for 2 probability columns \(expected 0\.\.1\)$/],
    ['a label above 1 with P(class 1) only', [0, 2], [0.5, 0.5],
      /^logLoss: yTrue\[1\] = 2 is out of range for a binary problem \(probabilities give P\(class 1\)\) \(expected 0\.\.1\)$/],
    ['ragged rows', [0, 1], [[0.5, 0.5], [1]], /^logLoss: probabilities row 1 has 1 values, row 0 has 2$/],
    ['fewer rows than labels', [0, 1, 1], [[0.5, 0.5], [0.5, 0.5]], /^logLoss: yTrue and probabilities differ in length \(3 vs 2\)$/],
    ['no samples', [], [], /^logLoss: yTrue and probabilities are empty; a metric needs at least one sample$/],
  ])('%s', (_name, yTrue, probabilities, message) => {
    expect(() => logLoss(yTrue, probabilities)).toThrow(message);
  });

  test.each([[-0.1], [0.6], [NaN]])('eps = %s is out of range', (eps) => {
    expect(() => logLoss([0], [[0.5, 0.5]], { eps })).toThrow(`logLoss: eps must be in [0, 0.5], got ${eps}`);
  });

  test('a Tensor of rank 3 is a ShapeError', () => {
    const cube = new Tensor(new Float64Array(8).fill(0.5), [2, 2, 2]);
    expect(() => logLoss([0, 1], cube)).toThrow(/^logLoss: probabilities must have shape \[N, C\] or \[N\], got \[2,2,2\]$/);
    expect(() => logLoss([0, 1], cube)).toThrow(expect.objectContaining({ name: 'ShapeError' }));
  });
});
