// Whether this Node can run WebAssembly relaxed SIMD, and whether its f32x4.relaxed_madd is fused on this CPU.
// `node scripts/probe-relaxed-simd.mjs`. Findings, and why softgrad's kernels do not use it: bench/workloads/README.md.
import v8 from 'node:v8';

// (func (param f32 f32 f32) (result f32) lane 0 of f32x4.relaxed_madd(splat a, splat b, splat c)), exported as "fma".
const bytes = Buffer.from('AGFzbQEAAAABCAFgA319fQF9AwIBAAUDAQAABxACA2ZtYQAABm1lbW9yeQIAChYBFAAgAP0TIAH9EyAC/RP9hQL9HwAL', 'base64');

function probe(when) {
  try {
    const { fma } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    // (1 + 2^-23)^2 - (1 + 2^-22) is exactly 2^-46: a fused multiply-add keeps it, a float32 multiply rounds it away.
    const x = 1 + 2 ** -23;
    const fused = fma(x, x, -(1 + 2 ** -22)) === 2 ** -46;
    console.log(`${when}: relaxed SIMD compiles; relaxed_madd is ${fused ? 'fused (one rounding)' : 'a multiply and an add (two roundings)'}`);
  } catch (error) {
    console.log(`${when}: relaxed SIMD rejected (${error.message.split(':').slice(-1)[0].trim()})`);
  }
}

probe(`node ${process.version}, as started`);
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
probe('after v8.setFlagsFromString(\'--experimental-wasm-relaxed-simd\')');
