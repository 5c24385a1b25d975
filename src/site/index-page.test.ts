import { describe, expect, it } from 'vitest';
import type { Entry } from '../model.js';
import { latestCorrections, renderIndexPage, type IndexPageInput } from './index-page.js';

const SITE = {
  title: 'Northwind Rights Monitor',
  description: 'Dispatches & corrections.',
  url: 'https://n.example/',
  language: 'en',
  copyright: '© Northwind',
};

function entry(title: string, url: string, corrections: [string, string][]): Entry {
  return {
    id: url,
    url,
    title,
    contentHtml: '',
    published: 0,
    modified: 0,
    authors: [],
    tags: [],
    corrections: corrections.map(([date, text]) => ({ date: Date.parse(date), text })),
    sourcePath: 'x.md',
  };
}

const input: IndexPageInput = {
  site: SITE,
  pageUrl: 'https://n.example/index.html',
  feeds: [
    { kind: 'partner', title: 'For partners', urls: { rss: 'https://n.example/partners/msn.xml' } },
    {
      kind: 'main',
      title: 'Northwind Rights Monitor',
      description: 'Everything.',
      urls: { json: 'https://n.example/feed.json', rss: 'https://n.example/rss.xml' },
    },
    { kind: 'section', title: 'Asia', urls: { atom: 'https://n.example/sections/asia/atom.xml' } },
  ],
  corrections: [],
};

describe('renderIndexPage', () => {
  const html = renderIndexPage(input);

  it('announces every feed and format with <link rel="alternate">, grouped main, sections, …, partners', () => {
    expect(html.match(/<link rel="alternate"[^>]*>/g)).toEqual([
      '<link rel="alternate" type="application/rss+xml" title="Northwind Rights Monitor (RSS 2.0)" href="https://n.example/rss.xml">',
      '<link rel="alternate" type="application/feed+json" title="Northwind Rights Monitor (JSON Feed)" href="https://n.example/feed.json">',
      '<link rel="alternate" type="application/atom+xml" title="Asia (Atom)" href="https://n.example/sections/asia/atom.xml">',
      '<link rel="alternate" type="application/rss+xml" title="For partners (RSS 2.0)" href="https://n.example/partners/msn.xml">',
    ]);
    expect(html.match(/<h2>[^<]*<\/h2>/g)).toEqual([
      '<h2>All dispatches</h2>',
      '<h2>Sections</h2>',
      '<h2>Partner feeds</h2>',
      '<h2>Latest corrections</h2>',
    ]);
  });

  it('links each feed relative to the page, so that it opens wherever out/ is served, and shows its public address', () => {
    expect(html).toContain(
      '<li class="format format-atom"><a href="sections/asia/atom.xml" type="application/atom+xml">Atom</a> <code class="subscribe-url">https://n.example/sections/asia/atom.xml</code></li>',
    );
  });

  it('says so when there are no corrections', () => {
    expect(html).toContain('<p class="none">No corrections have been published.</p>');
  });

  it('escapes every piece of text', () => {
    const hostile = renderIndexPage({
      site: { ...SITE, title: '<script>alert(1)</script>', description: 'a "b" & c' },
      pageUrl: 'https://n.example/index.html',
      feeds: [
        { kind: 'main', title: 'x" onmouseover="alert(1)', urls: { rss: 'https://n.example/rss.xml?a=1&b="2"' } },
      ],
      corrections: [
        {
          headline: '<b>Bold</b>',
          url: 'https://n.example/a?x=1&y=2',
          date: Date.parse('2026-01-02T00:00:00Z'),
          text: 'Said "<i>x</i>" \u0001',
        },
      ],
    });
    expect(hostile).not.toMatch(/<script>|<b>|<i>|onmouseover="/);
    expect(hostile).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; — feeds</title>');
    expect(hostile).toContain('title="x&quot; onmouseover=&quot;alert(1) (RSS 2.0)"');
    expect(hostile).toContain('href="https://n.example/rss.xml?a=1&amp;b=&quot;2&quot;"');
    expect(hostile).toContain(
      '<li class="correction"><time datetime="2026-01-02T00:00:00Z">2 January 2026</time> <a href="https://n.example/a?x=1&amp;y=2">&lt;b&gt;Bold&lt;/b&gt;</a><p>Said &quot;&lt;i&gt;x&lt;/i&gt;&quot; </p></li>',
    );
  });

  it('is the same bytes for the same input (no "now")', () => {
    expect(renderIndexPage(input)).toBe(html);
  });
});

describe('latestCorrections', () => {
  it('lists every correction of every entry, newest first, at most the limit', () => {
    const entries = [
      entry('Old story', 'https://n.example/a/', [
        ['2018-06-14T10:00:00Z', 'First fix.'],
        ['2026-09-03T00:15:00Z', 'Second fix.'],
      ]),
      entry('Uncorrected', 'https://n.example/b/', []),
      entry('Halvard', 'https://n.example/c/', [['2023-05-02T19:30:00Z', 'Quote fixed.']]),
    ];
    expect(latestCorrections(entries, 2)).toEqual([
      {
        headline: 'Old story',
        url: 'https://n.example/a/',
        date: Date.parse('2026-09-03T00:15:00Z'),
        text: 'Second fix.',
      },
      {
        headline: 'Halvard',
        url: 'https://n.example/c/',
        date: Date.parse('2023-05-02T19:30:00Z'),
        text: 'Quote fixed.',
      },
    ]);
    expect(latestCorrections(entries)).toHaveLength(3);
  });

  it('orders corrections made at the same instant by headline, so the page is deterministic', () => {
    const same = '2026-01-01T00:00:00Z';
    const listed = latestCorrections([
      entry('Zeta', 'https://n.example/z/', [[same, 'z']]),
      entry('Alpha', 'https://n.example/a/', [[same, 'a']]),
    ]);
    expect(listed.map((c) => c.headline)).toEqual(['Alpha', 'Zeta']);
  });
});
