// add, sub, mul, div with NumPy broadcasting, and neg; each backward sums the gradient back over broadcast axes.
import { allocate, dtypeOf, promote, type FloatArray } from './dtype.js';
import { binaryBroadcast, sumBroadcastInto, type BinaryOp } from './kernels/broadcast.js';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, type Shape } from './shape.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';
import { elementwise } from './unary.js';

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
  return elementwise(a, 'neg', (x, y) => {
    for (let i = 0; i < y.length; i++) y[i] = -x[i];
  }, (g, ga) => {
    for (let i = 0; i < ga.length; i++) ga[i] -= g[i];
  });
}

/** An operand as the kernels read it: a tensor, or a number held as one value of the other operand's dtype. */
interface Operand {
  data: FloatArray;
  shape: Shape;
  tensor: Tensor | null;
}

function operand(value: Tensor | number, other: Tensor | number): Operand {
  if (typeof value !== 'number') return { data: value.data, shape: value.shape, tensor: value };
  const data = allocate((other as Tensor).dtype, 1);
  data[0] = value;
  return { data, shape: [], tensor: null };
}

function binary(op: BinaryOp, left: Tensor | number, right: Tensor | number): Tensor {
  if (typeof left === 'number' && typeof right === 'number') throw new TypeError(`${op}: at least one operand must be a tensor`);
  const a = operand(left, right);
  const b = operand(right, left);
  const equalShapes = sameShape(a.shape, b.shape);
  const shape = equalShapes ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const size = sizeOf(shape);
  const out = allocate(promote(dtypeOf(a.data), dtypeOf(b.data)), size);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  const gStrides = broadcastStrides(shape, shape);
  // A gradient term of the broadcast path, kept for the backward of every replayed step.
  let term: Float64Array | null = null;
  const parents = [a.tensor, b.tensor].filter((t): t is Tensor => t !== null);
  return opResult(out, shape, parents, {
    name: op,
    // A number operand is read at the op's call: a recording compares its value.
    args: [a.tensor === null ? a.data[0] : null, b.tensor === null ? b.data[0] : null],
    forward: () => binaryBroadcast(op, a.data, aStrides, b.data, bStrides, out, shape),
    backward: (g) => {
      const ta = a.tensor?.requiresGrad ? a.tensor : null;
      const tb = b.tensor?.requiresGrad ? b.tensor : null;
      if (equalShapes && (op === 'mul' || op === 'div')) {
        return equalShapeProductBackward(op, a.data, b.data, ta, tb, out, g);
      }
      if (ta !== null) {
        if (op === 'add' || op === 'sub') {
          sumBroadcastInto(g, shape, gradBuffer(ta), aStrides);
        } else {
          // d(a*b)/da = b, d(a/b)/da = 1/b
          term ??= new Float64Array(size);
          binaryBroadcast(op, g, gStrides, b.data, bStrides, term, shape);
          sumBroadcastInto(term, shape, gradBuffer(ta), aStrides);
        }
      }
      if (tb !== null) {
        if (op === 'add' || op === 'sub') {
          sumBroadcastInto(g, shape, gradBuffer(tb), bStrides, op === 'add' ? 1 : -1);
        } else if (op === 'mul') {
          term ??= new Float64Array(size);
          binaryBroadcast('mul', g, gStrides, a.data, aStrides, term, shape);
          sumBroadcastInto(term, shape, gradBuffer(tb), bStrides);
        } else {
          // d(a/b)/db = -a/b^2 = -(a/b)/b: reuse the forward's quotient
          term ??= new Float64Array(size);
          binaryBroadcast('mul', g, gStrides, out, gStrides, term, shape);
          binaryBroadcast('div', term, gStrides, b.data, bStrides, term, shape);
          sumBroadcastInto(term, shape, gradBuffer(tb), bStrides, -1);
        }
      }
    },
  });
}

/** The backward of `a * b` or `a / b` for equal shapes: one loop per gradient, no scratch, the general path's bits. */
function equalShapeProductBackward(
  op: 'mul' | 'div', x: FloatArray, y: FloatArray, a: Tensor | null, b: Tensor | null, out: FloatArray, g: FloatArray,
): void {
  if (a !== null) {
    const ga = gradBuffer(a);
    if (op === 'mul') for (let i = 0; i < ga.length; i++) ga[i] += g[i] * y[i];
    else for (let i = 0; i < ga.length; i++) ga[i] += g[i] / y[i];
  }
  if (b !== null) {
    const gb = gradBuffer(b);
    if (op === 'mul') for (let i = 0; i < gb.length; i++) gb[i] += g[i] * x[i];
    else for (let i = 0; i < gb.length; i++) gb[i] -= (g[i] * out[i]) / y[i]; // -(a/b)/b from the forward's quotient
  }
}
