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
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws, two per Box-Muller transform. The spare draw waits in a Float64Array, not in a
 * closure variable: V8 boxes a double stored in a closure, so W2's 47 million draws would leave ~900 young-
 * generation collections behind, whose few survivors add up and make V8 double its young generation
 * (+2 MB RSS) at some later, unrelated point in the process, such as the run being measured.
 */
function normals(rng: () => number): () => number {
  const spare = new Float64Array(1);
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0];
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const angle = 2 * Math.PI * rng();
    spare[0] = r * Math.sin(angle);
    hasSpare = true;
    return r * Math.cos(angle);
  };
}

/** The workload's data set; the same `seed` gives the same bits on every machine. */
export function makeData(w: Workload, seed = 8): WorkloadData {
  const rng = mulberry32(seed);
  const normal = normals(rng);
  const { n, d, classes } = w;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  if (w.name === 'W1') irisLike(x, y, normal);
  else if (w.loss === 'bce') logistic(x, y, d, rng, normal);
  else gaussianClasses(x, y, d, classes, rng, normal);
  return { x, y, n, d, classes };
}

/**
 * Three Gaussian blobs in 4 dimensions with iris's class means and spreads (one class apart, two
 * overlapping), 50 rows each, then standardised column by column.
 */
function irisLike(x: Float32Array, y: Int32Array, normal: () => number): void {
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
  for (let i = 0; i < n; i++) {
    const c = Math.floor((i * 3) / n);
    y[i] = c;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = means[c][j] + spreads[c][j] * normal();
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
function gaussianClasses(x: Float32Array, y: Int32Array, d: number, classes: number, rng: () => number, normal: () => number): void {
  const means = new Float64Array(classes * d);
  for (let i = 0; i < means.length; i++) means[i] = 0.1 * normal();
  for (let i = 0; i < y.length; i++) {
    const c = Math.floor(rng() * classes);
    y[i] = c;
    for (let j = 0, m = c * d, o = i * d; j < d; j++) x[o + j] = means[m + j] + normal();
  }
}

/** Rows N(0, I); the label is 1 with probability sigmoid(4 w.x) for a fixed random unit-length w. */
function logistic(x: Float32Array, y: Int32Array, d: number, rng: () => number, normal: () => number): void {
  const w = new Float64Array(d);
  for (let j = 0; j < d; j++) w[j] = normal() / Math.sqrt(d);
  for (let i = 0; i < y.length; i++) {
    let z = 0;
    for (let j = 0, o = i * d; j < d; j++) {
      const v = normal();
      x[o + j] = v;
      z += w[j] * v;
    }
    y[i] = rng() < 1 / (1 + Math.exp(-4 * z)) ? 1 : 0;
  }
}
