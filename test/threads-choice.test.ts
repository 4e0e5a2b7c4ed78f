// The choice between one thread and several for a shape of product follows the timings: threads where
// they have been faster lately, one thread where they have not, the other way re-timed now and then.
import { describe, test, expect } from 'vitest';
import { ThreadChoice } from '../src/tensor/runtime/thread-choice.js';

/** Runs `products` products of one shape, each timed by `seconds(threaded, i)`; returns the ways chosen. */
function simulate(seconds: (threaded: boolean, i: number) => number, products: number, choice = new ThreadChoice()): boolean[] {
  const ways: boolean[] = [];
  for (let i = 0; i < products; i++) {
    const threaded = choice.useThreads('NT 128 128 784');
    ways.push(threaded);
    choice.record('NT 128 128 784', threaded, seconds(threaded, i));
  }
  return ways;
}

const count = (ways: boolean[], from = 0): number => ways.slice(from).filter(Boolean).length;

describe('ThreadChoice', () => {
  test('tries threads first, then one thread, then keeps the faster', () => {
    const ways = simulate((threaded) => (threaded ? 0.4e-3 : 0.65e-3), 10);
    expect(ways.slice(0, 3)).toEqual([true, false, true]);
    expect(ways.slice(2)).toEqual(Array(8).fill(true));
  });

  test.each([
    { when: 'threads are faster', threadedSeconds: 0.4e-3, threaded: 124 - 4 },
    { when: 'threads are slower (a busy machine)', threadedSeconds: 0.9e-3, threaded: 4 },
  ])('when $when, every 32nd product times the other way again', ({ threadedSeconds, threaded }) => {
    const ways = simulate((t) => (t ? threadedSeconds : 0.65e-3), 130);
    // Products 7-130 (after the first timings settle): 4 are the 32nd, 64th, 96th, 128th of the shape.
    expect(count(ways, 6)).toBe(threaded);
  });

  test('one stall does not turn threads off: the median of recent timings decides', () => {
    const ways = simulate((t, i) => (t ? (i === 20 ? 50e-3 : 0.4e-3) : 0.65e-3), 40);
    expect(ways.slice(21, 31)).toEqual(Array(10).fill(true));
  });

  test('when threads stop paying, one thread takes over within a few products, and threads come back when they pay again', () => {
    // Threads are fast for 100 products, slow for the next 200 (another process takes a core), then fast again.
    const busy = (i: number): boolean => i >= 100 && i < 300;
    const ways = simulate((t, i) => (t ? (busy(i) ? 2e-3 : 0.4e-3) : 0.65e-3), 500);
    expect(count(ways.slice(110, 300))).toBeLessThanOrEqual(8);
    expect(count(ways.slice(300, 500))).toBeGreaterThan(100);
  });

  test('shapes are timed apart', () => {
    const choice = new ThreadChoice();
    for (let i = 0; i < 10; i++) {
      for (const [key, fast] of [['NT 128 128 784', true], ['TN 10 784 128', false]] as const) {
        const threaded = choice.useThreads(key);
        choice.record(key, threaded, threaded === fast ? 1e-4 : 2e-4);
      }
    }
    expect(choice.useThreads('NT 128 128 784')).toBe(true);
    expect(choice.useThreads('TN 10 784 128')).toBe(false);
  });
});
