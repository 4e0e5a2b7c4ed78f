// A real table: text categories and missing cells, typed and encoded with no declarations, then predictions on
// JavaScript records whose columns come in any order, with an island never seen and a missing measurement.
// Run: npm run build && npx tsx examples/penguins.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Classifier, readTable, takeTableRows } from 'softgrad';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const penguins = await readTable(data('penguins.csv'), { label: 'species' });
// The fixed scikit-learn split (train_test_split(test_size=0.25, random_state=0, stratify=species)).
const split = JSON.parse(readFileSync(data('penguins_split.json'), 'utf8')) as { train_indices: number[]; test_indices: number[] };

const clf = new Classifier({ seed: 0 });
await clf.fit(takeTableRows(penguins, split.train_indices));
for (const c of clf.encoder!.columns) console.log(`${c.name}: ${c.kind}${c.kind === 'dropped' ? ` (${c.why})` : ''}`);

console.log(clf.predictLabels([
  { sex: 'female', island: 'Dream', bill_length_mm: 46.5, bill_depth_mm: 17.9, flipper_length_mm: 192, body_mass_g: 3500 },
  { island: 'Atlantis', bill_length_mm: 47.3, bill_depth_mm: 13.8, flipper_length_mm: 216, body_mass_g: null, sex: null },
])); // [ 'Chinstrap', 'Gentoo' ]

const test = takeTableRows(penguins, split.test_indices);
const result = clf.evaluate(test);
console.log(`test accuracy: ${result.accuracy.toFixed(4)} (${Math.round(result.accuracy * test.y.length)}/${test.y.length})`);
