// Learning-rate schedules against the formulas in torch's documentation, computed here for 50 epochs each,
// and ReduceLROnPlateau on scripted metrics, each step worked out by hand from torch's rules.
import { describe, expect, test } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  ReduceLROnPlateau,
  SGD,
  StepLR,
  Tensor,
  type LRScheduler,
  type Optimizer,
} from '../src/index.js';
import { expectValueError } from './helpers/expect-error.js';
import { expectClose } from './helpers/golden.js';

const EPOCHS = 50;
const close = { atol: 1e-15, rtol: 1e-12 };

/** An SGD over one small parameter per group, with the given learning rates. */
function optimizerWithLrs(...lrs: number[]): Optimizer {
  return new SGD(
    lrs.map((lr) => ({ params: [new Tensor(new Float64Array(2), [2], { requiresGrad: true })], lr })),
    { lr: lrs[0] },
  );
}

/** The lr of every group at epochs 0..EPOCHS, stepping the optimizer then the schedules, as torch's loop does. */
function lrsOverEpochs(opt: Optimizer, schedules: LRScheduler[]): number[][] {
  const seen = [opt.paramGroups.map((g) => g.lr)];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    opt.step();
    for (const schedule of schedules) schedule.step();
    seen.push(opt.paramGroups.map((g) => g.lr));
  }
  return seen;
}

const base = 0.1;
const closedForms: [string, (opt: Optimizer) => LRScheduler, (epoch: number, base: number) => number][] = [
  ['StepLR: base * gamma^floor(epoch / stepSize)', (o) => new StepLR(o, { stepSize: 7, gamma: 0.5 }), (e, b) => b * 0.5 ** Math.floor(e / 7)],
  ['StepLR with the default gamma 0.1', (o) => new StepLR(o, { stepSize: 20 }), (e, b) => b * 0.1 ** Math.floor(e / 20)],
  ['ExponentialLR: base * gamma^epoch', (o) => new ExponentialLR(o, { gamma: 0.9 }), (e, b) => b * 0.9 ** e],
  [
    'CosineAnnealingLR: etaMin + (base - etaMin)(1 + cos(pi epoch / tMax)) / 2, rising again after tMax',
    (o) => new CosineAnnealingLR(o, { tMax: 20, etaMin: 0.001 }),
    (e, b) => 0.001 + ((b - 0.001) * (1 + Math.cos((Math.PI * e) / 20))) / 2,
  ],
  [
    'CosineAnnealingLR with etaMin 0 reaches exactly 0 at tMax',
    (o) => new CosineAnnealingLR(o, { tMax: 16 }),
    (e, b) => (b * (1 + Math.cos((Math.PI * e) / 16))) / 2,
  ],
  [
    'LinearLR warmup: base * (start + (end - start) * min(epoch, totalIters) / totalIters)',
    (o) => new LinearLR(o, { startFactor: 0.25, totalIters: 8 }),
    (e, b) => b * (0.25 + (0.75 * Math.min(e, 8)) / 8),
  ],
  ['LinearLR with the defaults (1/3 to 1 over 5 epochs)', (o) => new LinearLR(o), (e, b) => b * (1 / 3 + ((1 - 1 / 3) * Math.min(e, 5)) / 5)],
  [
    'LinearLR decay from 1 to 0.1',
    (o) => new LinearLR(o, { startFactor: 1, endFactor: 0.1, totalIters: 30 }),
    (e, b) => b * (1 - (0.9 * Math.min(e, 30)) / 30),
  ],
  ['LambdaLR: base * lambda(epoch)', (o) => new LambdaLR(o, (e) => 0.95 ** e), (e, b) => b * 0.95 ** e],
];

describe('schedules follow torch\'s documented formulas for 50 epochs', () => {
  test.each(closedForms)('%s', (_name, make, formula) => {
    const opt = optimizerWithLrs(base, 0.02);
    const schedule = make(opt);
    const lrs = lrsOverEpochs(opt, [schedule]);
    for (let e = 0; e <= EPOCHS; e++) expectClose(lrs[e], [formula(e, base), formula(e, 0.02)], close, `epoch ${e}`);
    expect(schedule.getLastLr()).toEqual(lrs[EPOCHS]);
    expect(schedule.lastEpoch).toBe(EPOCHS);
  });

  test('CosineAnnealingLR steps by torch\'s documented recursion (equal to rounding), so it chains from the current lr', () => {
    // eta_{t+1} = etaMin + (eta_t - etaMin) (1 + cos((t+1) pi / T)) / (1 + cos(t pi / T)), except just past a
    // minimum (t + 1 - T a multiple of 2T), where eta_{t+1} = eta_t + (etaMax - etaMin)(1 - cos(pi / T)) / 2.
    const [tMax, etaMin] = [10, 0.01];
    const opt = optimizerWithLrs(base);
    const lrs = lrsOverEpochs(opt, [new CosineAnnealingLR(opt, { tMax, etaMin })]);
    let eta = base;
    for (let t = 1; t <= EPOCHS; t++) {
      eta =
        (t - 1 - tMax) % (2 * tMax) === 0
          ? eta + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2
          : etaMin + ((eta - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / (1 + Math.cos(((t - 1) * Math.PI) / tMax));
      expectClose(lrs[t], [eta], close, `epoch ${t}`);
    }
  });

  test('LambdaLR takes one function per group', () => {
    const opt = optimizerWithLrs(0.1, 0.5);
    const lrs = lrsOverEpochs(opt, [new LambdaLR(opt, [(e) => Math.floor(e / 30), (e) => 0.95 ** e])]);
    for (let e = 0; e <= EPOCHS; e++) expectClose(lrs[e], [0.1 * Math.floor(e / 30), 0.5 * 0.95 ** e], close, `epoch ${e}`);
  });

  test('a LinearLR warmup chained with ExponentialLR multiplies both factors, as torch\'s chainable schedules do', () => {
    const opt = optimizerWithLrs(base);
    const lrs = lrsOverEpochs(opt, [new LinearLR(opt, { startFactor: 0.1, totalIters: 10 }), new ExponentialLR(opt, { gamma: 0.95 })]);
    for (let e = 0; e <= EPOCHS; e++) expectClose(lrs[e], [base * (0.1 + (0.9 * Math.min(e, 10)) / 10) * 0.95 ** e], close, `epoch ${e}`);
  });

  test('a schedule records the first lr as initialLr, and later schedules start from it', () => {
    const opt = optimizerWithLrs(base);
    new LinearLR(opt, { startFactor: 0.5 });
    const second = new StepLR(opt, { stepSize: 3 });
    expect(opt.paramGroups[0].initialLr).toBe(base);
    expect(second.baseLrs).toEqual([base]);
  });

  test('stateDict/loadStateDict resumes a schedule on a fresh optimizer', () => {
    const straight = optimizerWithLrs(base);
    const lrs = lrsOverEpochs(straight, [new CosineAnnealingLR(straight, { tMax: 30 })]);
    const first = optimizerWithLrs(base);
    const schedule = new CosineAnnealingLR(first, { tMax: 30 });
    for (let e = 0; e < 20; e++) schedule.step();
    const saved = JSON.parse(JSON.stringify({ opt: first.stateDict(), schedule: schedule.stateDict() }));
    const resumedOpt = optimizerWithLrs(base);
    const resumed = new CosineAnnealingLR(resumedOpt, { tMax: 30 });
    resumedOpt.loadStateDict(saved.opt);
    resumed.loadStateDict(saved.schedule);
    for (let e = 21; e <= EPOCHS; e++) {
      resumed.step();
      expect(resumedOpt.paramGroups[0].lr).toBe(lrs[e][0]);
    }
  });
});

/** The lr of every group after each `step(metric)`. */
function plateauLrs(opt: Optimizer, plateau: ReduceLROnPlateau, metrics: number[]): number[][] {
  return metrics.map((metric) => {
    plateau.step(metric);
    expect(plateau.getLastLr()).toEqual(opt.paramGroups.map((g) => g.lr));
    return plateau.getLastLr();
  });
}

describe('ReduceLROnPlateau follows torch\'s rules on scripted metrics', () => {
  test.each([
    {
      name: 'a cut after more than `patience` epochs without a strictly better value',
      // best 10, 9; then 9 is not better: bad 1, 2, 3 > 2 -> cut; 8 is better; bad 1, 2, 3 -> cut
      options: { factor: 0.5, patience: 2, threshold: 0 },
      metrics: [10, 9, 9, 9, 9, 8, 8, 8, 8, 8],
      want: [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25],
    },
    {
      name: "relative threshold: better means below best * (1 - threshold)",
      // 0.95 is not below 0.9 (bad 1); 0.85 is (best); 0.84, 0.80 are not below 0.765 (bad 1, 2 > 1 -> cut); 0.76 is
      options: { factor: 0.1, patience: 1, threshold: 0.1 },
      metrics: [1.0, 0.95, 0.85, 0.84, 0.8, 0.76],
      want: [1, 1, 1, 1, 0.1, 0.1],
    },
    {
      name: 'absolute threshold and cooldown: bad epochs during cooldown are not counted',
      // patience 0: the first bad epoch cuts, then 2 epochs of cooldown; 3 < 5 - 0.5 is better
      options: { factor: 0.5, patience: 0, threshold: 0.5, thresholdMode: 'abs' as const, cooldown: 2 },
      metrics: [5, 5, 5, 5, 5, 5, 3, 3],
      want: [1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125],
    },
    {
      name: "mode 'max' with minLr: the lr never goes below minLr, and a zero cut is skipped",
      // better means above best * 1.01; cuts at epochs 4 and 8 (0.25 clamped to 0.3), at 10 nothing to cut
      options: { mode: 'max' as const, factor: 0.5, patience: 1, threshold: 0.01, minLr: 0.3 },
      metrics: [0.5, 0.6, 0.605, 0.6, 0.61, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7],
      want: [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3],
    },
  ])('$name', ({ options, metrics, want }) => {
    const opt = optimizerWithLrs(1);
    expect(plateauLrs(opt, new ReduceLROnPlateau(opt, options), metrics)).toEqual(want.map((lr) => [lr]));
  });

  test('a cut smaller than eps is skipped', () => {
    const opt = optimizerWithLrs(1.5e-8);
    expect(plateauLrs(opt, new ReduceLROnPlateau(opt, { factor: 0.5, patience: 0 }), [1, 1, 1])).toEqual([[1.5e-8], [1.5e-8], [1.5e-8]]);
  });

  test('minLr can be given per group', () => {
    const opt = optimizerWithLrs(1, 0.1);
    const got = plateauLrs(opt, new ReduceLROnPlateau(opt, { factor: 0.1, patience: 0, minLr: [0.5, 0.001] }), [1, 1, 1]);
    got.forEach((lrs, i) => expectClose(lrs, [[1, 0.1], [0.5, 0.01], [0.5, 0.001]][i], close, `step ${i + 1}`));
  });

  test('its state survives JSON, an infinite best included, and resumes the same decisions', () => {
    const script = [5, 4, 4, 4, 3, 3, 3, 3];
    const straightOpt = optimizerWithLrs(1);
    const want = plateauLrs(straightOpt, new ReduceLROnPlateau(straightOpt, { patience: 1, factor: 0.5 }), script);
    for (const split of [0, 3]) {
      const opt = optimizerWithLrs(1);
      const plateau = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
      plateauLrs(opt, plateau, script.slice(0, split));
      const saved = JSON.parse(JSON.stringify({ opt: opt.stateDict(), plateau: plateau.stateDict() }));
      if (split === 0) expect(saved.plateau.best).toBe('Infinity');
      const resumedOpt = optimizerWithLrs(1);
      const resumed = new ReduceLROnPlateau(resumedOpt, { patience: 1, factor: 0.5 });
      resumedOpt.loadStateDict(saved.opt);
      resumed.loadStateDict(saved.plateau);
      expect(plateauLrs(resumedOpt, resumed, script.slice(split))).toEqual(want.slice(split));
    }
  });
});

describe('schedule options and states are validated with messages naming the value', () => {
  const opt = () => optimizerWithLrs(0.1);
  test.each([
    ['StepLR stepSize 0', () => new StepLR(opt(), { stepSize: 0 }), 'StepLR: stepSize must be a positive integer, got 0'],
    ['ExponentialLR gamma NaN', () => new ExponentialLR(opt(), { gamma: NaN }), 'ExponentialLR: gamma must be a finite number, got NaN'],
    ['CosineAnnealingLR tMax 0', () => new CosineAnnealingLR(opt(), { tMax: 0 }), 'CosineAnnealingLR: tMax must be a positive number, got 0'],
    ['LinearLR startFactor 0', () => new LinearLR(opt(), { startFactor: 0 }), 'LinearLR: startFactor must be in (0, 1], got 0'],
    ['LinearLR endFactor 1.5', () => new LinearLR(opt(), { endFactor: 1.5 }), 'LinearLR: endFactor must be in [0, 1], got 1.5'],
    ['LinearLR totalIters 2.5', () => new LinearLR(opt(), { totalIters: 2.5 }), 'LinearLR: totalIters must be a positive integer, got 2.5'],
    [
      'LambdaLR with one function for two groups given as a list',
      () => new LambdaLR(optimizerWithLrs(0.1, 0.2), [(e: number) => e]),
      'LambdaLR: expected 2 lrLambdas (one per parameter group), got 1',
    ],
    ['ReduceLROnPlateau factor 1', () => new ReduceLROnPlateau(opt(), { factor: 1 }), 'ReduceLROnPlateau: factor must be in [0, 1), got 1'],
    ['ReduceLROnPlateau mode', () => new ReduceLROnPlateau(opt(), { mode: 'mean' as 'min' }), "ReduceLROnPlateau: mode must be 'min' or 'max', got mean"],
    [
      'ReduceLROnPlateau thresholdMode',
      () => new ReduceLROnPlateau(opt(), { thresholdMode: 'relative' as 'rel' }),
      "ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got relative",
    ],
    ['ReduceLROnPlateau patience', () => new ReduceLROnPlateau(opt(), { patience: -1 }), 'ReduceLROnPlateau: patience must be an integer >= 0, got -1'],
    [
      'ReduceLROnPlateau minLr list',
      () => new ReduceLROnPlateau(opt(), { minLr: [0, 0] }),
      'ReduceLROnPlateau: expected 1 minLr values (one per parameter group), got 2',
    ],
    [
      'a schedule state for a different number of groups',
      () => new StepLR(opt(), { stepSize: 2 }).loadStateDict(new StepLR(optimizerWithLrs(0.1, 0.2), { stepSize: 2 }).stateDict()),
      'StepLR.loadStateDict.baseLrs (one per parameter group): expected 1 numbers, got 2',
    ],
    [
      'a plateau state with a best that is not a number',
      () => new ReduceLROnPlateau(opt()).loadStateDict({ ...new ReduceLROnPlateau(opt()).stateDict(), best: 'inf' }),
      "ReduceLROnPlateau.loadStateDict.best: expected a number, got the string 'inf'",
    ],
  ])('%s', (_name, fn, message) => expectValueError(fn, message));
});
