import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.js';
import { IMAGE_FIXTURES, SECRETS, type FixtureName } from './fixtures/images.js';
import { article, makeNewsroom, type Newsroom } from './support/newsroom.js';
import {
  checkAtomRfc4287,
  checkJsonFeed11,
  checkWellFormedXml,
  parseWithFeedparser,
  type FeedparserResult,
} from './support/validators.js';

/**
 * Responsive images end to end, through the real CLI: what a reader and a partner
 * get in each feed, checked against the files in out/images, read back by independent
 * parsers; and the cache, from the `--json` finish line.
 */

const NOW = '2026-11-28T00:00:00Z';
const SITE = 'https://news.northwind-rights.example/';

interface FinishLine {
  event: string;
  imageSources: number;
  imageRenditions: number;
  imagesEncoded: number;
  sourceBytesRead: number;
  filesWritten: number;
}

interface JsonItem {
  title: string;
  content_html: string;
  image?: string;
  attachments?: { url: string; mime_type: string; size_in_bytes: number; title?: string }[];
}

let newsroom: Newsroom;
const bytes = new Map<FixtureName, Buffer>();

async function writeFixture(name: FixtureName): Promise<void> {
  const data = await IMAGE_FIXTURES[name].make();
  bytes.set(name, data);
  await writeFile(path.join(newsroom.articles, 'images', IMAGE_FIXTURES[name].file), data);
}

async function build(): Promise<{ result: CliResult; finish: FinishLine }> {
  const result = await runCli(['build', '--articles', newsroom.articles, '--out', newsroom.out, '--json'], {
    cwd: newsroom.root,
    env: { PRESSWIRE_NOW: NOW },
  });
  const lines = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FinishLine);
  const finish = lines.find((line) => line.event === 'build-finished');
  if (!finish) throw new Error(`no finish line:\n${result.stdout}\n${result.stderr}`);
  return { result, finish };
}

/** The file in out/ behind a rendition URL, with its real length and size. */
async function served(
  url: string,
  out = newsroom.out,
): Promise<{ bytes: number; width: number; height: number; format: string }> {
  expect(url.startsWith(`${SITE}images/`), url).toBe(true);
  const file = path.join(out, new URL(url).pathname);
  const metadata = await sharp(file).metadata();
  return {
    bytes: (await stat(file)).size,
    width: metadata.width ?? 0,
    height: metadata.height ?? 0,
    format: metadata.format ?? '',
  };
}

const LEAD = {
  title: 'Water Points Close in the Eastern Camps',
  published: '2026-10-01T08:00:00Z',
  image: {
    src: '../images/landscape.jpg',
    alt: 'A queue at a water point',
    caption: 'Residents queue at dawn.',
    credit: '© 2026 Example Photo Agency',
  },
};

let first: { result: CliResult; finish: FinishLine };
let rss: FeedparserResult;
let rssXml: string;
let atomXml: string;
let json: { items: JsonItem[] };

beforeAll(async () => {
  newsroom = await makeNewsroom();
  await mkdir(path.join(newsroom.articles, 'images'));
  for (const name of ['landscape', 'narrow', 'gps', 'orientation6', 'transparent'] as const) await writeFixture(name);
  await newsroom.write(
    '2026/water.md',
    article(
      LEAD,
      'The queue formed before dawn.\n\n![A tanker at the gate](../images/gps.jpg)\n\n![A child carries a jerrycan](../images/orientation-6.jpg)\n',
    ),
  );
  await newsroom.write(
    '2026/narrow.md',
    article({
      title: 'A Small Photo',
      published: '2026-09-01T08:00:00Z',
      image: { src: '../images/narrow-300.jpg', alt: 'A small photo' },
    }),
  );
  await newsroom.write(
    '2026/logo.md',
    article({
      title: 'A Transparent Logo',
      published: '2026-08-01T08:00:00Z',
      image: { src: '../images/transparent.png', alt: 'A logo' },
    }),
  );
  first = await build();
  rss = await parseWithFeedparser(path.join(newsroom.out, 'rss.xml'));
  rssXml = await newsroom.read('rss.xml');
  atomXml = await newsroom.read('atom.xml');
  json = JSON.parse(await newsroom.read('feed.json')) as { items: JsonItem[] };
});

afterAll(() => newsroom.remove());

describe('a build with images', () => {
  it('succeeds, encodes every rendition once, and reads every source once', async () => {
    expect(first.result.stderr).toBe('');
    expect(first.result.code).toBe(0);
    // landscape 2000 px: 3 widths; gps 1000 px and transparent 1000 px: 2; orientation 6 (800 px) and narrow: 1 — × WebP and JPEG
    expect(first.finish).toMatchObject({ imageSources: 5, imageRenditions: 18, imagesEncoded: 18 });
    expect(first.finish.sourceBytesRead).toBe([...bytes.values()].reduce((sum, b) => sum + b.length, 0));
    expect(await readdir(path.join(newsroom.out, 'images'))).toHaveLength(18);
  });

  it('writes feeds the independent validators accept', async () => {
    expect(rss.bozo, rss.bozo_exception ?? '').toBe(false);
    expect(await checkWellFormedXml(path.join(newsroom.out, 'rss.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkAtomRfc4287(path.join(newsroom.out, 'atom.xml'))).toEqual({ ok: true, errors: [] });
    expect(await checkJsonFeed11(path.join(newsroom.out, 'feed.json'))).toEqual({ ok: true, errors: [] });
  });

  it('publishes renditions without any metadata but their rights (XMP)', async () => {
    // Rights properties and the RDF/XMP structure that holds them; nothing else
    // (docs/article-format.md, "Image rights").
    const allowed = new Set([
      'x:xmpmeta',
      'rdf:RDF',
      'rdf:Description',
      'rdf:Seq',
      'rdf:Alt',
      'rdf:li',
      'dc:creator',
      'dc:rights',
      'dc:description',
      'photoshop:Credit',
      'photoshop:Source',
      'xmpRights:WebStatement',
      'plus:Licensor',
      'plus:LicensorName',
      'plus:LicensorURL',
    ]);
    for (const name of await readdir(path.join(newsroom.out, 'images'))) {
      const data = await readFile(path.join(newsroom.out, 'images', name));
      const metadata = await sharp(data).metadata();
      expect([metadata.exif, metadata.icc, metadata.iptc, metadata.orientation]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      const properties = [...(metadata.xmp?.toString('utf8') ?? '').matchAll(/<([A-Za-z]+:[A-Za-z]+)/g)].map(
        (m) => m[1],
      );
      expect(properties.filter((property) => !allowed.has(property ?? ''))).toEqual([]);
      for (const secret of Object.values(SECRETS)) expect(data.includes(secret)).toBe(false);
    }
  });
});

type Element = ReturnType<typeof DomUtils.findAll>[number];
/** Elements named `name` below `root`, in document order. */
const find = (name: string, root: { children: Element['children'] }): Element[] =>
  DomUtils.findAll((el) => el.name === name, root.children);

describe('the article HTML', () => {
  const content = (title: string) => parseDocument(json.items.find((i) => i.title === title)?.content_html ?? '');
  const srcsetOf = (element: Element | undefined) =>
    (element?.attribs.srcset ?? '').split(', ').map((candidate) => {
      const [url = '', descriptor = ''] = candidate.split(' ');
      return { url, width: Number(descriptor.replace(/w$/, '')) };
    });

  it('lead image: a <figure> with a WebP <source> and a JPEG <img> (src, srcset of every width, sizes, width/height, alt, lazy) and the caption and credit', async () => {
    const doc = content(LEAD.title);
    const [figure] = find('figure', doc);
    const [picture] = figure ? find('picture', figure) : [];
    const img = picture && find('img', picture)[0];
    const source = picture && find('source', picture)[0];
    expect(img?.attribs).toMatchObject({
      sizes: '(min-width: 960px) 960px, 100vw',
      width: '960',
      height: '640',
      alt: LEAD.image.alt,
      loading: 'lazy',
      decoding: 'async',
    });
    // src: the 960 JPEG, absolute, for readers that ignore srcset
    expect(await served(img?.attribs.src ?? '')).toMatchObject({ format: 'jpeg', width: 960, height: 640 });
    const jpegs = srcsetOf(img);
    expect(jpegs.map((c) => c.width)).toEqual([480, 960, 1600]);
    for (const c of jpegs) expect(await served(c.url)).toMatchObject({ format: 'jpeg', width: c.width });
    expect(source?.attribs.type).toBe('image/webp');
    const webps = srcsetOf(source);
    expect(webps.map((c) => c.width)).toEqual([480, 960, 1600]);
    for (const c of webps) expect(await served(c.url)).toMatchObject({ format: 'webp', width: c.width });
    const [caption] = figure ? find('figcaption', figure) : [];
    expect(caption && find('span', caption).map((span) => DomUtils.textContent(span))).toEqual([
      LEAD.image.caption,
      LEAD.image.credit,
    ]);
  });

  it('body images: a JPEG <img> with the srcset of its own widths, upright dimensions and lazy loading', async () => {
    const imgs = find('img', content(LEAD.title)).filter((img) => img.attribs.alt !== LEAD.image.alt);
    expect(imgs.map((img) => img.attribs.alt)).toEqual(['A tanker at the gate', 'A child carries a jerrycan']);
    const [tanker, child] = imgs;
    expect(srcsetOf(tanker).map((c) => c.width)).toEqual([480, 960]);
    expect(tanker?.attribs).toMatchObject({ width: '960', height: '640', loading: 'lazy', decoding: 'async' });
    // EXIF orientation 6: 800×1200 upright, so only the 480 width, 720 high
    expect(srcsetOf(child).map((c) => c.width)).toEqual([480]);
    expect(child?.attribs).toMatchObject({ width: '480', height: '720' });
    expect(await served(child?.attribs.src ?? '')).toMatchObject({ format: 'jpeg', width: 480, height: 720 });
  });

  it('a 300-px source: its own width in src and srcset, never upscaled', async () => {
    const [img] = find('img', content('A Small Photo'));
    expect(img?.attribs).toMatchObject({ width: '300', height: '200' });
    expect(srcsetOf(img).map((c) => c.width)).toEqual([300]);
    expect(await served(img?.attribs.src ?? '')).toMatchObject({ format: 'jpeg', width: 300, height: 200 });
  });
});

describe('the feeds', () => {
  it('RSS: the enclosure is the largest JPEG with its real byte length', async () => {
    const entry = rss.entries.find((e) => e.title === LEAD.title);
    expect(entry?.enclosures).toHaveLength(1);
    const enclosure = entry?.enclosures[0];
    const file = await served(enclosure?.href ?? '');
    expect(file).toMatchObject({ format: 'jpeg', width: 1600, height: 1066 });
    expect(enclosure?.type).toBe('image/jpeg');
    expect(Number(enclosure?.length)).toBe(file.bytes);
  });

  it('RSS: Media RSS content for each JPEG rendition with its real size and length, a thumbnail and the credit', async () => {
    expect(rssXml.match(/xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/g)).toHaveLength(1);
    expect(rssXml.startsWith('<?xml')).toBe(true);
    expect(rssXml.indexOf('xmlns:media=')).toBeLessThan(rssXml.indexOf('<channel>'));
    const entry = rss.entries.find((e) => e.title === LEAD.title);
    const contents = entry?.media_content ?? [];
    expect(contents.map((c) => c.width)).toEqual(['480', '960', '1600']);
    for (const c of contents) {
      const file = await served(c.url ?? '');
      expect(c).toMatchObject({
        type: 'image/jpeg',
        medium: 'image',
        width: String(file.width),
        height: String(file.height),
        // feedparser lower-cases attribute names
        filesize: String(file.bytes),
      });
      expect(file.format).toBe('jpeg');
    }
    const thumbnail = entry?.media_thumbnail[0];
    expect(await served(thumbnail?.url ?? '')).toMatchObject({ width: 480, height: 320 });
    expect(thumbnail).toMatchObject({ width: '480', height: '320' });
    expect(entry?.media_credit.map((c) => c.content)).toContain(LEAD.image.credit);
    // media:description (feedparser folds it into the summary): read the XML itself.
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['item', 'media:content'].includes(name),
    }).parse(rssXml) as {
      rss: { channel: { item: { title: string; 'media:content': { 'media:description': { '#text': string } }[] }[] } };
    };
    const item = parsed.rss.channel.item.find((i) => i.title === LEAD.title);
    for (const media of item?.['media:content'] ?? [])
      expect(media['media:description']['#text']).toBe(LEAD.image.caption);
  });

  it('Atom: link rel=enclosure with the real length and type', async () => {
    const entries = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['entry', 'link'].includes(name),
    }).parse(atomXml) as {
      feed: {
        entry: { title: { '#text': string }; link: { rel: string; href: string; type: string; length?: string }[] }[];
      };
    };
    const entry = entries.feed.entry.find((e) => e.title['#text'] === LEAD.title);
    const enclosures = entry?.link.filter((l) => l.rel === 'enclosure') ?? [];
    expect(enclosures).toHaveLength(1);
    const file = await served(enclosures[0]?.href ?? '');
    expect(enclosures[0]).toMatchObject({ type: 'image/jpeg', length: String(file.bytes) });
    expect(file.width).toBe(1600);
  });

  it('JSON Feed: image is the largest JPEG; attachments carry mime_type and size_in_bytes', async () => {
    const item = json.items.find((i) => i.title === LEAD.title);
    expect(await served(item?.image ?? '')).toMatchObject({ format: 'jpeg', width: 1600 });
    expect(item?.attachments).toHaveLength(3);
    for (const attachment of item?.attachments ?? []) {
      const file = await served(attachment.url);
      expect(attachment).toMatchObject({ mime_type: 'image/jpeg', size_in_bytes: file.bytes });
    }
  });

  it('a transparent PNG becomes an opaque JPEG enclosure', async () => {
    const item = json.items.find((i) => i.title === 'A Transparent Logo');
    const url = item?.image ?? '';
    expect(await served(url)).toMatchObject({ format: 'jpeg', width: 960, height: 480 });
    expect((await sharp(path.join(newsroom.out, new URL(url).pathname)).metadata()).hasAlpha).toBe(false);
  });
});

describe('the cache, through the CLI', () => {
  it('second build: zero encodes, zero source bytes read, nothing written; a changed photo: only its renditions', async () => {
    const second = await build();
    expect(second.result.code).toBe(0);
    expect(second.finish).toMatchObject({ imagesEncoded: 0, sourceBytesRead: 0, imageRenditions: 18, filesWritten: 0 });

    const enclosureBefore = json.items.find((i) => i.title === LEAD.title)?.image;
    const changed = await sharp(bytes.get('landscape')).negate().jpeg({ quality: 85 }).toBuffer();
    await writeFile(path.join(newsroom.articles, 'images/landscape.jpg'), changed);
    const third = await build();
    expect(third.result.code).toBe(0);
    expect(third.finish).toMatchObject({ imagesEncoded: 6, sourceBytesRead: changed.length });
    const after = JSON.parse(await newsroom.read('feed.json')) as { items: JsonItem[] };
    const enclosureAfter = after.items.find((i) => i.title === LEAD.title)?.image;
    // A new photo gets a new URL; the old renditions stay for the grace period.
    expect(enclosureAfter).not.toBe(enclosureBefore);
    expect(await served(enclosureBefore ?? '')).toMatchObject({ width: 1600 });
    expect(await readdir(path.join(newsroom.out, 'images'))).toHaveLength(24);
  });

  it('prints no progress bar when the output is not a terminal', () => {
    expect(first.result.stderr).toBe('');
    // cli-progress draws with block characters and moves the cursor with ESC sequences.
    expect(first.result.stdout).not.toMatch(/[\u2588\u2591]/);
    expect(first.result.stdout.includes('\u001b[')).toBe(false);
  });
});

describe('bad images', () => {
  let bad: Newsroom;
  let result: CliResult;
  beforeAll(async () => {
    bad = await makeNewsroom();
    await mkdir(path.join(bad.articles, 'images'));
    for (const name of ['landscape', 'truncated', 'text', 'bomb', 'svg'] as const) {
      await writeFile(path.join(bad.articles, 'images', IMAGE_FIXTURES[name].file), await IMAGE_FIXTURES[name].make());
    }
    await writeFile(path.join(bad.root, 'outside.jpg'), await IMAGE_FIXTURES.landscape.make());
    await symlink(path.join(bad.root, 'outside.jpg'), path.join(bad.articles, 'images/linked.jpg'));
    const lead = (title: string, src: string) =>
      article({ title, published: '2026-10-02T08:00:00Z', image: { src, alt: 'x' } });
    await bad.write('2026/good.md', lead('Good', '../images/landscape.jpg'));
    await bad.write('2026/truncated.md', lead('Truncated', '../images/truncated.jpg'));
    await bad.write('2026/text.md', lead('Text', '../images/not-a-photo.jpg'));
    await bad.write('2026/bomb.md', lead('Bomb', '../images/bomb.png'));
    await bad.write('2026/svg.md', lead('Svg', '../images/drawing.svg'));
    await bad.write('2026/escape.md', lead('Escape', '../../outside.jpg'));
    await bad.write('2026/linked.md', lead('Linked', '../images/linked.jpg'));
    await bad.write(
      '2026/body.md',
      article({ title: 'Body', published: '2026-10-02T08:00:00Z' }, 'Text.\n\n![broken](../images/truncated.jpg)\n'),
    );
    result = await runCli(['build', '--articles', bad.articles, '--out', bad.out], {
      cwd: bad.root,
      env: { PRESSWIRE_NOW: NOW },
    });
  });
  afterAll(() => bad.remove());

  it.each([
    [
      'truncated JPEG',
      /^error: articles\/2026\/truncated\.md:4: image\.src: expected a complete, decodable image but the decoder said: .+ \(articles\/images\/truncated\.jpg\)$/m,
    ],
    [
      'text file named .jpg',
      /^error: articles\/2026\/text\.md:4: image\.src: expected an image \(JPEG, PNG, WebP, GIF, AVIF or TIFF\) but received a file that is not one .*\(articles\/images\/not-a-photo\.jpg\)$/m,
    ],
    [
      'decompression bomb',
      /^error: articles\/2026\/bomb\.md:4: image\.src: expected an image of at most 50,000,000 pixels but received 100000 × 100000 .*decompression bomb.*\(articles\/images\/bomb\.png\)$/m,
    ],
    [
      'unsupported format',
      /^error: articles\/2026\/svg\.md:4: image\.src: expected an image in JPEG, PNG, WebP, GIF, AVIF or TIFF format but received SVG \(articles\/images\/drawing\.svg\)$/m,
    ],
    [
      'escape by ../',
      /^error: articles\/2026\/escape\.md:4: image\.src: expected a path that stays inside the articles folder but received "\.\.\/\.\.\/outside\.jpg"$/m,
    ],
    [
      'escape by a symbolic link',
      /^error: articles\/2026\/linked\.md:4: image\.src: expected an image inside the articles folder but the path leads outside it \(through a symbolic link\) \(articles\/images\/linked\.jpg\)$/m,
    ],
    [
      'broken body image',
      /^error: articles\/2026\/body\.md(?::\d+)?: body image \.\.\/images\/truncated\.jpg: expected a complete, decodable image/m,
    ],
  ])('%s: a diagnostic naming the article, the key and the cause', (_name, message) => {
    expect(result.stderr).toMatch(message);
  });

  it('fails the build but still publishes the other articles', async () => {
    expect(result.code).toBe(1);
    const feed = JSON.parse(await bad.read('feed.json')) as { items: JsonItem[] };
    expect(feed.items.map((i) => i.title)).toEqual(['Good']);
    expect(await served(feed.items[0]?.image ?? '', bad.out)).toMatchObject({ format: 'jpeg', width: 1600 });
  });
});

describe('the example newsroom', () => {
  it('gets 480/960/1600 renditions of its 1800–2000 px photos', async () => {
    const example = await makeNewsroom({ copyExample: true });
    try {
      const result = await runCli(['build', '--articles', example.articles, '--out', example.out], {
        cwd: example.root,
        env: { PRESSWIRE_NOW: NOW },
      });
      expect(result.code).toBe(0);
      const feed = JSON.parse(await example.read('feed.json')) as { items: JsonItem[] };
      // Each syndicated article's lead photo, from its front matter, and the widths it should get.
      const expected = new Map<string, number[]>();
      for (const file of await readdir(example.articles, { recursive: true })) {
        if (!file.endsWith('.md')) continue;
        const text = await readFile(path.join(example.articles, file), 'utf8');
        const title = text.match(/^title: "?(.+?)"?$/m)?.[1];
        const src = text.match(/^\s+src: (.+)$/m)?.[1];
        if (!title || !src) continue;
        const { autoOrient } = await sharp(path.join(example.articles, path.dirname(file), src)).metadata();
        expected.set(
          title,
          [480, 960, 1600].filter((w) => w <= autoOrient.width),
        );
      }
      const withImages = feed.items.filter((item) => item.image);
      expect(withImages.length).toBeGreaterThan(2);
      expect(withImages.some((item) => expected.get(item.title)?.length === 3)).toBe(true);
      for (const item of withImages) {
        const widths = (item.attachments ?? []).map((a) => Number(a.url.match(/-(\d+)\.jpg$/)?.[1]));
        expect(widths, item.title).toEqual(expected.get(item.title));
        for (const attachment of item.attachments ?? []) {
          const file = await served(attachment.url, example.out);
          expect(file.format).toBe('jpeg');
          expect(attachment.url.endsWith(`-${file.width}.jpg`)).toBe(true);
          expect(attachment.size_in_bytes).toBe(file.bytes);
        }
      }
    } finally {
      await example.remove();
    }
  });
});
