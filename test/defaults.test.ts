// The command line's defaults against scikit-learn's on small tabular datasets (test/golden/sklearn_defaults.json):
// within two rows of LogisticRegression(), and within four of MLPClassifier(hidden_layer_sizes=(32,)) with --hidden 32.
import { describe, test, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cli } from './helpers/cli.js';
import { readGolden } from './helpers/golden.js';

const reference = readGolden('sklearn_defaults.json');
const data = (name: string) => fileURLToPath(new URL(`fixtures/datasets/${name}`, import.meta.url));
// Scores depend on the seeded batch order; the runs here use seed 0, so they are deterministic. On digits,
// over 200 seeds --hidden 32 scores 436.0 +- 4.0 test rows (scikit-learn's MLP: 441 at its seed), hence four;
// the linear model is closer (430-437 over 20 seeds against scikit-learn's 436) and keeps two, tight as that is.
const ROWS_OF_SLACK = { LogisticRegression: 2, MLPClassifier_32: 4 } as const;

describe.each(Object.keys(reference.datasets))('%s', (name) => {
  const ref = reference.datasets[name];
  test.each([
    ['no hyperparameter flags', [], 'LogisticRegression'],
    ['--hidden 32', ['--hidden', '32'], 'MLPClassifier_32'],
  ] as const)('%s: within a few test rows of scikit-learn', async (_label, flags, model) => {
    const r = await cli('train', data(`${name}-train.csv`), '--test', data(`${name}-test.csv`), '--json', ...flags);
    expect(r.code, r.stderr).toBe(0);
    const matrix: number[][] = JSON.parse(r.stdout).test.confusionMatrix;
    const correct = matrix.reduce((s, row, i) => s + row[i], 0);
    expect(matrix.flat().reduce((s, v) => s + v, 0)).toBe(ref.n_test);
    expect(correct).toBeGreaterThanOrEqual(ref[model].test_correct - ROWS_OF_SLACK[model]);
  });
});
