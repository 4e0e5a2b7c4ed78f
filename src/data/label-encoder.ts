// Class names in scikit-learn's LabelEncoder order, and the string-to-index map that encodes them.
import { parseStrictNumber } from './number-cell.js';

/**
 * The distinct labels, sorted as scikit-learn's `LabelEncoder` (`np.unique`) sorts the column pandas
 * would read: numerically when every label is a finite decimal number ("2" before "10"), otherwise as
 * strings by Unicode code point, as Python compares `str`. Names stay the label strings as written.
 * Two spellings of one number ("1", "1.0") stay two classes, ordered by their strings; `readCsv` warns.
 * @example
 * sortClasses(['10', '2', '-1.5']); // ['-1.5', '2', '10']
 * sortClasses(['b', 'B', 'a']); // ['B', 'a', 'b']
 */
export function sortClasses(labels: Iterable<string>): string[] {
  const distinct = [...new Set(labels)];
  const values = distinct.map(parseStrictNumber);
  if (values.every(Number.isFinite)) {
    const order = distinct.map((_, i) => i);
    order.sort((a, b) => values[a] - values[b] || compareCodePoints(distinct[a], distinct[b]));
    return order.map((i) => distinct[i]);
  }
  return distinct.sort(compareCodePoints);
}

/** Class name to class index; a `Map`, so a label named `__proto__` is an ordinary key. */
export function classIndex(classes: readonly string[]): Map<string, number> {
  return new Map(classes.map((name, i) => [name, i]));
}

/**
 * Orders strings by code point, as Python does. JavaScript's `<` compares UTF-16 code units, which puts
 * astral characters (stored as surrogates 0xD800-0xDFFF) before U+E000-U+FFFF; moving the surrogates
 * above that range at the first differing unit gives code-point order (the fix-up ICU uses).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 0xd800 && cb >= 0xd800) {
      ca += ca >= 0xe000 ? -0x800 : 0x2000;
      cb += cb >= 0xe000 ? -0x800 : 0x2000;
    }
    return ca - cb;
  }
  return a.length - b.length;
}
