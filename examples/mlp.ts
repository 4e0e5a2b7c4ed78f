// An MLP with early stopping, saved to a file, loaded back and used to predict.
// Run: npm run build && npx tsx examples/mlp.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Classifier, readCsv } from 'softgrad';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const train = await readCsv(data('iris-train.csv'), { label: 'species' });
const test = await readCsv(data('iris-test.csv'), { label: 'species' });

// Two hidden layers; 15% of the training rows watch for overfitting, and training stops after
// 20 epochs without a better validation loss, keeping the best weights.
const clf = new Classifier({ hidden: [16, 16], activation: 'relu', lr: 0.01, epochs: 1000, patience: 20, validationSplit: 0.15, seed: 0 });
const history = await clf.fit(train);
console.log(`stopped after ${history.epochs.length} epochs (${history.stopReason}); kept epoch ${history.bestEpoch}`);

const path = join(mkdtempSync(join(tmpdir(), 'softgrad-')), 'iris-mlp.json');
clf.save(path);
const loaded = Classifier.load(path);
console.log(`saved to ${path} and loaded back`);

const labels = loaded.predictLabels(test);
const proba = loaded.predictProba(test);
console.log(`first test row: ${labels[0]}, probabilities ${Array.from(proba.data.subarray(0, 3), (p) => p.toFixed(3)).join(' ')}`);
const correct = labels.filter((label, i) => label === test.classes[test.y[i]]).length;
console.log(`test accuracy: ${(correct / labels.length).toFixed(4)} (${correct}/${labels.length})`);
