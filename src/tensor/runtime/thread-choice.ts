// Whether a large product runs faster on one thread or several, learnt by timing the products: training repeats a
// few shapes thousands of times, and whether threads pay depends on the machine and what else it is running.

/** Every this many products of a shape, the way not chosen is timed again, in case things changed. */
const PROBE_EVERY = 32;
/** Each way's time is the median of its last few timings, so one stall does not decide. */
const SAMPLES = 5;
/** Shapes remembered; past this many, all are forgotten (a shape's timings come back in a few products). */
const MAX_SHAPES = 64;

interface ShapeTimings {
  /** Recent seconds per product on one thread, and on several. */
  single: number[];
  threaded: number[];
  products: number;
}

function median(times: readonly number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}

/** One thread or several, per shape of product: threads until both are timed, then the faster by recent medians. */
export class ThreadChoice {
  private readonly shapes = new Map<string, ShapeTimings>();

  /** Whether the next product of shape `key` should run on several threads. */
  useThreads(key: string): boolean {
    let t = this.shapes.get(key);
    if (!t) {
      if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
      t = { single: [], threaded: [], products: 0 };
      this.shapes.set(key, t);
    }
    t.products++;
    if (t.threaded.length === 0) return true;
    if (t.single.length === 0) return false;
    const faster = median(t.threaded) < median(t.single);
    return t.products % PROBE_EVERY === 0 ? !faster : faster;
  }

  /** Records that a product of shape `key` took `seconds`, on several threads or on one. */
  record(key: string, threaded: boolean, seconds: number): void {
    const t = this.shapes.get(key);
    if (!t) return;
    const times = threaded ? t.threaded : t.single;
    times.push(seconds);
    if (times.length > SAMPLES) times.shift();
  }
}
