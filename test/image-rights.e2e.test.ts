import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { readTags, writeTags } from './support/exiftool.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import { checkAtomRfc4287, checkJsonFeed11, checkWellFormedXml, parseWithFeedparser } from './support/validators.js';

/**
 * Credits that travel with the pictures (docs/article-format.md, "Image rights"), through the
 * real CLI: every rendition read back by exiftool, an independent reader, and the feeds parsed;
 * a source photo's camera and GPS fields never published; a source file's own credit used when
 * the article has none; a changed credit re-makes only that picture's renditions.
 */

const NOW = '2026-11-28T00:00:00Z';
const SITE = 'https://news.northwind-rights.example/';
const SITE_TITLE = 'Northwind Rights Monitor';
const CONFIG = {
  site: { title: SITE_TITLE, url: SITE },
  images: {
    widths: [480, 960],
    rights: {
      copyright: '© Northwind Rights Monitor',
      license: 'https://news.northwind-rights.example/licensing/',
      source: true,
      licensor: { name: 'Northwind Picture Desk', url: 'https://news.northwind-rights.example/pictures/' },
    },
  },
};

const CAMERA_IMAGE = {
  src: '../images/camera.jpg',
  alt: 'Tents in a field',
  caption: 'Tents at the edge of the camp, "Block C" & beyond.',
  credit: 'Ana Ruiz / Example Photo Agency',
  creator: 'Ana Ruiz',
  copyright: '© 2026 Example Photo Agency',
  license: 'https://agency.example/terms/editorial',
};

interface Line {
  event: string;
  level?: string;
  file?: string;
  key?: string;
  message?: string;
  imagesEncoded?: number;
  imageRenditions?: number;
  sourceBytesRead?: number;
}

let newsroom: Newsroom;
let first: { result: CliResult; lines: Line[] };

/** A photo-like gradient, 1000 × 667. */
function photo(seed: number): Sharp {
  const width = 1000;
  const height = 667;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * seed + (i >> 7)) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

async function build(args: string[] = []): Promise<{ result: CliResult; lines: Line[] }> {
  const result = await runCli(['build', '--json', ...args], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
  const lines = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
  return { result, lines };
}

const finishOf = (lines: Line[]): Line => {
  const finish = lines.find((line) => line.event === 'build-finished');
  if (!finish) throw new Error(`no finish line in ${JSON.stringify(lines)}`);
  return finish;
};

interface JsonItem {
  url: string;
  content_html: string;
  image?: string;
  _image_rights?: Record<string, string>;
}

async function jsonItems(): Promise<JsonItem[]> {
  return (JSON.parse(await newsroom.read('feed.json')) as { items: JsonItem[] }).items;
}

/** The renditions (files in out/images) an item's lead image has: JPEGs from Media RSS, WebPs from the lead figure. */
async function leadRenditionFiles(slug: string): Promise<string[]> {
  const item = (await jsonItems()).find((i) => i.url.includes(`/${slug}/`));
  if (!item?.image) throw new Error(`no lead image for ${slug}`);
  const rss = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'item' || name === 'media:content',
  }).parse(await newsroom.read('rss.xml')) as RssDocument;
  const rssItem = rss.rss.channel.item.find((i) => i.link.includes(`/${slug}/`));
  const jpegs = (rssItem?.['media:content'] ?? []).map((c) => c['@_url']);
  const webpSrcset = /<source type="image\/webp" srcset="([^"]+)"/.exec(item.content_html)?.[1] ?? '';
  const webps = webpSrcset.split(', ').map((candidate) => candidate.split(' ')[0] as string);
  return [...jpegs, ...webps].map((url) => path.join(newsroom.out, new URL(url).pathname));
}

interface RssContent {
  '@_url': string;
  'media:credit'?: string;
  'media:copyright'?: string;
  'media:license'?: { '@_href': string; '@_type': string };
}
interface RssDocument {
  rss: { channel: { item: { link: string; 'media:content'?: RssContent[] }[] } };
}

/** The `src` URLs of the body images in an item's JSON Feed content, in order. */
async function bodyImageFiles(slug: string): Promise<string[]> {
  const item = (await jsonItems()).find((i) => i.url.includes(`/${slug}/`)) as JsonItem;
  const srcs = [...item.content_html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] as string);
  // The first <img> is the lead figure's.
  return srcs.slice(1).map((url) => path.join(newsroom.out, new URL(url).pathname));
}

beforeAll(async () => {
  newsroom = await makeNewsroom();
  const images = path.join(newsroom.articles, 'images');
  await mkdir(images, { recursive: true });
  await writeFile(path.join(newsroom.root, 'presswire.config.json'), JSON.stringify(CONFIG, null, 2));

  // A camera original: GPS position, maker, model, serial number, an editing tool and a city in XMP.
  await photo(3)
    .withExif({
      IFD0: { Make: 'LeakyCam', Model: 'Whistle 9', Software: 'Darkroom Pro 7' },
      IFD2: { BodySerialNumber: 'SN-0042-7781' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 2658/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '0/1 7/1 3900/100',
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ' +
        'xmp:CreatorTool="Darkroom Pro 7" photoshop:City="Hidden Valley"/></rdf:RDF></x:xmpmeta>',
    )
    .jpeg({ quality: 85 })
    .toFile(path.join(images, 'camera.jpg'));
  // An agency picture that carries its own credit in IPTC-IIM (written by exiftool).
  await photo(5).jpeg({ quality: 85 }).toFile(path.join(images, 'wire.jpg'));
  await writeTags(path.join(images, 'wire.jpg'), [
    '-IPTC:By-line=Jörg Agent',
    '-IPTC:Credit=Northwind Wire / Jörg Agent',
    '-IPTC:CopyrightNotice=© 2026 Northwind Wire',
  ]);
  // One that carries it in XMP only.
  await photo(7)
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        '<photoshop:Credit>Harbour Pictures</photoshop:Credit>' +
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2025 Harbour Pictures</rdf:li></rdf:Alt></dc:rights>' +
        '</rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .jpeg({ quality: 85 })
    .toFile(path.join(images, 'harbour.jpg'));
  await photo(9).jpeg({ quality: 85 }).toFile(path.join(images, 'pump.jpg'));
  await photo(11).jpeg({ quality: 85 }).toFile(path.join(images, 'bare.jpg'));

  await newsroom.write(
    '2026/camp.md',
    article({ title: 'Tents Go Up at the Camp', published: '2026-10-03T08:00:00Z', image: CAMERA_IMAGE }),
  );
  await newsroom.write(
    '2026/wire.md',
    article(
      {
        title: 'Wire Picture Without a Credit',
        published: '2026-10-02T08:00:00Z',
        image: { src: '../images/wire.jpg', alt: 'A road', caption: 'The road north.' },
      },
      'The road was closed.\n\n![Boats in a harbour](../images/harbour.jpg)\n\n' +
        '![A hand pump](../images/pump.jpg "The pump at the upstream settlement. | © 2026 Body Credit")\n',
    ),
  );
  // The body image of wire.md again, as another article's lead with its own caption.
  await newsroom.write(
    '2026/reuse.md',
    article({
      title: 'The Pump Again',
      published: '2026-09-30T08:00:00Z',
      image: {
        src: '../images/pump.jpg',
        alt: 'A hand pump',
        caption: 'The same pump, a year on.',
        credit: '© 2026 Body Credit',
      },
    }),
  );
  await newsroom.write(
    '2026/bare.md',
    article({
      title: 'A Picture Credited Nowhere',
      published: '2026-10-01T08:00:00Z',
      image: { src: '../images/bare.jpg', alt: 'A wall' },
    }),
  );
  first = await build();
}, 120_000);

afterAll(() => newsroom.remove());

describe('rights metadata in every rendition', () => {
  it('builds, telling where a credit came from a file and where a picture has none', () => {
    expect(first.result.code, first.result.stderr).toBe(0);
    const diagnostics = first.lines
      .filter((line) => line.event === 'diagnostic')
      .map(({ level, file, key, message }) => ({ level, file, key, message }));
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        {
          level: 'warning',
          file: 'articles/2026/bare.md',
          key: 'image.src',
          message:
            'expected a credit for articles/images/bare.jpg in the article (`image.credit`) or embedded in the image file (IPTC/XMP) but found none',
        },
        {
          level: 'info',
          file: 'articles/2026/wire.md',
          key: 'image.src',
          message:
            'credit "Northwind Wire / Jörg Agent" read from the image file articles/images/wire.jpg, which the article does not credit',
        },
        {
          level: 'info',
          file: 'articles/2026/wire.md',
          key: 'body image ../images/harbour.jpg',
          message:
            'credit "Harbour Pictures" read from the image file articles/images/harbour.jpg, which the article does not credit',
        },
      ]),
    );
    expect(diagnostics).toHaveLength(3);
  });

  it("writes the article's credit, creator, copyright, caption and licence into each WebP and JPEG, exactly", async () => {
    const files = await leadRenditionFiles('camp');
    expect(files.map((f) => path.extname(f)).sort()).toEqual(['.jpg', '.jpg', '.webp', '.webp']);
    for (const tags of await readTags(files)) {
      expect(tags).toMatchObject({
        'XMP-dc:Creator': 'Ana Ruiz',
        'XMP-photoshop:Credit': 'Ana Ruiz / Example Photo Agency',
        'XMP-dc:Rights': '© 2026 Example Photo Agency',
        'XMP-dc:Description': 'Tents at the edge of the camp, "Block C" & beyond.',
        'XMP-xmpRights:WebStatement': 'https://agency.example/terms/editorial',
        'XMP-photoshop:Source': SITE_TITLE,
        'XMP-plus:LicensorName': 'Northwind Picture Desk',
        'XMP-plus:LicensorURL': 'https://news.northwind-rights.example/pictures/',
      });
    }
  });

  it("publishes none of the camera original's GPS, camera, editing or profile fields", async () => {
    const source = (await readTags([path.join(newsroom.articles, 'images/camera.jpg')]))[0] ?? {};
    // The fixture really carries them.
    expect(source).toMatchObject({ 'IFD0:Make': 'LeakyCam', 'ExifIFD:SerialNumber': 'SN-0042-7781' });
    expect(Object.keys(source).some((key) => key.startsWith('GPS:'))).toBe(true);
    const allowedGroups = new Set(['SourceFile', 'ExifTool', 'System', 'File', 'JFIF', 'RIFF', 'Composite']);
    const allowedXmp = new Set([
      'XMP-x:XMPToolkit',
      'XMP-dc:Creator',
      'XMP-dc:Rights',
      'XMP-dc:Description',
      'XMP-photoshop:Credit',
      'XMP-photoshop:Source',
      'XMP-xmpRights:WebStatement',
      'XMP-plus:LicensorName',
      'XMP-plus:LicensorURL',
    ]);
    for (const tags of await readTags(await leadRenditionFiles('camp'))) {
      const published = Object.keys(tags).filter((key) => !allowedGroups.has(key.split(':')[0] ?? ''));
      expect(published.filter((key) => !allowedXmp.has(key))).toEqual([]);
      const text = JSON.stringify(tags);
      for (const secret of ['LeakyCam', 'Whistle 9', 'SN-0042-7781', 'Darkroom Pro 7', 'Hidden Valley']) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it("uses the source file's IPTC credit and copyright when the article has none, with the site's licence", async () => {
    for (const tags of await readTags(await leadRenditionFiles('wire'))) {
      expect(tags).toMatchObject({
        'XMP-dc:Creator': 'Jörg Agent',
        'XMP-photoshop:Credit': 'Northwind Wire / Jörg Agent',
        'XMP-dc:Rights': '© 2026 Northwind Wire',
        'XMP-dc:Description': 'The road north.',
        'XMP-xmpRights:WebStatement': 'https://news.northwind-rights.example/licensing/',
      });
      // The source's IPTC block itself is not copied: the rights travel as XMP.
      expect(Object.keys(tags).filter((key) => key.startsWith('IPTC:'))).toEqual([]);
    }
  });

  it('credits body images from their source file or their "caption | credit" title', async () => {
    const [harbour, pump] = await bodyImageFiles('wire');
    const [harbourTags, pumpTags] = await readTags([harbour as string, pump as string]);
    expect(harbourTags).toMatchObject({
      'XMP-photoshop:Credit': 'Harbour Pictures',
      'XMP-dc:Rights': '© 2025 Harbour Pictures',
    });
    expect(pumpTags).toMatchObject({
      'XMP-photoshop:Credit': '© 2026 Body Credit',
      'XMP-dc:Description': 'The pump at the upstream settlement.',
      'XMP-dc:Rights': '© Northwind Rights Monitor',
    });
    expect(pumpTags?.['XMP-dc:Creator']).toBeUndefined();
  });
});

describe('one picture, two uses', () => {
  it('encodes the shared pixels once: each use is a copy with its own XMP', () => {
    // Five sources, 2 widths × 2 formats each; the pump's second use adds files, not encodes.
    expect(finishOf(first.lines)).toMatchObject({ imageRenditions: 24, imagesEncoded: 20 });
  });

  it('gives each use its own renditions, each carrying its own caption', async () => {
    const [, pumpInBody] = await bodyImageFiles('wire');
    const asLead = await leadRenditionFiles('reuse');
    expect(asLead).not.toContain(pumpInBody);
    const [bodyTags] = await readTags([pumpInBody as string]);
    expect(bodyTags?.['XMP-dc:Description']).toBe('The pump at the upstream settlement.');
    for (const tags of await readTags(asLead)) {
      expect(tags).toMatchObject({
        'XMP-dc:Description': 'The same pump, a year on.',
        'XMP-photoshop:Credit': '© 2026 Body Credit',
      });
    }
  });
});

describe('rights in the feeds', () => {
  it('carries the same credit, copyright and licence in Media RSS and JSON Feed, in valid feeds', async () => {
    const rss = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'item' || name === 'media:content',
    }).parse(await newsroom.read('rss.xml')) as RssDocument;
    const mediaOf = (slug: string) =>
      rss.rss.channel.item.find((i) => i.link.includes(`/${slug}/`))?.['media:content']?.[0];
    expect(mediaOf('camp')).toMatchObject({
      'media:credit': 'Ana Ruiz / Example Photo Agency',
      'media:copyright': '© 2026 Example Photo Agency',
      'media:license': { '@_href': 'https://agency.example/terms/editorial', '@_type': 'text/html' },
    });
    expect(mediaOf('wire')).toMatchObject({
      'media:credit': 'Northwind Wire / Jörg Agent',
      'media:copyright': '© 2026 Northwind Wire',
      'media:license': { '@_href': 'https://news.northwind-rights.example/licensing/' },
    });
    const items = await jsonItems();
    const rightsOf = (slug: string) => items.find((i) => i.url.includes(`/${slug}/`))?._image_rights;
    expect(rightsOf('camp')).toEqual({
      credit: 'Ana Ruiz / Example Photo Agency',
      creator: 'Ana Ruiz',
      copyright: '© 2026 Example Photo Agency',
      license: 'https://agency.example/terms/editorial',
    });
    expect(rightsOf('wire')).toEqual({
      credit: 'Northwind Wire / Jörg Agent',
      creator: 'Jörg Agent',
      copyright: '© 2026 Northwind Wire',
      license: 'https://news.northwind-rights.example/licensing/',
    });
    // The figure in the content shows the credit read from the file too.
    const wire = items.find((i) => i.url.includes('/wire/')) as JsonItem & {
      content_html: string;
    };
    expect(wire.content_html).toContain('<span class="credit">Northwind Wire / Jörg Agent</span>');

    const parsed = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
    expect(parsed.bozo, parsed.bozo_exception ?? '').toBe(false);
    expect(await checkWellFormedXml(path.join(newsroom.out, 'rss.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
  });
});

describe('content addressing', () => {
  it('encodes nothing on a no-op rebuild', async () => {
    const again = finishOf((await build()).lines);
    expect(again).toMatchObject({ imagesEncoded: 0, sourceBytesRead: 0 });
  });

  it("re-makes exactly one picture's renditions when its credit changes, under new names", async () => {
    const before = {
      camp: await leadRenditionFiles('camp'),
      wire: await leadRenditionFiles('wire'),
      bare: await leadRenditionFiles('bare'),
      body: await bodyImageFiles('wire'),
    };
    await newsroom.write(
      '2026/camp.md',
      article({
        title: 'Tents Go Up at the Camp',
        published: '2026-10-03T08:00:00Z',
        image: { ...CAMERA_IMAGE, credit: 'Ana Ruiz / Other Agency' },
      }),
    );
    const changed = await build();
    expect(finishOf(changed.lines)).toMatchObject({ imagesEncoded: 4 });
    const after = await leadRenditionFiles('camp');
    expect(after.filter((file) => before.camp.includes(file))).toEqual([]);
    expect(await leadRenditionFiles('wire')).toEqual(before.wire);
    expect(await leadRenditionFiles('bare')).toEqual(before.bare);
    expect(await bodyImageFiles('wire')).toEqual(before.body);
    for (const tags of await readTags(after)) expect(tags['XMP-photoshop:Credit']).toBe('Ana Ruiz / Other Agency');
    // The superseded renditions stay for the grace period: partners fetch late.
    expect((await readFile(before.camp[0] as string)).length).toBeGreaterThan(0);
  });

  it('fails with --strict when a picture is credited nowhere', async () => {
    const strict = await build(['--strict']);
    expect(strict.result.code).toBe(1);
    expect(strict.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'diagnostic',
          level: 'error',
          file: 'articles/2026/bare.md',
          key: 'image.src',
        }),
        // An info line stays one.
        expect.objectContaining({ event: 'diagnostic', level: 'info', file: 'articles/2026/wire.md' }),
      ]),
    );
  });
});
