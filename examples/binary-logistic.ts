// Logistic regression with sigmoid binary cross-entropy on a two-class CSV (iris versicolor vs virginica).
// Run: npm run build && npx tsx examples/binary-logistic.ts
import { fileURLToPath } from 'node:url';
import { Linear, SGD, StandardScaler, Tensor, batches, noGrad, readCsv, sigmoidBinaryCrossEntropy, trainTestSplit } from 'softgrad';

const file = fileURLToPath(new URL('./data/iris-versicolor-virginica.csv', import.meta.url));
const data = await readCsv(file, { label: 'species' }); // classes: versicolor = 0, virginica = 1
const { train, test } = trainTestSplit(data, { testSize: 0.3, seed: 0 });

const scaler = new StandardScaler().fit(train.x);
const model = new Linear(4, 1, { seed: 0 }); // one output: the logit of class 1
const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
const loader = batches({ ...train, x: scaler.transform(train.x) }, { batchSize: 16, seed: 0 });

for (let epoch = 1; epoch <= 100; epoch++) {
  for (const { x, y } of loader) {
    optimizer.zeroGrad();
    const targets = new Tensor(Float32Array.from(y), [y.length, 1]);
    sigmoidBinaryCrossEntropy(model.forward(x), targets).backward();
    optimizer.step();
  }
}

const logits = noGrad(() => model.forward(scaler.transform(test.x)));
let correct = 0;
for (let i = 0; i < test.y.length; i++) if ((logits.data[i] > 0 ? 1 : 0) === test.y[i]) correct++;
console.log(`weights ${Array.from(model.weight.data, (w) => w.toFixed(3)).join(', ')}; bias ${model.bias!.data[0].toFixed(3)}`);
console.log(`test accuracy: ${(correct / test.y.length).toFixed(4)} (${correct}/${test.y.length})`);
