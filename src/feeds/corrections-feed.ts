import { create } from 'xmlbuilder2';
import type { Author, Entry } from '../model.js';
import { cleanText as clean } from '../util/xml-text.js';
import { formatIso } from '../validate/dates.js';
import { GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { xmlAttribute as attr, xmlText as text } from './xml.js';

/**
 * The corrections feed (issue 6), pure: `corrections.xml` (Atom 1.0) and `corrections.json`
 * (JSON Feed 1.1), one entry per correction, newest first. What a public editor or a
 * partner's standards desk subscribes to.
 *
 * Each entry carries the correction text (its content), its date (published = updated),
 * the corrected article's URL (the alternate link) and the article's id: in Atom as an
 * RFC 4685 `thr:in-reply-to ref="<article id>"`, the standard way for an entry to point at
 * another entry by id; in JSON Feed in the `_correction` extension.
 */

export interface CorrectionItem {
  /** Stable id of the correction entry: the article id + `#correction-<date>` (see correctionId). */
  id: string;
  articleId: string;
  articleUrl: string;
  articleTitle: string;
  /** Epoch ms. */
  date: number;
  text: string;
}

export interface CorrectionsDocument {
  title: string;
  description: string;
  homeUrl: string;
  urls: { atom: string; json: string };
  language: string;
  copyright: string;
  author: Author;
  /** The newest correction's date (never "now"). */
  updated: number;
  hub?: string;
  stylesheets?: FeedDocument['stylesheets'];
  /** Newest first. */
  items: readonly CorrectionItem[];
}

/**
 * Every correction of `entries`, newest first (ties: article id, then the article's order).
 * The id is derived from the article id and the correction's date, not its position, so an
 * older correction added later does not renumber the others; two corrections of one article
 * at the same instant get `-2`, `-3` in the order the article lists them.
 */
export function correctionItems(entries: readonly Entry[]): CorrectionItem[] {
  const items: CorrectionItem[] = [];
  for (const entry of entries) {
    const seen = new Map<number, number>();
    for (const correction of entry.corrections) {
      const n = (seen.get(correction.date) ?? 0) + 1;
      seen.set(correction.date, n);
      items.push({
        id: correctionId(entry.id, correction.date, n),
        articleId: entry.id,
        articleUrl: entry.url,
        articleTitle: entry.title,
        date: correction.date,
        text: correction.text,
      });
    }
  }
  return items.sort(
    (a, b) =>
      b.date - a.date || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0) || (a.id < b.id ? -1 : 1),
  );
}

function correctionId(articleId: string, date: number, n: number): string {
  const stamp = formatIso(date).replace(/[-:]/g, '');
  const suffix = `correction-${stamp}${n > 1 ? `-${n}` : ''}`;
  // A fragment on the article's id (RFC 3986): an IRI may hold one fragment only, so an id
  // that already has one gets the suffix inside its fragment.
  return articleId.includes('#') ? `${articleId}-${suffix}` : `${articleId}#${suffix}`;
}

function titleOf(item: CorrectionItem): string {
  return `Correction: ${item.articleTitle}`;
}

export function renderCorrectionsAtom(doc: CorrectionsDocument): string {
  const xml = create({ version: '1.0', encoding: 'utf-8' });
  for (const data of stylesheetInstructions(doc, doc.urls.atom)) xml.ins('xml-stylesheet', data);
  const root = xml.ele(NS.atom, 'feed').att(NS.xmlns, 'xmlns:thr', NS.thread).att('xml:lang', attr(doc.language));
  root.ele('id').txt(text(doc.urls.atom));
  root.ele('title').att('type', 'text').txt(text(doc.title));
  root.ele('subtitle').att('type', 'text').txt(text(doc.description));
  root.ele('updated').txt(formatIso(doc.updated));
  root.ele('link').att('rel', 'self').att('type', 'application/atom+xml').att('href', attr(doc.urls.atom));
  root.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', attr(doc.homeUrl));
  if (doc.hub) root.ele('link').att('rel', 'hub').att('href', attr(doc.hub));
  const a = root.ele('author');
  a.ele('name').txt(text(doc.author.name));
  if (doc.author.email) a.ele('email').txt(text(doc.author.email));
  if (doc.author.url) a.ele('uri').txt(text(doc.author.url));
  root.ele('rights').att('type', 'text').txt(text(doc.copyright));
  root.ele('generator').att('uri', attr(GENERATOR.uri)).txt(GENERATOR.name);
  for (const item of doc.items) {
    const e = root.ele('entry');
    e.ele('id').txt(text(item.id));
    e.ele('title')
      .att('type', 'text')
      .txt(text(titleOf(item)));
    e.ele('link').att('rel', 'alternate').att('type', 'text/html').att('href', attr(item.articleUrl));
    e.ele('published').txt(formatIso(item.date));
    e.ele('updated').txt(formatIso(item.date));
    e.ele(NS.thread, 'thr:in-reply-to')
      .att('ref', attr(item.articleId))
      .att('href', attr(item.articleUrl))
      .att('type', 'text/html');
    e.ele('content').att('type', 'text').txt(text(item.text));
  }
  return root.end({ prettyPrint: true }) + '\n';
}

export function renderCorrectionsJson(doc: CorrectionsDocument): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: clean(doc.title),
    home_page_url: doc.homeUrl,
    feed_url: doc.urls.json,
    description: clean(doc.description),
    language: clean(doc.language),
    authors: [{ name: clean(doc.author.name), ...(doc.author.url ? { url: doc.author.url } : {}) }],
    ...(doc.hub ? { hubs: [{ type: 'WebSub', url: doc.hub }] } : {}),
    items: doc.items.map((item) => ({
      id: clean(item.id),
      url: item.articleUrl,
      title: clean(titleOf(item)),
      content_text: clean(item.text),
      date_published: formatIso(item.date),
      date_modified: formatIso(item.date),
      _correction: {
        article_id: clean(item.articleId),
        article_url: item.articleUrl,
        article_title: clean(item.articleTitle),
        date: formatIso(item.date),
        text: clean(item.text),
      },
    })),
  };
  return JSON.stringify(document, null, 2) + '\n';
}
