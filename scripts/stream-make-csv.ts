// Writes a seeded synthetic CSV of a given size for the out-of-core tests:
//   npx tsx scripts/stream-make-csv.ts big.csv 200      (200 MB; 10 features, 3 classes)
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Options of `makeCsv`. */
export interface MakeCsvOptions {
  /** Size of the file: it stops at the first row that reaches this many bytes. */
  megabytes: number;
  /** Default 10. */
  features?: number;
  /** Default 3. */
  classes?: number;
  /** Seeds the distribution: the cluster centres. Default 0. */
  seed?: number;
  /** Seeds which rows are drawn from it: a different `sample` of the same `seed` is a test set. Default 0. */
  sample?: number;
}

// Rows formatted per write: enough to make the writes cheap, few enough to keep the generator small.
const BLOCK_ROWS = 10_000;

/**
 * Writes `path`: a header `x1..xD,label`, then rows of Gaussian clusters, one per class (`class_0`, ...),
 * centres drawn from N(0, 0.5^2) per feature (overlapping classes: a linear model gets about 80% right), classes drawn uniformly, 4 decimals per cell.
 * The same options always write the same bytes. Returns the number of data rows.
 * @example
 * makeCsv('train.csv', { megabytes: 1, seed: 1 });
 * makeCsv('test.csv', { megabytes: 0.2, seed: 1, sample: 1 }); // same clusters, other rows
 */
export function makeCsv(path: string, options: MakeCsvOptions): number {
  const { megabytes, features = 10, classes = 3, seed = 0, sample = 0 } = options;
  let random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => 0.5 * normal()));
  random = mulberry32(0x5eed ^ sample);
  const target = megabytes * 1e6;
  const fd = openSync(path, 'w');
  let bytes = 0;
  let rows = 0;
  try {
    const header = [...Array.from({ length: features }, (_, j) => `x${j + 1}`), 'label'].join(',') + '\n';
    bytes += writeSync(fd, header);
    while (bytes < target) {
      let block = '';
      for (let r = 0; r < BLOCK_ROWS && bytes + block.length < target; r++) {
        const c = Math.floor(random() * classes);
        const centre = centres[c];
        for (let j = 0; j < features; j++) block += (centre[j] + normal()).toFixed(4) + ',';
        block += `class_${c}\n`;
        rows++;
      }
      bytes += writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** mulberry32: a small, fast, seeded 32-bit generator; good enough for test data, and not in src/. */
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [path, megabytes = '200'] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: npx tsx scripts/stream-make-csv.ts <out.csv> [megabytes]\n');
    process.exit(2);
  }
  const started = performance.now();
  const rows = makeCsv(path, { megabytes: Number(megabytes) });
  process.stdout.write(`${path}: ${rows} rows, ${statSync(path).size} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
