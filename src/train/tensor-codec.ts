// Tensors in a model file: shape, dtype and the exact bytes as base64 (little-endian), never decimal text.
import { ModelFileError } from '../errors.js';
import { base64ToBytes, bytesToBase64 } from '../tensor/base64.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { MAX_PARAMETERS } from './network.js';

/** A tensor as a model file stores it. */
export interface EncodedTensor {
  shape: number[];
  dtype: DType;
  /** The elements' IEEE-754 bytes, little-endian, base64. */
  data: string;
}

export function encodeTensor(t: Tensor): EncodedTensor {
  const width = t.dtype === 'float64' ? 8 : 4;
  const bytes = new Uint8Array(t.size * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < t.size; i++) {
    if (width === 8) view.setFloat64(i * 8, t.data[i], true);
    else view.setFloat32(i * 4, t.data[i], true);
  }
  return { shape: [...t.shape], dtype: t.dtype, data: bytesToBase64(bytes) };
}

/** The tensor `value` encodes, every field checked (the shape before allocating); `where` names it in errors. */
export function decodeTensor(value: unknown, where: string): Tensor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ModelFileError(`${where}: expected an object with shape, dtype and data`);
  const { shape, dtype, data } = value as Record<string, unknown>;
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ModelFileError(`${where}: shape must be a list of whole numbers, got ${JSON.stringify(shape)?.slice(0, 80)}`);
  }
  // A tensor larger than any network is damaged or hostile: rejected before allocating.
  const size = sizeOf(shape);
  if (size > MAX_PARAMETERS) throw new ModelFileError(`${where}: shape ${formatShape(shape)} has ${size} elements, more than a model file may hold (${MAX_PARAMETERS})`);
  if (dtype !== 'float32' && dtype !== 'float64') throw new ModelFileError(`${where}: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) {
    throw new ModelFileError(`${where}: data must be base64 text`);
  }
  const width = dtype === 'float64' ? 8 : 4;
  const byteLength = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (byteLength !== size * width) {
    throw new ModelFileError(`${where}: data has ${byteLength} bytes but shape ${formatShape(shape)} needs ${size} ${dtype} values (${size * width} bytes)`);
  }
  const view = new DataView(base64ToBytes(data).buffer);
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) {
    const v = width === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) throw new ModelFileError(`${where}: element ${i} is ${v}; a model's weights must be finite`);
    out[i] = v;
  }
  return new Tensor(out, shape);
}
