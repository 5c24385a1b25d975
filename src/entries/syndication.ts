import type { ValidArticle } from '../load/load-articles.js';
import { bodyImageRights, leadImageRights, type DeclaredRights } from '../images/rights.js';
import { dispositionOf } from './entries.js';

/**
 * Which valid articles are syndicated now, which are withdrawn, and which are held back
 * (drafts, embargoes) (pure; the disposition rules are in entries/entries.ts).
 */

/** A syndicated (or withdrawn) article with the images it needs. */
export interface Candidate extends ValidArticle {
  id: string;
  url: string;
  /** Images to render; `line` is where a body image is written (for diagnostics). */
  imageSources: ImageSource[];
}

export interface ImageSource {
  source: string;
  /** The front-matter key or body reference it was written under, for diagnostics. */
  key: string;
  line?: number;
  rights: DeclaredRights;
}

export interface Syndication {
  candidates: Candidate[];
  withdrawn: Candidate[];
  /** Drafts and embargoed articles. */
  skipped: number;
}

/** The image sources of an article without images (most): one frozen list for all of them. */
const NO_IMAGES = Object.freeze([]) as unknown as ImageSource[];

export function selectSyndicated(articles: readonly ValidArticle[], now: number): Syndication {
  let skipped = 0;
  const candidates: Candidate[] = [];
  const withdrawn: Candidate[] = [];
  for (const valid of articles) {
    const { article, prepared, displayPath } = valid;
    const disposition = dispositionOf(article, now);
    const { id, url } = prepared;
    if (disposition.kind === 'held') skipped += 1;
    else if (disposition.kind === 'withdrawn')
      withdrawn.push({ article, prepared, displayPath, id, url, imageSources: NO_IMAGES });
    else candidates.push({ article, prepared, displayPath, id, url, imageSources: imageSourcesOf(valid) });
  }
  return { candidates, withdrawn, skipped };
}

function imageSourcesOf({ article, prepared }: ValidArticle): ImageSource[] {
  const bodyImages = prepared.body?.images ?? [];
  if (!article.image && bodyImages.length === 0) return NO_IMAGES;
  const sources: ImageSource[] = [];
  if (article.image) {
    sources.push({ source: article.image.source, key: 'image.src', rights: leadImageRights(article.image) });
  }
  for (const image of bodyImages) {
    const key = `body image ${image.reference}`;
    sources.push({ source: image.source, key, line: image.line, rights: bodyImageRights(image.title) });
  }
  return sources;
}
