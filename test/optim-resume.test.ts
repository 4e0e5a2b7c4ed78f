// Resuming from a JSON checkpoint continues a run bit for bit: 10 steps + save + load + 10 steps = 20 steps.
import { describe, expect, test } from 'vitest';
import {
  Adam,
  AdamW,
  CosineAnnealingLR,
  SGD,
  softmaxCrossEntropy,
  Tensor,
  type DType,
  type Optimizer,
} from '../src/index.js';
import { fromGolden, readGolden } from './helpers/golden.js';

const problem = readGolden('optim.json').problem;

const optimizers: [string, (params: Tensor[]) => Optimizer][] = [
  ['SGD with momentum, nesterov and weight decay', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam with amsgrad and weight decay', (p) => new Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW with amsgrad', (p) => new AdamW(p, { lr: 0.01, amsgrad: true })],
];

interface Run {
  params: Tensor[];
  opt: Optimizer;
  schedule: CosineAnnealingLR;
}

function startRun(dtype: DType, makeOptimizer: (params: Tensor[]) => Optimizer, values = [problem.W0.data, problem.b0.data]): Run {
  const W = fromGolden({ shape: problem.W0.shape, data: values[0] }, dtype, true);
  const b = fromGolden({ shape: problem.b0.shape, data: values[1] }, dtype, true);
  const opt = makeOptimizer([W, b]);
  return { params: [W, b], opt, schedule: new CosineAnnealingLR(opt, { tMax: 20, etaMin: 1e-4 }) };
}

function train({ params: [W, b], opt, schedule }: Run, dtype: DType, steps: number): void {
  const X = fromGolden(problem.X, dtype);
  for (let k = 0; k < steps; k++) {
    opt.zeroGrad();
    softmaxCrossEntropy(X.matmul(W.transpose()).add(b), problem.y.data).backward();
    opt.step();
    schedule.step();
  }
}

/** The bytes of a typed array: equal bytes are equal bits, with -0 and NaN payloads included. */
function bits(t: Tensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

describe.each(['float64', 'float32'] as DType[])('resume from a JSON checkpoint (%s)', (dtype) => {
  test.each(optimizers)('%s: 10 steps, save, load into a fresh optimizer, 10 steps equals 20 steps bit for bit', (_name, make) => {
    const straight = startRun(dtype, make);
    train(straight, dtype, 20);

    const first = startRun(dtype, make);
    train(first, dtype, 10);
    const checkpoint = JSON.stringify({
      params: first.params.map((p) => Array.from(p.data)),
      optimizer: first.opt.stateDict(),
      schedule: first.schedule.stateDict(),
    });

    const saved = JSON.parse(checkpoint);
    const resumed = startRun(dtype, make, saved.params);
    resumed.opt.loadStateDict(saved.optimizer);
    resumed.schedule.loadStateDict(saved.schedule);
    train(resumed, dtype, 10);

    expect(resumed.params[0].dtype).toBe(dtype);
    for (let i = 0; i < 2; i++) expect(bits(resumed.params[i])).toEqual(bits(straight.params[i]));
    expect(JSON.stringify(resumed.opt.stateDict())).toBe(JSON.stringify(straight.opt.stateDict()));
    expect(resumed.schedule.getLastLr()).toEqual(straight.schedule.getLastLr());
  });

  test.each(optimizers)('%s: without loading the state, the resumed run differs (the test can fail)', (_name, make) => {
    const straight = startRun(dtype, make);
    train(straight, dtype, 20);
    const first = startRun(dtype, make);
    train(first, dtype, 10);
    const restarted = startRun(dtype, make, first.params.map((p) => Array.from(p.data)));
    train(restarted, dtype, 10);
    expect(bits(restarted.params[0])).not.toEqual(bits(straight.params[0]));
  });
});
