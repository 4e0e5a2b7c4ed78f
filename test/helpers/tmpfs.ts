// A small tmpfs for tests of real full or read-only disks: only root with CAP_SYS_ADMIN may mount one.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Mounts a tmpfs with mount `options` (e.g. `ro,size=64k`) on a new folder `dir`; false, with a notice naming what is skipped, where it cannot. */
export function mountTmpfs(dir: string, options: string, skipped: string): boolean {
  try {
    mkdirSync(dir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`notice: no tmpfs (${options}) could be mounted here; ${skipped} skipped`);
    return false;
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir]);
}
