import type { Author, Entry } from '../model.js';
import { cleanText as clean } from '../util/xml-text.js';
import { formatIso } from '../validate/dates.js';
import { atomPerson } from './atom.js';
import { GENERATOR, NS, stylesheetInstructions, type FeedDocument } from './document.js';
import { el, xmlDocument } from './xml.js';

/**
 * The corrections feed, pure: `corrections.xml` (Atom 1.0) and `corrections.json`
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
  const root = el(
    'feed',
    { xmlns: NS.atom, 'xmlns:thr': NS.thread, 'xml:lang': doc.language },
    el('id', null, doc.urls.atom),
    el('title', { type: 'text' }, doc.title),
    el('subtitle', { type: 'text' }, doc.description),
    el('updated', null, formatIso(doc.updated)),
    el('link', { rel: 'self', type: 'application/atom+xml', href: doc.urls.atom }),
    el('link', { rel: 'alternate', type: 'text/html', href: doc.homeUrl }),
    doc.hub && el('link', { rel: 'hub', href: doc.hub }),
    atomPerson('author', doc.author),
    el('rights', { type: 'text' }, doc.copyright),
    el('generator', { uri: GENERATOR.uri, version: GENERATOR.version }, GENERATOR.name),
    ...doc.items.map((item) =>
      el(
        'entry',
        null,
        el('id', null, item.id),
        el('title', { type: 'text' }, titleOf(item)),
        el('link', { rel: 'alternate', type: 'text/html', href: item.articleUrl }),
        el('published', null, formatIso(item.date)),
        el('updated', null, formatIso(item.date)),
        el('thr:in-reply-to', { ref: item.articleId, href: item.articleUrl, type: 'text/html' }),
        el('content', { type: 'text' }, item.text),
      ),
    ),
  );
  return xmlDocument(root, stylesheetInstructions(doc, doc.urls.atom));
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
