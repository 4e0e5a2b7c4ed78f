// The checks a flag's value goes through; a value that fails one is a UsageError that names the flag.

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads the text after `--flag`: the value, or undefined when the text breaks `rule` (what the flag takes). */
export interface Parser<V> {
  rule: string;
  read(text: string): V | undefined;
}

/** A finite number for which `check` holds; `rule` says which. */
export function number(rule: string, check: (n: number) => boolean): Parser<number> {
  return {
    rule,
    read(value) {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) && check(n) ? n : undefined;
    },
  };
}

/** A whole number within [min, max]. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return number(`a whole number ${range}`, (n) => Number.isInteger(n) && n >= min && n <= max);
}

export function choice<T extends string>(choices: readonly T[]): Parser<T> {
  return { rule: `one of ${choices.join(', ')}`, read: (value) => choices.find((c) => c === value) };
}

/** `auto` or what `parser` reads. */
export function orAuto<V>(parser: Parser<V>): Parser<V | 'auto'> {
  return { rule: `'auto' or ${parser.rule}`, read: (value) => (value === 'auto' ? 'auto' : parser.read(value)) };
}

/** One hidden layer's size. */
export const layerSize = wholeNumber(1, 1_000_000);

/** Layer sizes such as `32,16`; an empty string or `none` means no hidden layer. */
export const layerSizes: Parser<number[]> = {
  rule: `'none' or sizes such as 32,16, each ${layerSize.rule}`,
  read(value) {
    if (value.trim() === '' || value === 'none') return [];
    const sizes = value.split(',').map((part) => layerSize.read(part.trim()));
    return sizes.every((size) => size !== undefined) ? sizes : undefined;
  },
};

/** Names separated by commas, such as `island,sex` (an empty one is refused). */
export const nameList: Parser<string[]> = {
  rule: 'names separated by commas, such as island,sex',
  read(value) {
    const names = value.split(',').map((name) => name.trim());
    return names.every((name) => name !== '') ? names : undefined;
  },
};
