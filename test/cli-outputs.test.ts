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
// Two pages: a linear model's file (about 1 KB) fits, its report (over 16 KB) does not.
const tiny = join(dir, 'tiny');
let mounted = false;
let tinyMounted = false;
beforeAll(() => {
  mounted = mountTmpfs(readOnly, 'ro,size=64k', 'the read-only file system test is');
  tinyMounted = mountTmpfs(tiny, 'size=8k', 'the report-after-save test is');
});
afterAll(() => {
  if (mounted) unmount(readOnly);
  if (tinyMounted) unmount(tiny);
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

test('a report that fails after the model was saved: the results and "model saved" are printed, then the error (exit 1)', async (context) => {
  if (!tinyMounted) return context.skip();
  const model = join(tiny, 'm.json');
  const report = join(tiny, 'r.html');
  const r = await cli('train', irisTrainCsv, '--test', irisTestCsv, '--quiet', '--save', model, '--report', report);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^test {2}loss [\d.]+ {2}accuracy/m);
  expect(r.stdout).toMatch(new RegExp(`^model saved to ${model}$`, 'm'));
  expect(r.stdout).not.toMatch(/report written/);
  expect(r.stderr).toBe(`softgrad: ${report}: cannot write the file: the disk is full; any file there before is unchanged\n`);
  expect(existsSync(model)).toBe(true);
});
