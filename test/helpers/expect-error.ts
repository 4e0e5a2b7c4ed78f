// Asserting that a call throws a ValueError with an exact message.
import { expect } from 'vitest';
import { ValueError } from '../../src/index.js';

/** `fn()` throws a ValueError whose message is exactly `message`. */
export function expectValueError(fn: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValueError);
  expect((thrown as Error).message).toBe(message);
}
