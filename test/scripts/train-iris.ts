// Run in a fresh process by the determinism tests: trains on iris, saves the model, prints probabilities' bits.
import { Classifier } from '../../src/index.js';
import { irisSplit } from '../helpers/iris.js';

const [, , modelPath, hidden = ''] = process.argv;
const { train, test } = await irisSplit();
const clf = new Classifier({ hidden: hidden ? hidden.split(',').map(Number) : [], seed: 3, epochs: 200 });
const history = await clf.fit(train);
clf.save(modelPath);
const proba = clf.predictProba(test);
process.stdout.write(JSON.stringify({
  losses: history.epochs.map((e) => e.loss),
  probaHex: Buffer.from(proba.data.buffer, proba.data.byteOffset, proba.data.byteLength).toString('hex'),
}));
