// The systems the workloads are timed on. Runners are imported lazily, so a process loads only its own system.
import type { Runner } from './run-output.js';

export interface System {
  key: string;
  /** As the table shows it. */
  label: string;
  group: 'softgrad' | 'tfjs' | 'plain-js' | 'pytorch';
  /** Environment variables the run's process gets on top of the suite's. */
  env?: Record<string, string>;
  load(): Promise<Runner>;
}

// softgrad runs single-threaded (SOFTGRAD_THREADS=1), as the targets are stated, except the row
// that shows what a user gets by default (threads 'auto': every core, up to 4).
export const systems: System[] = [
  { key: 'softgrad-fit', label: 'softgrad fit', group: 'softgrad', env: { SOFTGRAD_THREADS: '1' }, load: async () => (await import('./softgrad.js')).softgradFit },
  { key: 'softgrad-loop', label: 'softgrad loop', group: 'softgrad', env: { SOFTGRAD_THREADS: '1' }, load: async () => (await import('./softgrad.js')).softgradLoop },
  {
    key: 'softgrad-threads-fit',
    label: 'softgrad fit, auto threads',
    group: 'softgrad',
    env: { SOFTGRAD_THREADS: 'auto' },
    load: async () => (await import('./softgrad.js')).softgradFit,
  },
  { key: 'tfjs-cpu-fit', label: 'tfjs cpu model.fit', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsFit.bind(null, 'cpu') },
  { key: 'tfjs-cpu-tidy', label: 'tfjs cpu tidy step', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsTidy.bind(null, 'cpu') },
  { key: 'tfjs-wasm-fit', label: 'tfjs wasm model.fit', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsFit.bind(null, 'wasm') },
  { key: 'tfjs-wasm-tidy', label: 'tfjs wasm tidy step', group: 'tfjs', load: async () => (await import('./tfjs.js')).tfjsTidy.bind(null, 'wasm') },
  { key: 'plain-js', label: 'plain JS, fused', group: 'plain-js', load: async () => (await import('./plain-js.js')).plainJs },
  // Only with --torch; the suite runs it in Python (pytorch.ts), never in run-one.
  {
    key: 'pytorch',
    label: 'PyTorch, 1 thread',
    group: 'pytorch',
    load: async () => {
      throw new Error('pytorch runs in Python: npm run bench -- --torch');
    },
  },
];

/** The reference every ratio is taken against. */
export const reference = 'softgrad-fit';
