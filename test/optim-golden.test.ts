// Every 20-step trajectory of optim.json (torch 1.13, float64): the loss at each step and the parameters after each,
// with the model built from plain tensors and from a Linear layer.
import { describe, test } from 'vitest';
import { Adam, AdamW, Linear, SGD, softmaxCrossEntropy, Tensor, type Optimizer } from '../src/index.js';
import { expectClose, fromGolden, readGolden, tolerance, type GoldenTensor } from './helpers/golden.js';

interface Run {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  hyperparameters: Record<string, number | boolean | number[]>;
  steps: number;
  losses: number[];
  final_loss: number;
  params_after_step: Record<string, { W: GoldenTensor; b: GoldenTensor }>;
}

const golden = readGolden('optim.json');
const problem = golden.problem;
const runs: Run[] = golden.runs;

/** torch's hyperparameter names (weight_decay) as ours (weightDecay). */
function camelCase(hyperparameters: Run['hyperparameters']): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hyperparameters)) {
    options[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return options;
}

function optimizerFor(run: Run, params: Tensor[]): Optimizer {
  const options = camelCase(run.hyperparameters);
  if (run.optimizer === 'SGD') return new SGD(params, options as { lr: number });
  if (run.optimizer === 'Adam') return new Adam(params, options);
  return new AdamW(params, options);
}

/** The model two ways: plain tensors `X W^T + b`, and a `Linear` layer whose weight and bias are set to W0 and b0. */
const models: [string, () => { params: Tensor[]; forward: (x: Tensor) => Tensor }][] = [
  [
    'plain tensors X.matmul(W.transpose()).add(b)',
    () => {
      const W = fromGolden(problem.W0, 'float64', true);
      const b = fromGolden(problem.b0, 'float64', true);
      return { params: [W, b], forward: (x) => x.matmul(W.transpose()).add(b) };
    },
  ],
  [
    'a Linear(4, 3) layer',
    () => {
      const layer = new Linear(problem.n_features, problem.n_classes, { dtype: 'float64' });
      layer.weight.data.set(problem.W0.data);
      layer.bias!.data.set(problem.b0.data);
      return { params: layer.parameters(), forward: (x) => layer.forward(x) };
    },
  ],
];

const cases = runs.flatMap((run) => models.map(([model, build]) => [run.name, model, run, build] as const));

describe('optimizers reproduce torch 1.13 in float64', () => {
  test.each(cases)('%s through %s: the loss before every update, the parameters after each, the final loss', (_name, _model, run, build) => {
    const X = fromGolden(problem.X);
    const y: number[] = problem.y.data;
    const { params, forward } = build();
    const [W, b] = params;
    const opt = optimizerFor(run, params);
    for (let k = 0; k < run.steps; k++) {
      opt.zeroGrad();
      const loss = softmaxCrossEntropy(forward(X), y);
      expectClose(loss.item(), run.losses[k], tolerance.optim, `losses[${k}]`);
      loss.backward();
      opt.step();
      const want = run.params_after_step[String(k + 1)];
      expectClose(W.data, want.W, tolerance.optim, `W after step ${k + 1}`);
      expectClose(b.data, want.b, tolerance.optim, `b after step ${k + 1}`);
    }
    expectClose(softmaxCrossEntropy(forward(X), y).item(), run.final_loss, tolerance.optim, 'final_loss');
  });
});
