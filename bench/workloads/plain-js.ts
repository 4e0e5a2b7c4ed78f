// The plain-JavaScript baseline: one fused, hand-written training loop over Float32Arrays, no framework.
// It is written as a careful engineer would write it for speed, so that "faster than plain JS" means something:
// batches read rows through the shuffled order (never copied), products use 4x4 register tiles, the loss
// gradient overwrites the logits, SGD updates the weights inside the weight-gradient pass, and every buffer
// is allocated once.
import type { DenseLayer } from './accuracy.js';
import { mulberry32, type WorkloadData } from './data.js';
import { secondsSince, type RunOutput } from './run-output.js';
import { layerSizes, type Workload } from './workloads.js';

interface Layer extends DenseLayer {
  /** Outputs of the batch, [batch, out]; then, after the backward, their gradient. */
  out: Float32Array;
  /** Adam only: the gradients and both moments. */
  gradW: Float32Array | null;
  gradB: Float32Array | null;
  m: Float32Array | null;
  v: Float32Array | null;
}

export async function plainJs(w: Workload, data: WorkloadData): Promise<RunOutput> {
  const sizes = layerSizes(w);
  const rng = mulberry32(1);
  const adam = w.optimizer === 'adam';
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inF = sizes[l], outF = sizes[l + 1];
    // PyTorch's default initialisation: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
    const bound = 1 / Math.sqrt(inF);
    const weight = Float32Array.from({ length: outF * inF }, () => (2 * rng() - 1) * bound);
    const bias = Float32Array.from({ length: outF }, () => (2 * rng() - 1) * bound);
    const params = outF * inF + outF;
    layers.push({
      weight, bias, inFeatures: inF, outFeatures: outF,
      out: new Float32Array(w.batchSize * outF),
      gradW: adam ? new Float32Array(outF * inF) : null,
      gradB: adam ? new Float32Array(outF) : null,
      m: adam ? new Float32Array(params) : null,
      v: adam ? new Float32Array(params) : null,
    });
  }
  const last = layers[layers.length - 1];
  const hiddenGrad = new Float32Array(w.batchSize * Math.max(...sizes));
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  let step = 0;

  const start = process.hrtime.bigint();
  for (let epoch = 0; epoch < w.epochs; epoch++) {
    shuffle(order, rng);
    for (let first = 0; first < data.n; first += w.batchSize) {
      const m = Math.min(w.batchSize, data.n - first);
      const rows = order.subarray(first, first + m);
      // Forward: the first layer reads dataset rows through `rows`; later layers read the previous output.
      for (let l = 0; l < layers.length; l++) {
        const L = layers[l];
        if (l === 0) dotRows(data.x, rows, L.inFeatures, L.weight, L.bias, L.out, m, L.outFeatures);
        else dotRows(layers[l - 1].out, null, L.inFeatures, L.weight, L.bias, L.out, m, L.outFeatures);
        if (l < layers.length - 1) for (let i = 0; i < m * L.outFeatures; i++) if (L.out[i] < 0) L.out[i] = 0;
      }
      if (w.loss === 'ce') softmaxCrossEntropyGrad(last.out, data.y, rows, m, last.outFeatures);
      else sigmoidCrossEntropyGrad(last.out, data.y, rows, m);
      step++;
      // Backward, last layer first: the input gradient (below layer 0 only) from the weights as they were,
      // then the weight gradient (or SGD step) from the layer's input, then ReLU's gradient over that input.
      for (let l = layers.length - 1; l >= 0; l--) {
        const L = layers[l];
        const input = l === 0 ? data.x : layers[l - 1].out;
        const inputRows = l === 0 ? rows : null;
        if (l > 0) inputGrad(L.out, L.weight, hiddenGrad, m, L.outFeatures, L.inFeatures);
        if (adam) {
          L.gradW!.fill(0);
          accumulateOuter(L.out, input, inputRows, L.inFeatures, L.gradW!, 1, m, L.outFeatures);
          columnSums(L.out, L.gradB!, 1, m, L.outFeatures, false);
          adamStep(L, step, w.lr);
        } else {
          // SGD fused into the gradient pass: W -= lr * G^T X, without a gradient buffer.
          accumulateOuter(L.out, input, inputRows, L.inFeatures, L.weight, -w.lr, m, L.outFeatures);
          columnSums(L.out, L.bias, -w.lr, m, L.outFeatures, true);
        }
        // The input was a ReLU output, > 0 exactly where it let the gradient through: overwrite it with its gradient.
        if (l > 0) for (let i = 0; i < m * L.inFeatures; i++) input[i] = input[i] > 0 ? hiddenGrad[i] : 0;
      }
    }
  }
  const seconds = secondsSince(start);
  return { seconds, layers: layers.map(({ weight, bias, inFeatures, outFeatures }) => ({ weight, bias, inFeatures, outFeatures })) };
}

function shuffle(order: Int32Array, rng: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/**
 * out[i][o] = bias[o] + sum_p a[r_i][p] * w[o][p], with r_i = rows[i] (or i when rows is null).
 * Tiles of 4 rows x 4 outputs keep 16 sums in locals: every 8 loads feed 16 multiply-adds.
 */
function dotRows(a: Float32Array, rows: Int32Array | null, k: number, w: Float32Array, bias: Float32Array, out: Float32Array, m: number, n: number): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = (rows ? rows[i] : i) * k, a1 = (rows ? rows[i + 1] : i + 1) * k;
    const a2 = (rows ? rows[i + 2] : i + 2) * k, a3 = (rows ? rows[i + 3] : i + 3) * k;
    let o = 0;
    for (; o + 4 <= n; o += 4) {
      const w0 = o * k, w1 = w0 + k, w2 = w1 + k, w3 = w2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = w[w0 + p], y1 = w[w1 + p], y2 = w[w2 + p], y3 = w[w3 + p];
        let x = a[a0 + p];
        s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
        x = a[a1 + p];
        s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
        x = a[a2 + p];
        s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
        x = a[a3 + p];
        s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
      }
      const b0 = bias[o], b1 = bias[o + 1], b2 = bias[o + 2], b3 = bias[o + 3];
      let c = i * n + o;
      out[c] = s00 + b0; out[c + 1] = s01 + b1; out[c + 2] = s02 + b2; out[c + 3] = s03 + b3; c += n;
      out[c] = s10 + b0; out[c + 1] = s11 + b1; out[c + 2] = s12 + b2; out[c + 3] = s13 + b3; c += n;
      out[c] = s20 + b0; out[c + 1] = s21 + b1; out[c + 2] = s22 + b2; out[c + 3] = s23 + b3; c += n;
      out[c] = s30 + b0; out[c + 1] = s31 + b1; out[c + 2] = s32 + b2; out[c + 3] = s33 + b3;
    }
    // The last outputs (n not a multiple of 4): 4 rows x 1 output.
    for (; o < n; o++) {
      const w0 = o * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const y = w[w0 + p];
        s0 += a[a0 + p] * y; s1 += a[a1 + p] * y; s2 += a[a2 + p] * y; s3 += a[a3 + p] * y;
      }
      out[i * n + o] = s0 + bias[o];
      out[(i + 1) * n + o] = s1 + bias[o];
      out[(i + 2) * n + o] = s2 + bias[o];
      out[(i + 3) * n + o] = s3 + bias[o];
    }
  }
  // The last rows (m not a multiple of 4): one dot product each.
  for (; i < m; i++) {
    const a0 = (rows ? rows[i] : i) * k;
    for (let o = 0; o < n; o++) {
      let s = 0;
      for (let p = 0, w0 = o * k; p < k; p++) s += a[a0 + p] * w[w0 + p];
      out[i * n + o] = s + bias[o];
    }
  }
}

/**
 * target[o][p] += scale * sum_i g[i][o] * a[r_i][p]: the weight gradient G^T X, or with scale = -lr
 * an SGD step. Tiles of 4 outputs x 4 rows: per p, 4 loads of `a` and 4 of `target` feed 16 multiply-adds.
 */
function accumulateOuter(g: Float32Array, a: Float32Array, rows: Int32Array | null, k: number, target: Float32Array, scale: number, m: number, n: number): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = (rows ? rows[i] : i) * k, a1 = (rows ? rows[i + 1] : i + 1) * k;
    const a2 = (rows ? rows[i + 2] : i + 2) * k, a3 = (rows ? rows[i + 3] : i + 3) * k;
    const g0 = i * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n;
    let o = 0;
    for (; o + 4 <= n; o += 4) {
      const c00 = scale * g[g0 + o], c01 = scale * g[g1 + o], c02 = scale * g[g2 + o], c03 = scale * g[g3 + o];
      const c10 = scale * g[g0 + o + 1], c11 = scale * g[g1 + o + 1], c12 = scale * g[g2 + o + 1], c13 = scale * g[g3 + o + 1];
      const c20 = scale * g[g0 + o + 2], c21 = scale * g[g1 + o + 2], c22 = scale * g[g2 + o + 2], c23 = scale * g[g3 + o + 2];
      const c30 = scale * g[g0 + o + 3], c31 = scale * g[g1 + o + 3], c32 = scale * g[g2 + o + 3], c33 = scale * g[g3 + o + 3];
      const t0 = o * k, t1 = t0 + k, t2 = t1 + k, t3 = t2 + k;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
        target[t0 + p] += c00 * x0 + c01 * x1 + c02 * x2 + c03 * x3;
        target[t1 + p] += c10 * x0 + c11 * x1 + c12 * x2 + c13 * x3;
        target[t2 + p] += c20 * x0 + c21 * x1 + c22 * x2 + c23 * x3;
        target[t3 + p] += c30 * x0 + c31 * x1 + c32 * x2 + c33 * x3;
      }
    }
    for (; o < n; o++) {
      const c0 = scale * g[g0 + o], c1 = scale * g[g1 + o], c2 = scale * g[g2 + o], c3 = scale * g[g3 + o];
      const t0 = o * k;
      for (let p = 0; p < k; p++) target[t0 + p] += c0 * a[a0 + p] + c1 * a[a1 + p] + c2 * a[a2 + p] + c3 * a[a3 + p];
    }
  }
  for (; i < m; i++) {
    const a0 = (rows ? rows[i] : i) * k;
    for (let o = 0; o < n; o++) {
      const c = scale * g[i * n + o];
      for (let p = 0, t0 = o * k; p < k; p++) target[t0 + p] += c * a[a0 + p];
    }
  }
}

/** dx[i][p] = sum_o g[i][o] * w[o][p]: the gradient of a hidden layer's output (small: o is 10 here). */
function inputGrad(g: Float32Array, w: Float32Array, dx: Float32Array, m: number, n: number, k: number): void {
  dx.fill(0, 0, m * k);
  for (let i = 0; i < m; i++) {
    const d0 = i * k;
    for (let o = 0; o < n; o++) {
      const c = g[i * n + o];
      for (let p = 0, w0 = o * k; p < k; p++) dx[d0 + p] += c * w[w0 + p];
    }
  }
}

/** target[o] (+)= scale * sum_i g[i][o]. */
function columnSums(g: Float32Array, target: Float32Array, scale: number, m: number, n: number, accumulate: boolean): void {
  for (let o = 0; o < n; o++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += g[i * n + o];
    target[o] = (accumulate ? target[o] : 0) + scale * s;
  }
}

/** Overwrites the logits with d(mean loss)/d(logits) = (softmax - one-hot) / m. */
function softmaxCrossEntropyGrad(z: Float32Array, y: Int32Array, rows: Int32Array, m: number, c: number): void {
  for (let i = 0; i < m; i++) {
    const o = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < c; j++) sum += z[o + j] = Math.exp(z[o + j] - max);
    const scale = 1 / (sum * m);
    for (let j = 0; j < c; j++) z[o + j] *= scale;
    z[o + y[rows[i]]] -= 1 / m;
  }
}

/** Overwrites the logits with d(mean loss)/d(logits) = (sigmoid(z) - y) / m. */
function sigmoidCrossEntropyGrad(z: Float32Array, y: Int32Array, rows: Int32Array, m: number): void {
  for (let i = 0; i < m; i++) z[i] = (1 / (1 + Math.exp(-z[i])) - y[rows[i]]) / m;
}

/** torch.optim.Adam with its defaults (betas 0.9, 0.999, eps 1e-8), over weight then bias. */
function adamStep(L: Layer, t: number, lr: number): void {
  const stepSize = lr / (1 - 0.9 ** t);
  const bc2Sqrt = Math.sqrt(1 - 0.999 ** t);
  adamUpdate(L.weight, L.gradW!, L.m!, L.v!, 0, stepSize, bc2Sqrt);
  adamUpdate(L.bias, L.gradB!, L.m!, L.v!, L.weight.length, stepSize, bc2Sqrt);
}

function adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, offset: number, stepSize: number, bc2Sqrt: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const mi = (m[offset + i] = 0.9 * m[offset + i] + 0.1 * gi);
    const vi = (v[offset + i] = 0.999 * v[offset + i] + 0.001 * gi * gi);
    p[i] -= (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + 1e-8);
  }
}
