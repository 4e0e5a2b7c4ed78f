// Where the WebAssembly and TypeScript kernels give the same bits, as the README says: tiny products and float64
// ones in every form, and so every model fit trains on those alone. (float32 products past the tiny size are
// summed in float32 by one and float64 by the other: test/wasm-gemm.test.ts bounds that difference.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test, expect } from 'vitest';
import { gemm, gemmTs } from '../src/tensor/kernels/gemm.js';
import { randn } from '../src/index.js';
import { forcedJs, random, sameBits } from './helpers/kernels.js';

const forms = [[false, false], [false, true], [true, false], [true, true]] as const;

describe.skipIf(forcedJs)('gemm on the WebAssembly backend gives the TypeScript kernels\' bits', () => {
  // [m, n, k]: tiny (at most 256 multiply-adds, up to the boundary), then shapes for the thin and packed kernels.
  const tiny: [number, number, number][] = [[1, 1, 1], [2, 2, 3], [16, 4, 3], [3, 16, 4], [4, 4, 16], [16, 16, 1]];
  const larger: [number, number, number][] = [[17, 1, 33], [128, 10, 64], [10, 128, 64], [33, 35, 37], [64, 128, 300]];

  test.each(tiny)('on tiny float32 products, every form, overwrite and accumulate: m=%i n=%i k=%i', (m, n, k) => {
    for (const [tA, tB] of forms) {
      for (const accumulate of [false, true]) {
        const a = random(m * k, m + n + k), b = random(k * n, 2 * k), before = random(m * n, 3);
        const viaGemm = Float32Array.from(before), viaTs = Float32Array.from(before);
        gemm(tA, tB, m, n, k, a, b, viaGemm, accumulate);
        gemmTs(tA, tB, m, n, k, a, b, viaTs, accumulate);
        expect(sameBits(viaGemm, viaTs), `transA=${tA} transB=${tB} accumulate=${accumulate}`).toBe(true);
      }
    }
  });

  test.each([...tiny, ...larger])('on float64 products of any size, every form: m=%i n=%i k=%i', (m, n, k) => {
    for (const [tA, tB] of forms) {
      const a = randn([m * k], 1, { dtype: 'float64' }).data, b = randn([k * n], 2, { dtype: 'float64' }).data;
      const viaGemm = new Float64Array(m * n), viaTs = new Float64Array(m * n);
      gemm(tA, tB, m, n, k, a, b, viaGemm, false);
      gemmTs(tA, tB, m, n, k, a, b, viaTs, false);
      expect(viaGemm, `transA=${tA} transB=${tB}`).toEqual(viaTs);
    }
  });
});

describe('fit on either backend', () => {
  const script = fileURLToPath(new URL('./scripts/train-seeded.ts', import.meta.url));

  function train(kernels: '' | 'js'): { backend: string; float64Mlp: string; tinyProducts: string } {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, SOFTGRAD_KERNELS: kernels } });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }

  test('trains a float64 model, and a float32 one whose products are all tiny, to the same bits', () => {
    const onWasm = train('');
    const onJs = train('js');
    expect([onWasm.backend, onJs.backend]).toEqual(['wasm', 'js']);
    expect(onWasm.float64Mlp).toMatch(/^[0-9a-f]+( [0-9a-f]+){3}$/); // four parameters, each some bytes
    expect(onJs.float64Mlp).toBe(onWasm.float64Mlp);
    expect(onJs.tinyProducts).toBe(onWasm.tinyProducts);
  });
});
