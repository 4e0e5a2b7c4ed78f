// Softmax regression on iris, written as a PyTorch user writes a training loop.
// Run: npm run build && npx tsx examples/iris-softmax.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Adam, Linear, StandardScaler, accuracy, batches, noGrad, readCsv, softmaxCrossEntropy, takeRows } from 'softgrad';

const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const iris = await readCsv(data('iris.csv'), { label: 'species' });
// The fixed scikit-learn split (train_test_split, test_size=0.25, random_state=0, stratified).
const split = JSON.parse(readFileSync(data('iris_split.json'), 'utf8'));
const train = takeRows(iris, split.train_indices);
const test = takeRows(iris, split.test_indices);

// Standardise with statistics of the training rows only.
const scaler = new StandardScaler().fit(train.x);
const trainSet = { ...train, x: scaler.transform(train.x) };
const xTest = scaler.transform(test.x);

const model = new Linear(4, 3, { seed: 0 }); // weight [3, 4], bias [3], PyTorch's initialisation
const optimizer = new Adam(model.parameters(), { lr: 0.05 });
const loader = batches(trainSet, { batchSize: 16, shuffle: true, seed: 0 });

for (let epoch = 1; epoch <= 100; epoch++) {
  let total = 0;
  for (const { x, y } of loader) {
    optimizer.zeroGrad();
    const loss = softmaxCrossEntropy(model.forward(x), y);
    loss.backward();
    optimizer.step();
    total += loss.item() * y.length;
  }
  if (epoch % 20 === 0) console.log(`epoch ${epoch}: train loss ${(total / train.y.length).toFixed(4)}`);
}

const predicted = noGrad(() => model.forward(xTest)).argmax(1);
const acc = accuracy(test.y, predicted);
console.log(`test accuracy: ${acc.toFixed(4)} (${Math.round(acc * test.y.length)}/${test.y.length})`);
