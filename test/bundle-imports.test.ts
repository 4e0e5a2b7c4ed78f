// What importing the bundle (dist/softgrad.js, what `import 'softgrad'` loads) loads: each module loaded at import
// stays in the RSS of every process, so node:crypto and papaparse wait for their first use (scripts/bundle.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/softgrad.js');

/** Runs `code` as a module in a fresh node that has imported the bundle as `sg`; returns what it printed as JSON. */
function inFreshNode(code: string): unknown {
  if (!existsSync(bundle)) throw new Error("dist/softgrad.js is missing: run 'npm run build' first ('npm test' does)");
  const script = `const sg = await import(${JSON.stringify(bundle)});\nconst { createRequire } = await import('node:module');\n${code}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, SOFTGRAD_THREADS: '1' } }));
}

describe('importing the bundle', () => {
  test('loads neither node:crypto nor papaparse', () => {
    const loaded = inFreshNode(`
      const papaparse = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('papaparse'));
      console.log(JSON.stringify({ crypto: process.moduleLoadList.filter((m) => / crypto$/.test(m)), papaparse }));
    `);
    expect(loaded).toEqual({ crypto: [], papaparse: [] });
  });

  test('every exported function and class keeps its own name (the bundle is minified without keepNames)', () => {
    const renamed = inFreshNode(`
      console.log(JSON.stringify(Object.entries(sg).filter(([k, v]) => typeof v === 'function' && v.name !== k).map(([k, v]) => k + ' ' + v.name)));
    `);
    // Aliases are other names for one function, as in PyTorch.
    expect(renamed).toEqual([
      'binaryCrossEntropyWithLogits sigmoidBinaryCrossEntropy',
      'crossEntropy softmaxCrossEntropy',
      'glorotNormal xavierNormal',
      'glorotUniform xavierUniform',
    ]);
  });

  test('nor node:worker_threads, node:os or node:fs/promises (src/builtins.ts), even after training on one thread', () => {
    const loaded = inFreshNode(`
      const model = new sg.Linear(2, 2);
      const data = { x: sg.tensor([[0, 1], [1, 0], [1, 1], [0, 0]]), y: new Int32Array([0, 1, 1, 0]), classes: ['a', 'b'], featureNames: ['p', 'q'], labelName: 'c' };
      await sg.fit(model, data, { optimizer: new sg.SGD(model.parameters(), { lr: 0.1 }), epochs: 2, batchSize: 2 });
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (worker_threads|os|fs[/]promises)$/.test(m))));
    `);
    expect(loaded).toEqual([]);
  });

  test('instantiates no WebAssembly module until the first product or shuffle that uses one', () => {
    const script = `
      let made = 0;
      WebAssembly.Instance = new Proxy(WebAssembly.Instance, { construct: (target, args) => (made++, Reflect.construct(target, args)) });
      const sg = await import(${JSON.stringify(bundle)});
      const atImport = made;
      sg.matmul(sg.randn([64, 64], 0), sg.randn([64, 64], 1));
      const afterProduct = made;
      for (const _ of sg.batches({ x: sg.zeros([8, 2]), y: new Int32Array(8), classes: ['a'], featureNames: ['p', 'q'], labelName: 'c' }));
      console.log(JSON.stringify({ atImport, afterProduct, afterShuffle: made }));`;
    const counts = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, SOFTGRAD_KERNELS: '' } }));
    expect(counts).toEqual({ atImport: 0, afterProduct: 1, afterShuffle: 2 });
  });

  test('its seedrandom draws the numbers of the one in node_modules', () => {
    const draws = inFreshNode(`
      const rng = sg.makeRng(7);
      console.log(JSON.stringify(Array.from({ length: 1000 }, () => rng())));
    `);
    const seedrandom = createRequire(import.meta.url)('seedrandom') as (seed: string) => () => number;
    const rng = seedrandom('7');
    expect(draws).toEqual(Array.from({ length: 1000 }, () => rng()));
  });

  test('papaparse and node:crypto still load when a CSV is read and a model file saved', () => {
    const out = inFreshNode(`
      const { readFileSync, mkdtempSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const data = await sg.readCsv(${JSON.stringify(join(root, 'examples/data/iris.csv'))});
      const model = new sg.Classifier({ epochs: 2, validationSplit: 0, seed: 0 });
      await model.fit(data);
      const file = join(mkdtempSync(join(tmpdir(), 'softgrad-bundle-')), 'model.json');
      model.save(file);
      const loaded = sg.Classifier.load(file);
      console.log(JSON.stringify({ rows: data.y.length, checksum: JSON.parse(readFileSync(file, 'utf8')).checksum.slice(0, 7), same: loaded.predict(data.x).join() === model.predict(data.x).join() }));
    `);
    expect(out).toEqual({ rows: 150, checksum: 'sha256:', same: true });
  });
});
