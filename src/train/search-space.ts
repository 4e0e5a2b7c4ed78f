// The settings a tuning search tries: each a list of values or a log-uniform range, drawn at random or as a grid.
import { ValueError } from '../errors.js';
import { portableExp, portableLog } from '../tensor/portable-math.js';
import { makeRng } from '../tensor/random.js';
import { definedEntries } from './settings-given.js';

/** A range drawn log-uniformly (for rates and penalties, whose scale is what matters). */
export interface LogRange {
  min: number;
  max: number;
}

/** One trial's settings. `weightDecay: 'auto'` is the Classifier's default, 1 / (rows fitted). */
export interface TrialParams {
  lr: number;
  weightDecay: number | 'auto';
  hidden: number[];
  batchSize: number;
  optimizer: 'adam' | 'adamw' | 'sgd';
}

/** What each setting may take; a setting left out takes the default below. */
export interface SearchSpace {
  lr?: readonly number[] | LogRange;
  weightDecay?: readonly (number | 'auto')[] | LogRange;
  hidden?: readonly (readonly number[])[];
  batchSize?: readonly number[];
  optimizer?: readonly TrialParams['optimizer'][];
}

/** The searched settings, in the order reports show them. */
export const PARAM_NAMES = ['lr', 'weightDecay', 'hidden', 'batchSize', 'optimizer'] as const satisfies readonly (keyof TrialParams)[];

/**
 * Ranges that make sense for small tabular models: rates from 0.001 to 0.3, penalties from 1e-6 to 0.1, no hidden
 * layer up to two, batches of 16 to 128, and the three optimizers. A grid takes four points of each range.
 */
export const DEFAULT_SPACE: Required<SearchSpace> = {
  lr: { min: 1e-3, max: 0.3 },
  weightDecay: { min: 1e-6, max: 0.1 },
  hidden: [[], [16], [32], [64], [32, 16]],
  batchSize: [16, 32, 64, 128],
  optimizer: ['adam', 'adamw', 'sgd'],
};

/** The Classifier's defaults, the first trial of a random search (where the space holds them). */
const DEFAULT_PARAMS: TrialParams = { lr: 0.03, weightDecay: 'auto', hidden: [], batchSize: 32, optimizer: 'adam' };

const GRID_POINTS = 4;

/**
 * The settings of `trials` trials. `'random'`: the Classifier's defaults first (so that a search never ranks below
 * them for want of trying them), then seeded draws, log-uniform within a range and uniform from a list. `'grid'`:
 * every combination of the lists (a range becomes 4 log-spaced points), in order; when there are more than `trials`,
 * a seeded sample of `trials` of them, without repeats.
 */
export function trialSettings(space: SearchSpace, trials: number, search: 'random' | 'grid', seed: number): TrialParams[] {
  if (!Number.isInteger(trials) || trials < 1) throw new ValueError(`tune: trials must be a positive whole number, got ${trials}`);
  const full = checkSpace({ ...DEFAULT_SPACE, ...definedEntries(space) });
  const rng = makeRng(`tune:${seed}`);
  if (search === 'grid') {
    const grid = gridOf(full);
    if (grid.length <= trials) return grid;
    // A partial Fisher-Yates shuffle: the first `trials` of a seeded permutation, put back in grid order.
    const order = grid.map((_, i) => i);
    for (let i = 0; i < trials; i++) {
      const j = i + Math.floor(rng() * (order.length - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.slice(0, trials).sort((a, b) => a - b).map((i) => grid[i]);
  }
  if (search !== 'random') throw new ValueError(`tune: search must be 'random' or 'grid', got '${search}'`);
  const out = [firstTrial(full, space)];
  while (out.length < trials) {
    out.push({
      lr: draw(full.lr, rng),
      weightDecay: draw(full.weightDecay, rng),
      hidden: [...pick(full.hidden, rng)],
      batchSize: pick(full.batchSize, rng),
      optimizer: pick(full.optimizer, rng),
    });
  }
  return out;
}

/** The defaults, each replaced where the caller's space leaves it out by the space's first value (or a range's middle). */
function firstTrial(full: Required<SearchSpace>, given: SearchSpace): TrialParams {
  const within = <K extends keyof TrialParams>(key: K): TrialParams[K] => {
    const values = full[key];
    const fallback = DEFAULT_PARAMS[key];
    if (given[key] === undefined) return fallback;
    if (isRange(values)) return (typeof fallback === 'number' && fallback >= values.min && fallback <= values.max ? fallback : Math.sqrt(values.min * values.max)) as TrialParams[K];
    const list = values as readonly TrialParams[K][];
    return list.find((v) => JSON.stringify(v) === JSON.stringify(fallback)) ?? list[0];
  };
  return { lr: within('lr'), weightDecay: within('weightDecay'), hidden: [...within('hidden')], batchSize: within('batchSize'), optimizer: within('optimizer') };
}

function gridOf(full: Required<SearchSpace>): TrialParams[] {
  const points = <T>(values: readonly T[] | LogRange): readonly (T | number)[] => (isRange(values) ? logSpaced(values) : values);
  const out: TrialParams[] = [];
  for (const lr of points(full.lr) as number[]) {
    for (const weightDecay of points(full.weightDecay) as (number | 'auto')[]) {
      for (const hidden of full.hidden) {
        for (const batchSize of full.batchSize) for (const optimizer of full.optimizer) out.push({ lr, weightDecay, hidden: [...hidden], batchSize, optimizer });
      }
    }
  }
  return out;
}

/** GRID_POINTS values from min to max, equally spaced in log scale, rounded to 3 significant digits. */
function logSpaced({ min, max }: LogRange): number[] {
  return Array.from({ length: GRID_POINTS }, (_, i) => Number((min * (max / min) ** (i / (GRID_POINTS - 1))).toPrecision(3)));
}

function draw<T>(values: readonly T[] | LogRange, rng: () => number): T | number {
  if (!isRange(values)) return pick(values, rng);
  const log = portableLog(values.min) + rng() * (portableLog(values.max) - portableLog(values.min));
  return Number(portableExp(log).toPrecision(3));
}

function pick<T>(values: readonly T[], rng: () => number): T {
  return values[Math.floor(rng() * values.length)];
}

function isRange(values: unknown): values is LogRange {
  return typeof values === 'object' && values !== null && !Array.isArray(values);
}

function checkSpace(space: Required<SearchSpace>): Required<SearchSpace> {
  for (const name of PARAM_NAMES) {
    const values = space[name];
    if (isRange(values)) {
      if (!(values.min > 0 && values.max >= values.min && Number.isFinite(values.max))) {
        throw new ValueError(`tune: the range of ${name} must have 0 < min <= max, got ${values.min} to ${values.max}`);
      }
    } else if (!Array.isArray(values) || values.length === 0) {
      throw new ValueError(`tune: ${name} needs at least one value to try`);
    }
  }
  return space;
}
