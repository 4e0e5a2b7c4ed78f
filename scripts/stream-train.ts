// Trains a Classifier from a streamed CSV and saves it; the determinism tests run this in two processes:
//   npx tsx scripts/stream-train.ts data.csv model.json [hidden]
import { Classifier, streamCsv } from '../src/index.js';

const [path, modelPath, hidden = '8'] = process.argv.slice(2);
if (!path || !modelPath) {
  process.stderr.write('usage: npx tsx scripts/stream-train.ts <data.csv> <model.json> [hidden sizes, e.g. 8 or 16,8]\n');
  process.exit(2);
}
const data = await streamCsv(path);
// The defaults otherwise: standardised, 15% of rows held out (by hash) for early stopping.
const clf = new Classifier({ hidden: hidden ? hidden.split(',').map(Number) : [], epochs: 3, seed: 7 });
await clf.fit(data);
clf.save(modelPath);
