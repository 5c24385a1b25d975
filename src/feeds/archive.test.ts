import { describe, expect, it } from 'vitest';
import type { Entry, Tombstone } from '../model.js';
import { archivePages, archivePath, assignSlots, type Slot } from './archive.js';

const t = (iso: string) => Date.parse(iso);

function entry(id: string, published: string, modified = published): Entry {
  return {
    id,
    url: `https://example.org/${id}/`,
    title: id,
    contentHtml: `<p>${id}</p>`,
    published: t(published),
    modified: t(modified),
    authors: [{ name: 'A. Reporter' }],
    tags: [],
    corrections: [],
    sourcePath: `${id}.md`,
  };
}

function slotsOf(entries: Entry[], tombstones: Tombstone[] = []): Map<string, Slot> {
  return new Map<string, Slot>([
    ...entries.map((item): [string, Slot] => [item.id, { kind: 'entry', entry: item }]),
    ...tombstones.map((item): [string, Slot] => [item.id, { kind: 'tombstone', tombstone: item }]),
  ]);
}

describe('assignSlots', () => {
  it('fills an empty list in publication order, ties by id', () => {
    const items = [
      entry('c', '2020-03-01T00:00:00Z'),
      entry('b', '2020-01-01T00:00:00Z'),
      entry('a', '2020-01-01T00:00:00Z'),
    ];
    expect(assignSlots([], items)).toEqual(['a', 'b', 'c']);
  });

  it('appends newcomers after every known id, even one published earlier (a backdated article)', () => {
    const known = ['a', 'b', 'c'];
    const items = [
      entry('a', '2020-01-01T00:00:00Z'),
      entry('z', '2024-01-01T00:00:00Z'),
      entry('old', '2001-01-01T00:00:00Z'),
    ];
    expect(assignSlots(known, items)).toEqual(['a', 'b', 'c', 'old', 'z']);
  });

  it('keeps the slots of ids missing from this build (a failing article keeps its place)', () => {
    expect(assignSlots(['a', 'b', 'c'], [entry('c', '2020-01-01T00:00:00Z')])).toEqual(['a', 'b', 'c']);
  });
});

describe('archivePages', () => {
  const a = entry('a', '2020-01-01T00:00:00Z');
  const b = entry('b', '2020-02-01T00:00:00Z');
  const c = entry('c', '2020-03-01T00:00:00Z', '2025-05-05T00:00:00Z');
  const d = entry('d', '2020-04-01T00:00:00Z');
  const e = entry('e', '2020-05-01T00:00:00Z');

  it('cuts the slots into pages of a fixed size, oldest first, newest slot first within a page', () => {
    const pages = archivePages(['a', 'b', 'c', 'd', 'e'], slotsOf([a, b, c, d, e]), 2);
    expect(pages.map((p) => ({ n: p.number, ids: p.entries.map((x) => x.id), next: p.hasNext }))).toEqual([
      { n: 1, ids: ['b', 'a'], next: true },
      { n: 2, ids: ['d', 'c'], next: true },
      { n: 3, ids: ['e'], next: false },
    ]);
    // A page's updated time is its own newest entry's, not the build's.
    expect(pages[1]?.updated).toBe(t('2025-05-05T00:00:00Z'));
  });

  it('opens an empty page after a full one, so the full page never changes to gain a next-archive link', () => {
    const pages = archivePages(['a', 'b', 'c', 'd'], slotsOf([a, b, c, d]), 2);
    expect(pages.map((p) => [p.number, p.entries.length, p.hasNext])).toEqual([
      [1, 2, true],
      [2, 2, true],
      [3, 0, false],
    ]);
  });

  it('puts a withdrawn article as a tombstone in its own slot and leaves a missing one empty, moving nothing', () => {
    const withdrawn: Tombstone = {
      id: 'b',
      url: 'https://example.org/b/',
      when: t('2026-01-01T00:00:00Z'),
      sourcePath: 'b.md',
    };
    const pages = archivePages(['a', 'b', 'c', 'd', 'e'], slotsOf([a, d, e], [withdrawn]), 2);
    expect(pages.map((p) => ({ ids: p.entries.map((x) => x.id), gone: p.tombstones.map((x) => x.id) }))).toEqual([
      { ids: ['a'], gone: ['b'] },
      { ids: ['d'], gone: [] },
      { ids: ['e'], gone: [] },
    ]);
  });

  it('has one empty page when nothing was ever syndicated', () => {
    expect(archivePages([], new Map(), 100)).toEqual([
      { number: 1, entries: [], tombstones: [], updated: 0, hasNext: false },
    ]);
  });

  it('names pages archive/<n>.xml', () => {
    expect(archivePath(12)).toBe('archive/12.xml');
  });
});
