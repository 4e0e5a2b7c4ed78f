// Permutation importance by column (scikit-learn's definition) and a linear model's coefficients.
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Classifier, linearCoefficients, parseTable, permutationImportance, readTable } from '../src/index.js';
import { cli } from './helpers/cli.js';

const penguins = fileURLToPath(new URL('../examples/data/penguins.csv', import.meta.url));

describe('permutationImportance', () => {
  test('a column the model ignores has none; the one it reads drops the score; one-hot features move together', async () => {
    // The label is "a > 0"; b is noise; c is a category the label does not depend on.
    const rows = Array.from({ length: 200 }, (_, i) => {
      const a = ((i * 37) % 200) / 100 - 1;
      const b = ((i * 53) % 97) / 97;
      return `${a},${b},${['x', 'y', 'z'][i % 3]},${a > 0 ? 'pos' : 'neg'}`;
    });
    const data = parseTable(['a,b,c,label', ...rows].join('\n'), { label: 'label' });
    const clf = new Classifier({ epochs: 200, validationSplit: 0, seed: 0 });
    await clf.fit(data);
    const result = permutationImportance(clf, data, { nRepeats: 4, seed: 1 });
    expect(result.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(result.baseline).toBeGreaterThan(0.97);
    const [a, b, c] = result.columns;
    expect(a.mean).toBeGreaterThan(0.3);
    expect(a.drops).toHaveLength(4);
    expect(Math.abs(b.mean)).toBeLessThan(0.05);
    expect(Math.abs(c.mean)).toBeLessThan(0.05);
    // mean and std are numpy's over the repeats.
    const mean = a.drops.reduce((s, v) => s + v, 0) / 4;
    expect(a.mean).toBeCloseTo(mean, 12);
    expect(a.std).toBeCloseTo(Math.sqrt(a.drops.reduce((s, v) => s + (v - mean) ** 2, 0) / 4), 12);
    // Seeded: the same drops again; another seed, other shuffles.
    expect(permutationImportance(clf, data, { nRepeats: 4, seed: 1 })).toEqual(result);
    expect(permutationImportance(clf, data, { nRepeats: 4, seed: 2 }).columns[0].drops).not.toEqual(a.drops);
    expect(() => permutationImportance(clf, data, { nRepeats: 0 })).toThrow('nRepeats must be a positive whole number');
  });

  test('on a table, grouped by original column; log-loss rises count as drops', async () => {
    const table = await readTable(penguins, { label: 'species' });
    const clf = new Classifier({ epochs: 60, seed: 0 });
    await clf.fit(table);
    const byAccuracy = permutationImportance(clf, table, { nRepeats: 2 });
    expect(byAccuracy.columns.map((c) => c.name)).toEqual(['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']);
    const byLoss = permutationImportance(clf, table, { nRepeats: 2, scoring: 'logLoss' });
    expect(byLoss.scoring).toBe('logLoss');
    expect(byLoss.baseline).toBeLessThan(0.2);
    expect(byLoss.columns.find((c) => c.name === 'bill_length_mm')!.mean).toBeGreaterThan(0.1);
  });
});

describe('linearCoefficients', () => {
  test("a softmax regression's weight matrix by class and feature, one-hot features named column=value; none for an MLP", async () => {
    const table = await readTable(penguins, { label: 'species' });
    const clf = new Classifier({ epochs: 30, seed: 0 });
    await clf.fit(table);
    const coef = linearCoefficients(clf)!;
    expect(coef.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(coef.features).toContain('island=Biscoe');
    expect(coef.values).toHaveLength(3);
    const weight = clf.model!.parameters()[0];
    expect(coef.values[1][2]).toBe(weight.data[coef.features.length + 2]);
    const mlp = new Classifier({ epochs: 2, hidden: [4] });
    await mlp.fit(table);
    expect(linearCoefficients(mlp)).toBeNull();
  });

  test('softgrad train --importance --json gives importance and coefficients', async () => {
    const r = await cli('train', penguins, '--label', 'species', '--epochs', '40', '--importance', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.importance.scoring).toBe('accuracy');
    expect(out.importance.repeats).toBe(5);
    expect(out.importance.columns.map((c: { name: string }) => c.name)).toContain('island');
    expect(Object.keys(out.importance.columns[0])).toEqual(['name', 'mean', 'std']);
    expect(out.coefficients.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const text = await cli('train', penguins, '--label', 'species', '--epochs', '40', '--importance', '--quiet');
    expect(text.stdout).toMatch(/importance: the drop of accuracy when a column is shuffled \(5 repeats, on the test set/);
  });
});
