// Training-set accuracy of trained weights, computed the same way for every system (after timing stops).
import type { WorkloadData } from './data.js';

/** One dense layer in PyTorch's layout: `weight` [out, in] row-major, `bias` [out]. ReLU sits between layers. */
export interface DenseLayer {
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/** A [in, out] kernel (TensorFlow's layout) as [out, in]. */
export function transposed(kernel: Float32Array, inFeatures: number, outFeatures: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < inFeatures; i++) for (let o = 0; o < outFeatures; o++) out[o * inFeatures + i] = kernel[i * outFeatures + o];
  return out;
}

/**
 * The fraction of rows whose predicted class is their label: the largest logit for several outputs,
 * logit > 0 for one (binary). Runs softgrad's matmul (the installed package, as the softgrad rows use it)
 * over chunks of rows, loaded only now so that a competitor's process has not loaded softgrad while it was timed.
 */
export async function trainingAccuracy(layers: DenseLayer[], data: WorkloadData): Promise<number> {
  const { Tensor, matmul, transpose } = await import('softgrad');
  const chunk = 1024;
  let correct = 0;
  for (let start = 0; start < data.n; start += chunk) {
    const rows = Math.min(chunk, data.n - start);
    let input = data.x.subarray(start * data.d, (start + rows) * data.d);
    layers.forEach((layer, l) => {
      const { weight, bias, inFeatures, outFeatures } = layer;
      const output = new Float32Array(rows * outFeatures);
      for (let r = 0; r < rows; r++) output.set(bias, r * outFeatures);
      const product = matmul(new Tensor(input, [rows, inFeatures]), transpose(new Tensor(weight, [outFeatures, inFeatures]))).data;
      for (let i = 0; i < output.length; i++) output[i] += product[i];
      if (l < layers.length - 1) for (let i = 0; i < output.length; i++) output[i] = Math.max(output[i], 0);
      input = output;
    });
    const outputs = layers[layers.length - 1].outFeatures;
    for (let r = 0; r < rows; r++) {
      let predicted = 0;
      if (outputs === 1) predicted = input[r] > 0 ? 1 : 0;
      else for (let c = 1; c < outputs; c++) if (input[r * outputs + c] > input[r * outputs + predicted]) predicted = c;
      if (predicted === data.y[start + r]) correct++;
    }
  }
  return correct / data.n;
}
