// Writes on a full disk: every byte out or a FileWriteError naming the file asked for, and the file before left whole.
import { describe, test, expect, vi, afterAll, beforeAll } from 'vitest';
import fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Classifier, FileWriteError, readCsv, writeFileAtomic } from '../src/index.js';
import { irisTrainCsv } from '../src/cli/run.js';
import { cli } from './helpers/cli.js';
import { mountTmpfs, unmount } from './helpers/tmpfs.js';

const dir = mkdtempSync(join(tmpdir(), 'softgrad-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  test('a write that takes fewer bytes than asked is followed by one for the rest', () => {
    const writeSync = fs.writeSync;
    const short = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number) =>
      writeSync(fd, buffer, offset, Math.min(length, 5))) as typeof fs.writeSync);
    let writes = 0;
    try {
      writeFileAtomic(join(dir, 'short.txt'), 'a line longer than five bytes, é and all\n');
      writes = short.mock.calls.length;
    } finally {
      short.mockRestore();
    }
    expect(readFileSync(join(dir, 'short.txt'), 'utf8')).toBe('a line longer than five bytes, é and all\n');
    expect(writes).toBe(9);
  });

  test('a write that fails after a short one: a FileWriteError naming the file, the old file whole, no temp file', () => {
    const path = join(dir, 'kept.txt');
    writeFileSync(path, 'the old contents\n');
    const writeSync = fs.writeSync;
    let calls = 0;
    const full = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number) => {
      if (calls++ > 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return writeSync(fd, buffer, offset, Math.min(length, 3));
    }) as typeof fs.writeSync);
    try {
      expect(() => writeFileAtomic(path, 'the new, longer contents\n')).toThrow(
        new FileWriteError(`${path}: cannot write the file: the disk is full; any file there before is unchanged`),
      );
    } finally {
      full.mockRestore();
    }
    expect(readFileSync(path, 'utf8')).toBe('the old contents\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a missing folder and a folder in the way are FileWriteErrors naming the path', () => {
    expect(() => writeFileAtomic(join(dir, 'no-such-folder', 'x.json'), '{}')).toThrow(/no-such-folder\/x\.json: cannot write the file: its folder does not exist/);
    expect(() => writeFileAtomic(dir, '{}')).toThrow(FileWriteError);
  });
});

// A real full file system, where this process may mount one (root with CAP_SYS_ADMIN); elsewhere the tests above stand.
const small = join(dir, 'tmpfs');
let mounted = false;
beforeAll(() => {
  mounted = mountTmpfs(small, 'size=64k', 'the real full-disk tests are');
});
afterAll(() => {
  if (mounted) unmount(small);
});

describe('a real full disk (a 64 KiB tmpfs)', () => {
  test('a large model saved over a small one: a FileWriteError, and the small model still loads', async (context) => {
    if (!mounted) return context.skip();
    const train = await readCsv(irisTrainCsv, { label: 'species' });
    const path = join(small, 'model.json');
    const tiny = new Classifier({ epochs: 1, seed: 0 });
    await tiny.fit(train);
    tiny.save(path);
    const before = readFileSync(path, 'utf8');
    const big = new Classifier({ hidden: [2000], epochs: 1, seed: 0 });
    await big.fit(train);
    expect(() => big.save(path)).toThrow(new FileWriteError(`${path}: cannot write the file: the disk is full; any file there before is unchanged`));
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(Classifier.load(path).classes).toEqual(tiny.classes);
    expect(readdirSync(small).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('the command line: exit 1, one line naming the file, no "saved"', async (context) => {
    if (!mounted) return context.skip();
    const path = join(small, 'cli-model.json');
    const r = await cli('train', irisTrainCsv, '--label', 'species', '--hidden', '2000', '--epochs', '1', '--save', path);
    expect(r, r.stdout).toMatchObject({ code: 1 });
    // Progress lines come first on stderr; the error is the last line.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`softgrad: ${path}: cannot write the file: the disk is full; any file there before is unchanged`);
    expect(r.stdout).not.toMatch(/saved/);
  });
});
