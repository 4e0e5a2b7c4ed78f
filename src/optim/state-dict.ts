// Checked reading of saved optimizer and schedule states: JSON or a hand-edited file must fail loudly, not train wrong.
import { ValueError } from '../errors.js';

/** A list of numbers as a state dict holds it: a plain array (what JSON gives back) or a typed array. */
export type SavedArray = readonly number[] | Float32Array | Float64Array;

/** How a value is named in an error message: its type and, when short, the value itself. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing (the key is missing)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string '${value}'`;
  return `${typeof value} ${String(value)}`;
}

/** `value` as an object whose keys can be read, or a ValueError naming `where`. */
export function readObject(where: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValueError(`${where}: expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `value` as a number (any, including non-finite), or a ValueError naming `where`. */
export function readNumber(where: string, value: unknown): number {
  if (typeof value !== 'number') throw new ValueError(`${where}: expected a number, got ${describe(value)}`);
  return value;
}

/** `value` as a count: an integer >= 0. */
export function readInteger(where: string, value: unknown): number {
  const n = readNumber(where, value);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${where}: expected an integer >= 0, got ${n}`);
  return n;
}

/** `value` as a boolean, or a ValueError naming `where`. */
export function readBoolean(where: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`${where}: expected true or false, got ${describe(value)}`);
  return value;
}

/** `value` as exactly `length` numbers; a `null` element (what JSON makes of NaN) is named in the error. */
export function readArray(where: string, value: unknown, length: number): SavedArray {
  if (!Array.isArray(value) && !(value instanceof Float32Array) && !(value instanceof Float64Array)) {
    throw new ValueError(`${where}: expected an array of ${length} numbers, got ${describe(value)}`);
  }
  if (value.length !== length) throw new ValueError(`${where}: expected ${length} numbers, got ${value.length}`);
  for (let i = 0; i < length; i++) {
    if (typeof value[i] !== 'number') throw new ValueError(`${where}[${i}]: expected a number, got ${describe(value[i])}`);
  }
  return value;
}

/** A number JSON can carry: JSON has no Infinity or NaN, so those travel as the strings 'Infinity', '-Infinity', 'NaN'. */
export function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** The inverse of `encodeNumber`. */
export function decodeNumber(where: string, value: unknown): number {
  if (value === 'Infinity' || value === '-Infinity' || value === 'NaN') return Number(value);
  return readNumber(where, value);
}
