// softgrad as a user writes it: `fit`, and the plain zeroGrad / forward / loss / backward / step loop.
// Imported as a user imports it: 'softgrad' is this package itself (Node resolves the name through package.json
// `exports` to the bundle that `npm run build` writes), so the run measures what is installed, not src/.
import {
  Adam,
  batches,
  fit,
  kernelBackend,
  Linear,
  ReLU,
  Sequential,
  SGD,
  sigmoidBinaryCrossEntropy,
  softmaxCrossEntropy,
  Tensor,
  type Dataset,
  type Module,
  type Optimizer,
} from 'softgrad';
import type { DenseLayer } from './accuracy.js';
import type { WorkloadData } from './data.js';
import { secondsSince, type RunOutput } from './run-output.js';
import { layerSizes, type Workload } from './workloads.js';

function model(w: Workload): Sequential {
  const sizes = layerSizes(w);
  const modules: Module[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    if (l > 0) modules.push(new ReLU());
    modules.push(new Linear(sizes[l], sizes[l + 1], { seed: l + 1 }));
  }
  return new Sequential(...modules);
}

function optimizer(w: Workload, m: Module): Optimizer {
  return w.optimizer === 'sgd' ? new SGD(m.parameters(), { lr: w.lr }) : new Adam(m.parameters(), { lr: w.lr });
}

/** The generated arrays as a softgrad Dataset, sharing their memory. */
function dataset(data: WorkloadData): Dataset {
  return {
    x: new Tensor(data.x, [data.n, data.d]),
    y: data.y,
    classes: Array.from({ length: data.classes }, (_, c) => String(c)),
    featureNames: Array.from({ length: data.d }, (_, j) => `x${j}`),
    labelName: 'y',
  };
}

function trained(m: Sequential): DenseLayer[] {
  return m.layers
    .filter((layer): layer is Linear => layer instanceof Linear)
    .map((layer) => ({
      weight: layer.weight.data as Float32Array,
      bias: layer.bias!.data as Float32Array,
      inFeatures: layer.inFeatures,
      outFeatures: layer.outFeatures,
    }));
}

export async function softgradFit(w: Workload, data: WorkloadData): Promise<RunOutput> {
  const net = model(w);
  const options = { optimizer: optimizer(w, net), loss: w.loss, epochs: w.epochs, batchSize: w.batchSize, seed: 0 };
  const train = dataset(data);
  // Loading softgrad's WebAssembly, which happens on first use, is not timed: as tfjs's setBackend and ready().
  kernelBackend();
  const start = process.hrtime.bigint();
  await fit(net, train, options);
  return { seconds: secondsSince(start), layers: trained(net) };
}

export async function softgradLoop(w: Workload, data: WorkloadData): Promise<RunOutput> {
  const net = model(w);
  const opt = optimizer(w, net);
  const loader = batches(dataset(data), { batchSize: w.batchSize, seed: 0 });
  kernelBackend();
  const start = process.hrtime.bigint();
  for (let epoch = 0; epoch < w.epochs; epoch++) {
    for (const { x, y } of loader) {
      opt.zeroGrad();
      const logits = net.forward(x);
      const loss =
        w.loss === 'ce'
          ? softmaxCrossEntropy(logits, y)
          : sigmoidBinaryCrossEntropy(logits, new Tensor(Float32Array.from(y), [y.length, 1]));
      loss.backward();
      opt.step();
    }
  }
  return { seconds: secondsSince(start), layers: trained(net) };
}
