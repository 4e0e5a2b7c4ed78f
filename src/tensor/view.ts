// reshape (shares the data) and 2-D transpose (copies; matmul takes transposed forms without it).
import { ShapeError } from '../errors.js';
import { allocate } from './dtype.js';
import { formatShape, sizeOf } from './shape.js';
import { gradBuffer, opResult, type Tensor } from './tensor.js';

/** The same elements in another shape (one dimension may be -1, inferred), sharing `data`: row-major makes it free. */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const free = target.indexOf(-1);
  if (free !== target.lastIndexOf(-1)) throw new ShapeError(`reshape: only one dimension can be -1 in ${formatShape(shape)}`);
  // Where the other dimensions do not divide the size, this is no integer (or NaN, Infinity): the check below throws.
  if (free >= 0) target[free] = a.size / sizeOf(target.filter((_, i) => i !== free));
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== a.size) {
    throw new ShapeError(`reshape: ${formatShape(a.shape)} (${a.size} elements) cannot be viewed as ${formatShape(shape)}`);
  }
  return opResult(a.data, target, [a], {
    name: 'reshape',
    forward: () => {},
    backward: (g) => {
      const ga = gradBuffer(a);
      for (let i = 0; i < ga.length; i++) ga[i] += g[i];
    },
  });
}

/** The transpose of a 2-D tensor, `[m, n]` to `[n, m]`. */
export function transpose(a: Tensor): Tensor {
  if (a.rank !== 2) throw new ShapeError(`transpose: expects a 2-D tensor, got shape ${formatShape(a.shape)}`);
  const [m, n] = a.shape;
  const x = a.data;
  const out = allocate(a.dtype, a.size);
  return opResult(out, [n, m], [a], {
    name: 'transpose',
    forward: () => { for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = x[i * n + j]; },
    backward: (g) => {
      const ga = gradBuffer(a);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += g[j * m + i];
    },
  });
}
