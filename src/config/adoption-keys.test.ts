import { describe, expect, it } from 'vitest';
import { parseAuthorData } from '../load/author-data.js';
import { configSchema } from './schema.js';

const SITE = { title: 'Harbour Gazette', url: 'https://gazette.example.org/' };

describe('the configuration keys of an adopted site', () => {
  it('defaults to reading any dialect, tag ids, presswire file names and UTC', () => {
    const config = configSchema.parse({ site: SITE });
    expect(config.input).toEqual({ dialect: 'auto', fields: {}, section: 'categories' });
    expect(config.ids).toEqual({ scheme: 'tag' });
    expect(config.feeds.files).toEqual({ rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' });
    expect(config.site.timezone).toBe('UTC');
  });

  it.each([
    [
      'an unknown time zone',
      { site: { ...SITE, timezone: 'Mars/Olympus' } },
      'site.timezone',
      'expected an IANA time zone name',
    ],
    [
      'a feed file in a folder',
      { site: SITE, feeds: { files: { atom: 'x/feed.xml' } } },
      'feeds.files.atom',
      'expected a file name',
    ],
    [
      'two feeds in one file',
      { site: SITE, feeds: { files: { rss: 'feed.xml', atom: 'feed.xml' } } },
      'feeds.files',
      'three different',
    ],
    ['an unknown dialect', { site: SITE, input: { dialect: 'wordpress' } }, 'input.dialect', ''],
    ['an unknown id scheme', { site: SITE, ids: { scheme: 'uuid' } }, 'ids.scheme', ''],
  ])('refuses %s', (_name, input, key, message) => {
    const result = configSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(key);
    expect(issue?.message).toContain(message);
  });
});

describe('parseAuthorData (Jekyll _data/authors.yml, Hugo data/authors.*)', () => {
  it.each([
    ['YAML', 'authors.yml', 'jdoe:\n  name: Jane Doe\n  uri: https://x.example/jane/\n  twitter: jd\n'],
    ['TOML', 'authors.toml', '[jdoe]\nname = "Jane Doe"\nurl = "https://x.example/jane/"\n'],
    ['JSON', 'authors.json', '{"jdoe": {"display_name": "Jane Doe", "website": "https://x.example/jane/"}}'],
  ])('%s', (_name, file, text) => {
    expect(parseAuthorData(text, file)).toEqual({
      ok: true,
      authors: { jdoe: { name: 'Jane Doe', url: 'https://x.example/jane/' } },
    });
  });

  it('refuses a file that is not a mapping, or not valid, with what was expected', () => {
    expect(parseAuthorData('- a\n- b\n', 'authors.yml')).toEqual({
      ok: false,
      message: 'expected a mapping of author keys to their name, email and url',
    });
    const broken = parseAuthorData('[jdoe\n', 'authors.toml');
    expect(broken.ok === false && broken.message).toMatch(/^expected a valid author data file but the parser said: /);
  });
});
