// Whether a large product runs faster on one thread or several, learnt by timing the products: training repeats a
// few shapes thousands of times, and whether threads pay depends on the machine and what else it is running.

/** Every this many products of a shape, the way not chosen is timed again (a probe), in case things changed. */
const PROBE_EVERY = 32;
/** ... and every this many while it has fewer than `FEW` timings, since a pool's first products are slow. */
const PROBE_EARLY = 4;
const FEW = 3;
/** Each way's time is the median of its last few timings, so one stall does not decide. */
const SAMPLES = 5;
/** Shapes remembered; past this many, all are forgotten (a shape's timings come back in a few products). */
const MAX_SHAPES = 64;

interface ShapeTimings {
  /** Recent seconds per product on one thread, and on several. */
  single: number[];
  threaded: number[];
  products: number;
  /** The way the last product took, if it was a probe. */
  probed: boolean | null;
  /** The way the next product takes (a probe faster than the way chosen: timed again at once), or null. */
  again: boolean | null;
}

function median(times: readonly number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}

/**
 * One thread or several, per shape of product: threads until both are timed, then the faster by recent medians, with
 * the other way probed now and then. A probe that beats the way chosen is repeated at once, so that a way that has
 * become faster takes over within a few products, not a probe interval per timing (bench/workloads/README.md).
 */
export class ThreadChoice {
  private readonly shapes = new Map<string, ShapeTimings>();

  /** Whether the next product of shape `key` should run on several threads. */
  useThreads(key: string): boolean {
    let t = this.shapes.get(key);
    if (!t) {
      if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
      t = { single: [], threaded: [], products: 0, probed: null, again: null };
      this.shapes.set(key, t);
    }
    t.products++;
    t.probed = null;
    if (t.threaded.length === 0) return true;
    if (t.single.length === 0) return false;
    const faster = median(t.threaded) < median(t.single);
    const every = (faster ? t.single : t.threaded).length < FEW ? PROBE_EARLY : PROBE_EVERY;
    const way = t.again ?? (t.products % every === 0 ? !faster : faster);
    t.again = null;
    if (way !== faster) t.probed = way;
    return way;
  }

  /** Records that a product of shape `key` took `seconds`, on several threads or on one. */
  record(key: string, threaded: boolean, seconds: number): void {
    const t = this.shapes.get(key);
    if (!t) return;
    const times = threaded ? t.threaded : t.single;
    times.push(seconds);
    if (times.length > SAMPLES) times.shift();
    if (t.probed === threaded && seconds < median(threaded ? t.single : t.threaded)) t.again = threaded;
  }
}
