import type { Entry } from '../model.js';
import { humanDate } from '../render/corrections.js';
import { relativeHref } from '../util/relative-href.js';
import { escapeHtml, stripXmlIllegal } from '../util/xml-text.js';
import { formatIso } from '../validate/dates.js';

/**
 * `out/index.html` (pure): every feed with its `<link rel="alternate">`
 * autodiscovery tags, and the latest corrections. The page is a list of feed
 * descriptors, so section, corrections and partner feeds are listed by adding
 * descriptors, not by changing the page.
 */

export type FeedFormat = 'rss' | 'atom' | 'json';

/** What each format is called and the media type its autodiscovery link announces. */
export const FEED_FORMATS: Record<FeedFormat, { label: string; mimeType: string }> = {
  rss: { label: 'RSS 2.0', mimeType: 'application/rss+xml' },
  atom: { label: 'Atom', mimeType: 'application/atom+xml' },
  json: { label: 'JSON Feed', mimeType: 'application/feed+json' },
};

const FORMAT_ORDER: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** What a feed is for; the page groups feeds by it, in this order. */
export type FeedKind = 'main' | 'section' | 'corrections' | 'partner';

const KIND_HEADINGS: Record<FeedKind, string> = {
  main: 'All dispatches',
  section: 'Sections',
  corrections: 'Corrections',
  partner: 'Partner feeds',
};

const KIND_ORDER: readonly FeedKind[] = ['main', 'section', 'corrections', 'partner'];

/** One feed, in every format it is published in. */
export interface FeedListing {
  kind: FeedKind;
  title: string;
  description?: string;
  /** Absolute public URL per format; a format the feed is not published in is absent. */
  urls: Partial<Record<FeedFormat, string>>;
}

/** One correction as the page lists it. */
export interface CorrectionListing {
  headline: string;
  /** Absolute URL of the article. */
  url: string;
  /** Epoch ms. */
  date: number;
  text: string;
}

export interface IndexPageInput {
  site: { title: string; description: string; url: string; language: string; copyright: string };
  /** Absolute public URL of the page itself: links to feeds are relative to it, so they open wherever out/ is served. */
  pageUrl: string;
  feeds: readonly FeedListing[];
  corrections: readonly CorrectionListing[];
}

/** How many corrections the page lists. */
export const LATEST_CORRECTIONS = 10;

/** Every correction of the given entries, newest first (ties: by headline), at most `limit`. */
export function latestCorrections(entries: readonly Entry[], limit = LATEST_CORRECTIONS): CorrectionListing[] {
  return entries
    .flatMap((entry) =>
      entry.corrections.map((c) => ({ headline: entry.title, url: entry.url, date: c.date, text: c.text })),
    )
    .sort((a, b) => b.date - a.date || (a.headline < b.headline ? -1 : a.headline > b.headline ? 1 : 0))
    .slice(0, limit);
}

export function renderIndexPage(input: IndexPageInput): string {
  const { site } = input;
  // Grouped by kind, in the given order within a kind (Array.prototype.sort is stable).
  const feeds = [...input.feeds].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const discovery = feeds.flatMap((feed) =>
    formatsOf(feed).map(
      ([format, url]) =>
        `<link rel="alternate" type="${FEED_FORMATS[format].mimeType}" title="${text(`${feed.title} (${FEED_FORMATS[format].label})`)}" href="${text(url)}">`,
    ),
  );
  const groups = KIND_ORDER.flatMap((kind) => {
    const group = feeds.filter((feed) => feed.kind === kind);
    if (group.length === 0) return [];
    return [
      `<section class="feeds feeds-${kind}"><h2>${KIND_HEADINGS[kind]}</h2>${group.map((feed) => feedCard(feed, input.pageUrl)).join('')}</section>`,
    ];
  });
  const corrections =
    input.corrections.length === 0
      ? '<p class="none">No corrections have been published.</p>'
      : `<ol class="corrections">${input.corrections.map(correctionItem).join('')}</ol>`;

  return `<!DOCTYPE html>
<html lang="${text(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(site.title)} — feeds</title>
<meta name="description" content="${text(site.description)}">
${discovery.join('\n')}
<style>${STYLE}</style>
</head>
<body>
<header class="masthead">
<p class="kicker">Feeds</p>
<h1>${text(site.title)}</h1>
<p class="description">${text(site.description)}</p>
<p class="how">Copy a feed’s address into your feed reader to subscribe. Open a feed to see what subscribers and partners receive.</p>
</header>
<main>
${groups.join('\n')}
<section class="latest-corrections"><h2>Latest corrections</h2>${corrections}</section>
</main>
<footer><p>${text(site.copyright)}</p><p><a href="${text(site.url)}">${text(site.url)}</a></p></footer>
</body>
</html>
`;
}

function feedCard(feed: FeedListing, pageUrl: string): string {
  const description = feed.description ? `<p class="description">${text(feed.description)}</p>` : '';
  const formats = formatsOf(feed)
    .map(
      ([format, url]) =>
        `<li class="format format-${format}"><a href="${text(relativeHref(pageUrl, url))}" type="${FEED_FORMATS[format].mimeType}">${FEED_FORMATS[format].label}</a> <code class="subscribe-url">${text(url)}</code></li>`,
    )
    .join('');
  return `<article class="feed"><h3>${text(feed.title)}</h3>${description}<ul class="formats">${formats}</ul></article>`;
}

function correctionItem(correction: CorrectionListing): string {
  return (
    `<li class="correction"><time datetime="${formatIso(correction.date)}">${humanDate(correction.date)}</time> ` +
    `<a href="${text(correction.url)}">${text(correction.headline)}</a>` +
    `<p>${text(correction.text)}</p></li>`
  );
}

function formatsOf(feed: FeedListing): [FeedFormat, string][] {
  return FORMAT_ORDER.flatMap((format) => {
    const url = feed.urls[format];
    return url ? [[format, url] as [FeedFormat, string]] : [];
  });
}

/** Text for HTML content and quoted attribute values. */
function text(value: string): string {
  return escapeHtml(stripXmlIllegal(value));
}

// Shared look with the feeds' browser view (site/browser-view/feed.xsl): one column, serif text, sans-serif furniture.
const STYLE = `
:root{color-scheme:light;--ink:#1b1b1b;--muted:#5b5b5b;--rule:#d9d4cc;--accent:#9b1c1c;--paper:#fbfaf7}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:18px/1.55 Georgia,"Times New Roman",serif}
.masthead,main,footer{width:min(46rem,100% - 2.5rem);margin:0 auto}
.masthead{padding-top:2.5rem;padding-bottom:1rem;border-bottom:3px double var(--rule)}
.kicker{margin:0;font:600 .8rem/1 system-ui,sans-serif;letter-spacing:.12em;text-transform:uppercase;color:var(--accent)}
h1{margin:.4rem 0 .5rem;font-size:2.3rem;line-height:1.15}
h2{margin:2rem 0 .75rem;font:700 .85rem/1.2 system-ui,sans-serif;letter-spacing:.1em;text-transform:uppercase;color:var(--muted)}
h3{margin:0 0 .25rem;font-size:1.3rem}
.description{margin:.25rem 0;color:var(--muted)}
.how{font:.95rem/1.5 system-ui,sans-serif;color:var(--muted)}
.feed{padding:1rem 0;border-bottom:1px solid var(--rule)}
.formats{list-style:none;margin:.5rem 0 0;padding:0;font:.95rem/1.5 system-ui,sans-serif}
.format{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline;margin:.35rem 0}
.format a{min-width:6rem;font-weight:600;color:var(--accent)}
code{font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace;background:#fff;border:1px solid var(--rule);border-radius:4px;padding:.15rem .4rem;word-break:break-all;user-select:all}
.corrections{list-style:none;margin:0;padding:0}
.correction{padding:.75rem 0;border-bottom:1px solid var(--rule)}
.correction time{display:block;font:600 .8rem/1.4 system-ui,sans-serif;color:var(--accent);text-transform:uppercase;letter-spacing:.06em}
.correction a{font-weight:700;color:var(--ink)}
.correction p{margin:.25rem 0 0}
footer{margin-top:2.5rem;padding-bottom:2.5rem;font:.85rem/1.5 system-ui,sans-serif;color:var(--muted)}
footer a{color:var(--muted)}
`;
