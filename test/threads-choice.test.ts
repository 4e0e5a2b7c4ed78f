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
  test('tries threads first, then one thread, then keeps the faster, timing the other way at the 4th and 8th products', () => {
    const ways = simulate((threaded) => (threaded ? 0.4e-3 : 0.65e-3), 10);
    expect(ways).toEqual([true, false, true, false, true, true, true, false, true, true]);
  });

  test.each([
    { when: 'threads are faster', threadedSeconds: 0.4e-3, threaded: 124 - 5 },
    { when: 'threads are slower (a busy machine)', threadedSeconds: 0.9e-3, threaded: 5 },
  ])('when $when, every 32nd product times the other way again', ({ threadedSeconds, threaded }) => {
    const ways = simulate((t) => (t ? threadedSeconds : 0.65e-3), 130);
    // Products 7-130 (after the first timings): the 8th (the other way's third timing), 32nd, 64th, 96th and 128th.
    expect(count(ways, 6)).toBe(threaded);
  });

  test('after a cluster of stalls turns threads off, the next probe that beats one thread brings them back at once', () => {
    // Products 20-24 on threads stall: from the 23rd one thread is taken, until threads are probed at the 32nd.
    const ways = simulate((t, i) => (t ? (i >= 19 && i < 24 ? 5e-3 : 0.4e-3) : 0.65e-3), 100);
    expect(count(ways.slice(22, 31))).toBe(0);
    expect(ways.slice(31, 36)).toEqual([true, true, true, true, true]);
    expect(count(ways.slice(36, 63))).toBe(27);
  });

  test('a slow first timing of threads (workers not yet warm) holds them off for a few products, not a hundred', () => {
    const ways = simulate((t, i) => (t ? (i === 0 ? 2e-3 : 0.4e-3) : 0.65e-3), 100);
    expect(ways.slice(8)).toEqual(ways.slice(8).map((_, i) => (i + 9) % 32 !== 0));
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
