import { cp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';

/**
 * docs/operations.md, "How a build stays safe, and why", damaged state: a truncated, corrupt,
 * wrongly shaped or deleted state file never stops the build and loses no history. The build
 * falls back to the file's previous generation, or reads what the published feeds carry, says
 * what it recovered and from where, exits 0, and its feeds equal the ones before, byte for
 * byte: an unannounced edit's time, a withdrawal's time (both known only to the state and the
 * feeds), the archive pages and the section feeds.
 */

const SITE = 'https://damage.example/';
const CONFIG = {
  site: { title: 'Damage Desk', url: SITE },
  feeds: { archive: { pageSize: 2 }, facets: { sections: true } },
};
const T1 = '2026-11-01T10:00:00Z';
const T2 = '2026-11-02T10:00:00Z';
const T3 = '2026-11-03T10:00:00Z';
const T4 = '2026-11-04T10:00:00Z';

const story = (n: number, body = `Dispatch number ${n}.\n`, extra: Record<string, unknown> = {}) =>
  article(
    { title: `Story ${n}`, published: `2026-10-0${n}T08:00:00Z`, section: n % 2 === 0 ? 'Courts' : 'Land', ...extra },
    body,
  );

let room: Newsroom;
let stateDir: string;
/** The state folder and out/ as the second build left them, and every feed file then. */
let savedState: string;
let savedOut: string;
let feedsBefore: Map<string, Buffer>;

const build = (now: string): Promise<CliResult> => runCli(['build'], { cwd: room.root, env: { PRESSWIRE_NOW: now } });

/** Every feed file (and the index page) under out/, renditions and stylesheets aside. */
async function feedFiles(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(room.out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(xml|json|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(room.out, file), await readFile(file));
  }
  return files;
}

async function restore(): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
  await rm(room.out, { recursive: true, force: true });
  await cp(savedState, stateDir, { recursive: true });
  await cp(savedOut, room.out, { recursive: true });
}

beforeAll(async () => {
  room = await makeNewsroom();
  stateDir = `${room.out}.presswire`;
  await writeFile(path.join(room.root, 'presswire.config.json'), JSON.stringify(CONFIG));
  for (const n of [1, 2, 3, 4, 5]) await room.write(`story-${n}.md`, story(n));
  const first = await build(T1);
  expect(first.code).toBe(0);
  // The second build sees an unannounced edit (its time is this build's) and a withdrawal
  // without a date (its tombstone time is this build's too): history only the state and
  // the feeds hold.
  await room.write('story-2.md', story(2, 'Dispatch number 2, quietly rewritten.\n'));
  await room.write('story-4.md', story(4, undefined, { status: 'withdrawn' }));
  const second = await build(T2);
  expect(second.code).toBe(0);
  expect(second.stderr).toContain('unannounced edit');
  feedsBefore = await feedFiles();
  const atom = feedsBefore.get('atom.xml')?.toString('utf8') ?? '';
  expect(atom).toContain('<updated>2026-11-02T10:00:00Z</updated>');
  expect(atom).toContain(`<at:deleted-entry ref="tag:damage.example,2026-10-04:story-4" when="2026-11-02T10:00:00Z">`);
  expect([...feedsBefore.keys()]).toEqual(expect.arrayContaining(['archive/1.xml', 'archive/3.xml']));
  savedState = path.join(room.root, 'saved-state');
  savedOut = path.join(room.root, 'saved-out');
  await cp(stateDir, savedState, { recursive: true });
  await cp(room.out, savedOut, { recursive: true });
});

afterAll(async () => {
  await room?.remove();
});

type Damage = (file: string) => Promise<void>;
const DAMAGES: [string, Damage][] = [
  ['truncated to 0 bytes', (file) => truncate(file, 0)],
  ['cut in the middle', async (file) => truncate(file, Math.floor((await readFile(file)).length / 2))],
  ['not JSON', (file) => writeFile(file, '\u0000\u0000garbage')],
  ['of the wrong shape', (file) => writeFile(file, '{"version": 99, "entries": []}')],
  ['deleted', (file) => rm(file)],
];

async function expectSameFeedsAfter(damaged: string[]): Promise<CliResult> {
  const result = await build(T3);
  expect(result.code, result.stderr).toBe(0);
  const warnings = result.stderr.trimEnd().split('\n');
  for (const line of warnings) expect(line).toMatch(/^presswire: warning: /);
  for (const name of damaged) expect(result.stderr).toContain(name);
  const after = await feedFiles();
  expect([...after.keys()].sort()).toEqual([...feedsBefore.keys()].sort());
  for (const [name, bytes] of feedsBefore) expect(after.get(name)?.toString('utf8'), name).toBe(bytes.toString('utf8'));
  // Healed: the build after that has nothing to recover and changes nothing.
  const next = await build(T4);
  expect(next.code).toBe(0);
  expect(next.stderr).toBe('');
  const healed = await feedFiles();
  for (const [name, bytes] of feedsBefore) expect(healed.get(name)?.equals(bytes), name).toBe(true);
  return result;
}

describe('a damaged state file', () => {
  for (const file of ['state.json', 'feeds.json', 'last-good.json']) {
    for (const [what, damage] of DAMAGES) {
      it(`${file} ${what}: the next build exits 0, reports it, and its feeds equal the ones before`, async () => {
        await restore();
        await damage(path.join(stateDir, file));
        await expectSameFeedsAfter([file]);
      });
    }
  }

  it('keeps the previous generation of each history file beside it', async () => {
    await restore();
    const names = await readdir(stateDir);
    expect(names).toEqual(expect.arrayContaining(['state.json', 'state.json.prev']));
    const previous = JSON.parse(await readFile(path.join(stateDir, 'state.json.prev'), 'utf8')) as {
      entries: Record<string, { withdrawnAt?: number }>;
    };
    // The first build's state: story 4 not yet withdrawn.
    expect(previous.entries['tag:damage.example,2026-10-04:story-4']?.withdrawnAt).toBeUndefined();
  });

  it('state.json and state.json.prev both lost: recovered from the published feeds', async () => {
    await restore();
    await truncate(path.join(stateDir, 'state.json'), 0);
    await rm(path.join(stateDir, 'state.json.prev'), { force: true });
    const result = await expectSameFeedsAfter(['state.json']);
    expect(result.stderr).toContain(
      'presswire: warning: state.json is not JSON (it is empty), and state.json.prev is missing; recovered from 6 published Atom feeds: the modification times of 4 entries and the withdrawal times of 1 tombstones.',
    );
  });

  it('feeds.json and its previous generation both lost: the archive slots and slugs come back from the feeds', async () => {
    await restore();
    await writeFile(path.join(stateDir, 'feeds.json'), '{');
    await rm(path.join(stateDir, 'feeds.json.prev'), { force: true });
    const result = await expectSameFeedsAfter(['feeds.json']);
    expect(result.stderr).toContain(
      'recovered from the published feeds: the slots of 3 archive pages and 2 facet slugs',
    );
  });

  it('the whole state folder lost: every feed comes back the same from the published feeds', async () => {
    await restore();
    await rm(stateDir, { recursive: true, force: true });
    await expectSameFeedsAfter(['state.json', 'feeds.json']);
  });
});
