// Fingerprints of fit on fixed configurations, for comparing two builds bit for bit: a hash of every weight and
// every logged epoch number per configuration. usage: node scripts/fingerprint-fit.mjs DIR/dist/softgrad.js
// (EAGER=1 builds the graph every step; SOFTGRAD_KERNELS=js and SOFTGRAD_THREADS apply as usual).
import { createHash } from 'node:crypto';
const sg = await import(new URL(process.argv[2], `file://${process.cwd()}/`).href);
const { fit, Sequential, Linear, ReLU, Tanh, Sigmoid, LeakyReLU, Dropout, SGD, Adam, AdamW, Tensor, StepLR } = sg;
function blobs(n, d, k, seed, dtype = 'float32') {
  let s = seed >>> 0; const r = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const x = dtype === 'float64' ? new Float64Array(n * d) : new Float32Array(n * d); const y = new Int32Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % k; for (let j = 0; j < d; j++) x[i * d + j] = r() * 2 - 1 + (j % k === y[i] ? 1.5 : 0); }
  return { x: new Tensor(x, [n, d], dtype === 'float64' ? { dtype: 'float64' } : undefined), y, classes: Array.from({ length: k }, (_, c) => 'c' + c), featureNames: Array.from({ length: d }, (_, j) => 'f' + j), labelName: 'y' };
}
const configs = {
  'softmax-adam': () => [new Linear(4, 3, { seed: 1 }), (m) => new Adam(m.parameters(), { lr: 0.05 }), blobs(150, 4, 3, 1), { epochs: 20, batchSize: 16 }],
  'mlp-acts-sgd-mom': () => [new Sequential(new Linear(6, 8, { seed: 1 }), new ReLU(), new Linear(8, 8, { seed: 2 }), new Tanh(), new Linear(8, 8, { seed: 3 }), new Sigmoid(), new Linear(8, 8, { seed: 4 }), new LeakyReLU(0.1), new Linear(8, 3, { seed: 5 })), (m) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }), blobs(200, 6, 3, 2), { epochs: 10, batchSize: 32 }],
  'bce-sgd': () => [new Linear(5, 1, { seed: 1 }), (m) => new SGD(m.parameters(), { lr: 0.1 }), blobs(300, 5, 2, 3), { epochs: 8, batchSize: 64, loss: 'bce' }],
  'ce-classweight': () => [new Linear(4, 3, { seed: 1 }), (m) => new Adam(m.parameters(), { lr: 0.01 }), blobs(120, 4, 3, 4), { epochs: 10, batchSize: 16, classWeight: [1, 3, 0.5] }],
  'float64': () => [new Sequential(new Linear(4, 6, { seed: 1, dtype: 'float64' }), new ReLU(), new Linear(6, 3, { seed: 2, dtype: 'float64' })), (m) => new AdamW(m.parameters(), { lr: 0.01 }), blobs(100, 4, 3, 5, 'float64'), { epochs: 10, batchSize: 16 }],
  'wasm-mlp-threads': () => [new Sequential(new Linear(64, 64, { seed: 1 }), new ReLU(), new Linear(64, 10, { seed: 2 })), (m) => new Adam(m.parameters(), { lr: 0.001 }), blobs(1000, 64, 10, 6), { epochs: 3, batchSize: 128, threads: 2 }],
  'wasm-mlp-1thread': () => [new Sequential(new Linear(64, 64, { seed: 1 }), new ReLU(), new Linear(64, 10, { seed: 2 })), (m) => new Adam(m.parameters(), { lr: 0.001 }), blobs(1000, 64, 10, 6), { epochs: 3, batchSize: 128, threads: 1 }],
  'dropout': () => [new Sequential(new Linear(4, 16, { seed: 1 }), new ReLU(), new Dropout(0.3, { seed: 7 }), new Linear(16, 3, { seed: 2 })), (m) => new Adam(m.parameters(), { lr: 0.01 }), blobs(150, 4, 3, 7), { epochs: 10, batchSize: 16 }],
  'early-stop-val': () => [new Sequential(new Linear(4, 8, { seed: 1 }), new ReLU(), new Linear(8, 3, { seed: 2 })), (m) => new Adam(m.parameters(), { lr: 0.05 }), blobs(200, 4, 3, 8), { epochs: 40, batchSize: 16, validationSplit: 0.2, earlyStopping: { patience: 3, restoreBest: true } }],
  'noshuffle-steplr': () => [new Linear(4, 3, { seed: 1 }), (m) => new SGD(m.parameters(), { lr: 0.1 }), blobs(70, 4, 3, 9), { epochs: 10, batchSize: 16, shuffle: false }],
  'bce-classweight': () => [new Linear(5, 1, { seed: 1 }), (m) => new SGD(m.parameters(), { lr: 0.1 }), blobs(300, 5, 2, 3), { epochs: 5, batchSize: 64, loss: 'bce', classWeight: [1, 2] }],
};
for (const [name, make] of Object.entries(configs)) {
  const [model, opt, data, options] = make();
  const h = createHash('sha256');
  try {
    const history = await fit(model, data, { optimizer: opt(model), seed: 3, ...options, ...(process.env.EAGER ? { eager: true } : {}) });
    for (const p of model.parameters()) h.update(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength));
    h.update(JSON.stringify(history.epochs));
    console.log(name.padEnd(20), h.digest('hex').slice(0, 16));
  } catch (e) { console.log(name.padEnd(20), 'ERROR', e.constructor.name, String(e.message).slice(0, 80)); }
}
