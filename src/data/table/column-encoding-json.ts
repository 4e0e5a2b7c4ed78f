// A column encoding read back from JSON (a model file), every field checked: a damaged file must not encode wrongly.
import { ValueError } from '../../errors.js';
import type { ColumnEncoding } from './column-encoding.js';

// Statistics are float64 (encoding computes in float64, then checks each float32 output): finite, scales positive.
// More categories than any table column has is damage, and would only cost memory.
const MAX_CATEGORIES = 1 << 20;

/** The encoding `value` holds; a ValueError saying which field of `where` is wrong otherwise. */
export function columnEncodingFromJSON(value: unknown, where: string): ColumnEncoding {
  const e = record(value, where);
  const name = text(e.name, `${where}.name`);
  const at = `${where} (${JSON.stringify(name)})`;
  switch (e.kind) {
    case 'dropped':
      return { name, kind: 'dropped', why: text(e.why, `${at}.why`) };
    case 'binary': {
      const values = texts(e.values, `${at}.values`);
      if (values.length !== 2) throw new ValueError(`${at}.values must be two different strings`);
      return { name, kind: 'binary', values: [values[0], values[1]] };
    }
    case 'categorical': {
      const categories = texts(e.categories, `${at}.categories`);
      if (categories.length === 0 || categories.length > MAX_CATEGORIES) throw new ValueError(`${at}.categories must list 1 to ${MAX_CATEGORIES} values`);
      return { name, kind: 'categorical', categories, missing: flag(e.missing, `${at}.missing`), other: flag(e.other, `${at}.other`) };
    }
    case 'numeric': {
      const indicator = flag(e.indicator, `${at}.indicator`);
      const [mean, scale] = [numbers(e.mean, `${at}.mean`), numbers(e.scale, `${at}.scale`)];
      if (mean.length !== (indicator ? 2 : 1) || scale.length !== mean.length) throw new ValueError(`${at}: mean and scale must have ${indicator ? 2 : 1} entries`);
      scale.forEach((s, i) => divisor(s, `${at}.scale[${i}]`));
      const numeric: ColumnEncoding = { name, kind: 'numeric', fill: finite(e.fill, `${at}.fill`), indicator, mean, scale };
      if (e.fillBy === undefined) return numeric;
      if (e.fillBy !== 'mean') throw new ValueError(`${at}.fillBy must be "mean" or absent (the median)`);
      return { ...numeric, fillBy: 'mean' };
    }
    case 'date':
      return {
        name,
        kind: 'date',
        hasTime: flag(e.hasTime, `${at}.hasTime`),
        missing: flag(e.missing, `${at}.missing`),
        fillYear: finite(e.fillYear, `${at}.fillYear`),
        mean: finite(e.mean, `${at}.mean`),
        scale: divisor(e.scale, `${at}.scale`),
      };
    default:
      throw new ValueError(`${at}.kind must be numeric, binary, categorical, date or dropped, got ${JSON.stringify(e.kind)?.slice(0, 40)}`);
  }
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValueError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ValueError(`${where} must be a string`);
  return value;
}

/** Strings, each once. */
function texts(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ValueError(`${where} must be a list of strings`);
  if (new Set(value).size !== value.length) throw new ValueError(`${where} lists a value twice`);
  return value as string[];
}

function flag(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new ValueError(`${where} must be true or false`);
  return value;
}

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValueError(`${where} must be a finite number`);
  return value;
}

function numbers(value: unknown, where: string): number[] {
  if (!Array.isArray(value)) throw new ValueError(`${where} must be a list of numbers`);
  return value.map((v, i) => finite(v, `${where}[${i}]`));
}

function divisor(value: unknown, where: string): number {
  const scale = finite(value, where);
  if (!(scale > 0)) throw new ValueError(`${where} must be a positive number`);
  return scale;
}
