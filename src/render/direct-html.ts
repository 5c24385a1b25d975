import type { Token, Tokens } from 'marked';
import { absoluteUrl, isLocalReference } from './urls.js';

/**
 * Sanitized HTML straight from marked's tokens, for a body without raw HTML (pure).
 *
 * Such a body can only produce the handful of tags marked writes itself, so running its
 * HTML through the sanitizer's parser (sanitize.ts) re-reads text that holds nothing to
 * remove: that pass was a quarter of a cold build. Here each token is written the way
 * marked writes it and then the way the sanitizer would rewrite that: the same tags minus
 * those off the allow-list (`h1`, the task-list checkbox), the same attributes minus
 * `class` and `align`, links and images made absolute by the same functions (urls.ts),
 * text escaped as the sanitizer escapes it, `<br />`, `<hr />` and `<img … />` closed as
 * it closes them. Whatever this file does not reproduce exactly — raw HTML anywhere, a
 * named character reference (`&copy;`), a source whose URL the sanitizer would clean of
 * control characters — returns undefined, and the caller takes the sanitizer's path. A
 * differential property test (direct-html.test.ts) holds the two paths to the same bytes.
 */

/** Thrown inside the renderer when the sanitizer's path must take over; caught below. */
class NeedsSanitizer extends Error {}
const NEEDS_SANITIZER = new NeedsSanitizer('needs the sanitizer');

export function directArticleHtml(tokens: readonly Token[], articleUrl: string): string | undefined {
  if (containsRawHtml(tokens)) return undefined;
  try {
    return new DirectRenderer(articleUrl).blocks(tokens);
  } catch (error) {
    if (error === NEEDS_SANITIZER) return undefined;
    // This renderer nests a little deeper per level than marked's own: where it runs out of
    // stack and marked might not, the old path decides.
    if (error instanceof RangeError && /call stack/i.test(error.message)) return undefined;
    throw error;
  }
}

/** Whether marked found raw HTML (block or inline) anywhere in the tokens. */
function containsRawHtml(tokens: readonly Token[]): boolean {
  for (const token of tokens) {
    if (token.type === 'html' || token.type === 'tag') return true;
    if (token.type === 'list') {
      if ((token as Tokens.List).items.some((item) => containsRawHtml(item.tokens))) return true;
    } else if (token.type === 'table') {
      const table = token as Tokens.Table;
      if (table.header.some((cell) => containsRawHtml(cell.tokens))) return true;
      if (table.rows.some((row) => row.some((cell) => containsRawHtml(cell.tokens)))) return true;
    } else if ('tokens' in token && token.tokens && containsRawHtml(token.tokens)) return true;
  }
  return false;
}

class DirectRenderer {
  constructor(private readonly articleUrl: string) {}

  blocks(tokens: readonly Token[]): string {
    let out = '';
    for (const token of tokens) out += this.block(token);
    return out;
  }

  private block(token: Token): string {
    switch (token.type) {
      case 'space':
      case 'def':
        return '';
      case 'hr':
        return '<hr />\n';
      case 'heading': {
        const { depth, tokens } = token as Tokens.Heading;
        // h1 is not on the allow-list: the sanitizer keeps its text, not its tag.
        const inner = this.inline(tokens);
        return depth === 1 ? `${inner}\n` : `<h${depth}>${inner}</h${depth}>\n`;
      }
      case 'code':
        return this.code(token as Tokens.Code);
      case 'blockquote':
        return `<blockquote>\n${this.blocks((token as Tokens.Blockquote).tokens)}</blockquote>\n`;
      case 'list':
        return this.list(token as Tokens.List);
      case 'checkbox':
        // `<input …> `: the input is not on the allow-list, the space after it stays.
        return ' ';
      case 'paragraph':
        return `<p>${this.inline((token as Tokens.Paragraph).tokens)}</p>\n`;
      case 'table':
        return this.table(token as Tokens.Table);
      case 'text':
        return this.text(token as Tokens.Text);
      default:
        throw NEEDS_SANITIZER;
    }
  }

  private code({ text, escaped }: Tokens.Code): string {
    if (escaped) throw NEEDS_SANITIZER;
    // marked writes `class="language-…"`, which the sanitizer removes; its text is every
    // character escaped, which the sanitizer reads back and escapes again its own way.
    const code = text ? text.replace(/\n$/, '') + '\n' : '';
    return `<pre><code>${escapeText(code)}</code></pre>\n`;
  }

  private list(token: Tokens.List): string {
    const type = token.ordered ? 'ol' : 'ul';
    const start = token.ordered && token.start !== 1 ? ` start="${escapeAttribute(String(token.start))}"` : '';
    let body = '';
    for (const item of token.items) body += `<li>${this.blocks(item.tokens)}</li>\n`;
    return `<${type}${start}>\n${body}</${type}>\n`;
  }

  private table(token: Tokens.Table): string {
    // marked's `align` attribute is not on the allow-list.
    const row = (cells: readonly Tokens.TableCell[], tag: 'th' | 'td'): string => {
      let out = '<tr>\n';
      for (const cell of cells) out += `<${tag}>${this.inline(cell.tokens)}</${tag}>\n`;
      return `${out}</tr>\n`;
    };
    let body = '';
    for (const cells of token.rows) body += row(cells, 'td');
    if (body) body = `<tbody>${body}</tbody>`;
    return `<table>\n<thead>\n${row(token.header, 'th')}</thead>\n${body}</table>\n`;
  }

  private text(token: Tokens.Text | Tokens.Escape): string {
    if ('tokens' in token && token.tokens) return this.inline(token.tokens);
    if ('escaped' in token && token.escaped) return fromMarkedText(token.text);
    // Most text has no `&`, `<` or `>`: marked would escape only its quotes, and the
    // sanitizer's parser would read them back as the quotes they were.
    return MARKUP_IN_TEXT.test(token.text) ? fromMarkedText(escapeLikeMarked(token.text)) : token.text;
  }

  inline(tokens: readonly Token[]): string {
    let out = '';
    for (const token of tokens) out += this.inlineToken(token);
    return out;
  }

  private inlineToken(token: Token): string {
    switch (token.type) {
      case 'escape':
      case 'text':
        return this.text(token as Tokens.Text | Tokens.Escape);
      case 'link':
        return this.link(token as Tokens.Link);
      case 'image':
        return this.image(token as Tokens.Image);
      case 'checkbox':
        return ' ';
      case 'strong':
        return `<strong>${this.inline((token as Tokens.Strong).tokens)}</strong>`;
      case 'em':
        return `<em>${this.inline((token as Tokens.Em).tokens)}</em>`;
      case 'codespan':
        return `<code>${escapeText((token as Tokens.Codespan).text)}</code>`;
      case 'br':
        return '<br />';
      case 'del':
        return `<del>${this.inline((token as Tokens.Del).tokens)}</del>`;
      default:
        throw NEEDS_SANITIZER;
    }
  }

  private link({ href, title, text, tokens, autolink }: Tokens.Link): string {
    const inner = autolink ? escapeText(text) : this.inline(tokens);
    const clean = cleanUrl(href);
    if (clean === null) return inner;
    // The sanitizer moves `href` after the other attributes (sanitize.ts `withUrl`) and
    // drops it when it does not resolve to a safe absolute URL.
    const url = absoluteUrl(
      attributeValue(autolink ? escapeAllLikeMarked(clean) : escapeLikeMarked(clean)),
      this.articleUrl,
    );
    const titleAttribute = title ? optionalAttribute('title', attributeValue(escapeLikeMarked(title))) : '';
    const hrefAttribute = url === undefined ? '' : ` href="${escapeAttribute(url)}"`;
    return `<a${titleAttribute}${hrefAttribute}>${inner}</a>`;
  }

  private image({ href, title, text, tokens }: Tokens.Image): string {
    const alt = tokens ? plainText(tokens) : text;
    const clean = cleanUrl(href);
    if (clean === null) return fromMarkedText(escapeLikeMarked(alt));
    const src = attributeValue(escapeLikeMarked(clean));
    const altAttribute = ` alt="${escapeAttribute(attributeValue(escapeLikeMarked(alt)))}"`;
    const titleAttribute = title ? optionalAttribute('title', attributeValue(escapeLikeMarked(title))) : '';
    if (isLocalReference(src)) {
      // Kept as written for the images stage (sanitize.ts `imageAttributes`). The
      // sanitizer would first strip control characters and spaces from it before judging
      // its scheme; a source with any (or a backslash) is left to it.
      const local = src.trim();
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
      if (/[\u0000-\u0020\\<]/.test(local)) throw NEEDS_SANITIZER;
      return `<img src="${escapeAttribute(local)}"${altAttribute}${titleAttribute} />`;
    }
    // A remote image must resolve to http(s); otherwise the sanitizer drops it whole.
    const url = absoluteUrl(src, this.articleUrl);
    if (url === undefined || !/^https?:/.test(url)) return '';
    return `<img src="${escapeAttribute(url)}"${altAttribute}${titleAttribute} loading="lazy" decoding="async" />`;
  }
}

/** An image's alt text as marked's TextRenderer writes it (before marked escapes it). */
function plainText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
      case 'image': {
        const nested = (token as Tokens.Strong).tokens as Token[] | undefined;
        out += nested ? plainText(nested) : (token as Tokens.Strong).text;
        break;
      }
      case 'codespan':
      case 'text':
      case 'escape':
        out += (token as Tokens.Text).text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'checkbox':
        out += token.raw;
        break;
      default:
        throw NEEDS_SANITIZER;
    }
  }
  return out;
}

/** marked's `cleanUrl`: the URL percent-encoded, or null when it cannot be (a lone surrogate). */
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeChar = (ch: string): string => ESCAPES[ch] as string;

/** marked's escaping where it keeps what looks like a character reference (`escapeHtmlEntities(s)`). */
function escapeLikeMarked(text: string): string {
  return text.replace(/[<>"']|&(?!(#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g, escapeChar);
}

/** marked's escaping of every special character (`escapeHtmlEntities(s, true)`). */
function escapeAllLikeMarked(text: string): string {
  return text.replace(/[&<>"']/g, escapeChar);
}

/**
 * The five references marked writes itself, as the sanitizer's parser decodes them. Any
 * other `&` in marked's output is a reference the author wrote (`&copy;`, `&nbsp;`), which
 * the parser decodes by tables this file does not repeat: the sanitizer's path takes it.
 */
const MARKED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** An attribute value of marked's output as the sanitizer's parser reads it. */
function attributeValue(marked: string): string {
  if (!marked.includes('&')) return marked;
  return marked.replace(/&(?:(amp|lt|gt|quot|#39);)?/g, (_match, name: string | undefined) => {
    if (name === undefined) throw NEEDS_SANITIZER;
    return MARKED_REFERENCES[name] as string;
  });
}

/**
 * Text of marked's output as the sanitizer writes it: references decoded, then `&`, `<`
 * and `>` escaped (quotes stay plain in text). A raw `<` would be markup: not for this path.
 */
function fromMarkedText(marked: string): string {
  if (marked.includes('<')) throw NEEDS_SANITIZER;
  if (!marked.includes('&')) return marked.includes('>') ? marked.replace(/>/g, '&gt;') : marked;
  return escapeText(attributeValue(marked));
}

/** The markup characters of text: what the sanitizer escapes, and marked besides quotes. */
const MARKUP_IN_TEXT = /[&<>]/;

/** The sanitizer's escaping of text. */
function escapeText(text: string): string {
  return MARKUP_IN_TEXT.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}

/** The sanitizer's escaping of an attribute value. */
function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** ` name="value"`, or nothing for an empty value (the sanitizer drops an empty `title`). */
function optionalAttribute(name: string, value: string): string {
  return value === '' ? '' : ` ${name}="${escapeAttribute(value)}"`;
}
