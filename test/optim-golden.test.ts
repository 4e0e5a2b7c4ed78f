// Every 20-step trajectory of optim.json (torch 1.13, float64): the loss at each step and the parameters after each.
import { describe, test } from 'vitest';
import { Adam, AdamW, SGD, Tensor, type Optimizer } from '../src/index.js';
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

/**
 * Mean cross-entropy from core ops only: log_softmax = x - m - log(sum(exp(x - m))), with the row max m held
 * constant (it cancels in the gradient), then minus the mean of the target entries picked by a one-hot mask.
 */
function meanCrossEntropy(logits: Tensor, target: number[]): Tensor {
  const [n, c] = logits.shape;
  const rowMax = new Float64Array(n).fill(-Infinity);
  const oneHot = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) rowMax[i] = Math.max(rowMax[i], logits.data[i * c + j]);
    oneHot[i * c + target[i]] = 1;
  }
  const shifted = logits.sub(new Tensor(rowMax, [n, 1]));
  const logProbs = shifted.sub(shifted.exp().sum({ axis: 1, keepDims: true }).log());
  return logProbs.mul(new Tensor(oneHot, [n, c])).sum().neg().div(n);
}

describe.each(runs.map((run) => [run.name, run] as const))('%s reproduces torch in float64', (_name, run) => {
  test('the loss before every update, the parameters after every update, and the final loss', () => {
    const X = fromGolden(problem.X);
    const y: number[] = problem.y.data;
    const W = fromGolden(problem.W0, 'float64', true);
    const b = fromGolden(problem.b0, 'float64', true);
    const opt = optimizerFor(run, [W, b]);
    for (let k = 0; k < run.steps; k++) {
      opt.zeroGrad();
      const loss = meanCrossEntropy(X.matmul(W.transpose()).add(b), y);
      expectClose(loss.item(), run.losses[k], tolerance.optim, `losses[${k}]`);
      loss.backward();
      opt.step();
      const want = run.params_after_step[String(k + 1)];
      expectClose(W.data, want.W, tolerance.optim, `W after step ${k + 1}`);
      expectClose(b.data, want.b, tolerance.optim, `b after step ${k + 1}`);
    }
    const finalLoss = meanCrossEntropy(X.matmul(W.transpose()).add(b), y);
    expectClose(finalLoss.item(), run.final_loss, tolerance.optim, 'final_loss');
  });
});
