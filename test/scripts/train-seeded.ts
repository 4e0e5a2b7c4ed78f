// Run in a fresh process: trains two seeded models with fit and prints the backend and the bits of their weights,
// for comparing the WebAssembly and TypeScript kernels (SOFTGRAD_KERNELS=js).
import { Adam, Linear, ReLU, Sequential, fit, kernelBackend, randn, type DType, type Module } from '../../src/index.js';

/** A hex dump of every parameter, in order. */
function weightBits(model: Module): string {
  return model.parameters().map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('hex')).join(' ');
}

/** Seeded rows whose label is a noisy nonlinear function of them. */
function dataset(rows: number, cols: number, dtype: DType) {
  const x = randn([rows, cols], 7, { dtype });
  const w = randn([cols], 8).data;
  const y = Int32Array.from({ length: rows }, (_, i) => {
    let s = Math.sin(5 * x.data[i * cols]);
    for (let j = 0; j < cols; j++) s += x.data[i * cols + j] * w[j];
    return s > 0 ? 1 : 0;
  });
  return { x, y, classes: ['no', 'yes'], featureNames: Array.from({ length: cols }, (_, j) => `f${j}`), labelName: 'y' };
}

// Products of 64 x 20 x 16 multiply-adds and more, in float64, validated and stopped early.
const mlp = new Sequential(new Linear(20, 16, { seed: 1, dtype: 'float64' }), new ReLU(), new Linear(16, 2, { seed: 2, dtype: 'float64' }));
await fit(mlp, dataset(600, 20, 'float64'), {
  optimizer: new Adam(mlp.parameters(), { lr: 0.01 }), epochs: 8, batchSize: 64, seed: 3, validationSplit: 0.2, earlyStopping: { patience: 3 },
});

// float32, every product at most 16 x 4 x 2 = 128 multiply-adds.
const tiny = new Sequential(new Linear(4, 2, { seed: 1 }));
await fit(tiny, dataset(150, 4, 'float32'), { optimizer: new Adam(tiny.parameters(), { lr: 0.05 }), epochs: 8, batchSize: 16, seed: 3 });

console.log(JSON.stringify({ backend: kernelBackend(), float64Mlp: weightBits(mlp), tinyProducts: weightBits(tiny) }));
