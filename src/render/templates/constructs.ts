import { escapeHtml } from '../../util/xml-text.js';

/**
 * What the template constructs of Jekyll, Eleventy and Hugo bodies become in presswire's
 * Markdown (pure). Shared by the Liquid and the Hugo readers so that `{% image %}` and
 * `{{< figure >}}`, or `{% post_url %}` and `{{< ref >}}`, come out alike.
 */

/** What the template stage needs to know about the site and the article. */
export interface TemplateSite {
  /** Absolute site URL ending in "/" (config site.url). */
  siteUrl: string;
  /** Absolute URL of the article the body belongs to. */
  articleUrl: string;
}

/** Something in a body the stage removed or could not resolve, for a warning. */
export interface TemplateWarning {
  /** 1-based line within the body. */
  line: number;
  /** The tag as written (shortened), e.g. `{% include note.html %}`. */
  tag: string;
  message: string;
}

/** A reference to another article (`post_url`, `link`, `ref`, `relref`), resolved at assembly. */
export interface ArticleLink {
  /** What the body named, e.g. `2014-03-12-x` or `posts/x.md`. */
  target: string;
  /** 1-based line within the body. */
  line: number;
}

/**
 * The stand-in URL of a link to another article. Which URL that article has is known only
 * once every article has been read (bodies render one by one, on worker threads), so the
 * body carries this stand-in and render/templates/links.ts swaps it for the article's URL
 * when the entry's content is assembled. `.invalid` is reserved (RFC 2606): the stand-in
 * can never name a real host, and it survives sanitizing like any https URL.
 */
export const LINK_STAND_IN = 'https://presswire.invalid/article/';

export function linkStandIn(target: string): string {
  return `${LINK_STAND_IN}${encodeURIComponent(target)}`;
}

/** The site's origin (`https://example.org`): what Jekyll's `site.url` holds. */
export function siteOrigin(siteUrl: string): string {
  return new URL(siteUrl).origin;
}

/** The site's path without its trailing slash (`/blog`, or ''): what Jekyll's `site.baseurl` holds. */
export function sitePath(siteUrl: string): string {
  return new URL(siteUrl).pathname.replace(/\/+$/, '');
}

/**
 * `relative_url` / Eleventy's `url`: a site path under the site's own path (`/blog/about/`).
 * It stays root-relative in the Markdown so that a site-root image is still found in the
 * `static` folder; the sanitizer makes every link absolute against the article's URL.
 * An absolute URL passes unchanged, as in Jekyll and Eleventy.
 */
export function relativeSiteUrl(value: string, siteUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) return value;
  const tail = value.replace(/^\/+/, '');
  return `${sitePath(siteUrl)}/${tail}`;
}

/** `absolute_url`: the URL under site.url. */
export function absoluteSiteUrl(value: string, siteUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) return value;
  return new URL(value.replace(/^\/+/, ''), siteUrl).href;
}

/**
 * A figure as raw HTML between blank lines, so Markdown leaves it whole (a CommonMark HTML
 * block). Its `<img>` is found and given renditions exactly like a Markdown image.
 */
export function figureHtml(src: string, alt: string, caption: string): string {
  const figcaption = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `\n\n<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">${figcaption}</figure>\n\n`;
}

const VIDEO_SITES: Record<string, { name: string; url: (id: string) => string }> = {
  youtube: { name: 'YouTube', url: (id) => `https://www.youtube.com/watch?v=${id}` },
  vimeo: { name: 'Vimeo', url: (id) => `https://vimeo.com/${id}` },
};

export function isVideoTag(name: string): boolean {
  return Object.hasOwn(VIDEO_SITES, name);
}

/** A video embed becomes a link to the video: feeds carry no players (no iframes, SPEC §3). */
export function videoLink(site: string, id: string): string | undefined {
  const known = VIDEO_SITES[site];
  if (!known || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
  return `[Watch the video on ${known.name}](${known.url(id)})`;
}

/** The opening or closing fence of a code block (`{% highlight ruby %}`, `{{< highlight go >}}`). */
export function codeFence(language: string | undefined, closing: boolean): string {
  const lang = closing ? '' : (language ?? '').replace(/[^A-Za-z0-9_+#.-]/g, '');
  return `\`\`\`${lang}`;
}

/** A tag as written, shortened for a warning. */
export function tagForMessage(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

/** 1-based line of `offset` in `text`, counting from a known earlier point. */
export class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 1;
    }
    for (let i = this.text.indexOf('\n', this.offset); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      this.line += 1;
    }
    this.offset = offset;
    return this.line;
  }
}
