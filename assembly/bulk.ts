// Bulk memory operations on this memory: memset and memmove speed, where a typed array's own `fill`, `set` and
// `copyWithin` on a shared memory go value by value (about 9x and 3x slower; bench/workloads/README.md).

/** Zeroes the `bytes` bytes at `at`. */
export function zeroBytes(at: usize, bytes: usize): void {
  memory.fill(at, 0, bytes);
}

/** Copies the `bytes` bytes at `src` to `dst`; the two may overlap. */
export function copyBytes(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
