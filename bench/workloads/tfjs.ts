// TensorFlow.js as its users write it: Keras-style `model.fit`, and a hand-written `tf.tidy` step with
// `optimizer.minimize`; on the pure-JS CPU backend or the WebAssembly backend (single-threaded in Node).
import * as tf from '@tensorflow/tfjs';
import { transposed, type DenseLayer } from './accuracy.js';
import { mulberry32, type WorkloadData } from './data.js';
import { secondsSince, type RunOutput } from './run-output.js';
import { layerSizes, type Workload } from './workloads.js';

export type TfjsBackend = 'cpu' | 'wasm';

async function useBackend(backend: TfjsBackend): Promise<void> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend '${backend}' did not initialise`);
  await tf.ready();
}

function optimizer(w: Workload): tf.Optimizer {
  return w.optimizer === 'sgd' ? tf.train.sgd(w.lr) : tf.train.adam(w.lr);
}

/** Inputs and targets as tfjs tensors: one-hot rows for softmax cross-entropy, a [n, 1] column for binary. */
function tensors(w: Workload, data: WorkloadData): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const xs = tf.tensor2d(data.x, [data.n, data.d]);
  const ys =
    w.loss === 'ce'
      ? (tf.oneHot(tf.tensor1d(data.y, 'int32'), data.classes).toFloat() as tf.Tensor2D)
      : tf.tensor2d(Float32Array.from(data.y), [data.n, 1]);
  return { xs, ys };
}

/** Kernels [in, out] and biases [out] as the evaluator's [out, in] layers. */
function trained(w: Workload, values: { kernel: tf.Tensor; bias: tf.Tensor }[]): DenseLayer[] {
  const sizes = layerSizes(w);
  return values.map(({ kernel, bias }, l) => ({
    weight: transposed(kernel.dataSync() as Float32Array, sizes[l], sizes[l + 1]),
    bias: Float32Array.from(bias.dataSync()),
    inFeatures: sizes[l],
    outFeatures: sizes[l + 1],
  }));
}

/** `tf.sequential` of dense layers (softmax or sigmoid on the last) trained by `model.fit`, shuffled every epoch. */
export async function tfjsFit(backend: TfjsBackend, w: Workload, data: WorkloadData): Promise<RunOutput> {
  await useBackend(backend);
  const sizes = layerSizes(w);
  const model = tf.sequential();
  for (let l = 0; l + 1 < sizes.length; l++) {
    const lastLayer = l + 2 === sizes.length;
    model.add(
      tf.layers.dense({
        units: sizes[l + 1],
        inputShape: l === 0 ? [sizes[0]] : undefined,
        activation: lastLayer ? (w.loss === 'ce' ? 'softmax' : 'sigmoid') : 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: l + 1 }),
      }),
    );
  }
  model.compile({ optimizer: optimizer(w), loss: w.loss === 'ce' ? 'categoricalCrossentropy' : 'binaryCrossentropy' });
  const { xs, ys } = tensors(w, data);
  const start = process.hrtime.bigint();
  await model.fit(xs, ys, { batchSize: w.batchSize, epochs: w.epochs, shuffle: true, verbose: 0 });
  const seconds = secondsSince(start);
  const weights = model.getWeights();
  const pairs = [];
  for (let i = 0; i < weights.length; i += 2) pairs.push({ kernel: weights[i], bias: weights[i + 1] });
  return { seconds, layers: trained(w, pairs) };
}

/**
 * Variables, a forward function and `optimizer.minimize` inside `tf.tidy`, one step per batch; the batch
 * is `tf.gather` of the shuffled row indices, as a tfjs user without `model.fit` would take it.
 */
export async function tfjsTidy(backend: TfjsBackend, w: Workload, data: WorkloadData): Promise<RunOutput> {
  await useBackend(backend);
  const sizes = layerSizes(w);
  const params: { kernel: tf.Variable; bias: tf.Variable }[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const init = tf.initializers.glorotUniform({ seed: l + 1 }).apply([sizes[l], sizes[l + 1]]);
    params.push({ kernel: tf.variable(init), bias: tf.variable(tf.zeros([sizes[l + 1]])) });
  }
  const varList = params.flatMap((p) => [p.kernel, p.bias]);
  const opt = optimizer(w);
  const { xs, ys } = tensors(w, data);
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  const rng = mulberry32(1);

  const start = process.hrtime.bigint();
  for (let epoch = 0; epoch < w.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let first = 0; first < data.n; first += w.batchSize) {
      tf.tidy(() => {
        const indices = tf.tensor1d(order.subarray(first, Math.min(first + w.batchSize, data.n)), 'int32');
        const x = tf.gather(xs, indices);
        const y = tf.gather(ys, indices);
        opt.minimize(
          () => {
            let h: tf.Tensor2D = x;
            params.forEach(({ kernel, bias }, l) => {
              h = tf.add(tf.matMul(h, kernel), bias);
              if (l + 1 < params.length) h = tf.relu(h);
            });
            return w.loss === 'ce' ? tf.losses.softmaxCrossEntropy(y, h) : tf.losses.sigmoidCrossEntropy(y, h);
          },
          false,
          varList,
        );
      });
    }
  }
  const seconds = secondsSince(start);
  return { seconds, layers: trained(w, params) };
}
