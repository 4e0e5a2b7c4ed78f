// The values a tuning search may try, as `softgrad tune` reads them from its flags.
import type { LogRange, TrialParams } from '../train/search-space.js';
import { choice, layerSize, number, wholeNumber, type Parser } from './args.js';

/** Values separated by commas, each (trimmed) read by `item`; one it cannot read fails the whole list. */
function listOf<T>(rule: string, item: (text: string) => T | undefined): Parser<T[]> {
  return {
    rule,
    read(text) {
      const values = text.split(',').map((part) => item(part.trim()));
      return values.every((v) => v !== undefined) ? (values as T[]) : undefined;
    },
  };
}

/** `a:b`, a log-uniform range (0 < a <= b), or `a,b,c`, values that `value` reads. */
function rangeOrList<T>(rule: string, value: (text: string) => T | undefined): Parser<LogRange | T[]> {
  const list = listOf(rule, value);
  return {
    rule,
    read(text) {
      const range = text.split(':');
      if (range.length !== 2) return list.read(text);
      const [min, max] = range.map((part) => (part.trim() === '' ? NaN : Number(part)));
      return min > 0 && max >= min && Number.isFinite(max) ? { min, max } : undefined;
    },
  };
}

const positive = number('a number > 0', (n) => n > 0);
const nonNegative = number('a number >= 0', (n) => n >= 0);
const batchSize = wholeNumber(1);
const optimizer = choice(['adam', 'adamw', 'sgd'] as const);

/** Learning rates: `0.001:0.3` or `0.01,0.1`. */
export const rates = rangeOrList('a range such as 0.001:0.3 or values > 0 such as 0.01,0.1', (text) => positive.read(text));

/** Weight decays: a range, or values >= 0 and `auto`. */
export const penalties = rangeOrList<number | 'auto'>('a range such as 1e-6:0.1 or values such as 0,1e-4,auto', (text) => (text === 'auto' ? 'auto' : nonNegative.read(text)));

/** Hidden layers to try: `0` or `none` for no hidden layer, `32x16` for two. */
export const hiddenChoices = listOf('layer choices such as 0,16,32x16 (0 or none: no hidden layer)', (entry) => {
  if (entry === '0' || entry === 'none') return [];
  const sizes = entry.split('x').map((size) => layerSize.read(size));
  return sizes.every((n) => n !== undefined) ? (sizes as number[]) : undefined;
});

export const wholeNumbers = listOf('whole numbers >= 1 such as 16,32', (text) => batchSize.read(text));

export const optimizers = listOf<TrialParams['optimizer']>('optimizers among adam, adamw, sgd such as adam,sgd', (text) => optimizer.read(text));
