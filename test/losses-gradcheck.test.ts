// Gradients of the loss nodes and ops checked against finite differences (float64), over fast-check-generated cases.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  Tensor,
  gradcheck,
  logSigmoid,
  logSoftmax,
  mseLoss,
  sigmoidBinaryCrossEntropy,
  softmax,
  softmaxCrossEntropy,
  type BinaryCrossEntropyOptions,
  type Reduction,
} from '../src/index.js';

const f64 = (values: number[], shape: readonly number[], requiresGrad = true): Tensor =>
  new Tensor(Float64Array.from(values), shape, { requiresGrad });
const logit = fc.double({ min: -8, max: 8, noNaN: true });
// Targets that require grad stay inside (0, 1), so the finite-difference steps do not leave [0, 1].
const innerProbability = fc.double({ min: 0.01, max: 0.99, noNaN: true });
const reduction = fc.constantFrom<Reduction>('mean', 'sum', 'none');
const values = (arb: fc.Arbitrary<number>, n: number): fc.Arbitrary<number[]> => fc.array(arb, { minLength: n, maxLength: n });
const runs = { numRuns: 60 };

describe('softmaxCrossEntropy gradient', () => {
  const classIndexCase = fc
    .record({ n: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 5 }), ignoreIndex: fc.constantFrom(-100, 0, -1) })
    .chain(({ n, c, ignoreIndex }) =>
      fc.record({
        shape: fc.constant([n, c]),
        logits: values(logit, n * c),
        target: values(fc.oneof(fc.integer({ min: 0, max: c - 1 }), fc.constant(ignoreIndex)), n),
        options: fc.record({
          ignoreIndex: fc.constant(ignoreIndex),
          reduction,
          weight: fc.option(values(fc.double({ min: 0.1, max: 3, noNaN: true }), c), { nil: undefined }),
          labelSmoothing: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
        }),
      }),
    );

  test('class-index targets: every reduction, weight, ignoreIndex and labelSmoothing', () => {
    fc.assert(
      fc.property(classIndexCase, ({ shape, logits, target, options }) => {
        const z = f64(logits, shape);
        const allIgnored = target.every((t) => t === options.ignoreIndex);
        if (options.reduction === 'mean' && allIgnored) {
          // torch: NaN (0 / 0) with an all-zero gradient.
          const loss = softmaxCrossEntropy(z, target, options);
          expect(loss.item()).toBeNaN();
          loss.backward();
          expect(Array.from(z.grad!.data)).toEqual(new Array(z.size).fill(0));
          return;
        }
        gradcheck((x) => softmaxCrossEntropy(x, target, options), [z]);
      }),
      runs,
    );
  });

  const probabilityCase = fc
    .record({ n: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 5 }) })
    .chain(({ n, c }) =>
      fc.record({
        shape: fc.constant([n, c]),
        logits: values(logit, n * c),
        target: values(innerProbability, n * c),
        targetRequiresGrad: fc.boolean(),
        options: fc.record({
          reduction,
          weight: fc.option(values(fc.double({ min: 0.1, max: 3, noNaN: true }), c), { nil: undefined }),
          labelSmoothing: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
        }),
      }),
    );

  test('probability targets: the gradient reaches the logits and, when it requires grad, the target', () => {
    fc.assert(
      fc.property(probabilityCase, ({ shape, logits, target, targetRequiresGrad, options }) => {
        const inputs = [f64(logits, shape), f64(target, shape, targetRequiresGrad)];
        gradcheck((x, q) => softmaxCrossEntropy(x, q, options), inputs);
      }),
      runs,
    );
  });
});

describe('sigmoidBinaryCrossEntropy gradient', () => {
  const bceCase = fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
    .chain((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const labels = shape[shape.length - 1];
      const weightShapes = [shape, shape.slice(-1), [1]];
      return fc.record({
        shape: fc.constant(shape),
        logits: values(logit, size),
        target: values(fc.oneof(fc.constantFrom(0, 1), innerProbability), size),
        softTarget: values(innerProbability, size),
        reduction,
        weight: fc.option(
          fc.constantFrom(...weightShapes).chain((s) =>
            values(fc.double({ min: 0, max: 3, noNaN: true }), s.reduce((a, b) => a * b, 1)).map((w) => f64(w, s, false)),
          ),
          { nil: undefined },
        ),
        posWeight: fc.option(values(fc.double({ min: 0.1, max: 5, noNaN: true }), labels), { nil: undefined }),
      });
    });

  test('any shape, every reduction, weight broadcast to the input, posWeight along the last axis', () => {
    fc.assert(
      fc.property(bceCase, ({ shape, logits, target, reduction, weight, posWeight }) => {
        const options: BinaryCrossEntropyOptions = { reduction, weight, posWeight };
        gradcheck((x) => sigmoidBinaryCrossEntropy(x, target, options), [f64(logits, shape)]);
      }),
      runs,
    );
  });

  test('the gradient reaches soft targets that require grad', () => {
    fc.assert(
      fc.property(bceCase, ({ shape, logits, softTarget, reduction, weight, posWeight }) => {
        const inputs = [f64(logits, shape), f64(softTarget, shape)];
        gradcheck((x, y) => sigmoidBinaryCrossEntropy(x, y, { reduction, weight, posWeight }), inputs);
      }),
      runs,
    );
  });
});

describe('gradients of softmax, logSoftmax, logSigmoid and mseLoss', () => {
  const alongAxis = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      x: values(logit, shape.reduce((a, b) => a * b, 1)),
      axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
    }),
  );

  test('softmax along any axis', () => {
    fc.assert(fc.property(alongAxis, ({ shape, x, axis }) => void gradcheck((z) => softmax(z, axis), [f64(x, shape)])), runs);
  });

  test('logSoftmax along any axis', () => {
    fc.assert(fc.property(alongAxis, ({ shape, x, axis }) => void gradcheck((z) => logSoftmax(z, axis), [f64(x, shape)])), runs);
  });

  test('logSigmoid', () => {
    fc.assert(fc.property(alongAxis, ({ shape, x }) => void gradcheck(logSigmoid, [f64(x, shape)])), runs);
  });

  test('mseLoss, to the prediction and the target', () => {
    fc.assert(
      fc.property(alongAxis, reduction, ({ shape, x }, r) => {
        const target = x.map((v) => Math.sin(v) * 3);
        gradcheck((p, t) => mseLoss(p, t, { reduction: r }), [f64(x, shape), f64(target, shape)]);
      }),
      runs,
    );
  });
});
