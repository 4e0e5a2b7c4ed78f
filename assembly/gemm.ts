// float32 GEMM with 128-bit SIMD. src/tensor/kernels/gemm-wasm.ts places the operands in this memory (arrays
// already held there where they are, others copied above heapBase(), with spare bytes after each) and calls
// these on byte addresses.
//
// Every element of C is one float32 sum in a fixed order, so the same inputs give the same bits on
// every run and every machine (plain f32x4 mul and add; a relaxed fused multiply-add would round
// differently from one CPU to another).

/** The first byte the caller may use: memory below it belongs to the module. */
export function heapBase(): usize {
  return __heap_base;
}

// Bytes after an operand that the edge tiles may read: 28 past B read as stored (by a one-row band, or by tiles
// when B is not packed; A itself for A^T b), 12 past A stored transposed and past C when accumulating.
const SPARE: usize = 32;

/**
 * `C = op(A) op(B)` (or `C += ...` when `accumulate`), as `gemm` in src/tensor/kernels/gemm.ts, with
 * every operand at a byte address in this memory: `A` m x k (k x m when `transA`), `B` k x n (n x k
 * when `transB`), `C` m x n. Each must be followed by 32 bytes that this may overwrite, and `scratch`
 * by `scratchBytes(m, n, k)` bytes.
 */
export function gemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, scratch: usize, accumulate: bool,
): void {
  // Zeroed, so that the lanes an edge tile computes and discards never hold slow denormal numbers.
  memory.fill(a + (<usize>(m * k) << 2), 0, SPARE);
  memory.fill(b + (<usize>(k * n) << 2), 0, SPARE);
  memory.fill(c + (<usize>(m * n) << 2), 0, SPARE);
  if (n == 1 && !transA) {
    // c[i] = dot(row i of A, b); b is a k-vector whether or not it is stored transposed.
    gemv(m, k, a, b, c, accumulate);
  } else if (n == 1) {
    // C^T = b^T A, a one-row product whose "B" is A as stored (k x m).
    band1(m, k, b, 4, a, <usize>m << 2, c, accumulate);
  } else if (m == 1 && transB) {
    // c[j] = dot(row j of B, a), with no packing.
    gemv(n, k, b, a, c, accumulate);
  } else if (m < 4) {
    // A row or three: each row of C from its row of op(A) and B as stored (transposed first for A B^T).
    if (transB) transposeB(n, k, b, scratch);
    const rowB = transB ? scratch : b;
    for (let i = 0; i < m; i++) {
      const row = transA ? a + (<usize>i << 2) : a + <usize>(i * k) * 4;
      band1(n, k, row, transA ? <usize>m << 2 : 4, rowB, <usize>n << 2, c + <usize>(i * n) * 4, accumulate);
    }
  } else if (!transB && m < 16) {
    // Three bands or fewer read B where it is, a row of 8 values per p: packing it would cost more than they read.
    gemmTiles(transA, m, n, k, a, b, 32, <usize>n << 2, c, accumulate, 0, m, 0, n);
  } else {
    packPanels(transB, n, k, b, scratch, 0, n);
    gemmTiles(transA, m, n, k, a, scratch, <usize>k << 5, 32, c, accumulate, 0, m, 0, n);
  }
}

/** Bytes of scratch `gemm` needs after `scratch` for a product of this shape: op(B) packed (see `packPanels`). */
export function scratchBytes(m: i32, n: i32, k: i32): usize {
  return (<usize>(((n + 7) & ~7) * k) << 2) + 64;
}

/**
 * Columns `j0..j1` of op(B) (`j0` a multiple of 8) packed at `dst` in panels of 8 columns: k groups of 8, the last
 * panel padded with zeros, so that a tile reads its panel sequentially. The threads of the parallel GEMM pack a share
 * of the panels each.
 */
export function packPanels(transB: bool, n: i32, k: i32, b: usize, dst: usize, j0: i32, j1: i32): void {
  for (let j = j0; j < j1; j += 8) {
    const cols = min(8, j1 - j), panel = dst + (<usize>(j * k) << 2);
    if (transB) packRowsOf8(k, b + <usize>(j * k) * 4, <usize>k << 2, cols, panel);
    else packColumns8(k, b + (<usize>j << 2), <usize>n << 2, cols, panel);
  }
}

/**
 * Rows `i0..i1`, columns `j0..j1` of `C (+)= op(A) op(B)`, op(A) read where it is stored and op(B) from `b`: columns
 * j..j+7 start at `b + (j / 8) * panelBytes` and move `step` bytes per p (the panels `packPanels` writes: `32k` and 32;
 * B as stored, row-major: 32 and `4n`). `i0` is a multiple of 4 and `j0` of 8, as every part of the parallel GEMM is.
 * Every element is the same float32 sum, in the same order, whichever tile or one-row band computes it (p = 0..k-1 in
 * turn, from zero, then onto C when accumulating), so how C is cut into parts, or B laid out, never changes a bit.
 */
export function gemmTiles(
  transA: bool, m: i32, n: i32, k: i32, a: usize, b: usize, panelBytes: usize, step: usize, c: usize, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32,
): void {
  const ldc = <usize>n << 2;
  // Row r of op(A) starts at rows[r] and moves `step` bytes per p. A band's rows past the matrix read its first row
  // again (the tile never stores them): reading past the end of A could leave wasm memory.
  const lda = transA ? <usize>m << 2 : <usize>k << 2, row = transA ? <usize>4 : lda, stepA = transA ? lda : <usize>4;
  for (let i = i0; i < i1; i += 4) {
    const rows = min(4, i1 - i), a0 = transA ? a + (<usize>i << 2) : a + <usize>i * lda;
    const a1 = rows > 1 ? a0 + row : a0, a2 = rows > 2 ? a0 + 2 * row : a0, a3 = rows > 3 ? a0 + 3 * row : a0;
    for (let j = j0; j < j1; j += 8) {
      const at = c + <usize>i * ldc + (<usize>j << 2), panel = b + <usize>(j >> 3) * panelBytes, cols = min(8, j1 - j);
      if (cols > 4) tile4x8(k, a0, a1, a2, a3, stepA, panel, step, at, ldc, rows, cols, accumulate);
      else tile4x4(k, a0, a1, a2, a3, stepA, panel, step, at, ldc, rows, cols, accumulate);
    }
  }
}

/**
 * `dst[i] += src[i]` for `n` float32: how the parallel GEMM adds a product it computed aside onto a C that it must not
 * write until every part is done. The same bits as the tiles' own accumulation (C's value plus the sum).
 */
export function addTo(n: i32, dst: usize, src: usize): void {
  const end = <usize>n << 2, end4 = <usize>(n & ~3) << 2;
  let q: usize = 0;
  for (; q < end4; q += 16) v128.store(dst + q, f32x4.add(v128.load(dst + q), v128.load(src + q)));
  for (; q < end; q += 4) store<f32>(dst + q, load<f32>(dst + q) + load<f32>(src + q));
}

/**
 * `B^T`: the n x k matrix at `b` copied k x n to `dst`, followed by 32 zeroed bytes, so that a row or three of
 * A B^T run as A B.
 */
function transposeB(n: i32, k: i32, b: usize, dst: usize): void {
  transpose(n, k, b, dst);
  memory.fill(dst + (<usize>(k * n) << 2), 0, SPARE);
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

// Packing: the 8 columns of op(B) a tile reads are copied into a panel of k groups of 8; lanes past the matrix's edge
// are zero. op(A) is read where it is: four rows at a time, each a sequential stream (or, stored transposed, one).

/** Columns 0..cols-1 (cols <= 8) of the k-row matrix at `b` (rows `ld` bytes apart) into a panel at `dst`. */
function packColumns8(k: i32, b: usize, ld: usize, cols: i32, dst: usize): void {
  if (cols == 8) {
    for (let p = 0; p < k; p++, b += ld, dst += 32) {
      v128.store(dst, v128.load(b));
      v128.store(dst, v128.load(b, 16), 16);
    }
    return;
  }
  memory.fill(dst, 0, <usize>k << 5);
  for (let p = 0; p < k; p++, b += ld, dst += 32) {
    for (let j = 0; j < cols; j++) store<f32>(dst + (<usize>j << 2), load<f32>(b + (<usize>j << 2)));
  }
}

/** Rows 0..cols-1 (cols <= 8) of the row-major matrix at `b` (rows `ld` bytes apart: B^T) as the columns of a panel at `dst`. */
function packRowsOf8(k: i32, b: usize, ld: usize, cols: i32, dst: usize): void {
  if (cols == 8) {
    const k4 = k & ~3;
    for (let p = 0; p < k4; p += 4) {
      const s = b + (<usize>p << 2), d = dst + (<usize>p << 5);
      transpose4x4(s, ld, d, 32);
      transpose4x4(s + 4 * ld, ld, d + 16, 32);
    }
    for (let p = k4; p < k; p++) {
      for (let j = 0; j < 8; j++) store<f32>(dst + (<usize>p << 5) + (<usize>j << 2), load<f32>(b + <usize>j * ld + (<usize>p << 2)));
    }
    return;
  }
  memory.fill(dst, 0, <usize>k << 5);
  for (let j = 0; j < cols; j++) {
    const s = b + <usize>j * ld, d = dst + (<usize>j << 2);
    for (let p = 0; p < k; p++) store<f32>(d + (<usize>p << 5), load<f32>(s + (<usize>p << 2)));
  }
}

// Why the tiles are fast: a 4 x 8 block of C lives in eight f32x4 registers for the whole sum over p; each step loads 8
// contiguous values of the panel of B and broadcasts the 4 values of op(A) at p, then does 16 vector multiply-adds (64
// flops). Edge tiles compute on the padding (or on what follows a row of B read as stored) and store only the
// `rows` x `cols` that are in C.

function tile4x8(
  k: i32, a0: usize, a1: usize, a2: usize, a3: usize, step: usize, panel: usize, stepB: usize, c: usize, ldc: usize,
  rows: i32, cols: i32, accumulate: bool,
): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const end = <usize>k * step;
  for (let q: usize = 0; q < end; q += step, panel += stepB) {
    const y0 = v128.load(panel), y1 = v128.load(panel, 16);
    let x = v128.load32_splat(a0 + q);
    c00 = f32x4.add(c00, f32x4.mul(x, y0)); c01 = f32x4.add(c01, f32x4.mul(x, y1));
    x = v128.load32_splat(a1 + q);
    c10 = f32x4.add(c10, f32x4.mul(x, y0)); c11 = f32x4.add(c11, f32x4.mul(x, y1));
    x = v128.load32_splat(a2 + q);
    c20 = f32x4.add(c20, f32x4.mul(x, y0)); c21 = f32x4.add(c21, f32x4.mul(x, y1));
    x = v128.load32_splat(a3 + q);
    c30 = f32x4.add(c30, f32x4.mul(x, y0)); c31 = f32x4.add(c31, f32x4.mul(x, y1));
  }
  put(c, c00, 4, accumulate); put(c + 16, c01, cols - 4, accumulate);
  if (rows < 2) return;
  c += ldc;
  put(c, c10, 4, accumulate); put(c + 16, c11, cols - 4, accumulate);
  if (rows < 3) return;
  c += ldc;
  put(c, c20, 4, accumulate); put(c + 16, c21, cols - 4, accumulate);
  if (rows < 4) return;
  c += ldc;
  put(c, c30, 4, accumulate); put(c + 16, c31, cols - 4, accumulate);
}

function tile4x4(
  k: i32, a0: usize, a1: usize, a2: usize, a3: usize, step: usize, panel: usize, stepB: usize, c: usize, ldc: usize,
  rows: i32, cols: i32, accumulate: bool,
): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  const end = <usize>k * step;
  for (let q: usize = 0; q < end; q += step, panel += stepB) {
    const y = v128.load(panel);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0 + q), y));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a1 + q), y));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a2 + q), y));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a3 + q), y));
  }
  put(c, c0, cols, accumulate);
  if (rows < 2) return;
  c += ldc;
  put(c, c1, cols, accumulate);
  if (rows < 3) return;
  c += ldc;
  put(c, c2, cols, accumulate);
  if (rows < 4) return;
  c += ldc;
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
