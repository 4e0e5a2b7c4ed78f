// Run as a child by the crash-safety test: writes two models' files alternately over one path until killed.
// `atomic` writes as Classifier.save does; `plain` with writeFileSync, the control that shows the test can fail.
import { writeFileSync } from 'node:fs';
import { Classifier, writeFileAtomic } from '../../src/index.js';

const [, , mode, a, b, target] = process.argv;
// Serialise once (what save() writes), so the loop spends its time writing and a kill lands mid-write.
const texts = [a, b].map((path) => JSON.stringify(Classifier.load(path).toJSON()) + '\n');
const write = mode === 'atomic' ? writeFileAtomic : writeFileSync;
process.stdout.write('ready\n');
for (let i = 0; ; i++) write(target, texts[i % 2]);
