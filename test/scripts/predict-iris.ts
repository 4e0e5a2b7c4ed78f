// Run in a fresh process: loads a saved model and prints the bits of its test-set probabilities.
import { Classifier } from '../../src/index.js';
import { irisSplit } from '../helpers/iris.js';

const { test } = await irisSplit();
const proba = Classifier.load(process.argv[2]).predictProba(test);
process.stdout.write(Buffer.from(proba.data.buffer, proba.data.byteOffset, proba.data.byteLength).toString('hex'));
