// Seeded synthetic data for the workloads, float32, generated in place so every system trains on the same bits.
import type { Workload } from './workloads.js';

export interface WorkloadData {
  /** Features, [n, d] row-major. */
  x: Float32Array;
  /** Class of each row, in [0, classes). */
  y: Int32Array;
  n: number;
  d: number;
  classes: number;
}

/**
 * A small, fast seeded generator (mulberry32): tens of millions of draws per workload, where
 * seedrandom's ARC4 would add seconds of setup to every process. Uniform in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => uniformOf((a = (a + 0x6d2b79f5) >>> 0));
}

/**
 * mulberry32 and standard normal draws (two per Box-Muller transform) with the state in typed arrays, a
 * whole row of normals per call: no double is ever returned from a call or kept in a closure, where V8 boxes
 * it. A draw per call left ~200 young-generation collections behind W2's 47 million draws, whose few
 * survivors add up and made V8 double its young generation (+2 MB RSS) in some processes and not in others,
 * before or during the run being measured. The numbers are mulberry32's, in the same order as one
 * `mulberry32(seed)` stream would give them (test/bench-data.test.ts pins the data's hashes).
 */
class Draws {
  /** mulberry32's state. */
  private readonly state: Uint32Array;
  /** Box-Muller's second value, kept for the next normal draw. */
  private readonly spare = new Float64Array(1);
  private hasSpare = false;

  constructor(seed: number) {
    this.state = Uint32Array.of(seed >>> 0);
  }

  /** One uniform number in [0, 1). */
  uniform(): number {
    const a = (this.state[0] + 0x6d2b79f5) >>> 0;
    this.state[0] = a;
    return uniformOf(a);
  }

  /** Writes `count` standard normal numbers into `out` from `offset`, each added to `add[addOffset + k]` when given. */
  normals(out: Float32Array | Float64Array, offset: number, count: number, add: Float64Array | null = null, addOffset = 0): void {
    let a = this.state[0];
    let hasSpare = this.hasSpare;
    let spare = this.spare[0];
    for (let k = 0; k < count; k++) {
      let value: number;
      if (hasSpare) {
        hasSpare = false;
        value = spare;
      } else {
        a = (a + 0x6d2b79f5) >>> 0;
        const u1 = uniformOf(a);
        a = (a + 0x6d2b79f5) >>> 0;
        const u2 = uniformOf(a);
        const r = Math.sqrt(-2 * Math.log(1 - u1));
        const angle = 2 * Math.PI * u2;
        spare = r * Math.sin(angle);
        hasSpare = true;
        value = r * Math.cos(angle);
      }
      out[offset + k] = add === null ? value : add[addOffset + k] + value;
    }
    this.state[0] = a;
    this.hasSpare = hasSpare;
    this.spare[0] = spare;
  }
}

/** mulberry32's output for the state `a` it has just moved to. */
function uniformOf(a: number): number {
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The workload's data set; the same `seed` gives the same bits on every machine. */
export function makeData(w: Workload, seed = 8): WorkloadData {
  const draws = new Draws(seed);
  const { n, d, classes } = w;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  if (w.name === 'W1') irisLike(x, y, draws);
  else if (w.loss === 'bce') logistic(x, y, d, draws);
  else gaussianClasses(x, y, d, classes, draws);
  return { x, y, n, d, classes };
}

/**
 * Three Gaussian blobs in 4 dimensions with iris's class means and spreads (one class apart, two
 * overlapping), 50 rows each, then standardised column by column.
 */
function irisLike(x: Float32Array, y: Int32Array, draws: Draws): void {
  const means = [
    [5.0, 3.4, 1.5, 0.25],
    [5.9, 2.8, 4.3, 1.3],
    [6.6, 3.0, 5.6, 2.0],
  ];
  const spreads = [
    [0.35, 0.38, 0.17, 0.1],
    [0.52, 0.31, 0.47, 0.2],
    [0.64, 0.32, 0.55, 0.27],
  ];
  const n = y.length;
  const normal = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * 3) / n);
    y[i] = c;
    draws.normals(normal, 0, 4);
    for (let j = 0; j < 4; j++) x[i * 4 + j] = means[c][j] + spreads[c][j] * normal[j];
  }
  for (let j = 0; j < 4; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * 4 + j];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[i * 4 + j] - mean) ** 2;
    const std = Math.sqrt(variance / n);
    for (let i = 0; i < n; i++) x[i * 4 + j] = (x[i * 4 + j] - mean) / std;
  }
}

/**
 * MNIST-shaped rows: class c has mean vector mu_c with entries N(0, 0.1^2), and a row is its class's
 * mean plus N(0, 1) noise in every feature. Classes are drawn uniformly.
 */
function gaussianClasses(x: Float32Array, y: Int32Array, d: number, classes: number, draws: Draws): void {
  const means = new Float64Array(classes * d);
  draws.normals(means, 0, means.length);
  for (let i = 0; i < means.length; i++) means[i] *= 0.1;
  for (let i = 0; i < y.length; i++) {
    const c = Math.floor(draws.uniform() * classes);
    y[i] = c;
    draws.normals(x, i * d, d, means, c * d);
  }
}

/** Rows N(0, I); the label is 1 with probability sigmoid(4 w.x) for a fixed random unit-length w. */
function logistic(x: Float32Array, y: Int32Array, d: number, draws: Draws): void {
  const w = new Float64Array(d);
  draws.normals(w, 0, d);
  for (let j = 0; j < d; j++) w[j] /= Math.sqrt(d);
  const row = new Float64Array(d);
  for (let i = 0; i < y.length; i++) {
    draws.normals(row, 0, d);
    let z = 0;
    for (let j = 0, o = i * d; j < d; j++) {
      x[o + j] = row[j];
      z += w[j] * row[j];
    }
    y[i] = draws.uniform() < 1 / (1 + Math.exp(-4 * z)) ? 1 : 0;
  }
}
