// The estimator: a classifier in three lines.
// Run: npm run build && npx tsx examples/iris-classifier.ts
import { fileURLToPath } from 'node:url';
import { Classifier, readCsv } from 'softgrad';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const train = await readCsv(data('iris-train.csv'), { label: 'species' });
const test = await readCsv(data('iris-test.csv'), { label: 'species' });

const clf = new Classifier({ hidden: [], optimizer: 'adam', lr: 0.05, epochs: 200, seed: 0 });
await clf.fit(train);
const result = clf.evaluate(test);

console.log(clf.predictLabels([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])); // [ 'setosa', 'virginica' ]
console.log(result.report);
console.log(`test accuracy: ${result.accuracy.toFixed(4)} (${Math.round(result.accuracy * test.y.length)}/${test.y.length})`);
