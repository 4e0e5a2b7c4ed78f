// Every example script runs (against the built package, as a user's copy would) and reaches its accuracy.
import { describe, test, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

// [script, least number of test rows right, test rows]
const cases: [string, number, number][] = [
  ['iris-softmax.ts', 37, 38], // scikit-learn LogisticRegression: 37/38 on this split
  ['iris-classifier.ts', 37, 38],
  ['binary-logistic.ts', 27, 30], // versicolor vs virginica, the hard pair: 90%
  ['mlp.ts', 37, 38], // scikit-learn MLPClassifier(32): 37/38
  ['penguins.ts', 82, 86], // scikit-learn's imputer, scaler and one-hot pipeline: 85/86, less the margin of 3
];

describe('examples', () => {
  test.each(cases)('%s reaches at least %i of %i test rows', (name, least, rows) => {
    const out = execFileSync(tsx, [example(name)], { encoding: 'utf8' });
    const match = /test accuracy: [\d.]+ \((\d+)\/(\d+)\)/.exec(out);
    expect(match, out).not.toBeNull();
    expect(Number(match![2])).toBe(rows);
    expect(Number(match![1])).toBeGreaterThanOrEqual(least);
  });
});
