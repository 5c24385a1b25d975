import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { snapshot, writeCorpus } from './support/corpus.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import { pollUntil, sleep, startCli, type RunningCli } from './support/processes.js';

/**
 * docs/operations.md, "How a build stays safe, and why": presswire removes only what it made,
 * writes nothing through a link out of out/, refuses overlapping folders, takes one lock per
 * real folder, and a build that lost its lock publishes nothing more. Real CLI, real files,
 * real signals.
 */

const NOW = '2026-06-01T00:00:00Z';
const CONFIG = { site: { title: 'Safety Desk', url: 'https://safety.example/' } };
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

const rooms: Newsroom[] = [];
const children: RunningCli[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(rooms.splice(0).map((room) => room.remove()));
});

async function newsroom(config: Record<string, unknown> = {}): Promise<Newsroom> {
  const room = await makeNewsroom();
  rooms.push(room);
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify({ ...CONFIG, ...config }));
  return room;
}

async function withPhotoArticle(room: Newsroom): Promise<void> {
  await writeJpeg(path.join(room.articles, 'images/harbour.jpg'), 900, 600);
  await room.write(
    'harbour.md',
    article({
      title: 'Harbour reopens',
      published: '2026-05-01T08:00:00Z',
      section: 'Coast',
      image: { src: 'images/harbour.jpg', alt: 'Boats in the harbour', credit: 'Harbour Desk' },
    }),
  );
}

const build = (room: Newsroom, args: string[] = [], env: Record<string, string> = {}) =>
  runCli(['build', ...args], { cwd: room.root, env: { PRESSWIRE_NOW: NOW, ...env } });

describe('overlapping folders are refused with exit 2 and one line naming both', () => {
  it('--out articles: refused before anything is touched; the source photos stay', async () => {
    const room = await newsroom();
    await withPhotoArticle(room);
    const before = await snapshot(room.articles);
    const result = await build(room, ['--out', 'articles']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: articles folder articles is the same folder as the output folder articles; presswire needs three separate folders (articles, out, state) and touched nothing\n',
    );
    expect(await snapshot(room.articles)).toEqual(before);
  });

  it('an output folder inside the articles folder, also through a symbolic link', async () => {
    const room = await newsroom();
    await withPhotoArticle(room);
    await mkdir(path.join(room.articles, 'public'));
    await symlink(path.join(room.articles, 'public'), path.join(room.root, 'site'));
    const result = await build(room, ['--out', 'site']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: output folder site is inside the articles folder articles; presswire needs three separate folders (articles, out, state) and touched nothing\n',
    );
    expect((await readdir(room.articles)).sort()).toEqual(['harbour.md', 'images', 'public']);
    expect(await readdir(path.join(room.articles, 'public'))).toEqual([]);
  });

  it('a state folder inside the output folder would publish embargoed bodies: refused, nothing written', async () => {
    const room = await newsroom({ state: 'out/state' });
    await room.write(
      'embargoed.md',
      article({ title: 'Not yet', published: '2026-05-01T08:00:00Z', embargo: '2099-01-01T00:00:00Z' }, 'Secret.\n'),
    );
    for (const command of ['build', 'check']) {
      const result = await runCli([command], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'presswire: state folder out/state is inside the output folder out; presswire needs three separate folders (articles, out, state) and touched nothing\n',
      );
    }
    expect(await exists(room.out)).toBe(false);
  });
});

describe('nothing is written or deleted through a symbolic link out of out/', () => {
  it('out/images leading elsewhere: refused, the files there untouched', async () => {
    const room = await newsroom();
    await withPhotoArticle(room);
    const elsewhere = path.join(room.root, 'family-photos');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'wedding.jpg'), 'precious');
    await mkdir(room.out);
    await symlink(elsewhere, path.join(room.out, 'images'));
    const result = await build(room, [], { PRESSWIRE_NOW: '2027-01-01T00:00:00Z' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `presswire: out/images: is a symbolic link that leads outside the output folder (to ${elsewhere}); presswire writes and deletes nothing through it; replace it with a folder\n`,
    );
    expect(await readdir(elsewhere)).toEqual(['wedding.jpg']);
  });

  it('out/sections leading elsewhere: no section feed is written there', async () => {
    const room = await newsroom();
    await room.write('harbour.md', article({ title: 'Harbour', published: '2026-05-01T08:00:00Z', section: 'Coast' }));
    const elsewhere = path.join(room.root, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(room.out);
    await symlink(elsewhere, path.join(room.out, 'sections'));
    for (const command of ['check', 'build']) {
      const result = await runCli([command], { cwd: room.root, env: { PRESSWIRE_NOW: NOW } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'presswire: out/sections: is a symbolic link that leads outside the output folder',
      );
    }
    expect(await readdir(elsewhere)).toEqual([]);
  });
});

describe('presswire removes only what it made', () => {
  it('a file it did not make in out/images stays for good and is reported once', async () => {
    const room = await newsroom();
    await withPhotoArticle(room);
    await mkdir(path.join(room.out, 'images'), { recursive: true });
    await writeFile(path.join(room.out, 'images/logo.png'), 'the newsroom logo');
    const first = await build(room);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      'warning: out/images: a file presswire did not make (out/images/logo.png): left alone and never deleted; reported once\n',
    );
    // Long after the rendition grace period, and with the article gone as well.
    const second = await build(room, [], { PRESSWIRE_NOW: '2026-09-01T00:00:00Z' });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(await readFile(path.join(room.out, 'images/logo.png'), 'utf8')).toBe('the newsroom logo');
  });
});

describe('one build per real folder', () => {
  it('--out real and --out link (a symbolic link to it) at once: the second exits 3', async () => {
    const room = await newsroom();
    await writeCorpus(room.articles, { count: 400 });
    await mkdir(path.join(room.root, 'real'));
    await symlink(path.join(room.root, 'real'), path.join(room.root, 'link'));
    const env = { PRESSWIRE_NOW: NOW };
    const a = startCli(['build', '--out', 'real'], { cwd: room.root, env });
    children.push(a);
    await pollUntil(() => exists(path.join(room.root, 'real.lock')), 30_000, 'the first build taking the lock');
    const b = await runCli(['build', '--out', 'link'], { cwd: room.root, env });
    expect(b.code).toBe(3);
    expect(b.stderr).toContain(
      `presswire: ${path.join(room.root, 'link')}: another build holds the lock: pid ${a.pid}`,
    );
    expect(b.stderr).toContain(`lock ${path.join(room.root, 'real')}.lock.`);
    expect((await a.exited).code).toBe(0);
  });

  it('PRESSWIRE_LOCK_STALE_MS out of range is a config error (exit 2)', async () => {
    const room = await newsroom();
    const result = await build(room, [], { PRESSWIRE_LOCK_STALE_MS: '99999999999999' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'presswire: PRESSWIRE_LOCK_STALE_MS: expected an integer from 2000 to 3600000 (milliseconds) but received "99999999999999"\n',
    );
  });

  it('PRESSWIRE_NOW that is not a date is a config error (exit 2), not a crash', async () => {
    const room = await newsroom();
    const result = await build(room, [], { PRESSWIRE_NOW: 'tomorrow' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('presswire: PRESSWIRE_NOW: expected an ISO 8601 date-time but received "tomorrow"\n');
  });

  it(
    'a build frozen past the stale time during its write phase loses the lock, exits 75 and publishes nothing more',
    { timeout: 240_000 },
    async () => {
      const room = await newsroom();
      // Set A: many photos, so its image stage lasts long enough to be frozen in it.
      const setA = path.join(room.root, 'set-a');
      const setB = path.join(room.root, 'set-b');
      await writeCorpus(setA, { count: 60, images: 24 });
      await writeCorpus(setB, { count: 30, images: 2, variant: 1 });
      const env = { PRESSWIRE_NOW: NOW, PRESSWIRE_LOCK_STALE_MS: '2000' };
      const out = path.join(room.root, 'public');
      const frozen = startCli(['build', '--articles', setA, '--out', out], { cwd: room.root, env });
      children.push(frozen);
      const images = path.join(out, 'images');
      // Frozen once its first renditions are written aside (hidden until their group is
      // published): well inside its image stage, whose renditions are renamed into place in
      // groups of 32 MiB, here one group at the stage's end.
      await pollUntil(
        async () => (await readdir(images).catch(() => [])).some((name) => name.startsWith('.')),
        60_000,
        'the first build writing renditions aside',
      );
      frozen.child.kill('SIGSTOP');
      try {
        // Past the stale time (2 s) after the lock's last mtime, which may be up to a second
        // ahead when the build is frozen within a second of taking it (publish/lock.ts).
        await sleep(3_500);
        const next = await runCli(['build', '--articles', setB, '--out', out], { cwd: room.root, env });
        expect(next.code, next.stderr).toBe(0);
      } finally {
        frozen.child.kill('SIGCONT');
      }
      const stopped = await frozen.exited;
      expect(stopped.code).toBe(75);
      expect(frozen.stderr()).toContain(
        `presswire: ${out}: another build took over this output folder (lock ${out}.lock); nothing more was published; run again`,
      );
      expect(frozen.stderr()).not.toContain('this is a bug');

      // The folder holds the second build's files only: byte for byte a clean build of set B.
      const clean = path.join(room.root, 'clean');
      const reference = await runCli(['build', '--articles', setB, '--out', clean], { cwd: room.root, env });
      expect(reference.code).toBe(0);
      expect(await snapshot(out)).toEqual(await snapshot(clean));
      // And the next build of set B there changes nothing.
      const again = await runCli(['build', '--articles', setB, '--out', out, '--json'], { cwd: room.root, env });
      expect(again.code).toBe(0);
      expect(await snapshot(out)).toEqual(await snapshot(clean));
    },
  );
});
