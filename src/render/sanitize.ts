import sanitizeHtml from 'sanitize-html';
import type { ImageRenditions } from '../model.js';
import { fallbackRendition, jpegRenditions, srcset } from './figure.js';
import { absoluteUrl, isLocalReference } from './urls.js';

/**
 * The one allow-list every piece of article HTML passes (SPEC §3): what is not
 * listed here never reaches a feed. No script, style, iframe, object, embed, form, base or
 * meta; no event handlers, no style or class attributes (a body must not be able to pose
 * as our own corrections block); only http(s), mailto and tel URLs (no javascript:,
 * vbscript: or data:). URLs are made absolute in the same pass, and local images become
 * their responsive renditions.
 */

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'q',
  'cite',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'a',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'del',
  'ins',
  'mark',
  'small',
  'sub',
  'sup',
  'abbr',
  'code',
  'pre',
  'kbd',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'img',
  'time',
  'span',
];

export interface SanitizeContext {
  /** The article's absolute URL: the base of every relative link. */
  articleUrl: string;
  /**
   * Local image reference as written → its renditions (resolved by the images stage).
   * Absent in the first pass (render/body.ts), which keeps local references as written.
   */
  localImage?: (reference: string, title: string | undefined) => ImageRenditions | undefined;
  /** The `sizes` attribute for responsive images. */
  sizes: string;
}

export function sanitizeArticleHtml(html: string, context: SanitizeContext): string {
  const resolve = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : absoluteUrl(value, context.articleUrl);
  const withUrl = (attribs: sanitizeHtml.Attributes, name: string): sanitizeHtml.Attributes => {
    const value = attribs[name];
    if (value === undefined) return attribs;
    const { [name]: _dropped, ...rest } = attribs;
    const url = resolve(value);
    return url === undefined ? rest : { ...rest, [name]: url };
  };

  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'hreflang'],
      img: ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'title', 'loading', 'decoding'],
      blockquote: ['cite'],
      q: ['cite'],
      del: ['cite', 'datetime'],
      ins: ['cite', 'datetime'],
      time: ['datetime'],
      abbr: ['title'],
      ol: ['start', 'reversed'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      code: [],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // An image whose source was refused (javascript:, data:, unparsable) or whose local file
    // is unknown is dropped whole: an <img> without src only shows a broken frame.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
    // Text of removed non-content tags (script, style, textarea, …) is dropped, not shown.
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'title',
      'template',
      'iframe',
      'object',
      'svg',
      'math',
    ],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'href') }),
      blockquote: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'cite') }),
      q: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'cite') }),
      del: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'cite') }),
      ins: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'cite') }),
      img: (tagName, attribs) => ({ tagName, attribs: imageAttributes(attribs, context) }),
    },
  });
}

function imageAttributes(attribs: sanitizeHtml.Attributes, context: SanitizeContext): sanitizeHtml.Attributes {
  const src = attribs.src ?? '';
  const alt = attribs.alt ?? '';
  const title: sanitizeHtml.Attributes = attribs.title === undefined ? {} : { title: attribs.title };
  if (isLocalReference(src)) {
    if (!context.localImage) return { src: src.trim(), alt, ...title };
    // The title carries a body image's caption and credit (images/rights.ts), which its renditions carry too.
    const image = context.localImage(src, attribs.title);
    const fallback = image && fallbackRendition(image);
    if (!image || !fallback) return { alt, ...title };
    return {
      src: fallback.url,
      srcset: srcset(jpegRenditions(image)),
      sizes: context.sizes,
      width: String(fallback.width),
      height: String(fallback.height),
      alt,
      ...title,
      loading: 'lazy',
      decoding: 'async',
    };
  }
  // A remote image stays as written (absolute), without renditions: we cannot vouch for
  // its size, so no width/height/srcset are invented.
  const url = absoluteUrl(src, context.articleUrl);
  return url === undefined ? { alt, ...title } : { src: url, alt, ...title, loading: 'lazy', decoding: 'async' };
}
