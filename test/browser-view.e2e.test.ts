import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pixelSpread } from './support/browser.js';
import { runCli } from './support/cli.js';
import { article, makeNewsroom, writeJpeg, type Newsroom } from './support/newsroom.js';
import type { RunningCli } from './support/processes.js';
import { startServe } from './support/serve.js';

/**
 * What a person sees: the example newsroom built by the real CLI, served by
 * `presswire serve`, opened in Debian's Chromium (headless, driven by playwright-core).
 * Screenshots are saved under the test's temporary folder (kept when
 * PRESSWIRE_KEEP_TEST_FILES is set) and must not be blank.
 */

// The browser's globals, typed as far as the page functions below use them: those functions
// run in Chromium, while this project's tsconfig has no DOM lib (src/ runs on Node).
interface DomElement {
  readonly innerText: string;
  readonly textContent: string | null;
  querySelector(selector: string): DomElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { bottom: number };
}
interface DomImage extends DomElement {
  readonly alt: string;
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly currentSrc: string;
  addEventListener(type: 'load' | 'error', listener: () => void, options: { once: boolean }): void;
}
declare const document: {
  readonly documentElement: { readonly localName: string };
  querySelector(selector: string): DomElement | null;
  getElementsByTagNameNS(namespace: string, localName: string): ArrayLike<DomElement>;
};
declare const window: { scrollTo(x: number, y: number): void; readonly __pwned?: number };
declare function getComputedStyle(element: DomElement): { readonly display: string; readonly fontSize: string };

const NOW = '2026-11-28T00:00:00Z';
const SITE = 'https://news.northwind-rights.example/';

// The six syndicated example articles, latest change first, with the badge each must show
// (text-transform makes it upper case on screen). Worked out by hand from the front matter.
const ENTRIES = [
  {
    headline: 'Checkpoints Cut Aurel Coast Villages Off From Their Clinics',
    badge: null,
    published: 'Published 5 September 2026',
  },
  {
    headline: 'Harbour Summit Statement Silent on Detained Coastal Advocates',
    badge: 'CORRECTED 3 SEPTEMBER 2026',
    published: 'Published 12 June 2018',
  },
  {
    headline: "Resettled Families Take Their Fight for Water to Ousso's High Court",
    badge: null,
    published: 'Published 14 October 2025',
  },
  {
    headline: 'Inside Halvard: Fourteen Months of Testimony From an Immigration Detention Centre',
    badge: 'CORRECTED 2 MAY 2023',
    published: 'Published 27 April 2023',
  },
  {
    headline: 'Pushbacks at the Dravan Pass Continue Despite Court Order',
    badge: 'UPDATED 19 NOVEMBER 2021',
    published: 'Published 18 November 2021',
  },
  {
    headline: "Evictions in Port Tamari's River District Leave Thousands Without Shelter",
    badge: null,
    published: 'Published 4 March 2019',
  },
];
const HARBOUR_DEK = 'The joint declaration signed in Port Arlen never mentions the eleven people held at Tern Point';
const HARBOUR_ALT = 'Cranes and moored boats silhouetted against an orange dusk sky over the harbour at Port Arlen';
const HARBOUR_CORRECTION =
  'Latest correction: An earlier version of this dispatch said Lien Varo was released in 2017. She was released in March 2019, as her family told the Monitor in August 2026.';
const HALVARD_CORRECTION =
  'Correction: An earlier version of this dispatch incorrectly quoted a former guard as saying inspections were announced "weeks in advance". He said they were announced "days in advance".';

let newsroom: Newsroom;
let serve: RunningCli;
let url: string;
let screenshots: string;

beforeAll(async () => {
  newsroom = await makeNewsroom({ copyExample: true });
  screenshots = path.join(newsroom.root, 'screenshots');
  await mkdir(screenshots);
  const built = await runCli(['build', '--out', newsroom.out], { cwd: newsroom.root, env: { PRESSWIRE_NOW: NOW } });
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  ({ cli: serve, url } = await startServe(['--out', newsroom.out], { cwd: newsroom.root }));
});

afterAll(async () => {
  await serve?.kill();
  if (!process.env.PRESSWIRE_KEEP_TEST_FILES) await newsroom?.remove();
});

/** Save a full-page screenshot and return how much it varies below Chromium's own XSLT deprecation banner, if it shows one. */
async function screenshot(page: Page, name: string, fullPage = true): Promise<number> {
  // From the top, where Chromium pins its banner, so that the banner is the top of the image.
  await page.evaluate(() => window.scrollTo(0, 0));
  const png = await page.screenshot({ fullPage });
  await writeFile(path.join(screenshots, `${name}.png`), png);
  // Chromium 156+ overlays a banner on every XSLT page; judge our page, not the banner.
  const bannerBottom = await page.evaluate(
    () => document.querySelector('xslt-warning-banner')?.getBoundingClientRect().bottom ?? 0,
  );
  return pixelSpread(png, bannerBottom);
}

/** Scroll every lead image into view (they load lazily) and report what the browser loaded. */
async function leadImages(page: Page): Promise<{ alt: string; loaded: boolean; src: string }[]> {
  const images = page.locator('.entry img');
  for (let i = 0; i < (await images.count()); i++) {
    const image = images.nth(i);
    await image.scrollIntoViewIfNeeded();
    await image.evaluate((img: DomImage) =>
      img.complete
        ? undefined
        : new Promise<void>((resolve) => {
            // A broken image ends the wait too; the assertions below then say which one.
            img.addEventListener('load', () => resolve(), { once: true });
            img.addEventListener('error', () => resolve(), { once: true });
          }),
    );
  }
  return images.evaluateAll((imgs) =>
    imgs.map((img) => {
      const image = img as unknown as DomImage;
      return { alt: image.alt, loaded: image.complete && image.naturalWidth > 0, src: image.currentSrc };
    }),
  );
}

describe('in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe.each([
    ['rss.xml', 'RSS 2.0 FEED'],
    ['atom.xml', 'ATOM FEED'],
  ])('%s', (file, kicker) => {
    beforeAll(async () => {
      const response = await page.goto(new URL(file, url).href);
      expect(response?.status()).toBe(200);
      // The server gave the browser XML it may style (see src/serve/negotiate.ts).
      expect(response?.headers()['content-type']).toBe('application/xml; charset=utf-8');
    });

    it('shows a readable page: title, description and the address to subscribe to', async () => {
      expect(await page.title()).toBe(`Northwind Rights Monitor — ${kicker === 'ATOM FEED' ? 'Atom' : 'RSS 2.0'} feed`);
      expect(await page.locator('h1').innerText()).toBe('Northwind Rights Monitor');
      expect(await page.locator('.kicker .format').innerText()).toBe(kicker);
      expect(await page.locator('.masthead .description').innerText()).toBe(
        'Dispatches, investigations and corrections from the Northwind Rights Monitor.',
      );
      const subscribe = page.locator('.subscribe-url');
      expect(await subscribe.isVisible()).toBe(true);
      expect(await subscribe.innerText()).toBe(`${SITE}${file}`);
    });

    it('lists every entry, latest change first, with the Corrected and Updated badges and their dates', async () => {
      const entries = await page.locator('.entry').evaluateAll((articles) =>
        articles.map((article) => ({
          headline: (article.querySelector('.headline') as DomElement).innerText,
          badge: (article.querySelector('.badge') as DomElement | null)?.innerText ?? null,
          published: (article.querySelector('.meta') as DomElement).innerText.split(' · ')[0],
        })),
      );
      expect(entries).toEqual(ENTRIES);
      const corrected = page.locator('.entry', { hasText: 'Harbour Summit Statement' });
      expect(await corrected.locator('.badge-corrected').isVisible()).toBe(true);
      expect(await corrected.locator('.dek').innerText()).toBe(HARBOUR_DEK);
      expect(await corrected.locator('.correction-note').innerText()).toBe(HARBOUR_CORRECTION);
      expect(await page.locator('.entry', { hasText: 'Inside Halvard' }).locator('.correction-note').innerText()).toBe(
        HALVARD_CORRECTION,
      );
      expect(await corrected.locator('.headline a').getAttribute('href')).toBe(
        `${SITE}news/2018/06/harbour-summit-statement/`,
      );
    });

    it('shows every lead image, loaded from the server it was opened on, with its alt text', async () => {
      const images = await leadImages(page);
      expect(images).toHaveLength(6);
      for (const image of images) {
        expect(image.loaded).toBe(true);
        expect(image.src.startsWith(`${url}images/`)).toBe(true);
      }
      expect(images[1]?.alt).toBe(HARBOUR_ALT);
    });

    it('looks like a page, not a blank screen (screenshot)', async () => {
      expect(await screenshot(page, file.replace('.xml', ''))).toBeGreaterThan(20);
    });
  });

  describe('index.html', () => {
    beforeAll(async () => {
      const response = await page.goto(url);
      expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    });

    it('announces every feed it lists with <link rel="alternate"> autodiscovery, the main feed first', async () => {
      const links = await page.locator('head link[rel="alternate"]').evaluateAll((elements) =>
        elements.map((link) => ({
          type: link.getAttribute('type'),
          title: link.getAttribute('title'),
          href: link.getAttribute('href'),
        })),
      );
      expect(links.slice(0, 3)).toEqual([
        { type: 'application/rss+xml', title: 'Northwind Rights Monitor (RSS 2.0)', href: `${SITE}rss.xml` },
        { type: 'application/atom+xml', title: 'Northwind Rights Monitor (Atom)', href: `${SITE}atom.xml` },
        { type: 'application/feed+json', title: 'Northwind Rights Monitor (JSON Feed)', href: `${SITE}feed.json` },
      ]);
      // Section, corrections and partner feeds too: one tag per address on the page.
      expect(links.map((link) => link.href)).toEqual(await page.locator('.feed .subscribe-url').allInnerTexts());
      for (const link of links)
        expect(['application/rss+xml', 'application/atom+xml', 'application/feed+json']).toContain(link.type);
    });

    it('lists the feeds with the addresses to subscribe to, and the latest corrections', async () => {
      expect(await page.locator('h1').innerText()).toBe('Northwind Rights Monitor');
      expect(await page.locator('main h2').first().innerText()).toBe('ALL DISPATCHES');
      const main = page.locator('.feeds-main .feed');
      expect(await main.locator('h3').innerText()).toBe('Northwind Rights Monitor');
      expect(await main.locator('.format a').allInnerTexts()).toEqual(['RSS 2.0', 'Atom', 'JSON Feed']);
      expect(await main.locator('.subscribe-url').allInnerTexts()).toEqual([
        `${SITE}rss.xml`,
        `${SITE}atom.xml`,
        `${SITE}feed.json`,
      ]);
      const corrections = await page.locator('.latest-corrections li').evaluateAll((items) =>
        items.map((item) => ({
          date: (item.querySelector('time') as DomElement).innerText,
          headline: (item.querySelector('a') as DomElement).innerText,
          text: (item.querySelector('p') as DomElement).innerText,
        })),
      );
      expect(corrections).toEqual([
        {
          date: '3 SEPTEMBER 2026',
          headline: ENTRIES[1]!.headline,
          text: 'An earlier version of this dispatch said Lien Varo was released in 2017. She was released in March 2019, as her family told the Monitor in August 2026.',
        },
        { date: '2 MAY 2023', headline: ENTRIES[3]!.headline, text: HALVARD_CORRECTION.replace('Correction: ', '') },
        {
          date: '14 JUNE 2018',
          headline: ENTRIES[1]!.headline,
          text: 'An earlier version of this dispatch said twelve advocates were held at Tern Point. The correct number is eleven.',
        },
      ]);
    });

    it('looks like a page, not a blank screen (screenshot)', async () => {
      expect(await screenshot(page, 'index')).toBeGreaterThan(20);
    });

    it('opens a feed’s readable view from its link', async () => {
      await page.goto(url);
      await page.locator('.feeds-main .format-atom a').click();
      await page.waitForURL(new URL('atom.xml', url).href);
      expect(await page.locator('.kicker .format').innerText()).toBe('ATOM FEED');
      expect(await page.locator('.entry .headline').first().innerText()).toBe(ENTRIES[0]!.headline);
    });

    it('opens a section feed, one folder down, with its stylesheet and images found relative to it', async () => {
      await page.goto(url);
      const link = page.locator('.feeds-section .format-rss a').first();
      const address = await page.locator('.feeds-section .format-rss .subscribe-url').first().innerText();
      await link.click();
      await page.waitForURL((current) => current.href !== url);
      expect(new URL(page.url()).pathname).toBe(new URL(address).pathname);
      expect(new URL(address).pathname.split('/').length).toBeGreaterThan(2); // below the root
      expect(await page.locator('.kicker .format').innerText()).toBe('RSS 2.0 FEED');
      expect(await page.locator('.subscribe-url').innerText()).toBe(address);
      expect(await page.locator('.entry').count()).toBeGreaterThan(0);
      for (const image of await leadImages(page)) {
        expect(image.loaded).toBe(true);
        expect(image.src.startsWith(`${url}images/`)).toBe(true);
      }
      expect(await page.locator('.kicker .all-feeds').getAttribute('href')).toMatch(/^(\.\.\/)+index\.html$/);
    });
  });

  describe('text that looks like markup', () => {
    // Every field a person sees, written to tempt a double-unescape or an injection.
    const TITLE = 'Fish & Chips <b>Tax</b> &amp; "Quotes" </i> 5 < 6';
    const DEK = 'A & B <script>window.__pwned = 1</script> &lt;kept&gt;';
    const ALT = 'A "quoted" alt & <more> &amp; less';
    const CORRECTION = 'Fixed the <img src=x onerror="window.__pwned = 2"> & "quote" &quot;';
    let hostile: Newsroom;
    let hostileServe: RunningCli;
    let hostileUrl: string;

    beforeAll(async () => {
      hostile = await makeNewsroom();
      await writeJpeg(path.join(hostile.articles, 'photo.jpg'), 960, 640);
      await hostile.write(
        'tricky.md',
        article({
          title: TITLE,
          dek: DEK,
          published: '2026-01-01T00:00:00Z',
          image: { src: 'photo.jpg', alt: ALT, credit: 'Example Photo Agency' },
          corrections: [{ date: '2026-02-01T00:00:00Z', text: CORRECTION }],
        }),
      );
      const built = await runCli(['build', '--out', hostile.out], { cwd: hostile.root, env: { PRESSWIRE_NOW: NOW } });
      expect(built.stderr).toBe('');
      expect(built.code).toBe(0);
      ({ cli: hostileServe, url: hostileUrl } = await startServe(['--out', hostile.out], { cwd: hostile.root }));
    });

    afterAll(async () => {
      await hostileServe?.kill();
      await hostile?.remove();
    });

    it.each(['rss.xml', 'atom.xml'])('%s shows every field as written, and runs none of it', async (file) => {
      await page.goto(new URL(file, hostileUrl).href);
      const entry = page.locator('.entry');
      expect(await entry.locator('.headline').innerText()).toBe(TITLE);
      expect(await entry.locator('.dek').innerText()).toBe(DEK);
      expect(await entry.locator('.correction-note').innerText()).toBe(`Correction: ${CORRECTION}`);
      expect(await entry.locator('.badge').innerText()).toBe('CORRECTED 1 FEBRUARY 2026');
      expect(await leadImages(page)).toEqual([
        { alt: ALT, loaded: true, src: expect.stringMatching(`^${hostileUrl}images/`) as unknown as string },
      ]);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    });

    it('index.html shows the correction as written, and runs none of it', async () => {
      await page.goto(hostileUrl);
      expect(await page.locator('.latest-corrections a').innerText()).toBe(TITLE);
      expect(await page.locator('.latest-corrections p').innerText()).toBe(CORRECTION);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    });
  });
});

describe('in Chromium without XSLT (it is being removed from Chromium)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium(['--disable-blink-features=XSLT']);
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    [
      'rss.xml',
      'rss',
      'channel > title',
      'item > title',
      'item > guid',
      'http://purl.org/rss/1.0/modules/content/',
      'encoded',
    ],
    ['atom.xml', 'feed', 'feed > title', 'entry > title', 'entry > id', 'http://www.w3.org/2005/Atom', 'content'],
  ])(
    '%s still reads as a styled page: title, address, headlines (feed.css)',
    async (file, root, titleSelector, headlineSelector, hiddenSelector, contentNs, contentName) => {
      await page.goto(new URL(file, url).href);
      const seen = await page.evaluate(
        ({ titleSelector, headlineSelector, hiddenSelector, contentNs, contentName }) => {
          const style = (selector: string) => {
            const element = document.querySelector(selector);
            return element ? getComputedStyle(element) : undefined;
          };
          return {
            root: document.documentElement.localName,
            title: document.querySelector(titleSelector)?.textContent,
            titleSize: style(titleSelector)?.fontSize,
            headline: document.querySelector(headlineSelector)?.textContent,
            headlineDisplay: style(headlineSelector)?.display,
            hiddenDisplay: style(hiddenSelector)?.display,
            contentDisplay: getComputedStyle(document.getElementsByTagNameNS(contentNs, contentName)[0]!).display,
          };
        },
        { titleSelector, headlineSelector, hiddenSelector, contentNs, contentName },
      );
      expect(seen).toEqual({
        root, // XSLT did not run: the browser shows the XML itself
        title: 'Northwind Rights Monitor',
        titleSize: '41.4px', // 2.3rem of 18px: styled by feed.css
        headline: ENTRIES[0]!.headline,
        headlineDisplay: 'block',
        hiddenDisplay: 'none', // ids and the like are hidden,
        contentDisplay: 'none', // and so is the escaped content HTML, rather than dumped on the reader
      });
      // Full-page screenshots of an XML document hang in Chromium; the first screen says enough.
      expect(await screenshot(page, `${root}-without-xslt`, false)).toBeGreaterThan(20);
    },
  );
});
