// Every case of linear.json through Linear / linear (and Linear + softmaxCrossEntropy), in float64 and float32.
import { describe, test } from 'vitest';
import { Linear, linear, softmaxCrossEntropy, type DType } from '../src/index.js';
import { expectClose, fromGolden, readGolden, tolerance } from './helpers/golden.js';

const golden = readGolden('linear.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ofKind = (kind: string): [string, any][] => golden.cases.filter((c: { kind: string }) => c.kind === kind).map((c: { name: string }) => [c.name, c]);

describe.each(['float64', 'float32'] as DType[])('Linear reproduces torch nn.Linear (%s)', (dtype) => {
  const tol = tolerance[dtype];

  test.each(ofKind('linear'))('%s: Linear with the golden weights loaded: Y, dX, dW, db', (_name, c) => {
    const [outF, inF] = c.W.shape;
    const layer = new Linear(inF, outF, { dtype });
    layer.loadStateDict({ weight: fromGolden(c.W, dtype), bias: fromGolden(c.b, dtype) });
    const X = fromGolden(c.X, dtype, true);
    const Y = layer.forward(X);
    expectClose(Y.data, c.Y, tol, 'Y');
    Y.backward(fromGolden(c.upstream_grad, dtype));
    expectClose(X.grad!.data, c.dX, tol, 'dX');
    expectClose(layer.weight.grad!.data, c.dW, tol, 'dW');
    expectClose(layer.bias!.grad!.data, c.db, tol, 'db');
  });

  test.each(ofKind('linear'))('%s: functional linear(x, weight, bias)', (_name, c) => {
    const X = fromGolden(c.X, dtype, true);
    const W = fromGolden(c.W, dtype, true);
    const b = fromGolden(c.b, dtype, true);
    const Y = linear(X, W, b);
    expectClose(Y.data, c.Y, tol, 'Y');
    Y.backward(fromGolden(c.upstream_grad, dtype));
    expectClose(X.grad!.data, c.dX, tol, 'dX');
    expectClose(W.grad!.data, c.dW, tol, 'dW');
    expectClose(b.grad!.data, c.db, tol, 'db');
  });

  test.each(ofKind('linear_cross_entropy'))('%s: Linear then softmaxCrossEntropy (mean): logits, loss, dX, dW, db', (_name, c) => {
    const [outF, inF] = c.W.shape;
    const layer = new Linear(inF, outF, { dtype });
    layer.loadStateDict({ weight: fromGolden(c.W, dtype), bias: fromGolden(c.b, dtype) });
    const X = fromGolden(c.X, dtype, true);
    const logits = layer.forward(X);
    expectClose(logits.data, c.logits, tol, 'logits');
    const loss = softmaxCrossEntropy(logits, c.target.data);
    expectClose(loss.item(), c.loss, tol, 'loss');
    loss.backward();
    expectClose(X.grad!.data, c.dX, tol, 'dX');
    expectClose(layer.weight.grad!.data, c.dW, tol, 'dW');
    expectClose(layer.bias!.grad!.data, c.db, tol, 'db');
  });

  test.each(ofKind('linear_cross_entropy'))('%s: the loss gradient with respect to the logits', (_name, c) => {
    const logits = fromGolden(c.logits, dtype, true);
    softmaxCrossEntropy(logits, Int32Array.from(c.target.data)).backward();
    expectClose(logits.grad!.data, c.grad_logits, tol, 'grad_logits');
  });
});
