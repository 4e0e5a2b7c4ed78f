// The values a tuning search may try, as `softgrad tune` reads them from its flags.
import type { LogRange, TrialParams } from '../train/search-space.js';
import type { Parser } from './args.js';

/** `a:b`, a log-uniform range (0 < a <= b), or `a,b,c`, values that `value` reads. */
function rangeOrList<T>(rule: string, value: (text: string) => T | undefined): Parser<LogRange | T[]> {
  return {
    rule,
    read(text) {
      const range = text.split(':');
      if (range.length === 2) {
        const [min, max] = range.map((part) => (part.trim() === '' ? NaN : Number(part)));
        return min > 0 && max >= min && Number.isFinite(max) ? { min, max } : undefined;
      }
      const values = text.split(',').map((part) => value(part.trim()));
      return values.every((v) => v !== undefined) ? (values as T[]) : undefined;
    },
  };
}

const numberAbove = (text: string, min: number, orEqual: boolean): number | undefined => {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) && (n > min || (orEqual && n === min)) ? n : undefined;
};

/** Learning rates: `0.001:0.3` or `0.01,0.1`. */
export const rates = rangeOrList('a range such as 0.001:0.3 or values > 0 such as 0.01,0.1', (text) => numberAbove(text, 0, false));

/** Weight decays: a range, or values >= 0 and `auto`. */
export const penalties = rangeOrList<number | 'auto'>('a range such as 1e-6:0.1 or values such as 0,1e-4,auto', (text) => (text === 'auto' ? 'auto' : numberAbove(text, 0, true)));

export const hiddenChoices: Parser<number[][]> = {
  rule: 'layer choices such as 0,16,32x16 (0 or none: no hidden layer)',
  read(text) {
    const choices = text.split(',').map((part) => {
      const entry = part.trim();
      if (entry === '0' || entry === 'none') return [];
      const sizes = entry.split('x').map(Number);
      return sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000) ? sizes : undefined;
    });
    return choices.every((c) => c !== undefined) ? (choices as number[][]) : undefined;
  },
};

export const wholeNumbers: Parser<number[]> = {
  rule: 'whole numbers >= 1 such as 16,32',
  read(text) {
    const values = text.split(',').map((part) => Number(part.trim()));
    return values.every((n) => Number.isInteger(n) && n >= 1) ? values : undefined;
  },
};

export const optimizers: Parser<TrialParams['optimizer'][]> = {
  rule: 'optimizers among adam, adamw, sgd such as adam,sgd',
  read(text) {
    const values = text.split(',').map((part) => part.trim());
    return values.every((v) => v === 'adam' || v === 'adamw' || v === 'sgd') ? (values as TrialParams['optimizer'][]) : undefined;
  },
};
