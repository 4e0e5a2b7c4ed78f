// float32 GEMM with 128-bit SIMD. src/tensor/kernels/gemm-wasm.ts copies the operands into this
// memory (above heapBase(), with spare bytes after each) and calls these on byte addresses.
//
// Every element of C is one float32 sum in a fixed order, so the same inputs give the same bits on
// every run and every machine (plain f32x4 mul and add; a relaxed fused multiply-add would round
// differently from one CPU to another).

/** The first byte the caller may use: memory below it belongs to the module. */
export function heapBase(): usize {
  return __heap_base;
}

// Bytes after an operand that the edge tiles may read: 28 past the matrix they use as B (A itself, for
// A^T b), 12 past C when accumulating.
const SPARE: usize = 32;

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), as `gemm` in src/tensor/kernels/gemm.ts, with
 * every operand at a byte address in this memory: `A` m x k (k x m when `transA`), `B` k x n (n x k
 * when `transB`), `C` m x n. Each must be followed by 32 bytes that this may overwrite, and `scratch`
 * by 16k + 4kn + 96 bytes.
 */
export function gemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, scratch: usize, accumulate: bool,
): void {
  // Zeroed, so that the lanes an edge tile computes and discards never hold slow denormal numbers.
  memory.fill(a + (<usize>(m * k) << 2), 0, SPARE);
  memory.fill(b + (<usize>(k * n) << 2), 0, SPARE);
  memory.fill(c + (<usize>(m * n) << 2), 0, SPARE);
  const panel = scratch;
  const packed = (scratch + (<usize>k << 4) + 63) & ~63;
  // Bytes from one row of A (as stored) to the next, and of C (and B, unless it is stored transposed).
  const lda = transA ? <usize>m << 2 : <usize>k << 2;
  const ldc = <usize>n << 2;
  if (n == 1 && !transA) {
    // c[i] = dot(row i of A, b); b is a k-vector whether or not it is stored transposed.
    gemv(m, k, a, b, c, accumulate);
  } else if (n == 1) {
    // C^T = b^T A, a one-row product whose "B" is A as stored (k x m).
    gemmStrided(1, m, k, b, 0, false, a, <usize>m << 2, c, 0, panel, accumulate);
  } else if (m == 1 && transB) {
    // c[j] = dot(row j of B, a), with no packing.
    gemv(n, k, b, a, c, accumulate);
  } else if (transB) {
    transposeB(n, k, b, packed);
    gemmStrided(m, n, k, a, lda, transA, packed, ldc, c, ldc, panel, accumulate);
  } else {
    gemmStrided(m, n, k, a, lda, transA, b, ldc, c, ldc, panel, accumulate);
  }
}

/**
 * `B^T`: the n x k matrix at `b` copied k x n to `dst`, followed by 32 zeroed bytes, so that A B^T runs
 * as A B. `gemm` does this itself; the parallel GEMM calls it once and shares the result.
 */
export function transposeB(n: i32, k: i32, b: usize, dst: usize): void {
  transpose(n, k, b, dst);
  memory.fill(dst + (<usize>(k * n) << 2), 0, SPARE);
}

/**
 * Rows `i0..i1`, columns `j0..j1` of `C (+)= op(A) B`, for the threads of the parallel GEMM, each on its
 * own part of C with its own `panel` (16k + 64 bytes). `B` is row-major k x n (the output of
 * `transposeB` for A B^T); `A`, `C` and their spare bytes are as for `gemm`, which the caller zeroes.
 * Every element is the same float32 sum, in the same order, as `gemm` computes for it (the tiles and
 * the one-row bands all add p = 0..k-1 in turn), so how C is cut into parts never changes a bit.
 */
export function gemmPart(
  transA: bool, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, panel: usize, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const ldb = <usize>n << 2;
  const start = transA ? a + (<usize>i0 << 2) : a + (<usize>(i0 * k) << 2);
  const lda = transA ? <usize>m << 2 : <usize>k << 2;
  const at = c + (<usize>(i0 * n + j0) << 2);
  gemmStrided(i1 - i0, j1 - j0, k, start, lda, transA, b + (<usize>j0 << 2), ldb, at, ldb, panel, accumulate);
}

/**
 * `C (+)= op(A) B`: `C` is m x n at `c` (rows `ldc` bytes apart), `B` is k x n at `b` (rows `ldb`
 * bytes apart), and `A` is m x k at `a` with rows `lda` bytes apart, or, when `transA`, k x m with
 * rows `lda` bytes apart. `panel` is scratch for 4k floats.
 */
function gemmStrided(
  m: i32, n: i32, k: i32, a: usize, lda: usize, transA: bool, b: usize, ldb: usize, c: usize, ldc: usize,
  panel: usize, accumulate: bool,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    if (transA) packColumns4(k, a + (<usize>i << 2), lda, panel);
    else packRows4(k, a + <usize>i * lda, lda, panel);
    band4(n, k, panel, b, ldb, c + <usize>i * ldc, ldc, accumulate);
  }
  // The m % 4 rows left over (all of them when m < 4), one at a time.
  for (; i < m; i++) {
    const row = transA ? a + (<usize>i << 2) : a + <usize>i * lda;
    band1(n, k, row, transA ? lda : 4, b, ldb, c + <usize>i * ldc, accumulate);
  }
}

/**
 * `c[i] (+)= dot(row i of A, b)` for row-major m x k `A` and a k-vector `b`: the n = 1 products, where
 * a column tile would leave most lanes idle. Four rows at a time, each sum in four lanes, then the lanes.
 */
function gemv(m: i32, k: i32, a: usize, b: usize, c: usize, accumulate: bool): void {
  const rowBytes = <usize>k << 2;
  const k4 = k & ~3;
  const end = <usize>k4 << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize>i * rowBytes, a1 = a0 + rowBytes, a2 = a1 + rowBytes, a3 = a2 + rowBytes;
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (let q: usize = 0; q < end; q += 16) {
      const y = v128.load(b + q);
      s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + q), y));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + q), y));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(a2 + q), y));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(a3 + q), y));
    }
    const ci = c + (<usize>i << 2);
    put1(ci, dotTail(s0, a0, b, k4, k), accumulate);
    put1(ci + 4, dotTail(s1, a1, b, k4, k), accumulate);
    put1(ci + 8, dotTail(s2, a2, b, k4, k), accumulate);
    put1(ci + 12, dotTail(s3, a3, b, k4, k), accumulate);
  }
  for (; i < m; i++) {
    const ai = a + <usize>i * rowBytes;
    let s = f32x4.splat(0);
    for (let q: usize = 0; q < end; q += 16) s = f32x4.add(s, f32x4.mul(v128.load(ai + q), v128.load(b + q)));
    put1(c + (<usize>i << 2), dotTail(s, ai, b, k4, k), accumulate);
  }
}

/**
 * `B^T`: copies the n x k matrix at `src` to k x n at `dst`, so A B^T can run as A B. A band of 64
 * rows of `dst` is finished before the next, so the scattered 16-byte writes stay in cache.
 */
function transpose(n: i32, k: i32, src: usize, dst: usize): void {
  const n4 = n & ~3, k4 = k & ~3;
  const ldSrc = <usize>k << 2, ldDst = <usize>n << 2;
  for (let p0 = 0; p0 < k4; p0 += 64) {
    const p1 = min(p0 + 64, k4);
    for (let j = 0; j < n4; j += 4) {
      for (let p = p0; p < p1; p += 4) {
        transpose4x4(src + (<usize>(j * k + p) << 2), ldSrc, dst + (<usize>(p * n + j) << 2), ldDst);
      }
    }
  }
  // The last n % 4 rows and k % 4 columns of `src`, one element at a time.
  for (let j = 0; j < n; j++) {
    for (let p = j < n4 ? k4 : 0; p < k; p++) {
      store<f32>(dst + (<usize>(p * n + j) << 2), load<f32>(src + (<usize>(j * k + p) << 2)));
    }
  }
}

/** Writes the transpose of the 4 x 4 block at `src` (rows `ldSrc` bytes apart) to `dst` (rows `ldDst` apart). */
@inline function transpose4x4(src: usize, ldSrc: usize, dst: usize, ldDst: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + ldSrc), r2 = v128.load(src + 2 * ldSrc), r3 = v128.load(src + 3 * ldSrc);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + ldDst, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * ldDst, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * ldDst, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

// Packing: the 4 rows of op(A) that a band of tiles shares are copied into a panel of k groups of 4
// (the 4 values of column p together), so every tile reads op(A) sequentially with fixed offsets.

/** Rows 0..3 of the row-major matrix at `a` (rows `ld` bytes apart) into `panel`. */
function packRows4(k: i32, a: usize, ld: usize, panel: usize): void {
  const k4 = k & ~3;
  for (let p = 0; p < k4; p += 4) transpose4x4(a + (<usize>p << 2), ld, panel + (<usize>p << 4), 16);
  for (let p = k4; p < k; p++) {
    const s = a + (<usize>p << 2), d = panel + (<usize>p << 4);
    store<f32>(d, load<f32>(s));
    store<f32>(d, load<f32>(s + ld), 4);
    store<f32>(d, load<f32>(s + 2 * ld), 8);
    store<f32>(d, load<f32>(s + 3 * ld), 12);
  }
}

/** Columns 0..3 of the k-row matrix at `a` (rows `ld` bytes apart) into `panel`: already groups of 4. */
function packColumns4(k: i32, a: usize, ld: usize, panel: usize): void {
  for (let p = 0; p < k; p++, a += ld, panel += 16) v128.store(panel, v128.load(a));
}

// Why the tiles are fast: a 4 x 8 block of C lives in eight f32x4 registers for the whole sum over p;
// each step loads 8 contiguous values of a row of B and broadcasts the 4 values of the panel, then does
// 16 vector multiply-adds (64 flops). The last n % 8 columns use the same tile (or a 4-wide one),
// whose surplus lanes compute on whatever follows the row and are never stored.

/** Rows i..i+3 of C from their panel of op(A). */
function band4(n: i32, k: i32, panel: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool): void {
  let j = 0;
  for (; j + 8 <= n; j += 8) tile4x8(k, panel, b + (<usize>j << 2), ldb, c + (<usize>j << 2), ldc, 8, accumulate);
  const rest = n - j;
  if (rest > 4) tile4x8(k, panel, b + (<usize>j << 2), ldb, c + (<usize>j << 2), ldc, rest, accumulate);
  else if (rest > 0) tile4x4(k, panel, b + (<usize>j << 2), ldb, c + (<usize>j << 2), ldc, rest, accumulate);
}

function tile4x8(k: i32, panel: usize, b: usize, ldb: usize, c: usize, ldc: usize, cols: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (let p = 0; p < k; p++, panel += 16, b += ldb) {
    const y0 = v128.load(b), y1 = v128.load(b, 16);
    let x = v128.load32_splat(panel);
    c00 = f32x4.add(c00, f32x4.mul(x, y0)); c01 = f32x4.add(c01, f32x4.mul(x, y1));
    x = v128.load32_splat(panel, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, y0)); c11 = f32x4.add(c11, f32x4.mul(x, y1));
    x = v128.load32_splat(panel, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, y0)); c21 = f32x4.add(c21, f32x4.mul(x, y1));
    x = v128.load32_splat(panel, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, y0)); c31 = f32x4.add(c31, f32x4.mul(x, y1));
  }
  put(c, c00, 4, accumulate); put(c + 16, c01, cols - 4, accumulate); c += ldc;
  put(c, c10, 4, accumulate); put(c + 16, c11, cols - 4, accumulate); c += ldc;
  put(c, c20, 4, accumulate); put(c + 16, c21, cols - 4, accumulate); c += ldc;
  put(c, c30, 4, accumulate); put(c + 16, c31, cols - 4, accumulate);
}

function tile4x4(k: i32, panel: usize, b: usize, ldb: usize, c: usize, ldc: usize, cols: i32, accumulate: bool): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  for (let p = 0; p < k; p++, panel += 16, b += ldb) {
    const y = v128.load(b);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(panel), y));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(panel, 4), y));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(panel, 8), y));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(panel, 12), y));
  }
  put(c, c0, cols, accumulate); c += ldc;
  put(c, c1, cols, accumulate); c += ldc;
  put(c, c2, cols, accumulate); c += ldc;
  put(c, c3, cols, accumulate);
}

/**
 * One row of C, from the row of op(A) at `a` (`step` bytes per p): 16 columns at a time (four
 * independent sums hide the latency of the adds), then 8 at a time.
 */
function band1(n: i32, k: i32, a: usize, step: usize, b: usize, ldb: usize, c: usize, accumulate: bool): void {
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let pa = a, pb = b + (<usize>j << 2);
    let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (let p = 0; p < k; p++, pa += step, pb += ldb) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(pb, 32)));
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(pb, 48)));
    }
    const cj = c + (<usize>j << 2);
    put(cj, s0, 4, accumulate);
    put(cj + 16, s1, 4, accumulate);
    put(cj + 32, s2, 4, accumulate);
    put(cj + 48, s3, 4, accumulate);
  }
  for (; j < n; j += 8) {
    let pa = a, pb = b + (<usize>j << 2);
    let s0 = f32x4.splat(0), s1 = s0;
    for (let p = 0; p < k; p++, pa += step, pb += ldb) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
    }
    const cols = min(8, n - j);
    const cj = c + (<usize>j << 2);
    put(cj, s0, cols, accumulate);
    if (cols > 4) put(cj + 16, s1, cols - 4, accumulate);
  }
}

/** Stores the first `cols` lanes of `v` (all four when cols >= 4) to `c`, or adds them to it. */
@inline function put(c: usize, v: v128, cols: i32, accumulate: bool): void {
  if (cols >= 4) {
    v128.store(c, accumulate ? f32x4.add(v128.load(c), v) : v);
    return;
  }
  if (accumulate) v = f32x4.add(v128.load(c), v); // lanes past `cols` read the spare bytes; never stored
  store<f32>(c, f32x4.extract_lane(v, 0));
  if (cols > 1) store<f32>(c, f32x4.extract_lane(v, 1), 4);
  if (cols > 2) store<f32>(c, f32x4.extract_lane(v, 2), 8);
}

@inline function put1(c: usize, v: f32, accumulate: bool): void {
  store<f32>(c, accumulate ? load<f32>(c) + v : v);
}

/** The four lanes of `s` summed in a fixed order, plus the products for p = k4..k-1. */
@inline function dotTail(s: v128, a: usize, b: usize, k4: i32, k: i32): f32 {
  let t = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
  for (let p = k4; p < k; p++) t += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return t;
}
