import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkAtomRfc4287,
  checkJsonFeed11,
  checkWellFormedXml,
  isRfc3339DateTime,
  MissingToolError,
  parseWithFeedparser,
} from './validators.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/validators/${name}`, import.meta.url));

// External tools run a JVM / Python per call: allow for slow CI machines.
const SLOW = 60_000;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'presswire-validators-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('checkAtomRfc4287 (jing + RFC 4287 Appendix B, plus non-RELAX NG rules)', () => {
  it('accepts a valid Atom feed with an RFC 6721 tombstone', { timeout: SLOW }, async () => {
    const result = await checkAtomRfc4287(fixture('atom-valid.xml'));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('rejects an entry without atom:id', { timeout: SLOW }, async () => {
    const result = await checkAtomRfc4287(fixture('atom-entry-missing-id.xml'));
    expect(result.ok).toBe(false);
    // jing reports it from the schema ...
    expect(result.errors.some((e) => e.startsWith('jing:') && /missing required element "id"/.test(e))).toBe(true);
    // ... and so does the cardinality rule.
    expect(result.errors.some((e) => /entry #2: has 0 atom:id elements/.test(e))).toBe(true);
  });

  it('finds the rules RELAX NG cannot express, in a schema-valid document', { timeout: SLOW }, async () => {
    const result = await checkAtomRfc4287(fixture('atom-rfc4287-constraints.xml'));
    expect(result.ok).toBe(false);
    expect(result.errors.filter((e) => e.startsWith('jing:'))).toEqual([]);
    const all = result.errors.join('\n');
    expect(all).toMatch(/entry #1 \(id "tag:example.org,2018-06-12:rights-off-summit"\): has no atom:author/);
    expect(all).toMatch(/atom:updated "2018-06-14T10:00:00" is not an RFC 3339 date-time/);
    expect(all).toMatch(/entry #2 .*: has no atom:content, so it needs an atom:link with rel="alternate"/);
    expect(all).toMatch(/entry #3 .*: same atom:id and atom:updated as entry #2/);
    expect(result.errors).toHaveLength(4);
  });

  it(
    'requires at:deleted-entry to precede the entries (RFC 4287 schema: extensions before atom:entry)',
    { timeout: SLOW },
    async () => {
      const valid = await readFile(fixture('atom-valid.xml'), 'utf8');
      const tombstone = /\s*<at:deleted-entry[\s\S]*?<\/at:deleted-entry>/.exec(valid)?.[0] ?? '';
      expect(tombstone).not.toBe('');
      const moved = valid.replace(tombstone, '').replace('</feed>', `${tombstone}\n</feed>`);
      const file = join(scratch, 'tombstone-after-entries.xml');
      await writeFile(file, moved);
      const result = await checkAtomRfc4287(file);
      expect(result.ok).toBe(false);
      expect(result.errors.join('\n')).toMatch(/jing: .*"at:deleted-entry" not allowed here/);
    },
  );

  it('reports a malformed document without crashing', { timeout: SLOW }, async () => {
    const result = await checkAtomRfc4287(fixture('xml-unclosed-tag.xml'));
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('isRfc3339DateTime', () => {
  it.each([
    '2003-12-13T18:30:02Z',
    '2003-12-13T18:30:02.25Z',
    '2003-12-13T18:30:02+01:00',
    '2003-12-13T18:30:02.25+01:00',
    '2016-12-31T23:59:60Z',
    '2024-02-29T00:00:00-05:00',
  ])('accepts %s', (value) => {
    expect(isRfc3339DateTime(value)).toBe(true);
  });
  it.each([
    '2003-12-13T18:30:02',
    '2003-12-13t18:30:02Z',
    '2003-12-13T18:30:02z',
    '2003-12-13 18:30:02Z',
    ' 2003-12-13T18:30:02Z',
    '2003-12-13T18:30Z',
    '2023-02-29T00:00:00Z',
    '2003-13-01T00:00:00Z',
    '2003-12-13T24:00:00Z',
    '2003-12-13T18:30:02+0100',
    'Sat, 13 Dec 2003 18:30:02 GMT',
  ])('rejects %s', (value) => {
    expect(isRfc3339DateTime(value)).toBe(false);
  });
});

describe('checkJsonFeed11 (ajv + JSON Feed 1.1 schema)', () => {
  it('accepts a valid JSON Feed 1.1 with an _extension', async () => {
    const result = await checkJsonFeed11(fixture('jsonfeed-valid.json'));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('rejects version 1', async () => {
    const result = await checkJsonFeed11(fixture('jsonfeed-version-1.json'));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      '/version: must be equal to constant {"allowedValue":"https://jsonfeed.org/version/1.1"}',
    ]);
  });

  it('rejects bad items: id type, missing content, dates, relative URLs, authors, attachments, unknown keys, duplicate ids', async () => {
    const result = await checkJsonFeed11(fixture('jsonfeed-invalid-items.json'));
    expect(result.ok).toBe(false);
    const all = result.errors.join('\n');
    expect(all).toMatch(/\/items\/0\/id: must be string/);
    expect(all).toMatch(/\/items\/0: must have required property 'content_html'/);
    expect(all).toMatch(/\/items\/0\/date_published: must match format "date-time"/);
    expect(all).toMatch(/\/items\/0\/url: must match format "uri"/);
    expect(all).toMatch(/\/items\/1\/authors\/0: must have required property 'name'/);
    expect(all).toMatch(/\/items\/1\/attachments\/0: must have required property 'mime_type'/);
    expect(all).toMatch(/\/items\/1\/attachments\/0\/size_in_bytes: must be integer/);
    expect(all).toMatch(/\/items\/1: must NOT have additional properties \{"additionalProperty":"color"\}/);
    expect(all).toMatch(/\/items\/2\/id: "tag:example.org,2018-07-10:typhoon-maria" repeats \/items\/1\/id/);
  });

  it('rejects invalid JSON, a BOM and missing required top-level keys', async () => {
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{"version": "https://jsonfeed.org/version/1.1",');
    const r1 = await checkJsonFeed11(broken);
    expect(r1.ok).toBe(false);
    expect(r1.errors[0]).toMatch(/^not valid JSON/);

    const bom = join(scratch, 'bom.json');
    await writeFile(bom, '\uFEFF{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[]}');
    const r2 = await checkJsonFeed11(bom);
    expect(r2.ok).toBe(false);

    const bare = join(scratch, 'bare.json');
    await writeFile(bare, '{"version":"https://jsonfeed.org/version/1.1"}');
    const r3 = await checkJsonFeed11(bare);
    expect(r3.errors).toEqual(
      expect.arrayContaining([
        '(root): must have required property \'title\' {"missingProperty":"title"}',
        '(root): must have required property \'items\' {"missingProperty":"items"}',
      ]),
    );
  });
});

describe('parseWithFeedparser (Universal Feed Parser, python3-feedparser)', () => {
  it(
    'parses a valid RSS 2.0 feed without bozo, with titles, links, dates, dc:creator and Media RSS',
    { timeout: SLOW },
    async () => {
      const result = await parseWithFeedparser(fixture('rss-valid.xml'));
      expect(result.bozo).toBe(false);
      expect(result.bozo_exception).toBeNull();
      expect(result.version).toBe('rss20');
      expect(result.feed.title).toBe('Example Wire: Asia');
      expect(result.feed.link).toBe('https://example.org/');
      expect(result.feed.links).toContainEqual(
        expect.objectContaining({ rel: 'self', href: 'https://example.org/rss.xml', type: 'application/rss+xml' }),
      );
      expect(result.entries).toHaveLength(2);

      const [first, second] = result.entries;
      expect(first).toMatchObject({
        id: 'tag:example.org,2018-06-12:rights-off-summit',
        title: 'Rights Left Off the Summit Agenda',
        link: 'https://example.org/2018/06/12/rights-off-summit-agenda/',
        published: '2018-06-12T01:30:00Z',
        updated: '2018-06-14T10:00:00Z',
        author: 'A. Reporter',
        summary: 'The joint statement never mentions the camps',
        tags: ['North Korea', 'United States'],
      });
      expect(first?.authors).toEqual([{ name: 'A. Reporter', email: null, href: null }]);
      expect(first?.content[0]?.value).toContain('An earlier version of this dispatch misquoted');
      expect(first?.media_content).toEqual([
        {
          url: 'https://example.org/images/summit-handshake-960.jpg',
          medium: 'image',
          type: 'image/jpeg',
          width: '960',
          height: '640',
        },
      ]);
      expect(first?.media_credit).toEqual([
        { role: 'photographer', scheme: 'urn:ebu', content: '© 2018 Example Photo Agency' },
      ]);
      expect(first?.media_thumbnail[0]?.['url']).toBe('https://example.org/images/summit-handshake-480.jpg');

      // pubDate with a +0900 offset is normalised to UTC.
      expect(second?.published).toBe('2018-07-10T06:15:00Z');
      expect(second?.enclosures).toEqual([
        { href: 'https://example.org/audio/typhoon-maria.mp3', type: 'audio/mpeg', length: '1048576' },
      ]);
    },
  );

  it('parses the valid Atom fixture too', { timeout: SLOW }, async () => {
    const result = await parseWithFeedparser(fixture('atom-valid.xml'));
    expect(result.bozo).toBe(false);
    expect(result.version).toBe('atom10');
    expect(result.entries.map((e) => e.id)).toEqual([
      'tag:example.org,2018-06-12:rights-off-summit',
      'tag:example.org,2018-07-10:typhoon-maria',
    ]);
    expect(result.entries[0]?.published).toBe('2018-06-12T01:30:00Z');
    expect(result.entries[1]?.updated).toBe('2018-07-09T23:40:00Z');
  });

  it('flags a malformed RSS feed as bozo', { timeout: SLOW }, async () => {
    const result = await parseWithFeedparser(fixture('rss-malformed.xml'));
    expect(result.bozo).toBe(true);
    // feedparser uses libxml2's SAX driver when python3-libxml2 is installed, expat's otherwise;
    // each words it its own way ("Opening and ending tag mismatch" / "mismatched tag"), and both
    // name line 8, where <title> is closed by </titel>.
    expect(result.bozo_exception).toMatch(
      /^SAXParseException: .*:8:-?\d+: (mismatched tag|Opening and ending tag mismatch)/,
    );
  });

  it('fails loudly, naming the Debian package, when python3 or feedparser is missing', { timeout: SLOW }, async () => {
    const importFresh = async (python: string): Promise<typeof import('./validators.js')> => {
      vi.stubEnv('FEEDPARSER_PYTHON', python);
      vi.resetModules();
      return import('./validators.js');
    };
    try {
      // No interpreter at all.
      const noPython = await importFresh(join(scratch, 'no-such-python3'));
      await expect(noPython.parseWithFeedparser(fixture('rss-valid.xml'))).rejects.toThrow(
        /apt-get install python3-feedparser/,
      );

      // An interpreter that cannot import feedparser (-S: no site/dist-packages).
      const fake = join(scratch, 'python3-without-feedparser');
      await writeFile(fake, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
      await chmod(fake, 0o755);
      const noModule = await importFresh(fake);
      const error: unknown = await noModule.parseWithFeedparser(fixture('rss-valid.xml')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(noModule.MissingToolError);
      expect(String(error)).toMatch(/apt-get install python3-feedparser/);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('checkWellFormedXml (xmllint)', () => {
  it('accepts well-formed feeds', { timeout: SLOW }, async () => {
    for (const name of ['rss-valid.xml', 'atom-valid.xml', 'atom-rfc4287-constraints.xml']) {
      const result = await checkWellFormedXml(fixture(name));
      expect(result, name).toEqual({ ok: true, errors: [] });
    }
  });

  it('rejects an unclosed tag', { timeout: SLOW }, async () => {
    const result = await checkWellFormedXml(fixture('xml-unclosed-tag.xml'));
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Opening and ending tag mismatch: description/);
  });

  it('rejects XML-illegal control characters, raw or as character references', { timeout: SLOW }, async () => {
    const raw = await checkWellFormedXml(fixture('xml-control-char.xml'));
    expect(raw.ok).toBe(false);
    expect(raw.errors.join('\n')).toMatch(/invalid Char value 11/);
    expect(raw.errors.join('\n')).toMatch(/invalid Char value 1\b/);

    const ref = await checkWellFormedXml(fixture('xml-control-char-ref.xml'));
    expect(ref.ok).toBe(false);
    expect(ref.errors.join('\n')).toMatch(/invalid xmlChar value 27/);
  });

  it('throws for a file that does not exist instead of reporting it as invalid XML', async () => {
    await expect(checkWellFormedXml(join(scratch, 'missing.xml'))).rejects.toThrow(/cannot read/);
  });
});

describe('MissingToolError', () => {
  it('names the Debian package to install', () => {
    const err = new MissingToolError('jing', 'jing', 'cannot execute jing: ENOENT');
    expect(err.message).toMatch(/apt-get install jing/);
    expect(err).toBeInstanceOf(Error);
  });
});
