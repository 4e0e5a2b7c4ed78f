// The `linear` cases of linear.json through the core ops alone: X.matmul(W.transpose()).add(b).
import { describe, test } from 'vitest';
import type { DType } from '../src/index.js';
import { expectClose, fromGolden, readGolden, tolerance } from './helpers/golden.js';

const golden = readGolden('linear.json');
const cases = golden.cases.filter((c: { kind: string }) => c.kind === 'linear');

describe.each(['float64', 'float32'] as DType[])('Y = X W^T + b from core ops (%s)', (dtype) => {
  test.each(cases.map((c: { name: string }) => [c.name, c]))('%s: forward and all three gradients', (_name, c) => {
    const tol = tolerance[dtype];
    const X = fromGolden(c.X, dtype, true);
    const W = fromGolden(c.W, dtype, true);
    const b = fromGolden(c.b, dtype, true);
    const Y = X.matmul(W.transpose()).add(b);
    expectClose(Y.data, c.Y, tol, 'Y');
    Y.backward(fromGolden(c.upstream_grad, dtype));
    expectClose(X.grad!.data, c.dX, tol, 'dX');
    expectClose(W.grad!.data, c.dW, tol, 'dW');
    expectClose(b.grad!.data, c.db, tol, 'db');
  });

  test.each(cases.map((c: { name: string }) => [c.name, c]))('%s: the in x out layout gives dW_T', (_name, c) => {
    const tol = tolerance[dtype];
    const X = fromGolden(c.X, dtype);
    const WT = fromGolden(c.W_T, dtype, true);
    const Y = X.matmul(WT).add(fromGolden(c.b, dtype));
    expectClose(Y.data, c.Y, tol, 'Y');
    Y.backward(fromGolden(c.upstream_grad, dtype));
    expectClose(WT.grad!.data, c.dW_T, tol, 'dW_T');
  });
});
