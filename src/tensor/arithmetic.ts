// add, sub, mul, div with NumPy broadcasting, and neg; each backward sums the gradient back over broadcast axes.
import { allocate, promote, type FloatArray } from './dtype.js';
import { binaryBroadcast, sumBroadcastInto, type BinaryOp } from './kernels/broadcast.js';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf } from './shape.js';
import { gradBuffer, opResult, Tensor } from './tensor.js';
import { outputArray, scratchFloat64 } from './step-buffers.js';

/** `a + b`, broadcasting. A number operand takes the tensor's dtype. */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('add', a, b);
}

/** `a - b`, broadcasting. */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('sub', a, b);
}

/** `a * b` elementwise, broadcasting. */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('mul', a, b);
}

/** `a / b` elementwise, broadcasting. */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('div', a, b);
}

/** `-a`. */
export function neg(a: Tensor): Tensor {
  const out = outputArray(a.dtype, a.size);
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = -x[i];
  return opResult(out, a.shape, [a], (g) => {
    const ga = gradBuffer(a);
    for (let i = 0; i < ga.length; i++) ga[i] -= g[i];
  });
}

function scalarLike(value: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

function binary(op: BinaryOp, left: Tensor | number, right: Tensor | number): Tensor {
  if (typeof left === 'number' && typeof right === 'number') {
    throw new TypeError(`${op}: at least one operand must be a tensor`);
  }
  const a = typeof left === 'number' ? scalarLike(left, right as Tensor) : left;
  const b = typeof right === 'number' ? scalarLike(right, a) : right;
  const equalShapes = sameShape(a.shape, b.shape);
  const shape = equalShapes ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const size = sizeOf(shape);
  const out = outputArray(promote(a.dtype, b.dtype), size);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  binaryBroadcast(op, a.data, aStrides, b.data, bStrides, out, shape);
  return opResult(out, shape, [a, b], (g) => {
    if (equalShapes && (op === 'mul' || op === 'div')) {
      equalShapeProductBackward(op, a, b, out, g);
      return;
    }
    const gStrides = broadcastStrides(shape, shape);
    if (a.requiresGrad) {
      if (op === 'add' || op === 'sub') {
        sumBroadcastInto(g, shape, gradBuffer(a), aStrides);
      } else {
        // d(a*b)/da = b, d(a/b)/da = 1/b
        const term = scratchFloat64(size);
        binaryBroadcast(op, g, gStrides, b.data, bStrides, term, shape);
        sumBroadcastInto(term, shape, gradBuffer(a), aStrides);
      }
    }
    if (b.requiresGrad) {
      if (op === 'add' || op === 'sub') {
        sumBroadcastInto(g, shape, gradBuffer(b), bStrides, op === 'add' ? 1 : -1);
      } else if (op === 'mul') {
        const term = scratchFloat64(size);
        binaryBroadcast('mul', g, gStrides, a.data, aStrides, term, shape);
        sumBroadcastInto(term, shape, gradBuffer(b), bStrides);
      } else {
        // d(a/b)/db = -a/b^2 = -(a/b)/b: reuse the forward's quotient
        const term = scratchFloat64(size);
        binaryBroadcast('mul', g, gStrides, out, gStrides, term, shape);
        binaryBroadcast('div', term, gStrides, b.data, bStrides, term, shape);
        sumBroadcastInto(term, shape, gradBuffer(b), bStrides, -1);
      }
    }
  });
}

/**
 * The backward of `a * b` or `a / b` for operands of one shape: nothing to sum over broadcast axes, so each
 * gradient is one loop with no scratch array, computing what the general path computes (the same bits).
 */
function equalShapeProductBackward(op: 'mul' | 'div', a: Tensor, b: Tensor, out: FloatArray, g: FloatArray): void {
  const x = a.data;
  const y = b.data;
  if (a.requiresGrad) {
    const ga = gradBuffer(a);
    if (op === 'mul') for (let i = 0; i < ga.length; i++) ga[i] += g[i] * y[i];
    else for (let i = 0; i < ga.length; i++) ga[i] += g[i] / y[i];
  }
  if (b.requiresGrad) {
    const gb = gradBuffer(b);
    if (op === 'mul') for (let i = 0; i < gb.length; i++) gb[i] += g[i] * x[i];
    else for (let i = 0; i < gb.length; i++) gb[i] -= (g[i] * out[i]) / y[i]; // -(a/b)/b from the forward's quotient
  }
}
