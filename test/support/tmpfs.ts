import { execFileSync } from 'node:child_process';

/**
 * A small tmpfs mounted at `target`, for the tests of a full disk: it needs root (CI runs as
 * root), and fails loudly when it cannot mount, never skipping the test. `size` as mount
 * takes it ("1m"); `resize` gives the disk more room, as an operator freeing space would.
 */
export function mountTmpfs(target: string, size: string): { resize(size: string): void; unmount(): void } {
  if (process.getuid?.() !== 0) {
    throw new Error('these tests mount a tmpfs and must run as root (as CI does); run them as root');
  }
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target]);
  return {
    resize: (larger) => execFileSync('mount', ['-o', `remount,size=${larger}`, target]),
    unmount: () => execFileSync('umount', ['-l', target]),
  };
}
