// Outputs the command cannot write: refused before training where that can be known, else reported after the results.
import { describe, test, expect, afterAll, beforeAll } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { irisTestCsv, irisTrainCsv } from '../src/cli/run.js';
import { cli } from './helpers/cli.js';
import { mountTmpfs, unmount } from './helpers/tmpfs.js';

const dir = mkdtempSync(join(tmpdir(), 'softgrad-outputs-'));
const readOnly = join(dir, 'read-only');
let mounted = false;
beforeAll(() => {
  mounted = mountTmpfs(readOnly, 'ro,size=64k', 'the read-only file system test is');
});
afterAll(() => {
  if (mounted) unmount(readOnly);
  rmSync(dir, { recursive: true, force: true });
});

describe('an output folder that cannot be written is refused before training (exit 2, nothing on stdout)', () => {
  test('a read-only file system', async (context) => {
    if (!mounted) return context.skip();
    for (const flag of ['--save', '--report']) {
      const path = join(readOnly, 'out');
      const r = await cli('train', irisTrainCsv, flag, path);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `softgrad: ${flag} ${path}: cannot write in the folder ${readOnly}: it is on a read-only file system\nRun 'softgrad --help' for usage.\n` });
    }
  });

  // Root writes in any folder whatever its mode, so this one only shows where the tests do not run as root.
  test('a folder without write permission', async (context) => {
    if (process.getuid?.() === 0) return context.skip();
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const r = await cli('train', irisTrainCsv, '--save', join(locked, 'm.json'));
    expect(r).toEqual({ code: 2, stdout: '', stderr: `softgrad: --save ${join(locked, 'm.json')}: cannot write in the folder ${locked}: permission denied\nRun 'softgrad --help' for usage.\n` });
  });
});
