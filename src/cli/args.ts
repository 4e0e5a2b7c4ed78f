// Turning command-line strings into checked values; every mistake is a UsageError that names the flag.

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A whole number within [min, max], from `--flag value`. */
export function intFlag(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got '${value}'`);
  }
  return n;
}

/** A finite number with `check` true, from `--flag value`; `rule` says what is allowed. */
export function numberFlag(flag: string, value: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be ${rule}, got '${value}'`);
  return n;
}

/** One of `choices`, from `--flag value`. */
export function choiceFlag<T extends string>(flag: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got '${value}'`);
  return value as T;
}

/** Layer sizes such as `32,16`; an empty string or `none` means no hidden layer. */
export function hiddenFlag(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '' || value === 'none') return [];
  return value.split(',').map((part) => intFlag('hidden', part.trim(), 1, 1_000_000)!);
}

/** `auto` or a whole number of threads from 1 to 1024, from `--threads`. */
export function threadsFlag(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > 1024) {
    throw new UsageError(`--threads must be 'auto' or a whole number from 1 to 1024, got '${value}'`);
  }
  return n;
}
