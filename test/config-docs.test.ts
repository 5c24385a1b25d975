import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOC, SCHEMA_FILE, configKeys, readFieldComments, withReference } from '../scripts/config-docs.js';

/**
 * docs/configuration.md's key reference is generated from the zod schema and the comment
 * above each key (scripts/config-docs.ts). Regenerated in memory here: the file on disk must
 * be the same, so a key added, removed or re-described in the schema is in the docs too.
 */
describe('the configuration reference in docs/configuration.md', () => {
  it('is what `npm run docs:config` generates from src/config/schema.ts', async () => {
    const onDisk = readFileSync(CONFIG_DOC, 'utf8');
    const regenerated = await withReference(onDisk);
    expect(
      onDisk === regenerated,
      'docs/configuration.md is out of date with src/config/schema.ts: run `npm run docs:config`',
    ).toBe(true);
  });

  it('describes every key of the schema', () => {
    const rows = configKeys(readFieldComments(readFileSync(SCHEMA_FILE, 'utf8')));
    const undescribed = rows.filter((row) => !row.description).map((row) => row.key);
    expect(undescribed, 'keys without a comment in src/config/schema.ts').toEqual([]);
    expect(rows.map((row) => row.key)).toEqual(expect.arrayContaining(['site.url', 'feeds.limit', 'state']));
  });

  it('reads a key comment from the source text, and lists the keys with their defaults', () => {
    const comments = readFieldComments(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(comments.get('site.author.name')).toBe('Display name.');
    const limit = configKeys(comments).find((row) => row.key === 'feeds.limit');
    expect(limit).toMatchObject({ type: 'integer ≥ 1', default: '`50`' });
  });
});
