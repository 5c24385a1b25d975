import type { ImageRights } from './images/rights.js';

/**
 * The data that flows through the pipeline, one type per stage boundary.
 * Times are epoch milliseconds (UTC); they are formatted only at serialization.
 */

/** A person credited on an article or a feed. */
export interface Author {
  name: string;
  email?: string;
  url?: string;
}

/** One correction, as the article declares it (SPEC §1: oldest first). */
export interface Correction {
  /** Epoch ms. */
  date: number;
  text: string;
}

export type ArticleStatus = 'published' | 'draft' | 'withdrawn';

/** The lead image as the article declares it. */
export interface ArticleImage {
  /** Path relative to the articles root, POSIX separators, already checked to stay inside it. */
  source: string;
  alt: string;
  caption?: string;
  credit?: string;
  /** Rights fields (docs/article-format.md, "Image rights"): the photographer, the copyright notice, a licence URL. */
  creator?: string;
  copyright?: string;
  license?: string;
}

/** A validated article: everything the front matter says, in typed form, plus the Markdown body. */
export interface Article {
  /** Path relative to the articles root, POSIX separators (the name every diagnostic uses). */
  sourcePath: string;
  title: string;
  dek?: string;
  published: number;
  updated?: number;
  slug: string;
  /** Explicit `id:` from the front matter; when absent the entry id is derived (entries/identity.ts). */
  id?: string;
  authors: Author[];
  section?: string;
  tags: string[];
  image?: ArticleImage;
  corrections: Correction[];
  status: ArticleStatus;
  embargo?: number;
  /** Hugo's `expiryDate` (epoch ms): from then on the entry is withdrawn. */
  expires?: number;
  /** The path (or absolute URL) the site publishes the article at, from `permalink`/`url`; may hold placeholders. */
  permalink?: string;
  /** Categories as written (other platforms' `categories`), for `:categories` in URL patterns. */
  categories?: string[];
  /** `withdrawn:`: when the article was withdrawn (its tombstone's time), for `status: withdrawn`. */
  withdrawn?: number;
  /** Markdown body, front matter removed. */
  body: string;
}

/** One published file of an image, as the feeds reference it. */
export interface Rendition {
  /** Absolute URL. */
  url: string;
  width: number;
  height: number;
  format: 'jpeg' | 'webp' | 'avif';
  /** MIME type, e.g. image/jpeg. */
  mimeType: string;
  bytes: number;
}

/** Every rendition of one source image, and what the feeds need to show it. */
export interface ImageRenditions {
  /** Source path relative to the articles root. */
  source: string;
  /** Intrinsic size of the (orientation-corrected) source. */
  width: number;
  height: number;
  /** All renditions, all formats, ascending width. */
  renditions: Rendition[];
  /** The rights every rendition carries (images/rights.ts): article, source file and site together. */
  rights?: ImageRights;
  /** The credit was read from the source file because the article gave none. */
  creditFromSource?: boolean;
}

/**
 * One use of a source image (images/rights.ts `imageUseKey`: its path, and what the article
 * declares about its rights when it declares anything) → its renditions.
 */
export type ImageTable = ReadonlyMap<string, ImageRenditions>;

/** The lead image of an entry, ready for the serializers. */
export interface LeadImage extends ImageRenditions {
  alt: string;
  caption?: string;
  credit?: string;
  /** The copyright notice and licence URL (Media RSS `media:copyright`, `media:license`). */
  copyright?: string;
  license?: string;
}

/** A syndicated entry: what every feed format says about one article. */
export interface Entry {
  id: string;
  url: string;
  title: string;
  summary?: string;
  /** Full, sanitized HTML with absolute URLs, lead figure and corrections block. */
  contentHtml: string;
  /**
   * Hash of everything contentHtml is made of. Feed fingerprints use it instead of the
   * content, so unchanged feeds are recognised without assembling any content.
   */
  contentKey?: string;
  /**
   * Stands for the whole entry in feed fingerprints (entries/assemble.ts says what it is made of), so
   * planning a rebuild turns no entry into JSON. Entries without one (kept entries
   * from last-good.json) are hashed as JSON.
   */
  entryKey?: string;
  published: number;
  modified: number;
  authors: Author[];
  section?: string;
  tags: string[];
  image?: LeadImage;
  corrections: Correction[];
  sourcePath: string;
}

/** RFC 6721 deleted entry: what remains of a withdrawn article in the Atom feed. */
export interface Tombstone {
  id: string;
  /** Absent for a deleted article that left the window before its file was deleted (entries/deleted.ts). */
  url?: string;
  /** When the withdrawal was first seen (epoch ms). */
  when: number;
  sourcePath: string;
  /**
   * What the withdrawn article was filed under: its tombstone also goes into the
   * section, tag and author feeds it appeared in, and its archive slot is ordered by `published`.
   */
  published?: number;
  section?: string;
  tags?: string[];
  authors?: Author[];
}
