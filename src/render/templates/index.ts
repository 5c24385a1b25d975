import type { TagToken, Tokenizer, TopLevelToken } from 'liquidjs';
import {
  LineCounter,
  codeFence,
  figureHtml,
  isVideoTag,
  linkStandIn,
  relativeSiteUrl,
  tagForMessage,
  videoLink,
  type ArticleLink,
  type TemplateSite,
  type TemplateWarning,
} from './constructs.js';
import { CloserIndex, isShortcodeStart, readShortcode, type Shortcode } from './hugo.js';
import { evaluateOutput, liquidEngine, liquidjs } from './liquid.js';

export type { ArticleLink, TemplateSite, TemplateWarning } from './constructs.js';

/**
 * Template syntax in Markdown bodies written for Jekyll, Eleventy and Hugo → plain Markdown
 * (pure; docs/article-format.md, "Template syntax in bodies", says what each construct
 * becomes). Runs before Markdown, on the whole body, code included: Jekyll runs Liquid over
 * code blocks and Hugo runs shortcodes in them too, so the feed shows what the site shows;
 * authors on both platforms already write `{% raw %}` or a commented shortcode to show template
 * syntax literally, and that text is kept as written.
 */

export interface TemplateResult {
  markdown: string;
  warnings: TemplateWarning[];
  links: ArticleLink[];
}

/** Whether a body can carry template syntax at all: bodies without it skip the stage. */
export function mayCarryTemplates(body: string): boolean {
  return body.includes('{{') || body.includes('{%');
}

/** Where the next `{{` or `{%` starts at or after `from` (the body's length when none does). */
function nextDelimiter(body: string, from: number): number {
  for (let at = body.indexOf('{', from); at !== -1; at = body.indexOf('{', at + 1)) {
    const second = body.charCodeAt(at + 1);
    if (second === 0x7b || second === 0x25) return at;
  }
  return body.length;
}

/** Warnings reported per body; past this, one more says how many were left out. */
const MAX_WARNINGS = 50;
/** Unclosed `{{`/`{%` tolerated one by one; past this the rest of the body's delimiters are dropped (bounded work). */
const MAX_UNCLOSED = 20;

const COMMENT_TAGS = new Set(['comment', '#']);

export function renderTemplates(body: string, site: TemplateSite): TemplateResult {
  return new TemplateRun(body, site).run();
}

class TemplateRun {
  private readonly out: string[] = [];
  private readonly warnings: TemplateWarning[] = [];
  private readonly links: ArticleLink[] = [];
  private readonly lines: LineCounter;
  private readonly closers: CloserIndex;
  private readonly tokenizer: Tokenizer;
  private suppressed = 0;
  private unclosed = 0;
  private inRaw = false;
  private inComment = false;
  private commentStart = 0;
  private trimNext = false;
  /** The next text starts a new line (after a code fence). */
  private newlineNext = false;
  /** How many of the last pieces of `out` are a bare `{{ site.url }}`/`{{ site.baseurl }}`. */
  private siteVariablePieces = 0;

  constructor(
    private readonly body: string,
    private readonly site: TemplateSite,
  ) {
    this.lines = new LineCounter(body);
    this.closers = new CloserIndex(body);
    this.tokenizer = new (liquidjs().Tokenizer)(body, liquidEngine().options.operators);
  }

  run(): TemplateResult {
    const { tokenizer, body } = this;
    while (!tokenizer.end()) {
      const at = tokenizer.p;
      if (!this.inRaw && !this.inComment && isShortcodeStart(body, at)) {
        const shortcode = readShortcode(body, at, this.closers);
        this.shortcode(shortcode, at);
        tokenizer.p = shortcode.end;
        continue;
      }
      // Text up to the next delimiter is taken here: liquidjs reads it a character at a time,
      // and it is most of a body (a raw block's text is left to liquidjs, which ends it).
      const next = this.inRaw ? at : nextDelimiter(body, at);
      if (next > at) {
        this.text(body.slice(at, next));
        tokenizer.p = next;
        continue;
      }
      let token: TopLevelToken;
      try {
        token = tokenizer.readTopLevelToken(liquidEngine().options);
      } catch (error) {
        if (!(error instanceof liquidjs().TokenizationError)) throw error;
        if (this.unterminated(at)) break;
        continue;
      }
      this.token(token);
    }
    if (this.inComment) {
      this.warn(
        this.commentStart,
        '{% comment %}',
        'expected {% endcomment %} but the body ends first; the rest was removed',
      );
    }
    if (this.suppressed > 0) {
      this.warnings.push({
        line: this.warnings.at(-1)?.line ?? 1,
        tag: '…',
        message: `${this.suppressed} more template tags were removed (only the first ${MAX_WARNINGS} are listed)`,
      });
    }
    return { markdown: this.out.join(''), warnings: this.warnings, links: this.links };
  }

  /** An unclosed `{%`, `{{` or raw block at `at`; true when the rest of the body was settled. */
  private unterminated(at: number): boolean {
    const rest = this.body.slice(at);
    if (this.inRaw) {
      // The author's literal text: kept as written, like a closed raw block.
      this.warn(at, '{% raw %}', 'expected {% endraw %} but the body ends first; the rest is kept as written');
      this.push(rest);
      return true;
    }
    const opener = rest.slice(0, 2);
    this.unclosed += 1;
    if (this.unclosed > MAX_UNCLOSED) {
      this.warn(
        at,
        opener,
        `more than ${MAX_UNCLOSED} unclosed tags: every template delimiter from here on was removed`,
      );
      this.push(rest.replace(/\{[{%]|[%}]\}/g, ''));
      return true;
    }
    this.warn(at, opener, `expected ${opener === '{{' ? '}}' : '%}'} to close it but the body ends first; removed`);
    this.tokenizer.p = at + 2;
    return false;
  }

  private token(token: TopLevelToken): void {
    const { TokenKind } = liquidjs();
    if (token.kind === TokenKind.HTML) {
      this.text(token.getText());
      return;
    }
    const delimited = token as TagToken;
    if (delimited.trimLeft && !this.inRaw) this.trimLast();
    this.trimNext = delimited.trimRight;
    if (token.kind === TokenKind.Output) {
      if (!this.inComment) this.output(delimited);
    } else if (token.kind === TokenKind.Tag) {
      this.tag(delimited);
    }
  }

  /** Text between tags: kept, unless inside a comment. */
  private text(text: string): void {
    if (this.inComment) return;
    this.push(this.trimNext ? text.trimStart() : text);
    this.trimNext = false;
  }

  private output(token: TagToken): void {
    const result = evaluateOutput(token.content, this.site);
    if (!result.ok) {
      this.warn(token.begin, token.getText(), `${result.reason}; removed`);
      return;
    }
    this.push(result.value);
    if (result.siteVariable) this.siteVariablePieces += 1;
  }

  private tag(token: TagToken): void {
    const { name, args } = token;
    if (name === 'raw') this.inRaw = true;
    else if (name === 'endraw') this.inRaw = false;
    else if (this.inComment) this.inComment = name !== 'endcomment';
    else if (COMMENT_TAGS.has(name)) {
      this.inComment = name === 'comment';
      this.commentStart = token.begin;
    } else if (name === 'highlight' || name === 'endhighlight')
      this.fence(args.trim().split(/\s+/)[0], name === 'endhighlight');
    else if (name === 'post_url') this.articleLink(args.trim(), token.begin);
    else if (name === 'link') this.siteLink(args.trim(), token.begin);
    else if (name === 'image') this.image(quotedArguments(args), token);
    else if (name === 'include' && this.includedFigure(args)) return;
    else if (isVideoTag(name)) this.video(name, quotedArguments(args)[0] ?? args.trim(), token);
    else if (!name.startsWith('end')) {
      this.warn(
        token.begin,
        token.getText(),
        `expected a tag presswire knows (raw, link, post_url, image, highlight, youtube, vimeo) but received ${name}; removed`,
      );
    }
  }

  private shortcode(shortcode: Shortcode, at: number): void {
    if (shortcode.kind === 'unterminated') {
      const opener = this.body.slice(at, at + 3);
      this.warn(
        at,
        opener,
        `expected ${opener === '{{<' ? '>}}' : '%}}'} to close this shortcode but the body ends first; removed`,
      );
      return;
    }
    if (shortcode.kind === 'escaped') {
      this.push(shortcode.text);
      return;
    }
    if (shortcode.kind === 'malformed') {
      this.warn(at, shortcode.text, 'expected a shortcode name and arguments presswire can read; removed');
      return;
    }
    const { name, positional, named, text } = shortcode;
    if (shortcode.kind === 'close') {
      if (name === 'highlight') this.fence(undefined, true);
      return;
    }
    const first = named.get('src') ?? named.get('id') ?? named.get('path') ?? positional[0];
    if (name === 'figure') {
      if (first === undefined) this.warn(at, text, 'expected a src for the figure; removed');
      else this.push(figureHtml(first, named.get('alt') ?? '', named.get('caption') ?? named.get('title') ?? ''));
    } else if (isVideoTag(name)) {
      this.video(name, first ?? '', { begin: at, getText: () => text });
    } else if (name === 'ref' || name === 'relref') {
      if (first === undefined) this.warn(at, text, 'expected the path of an article; removed');
      else this.articleLink(first, at);
    } else if (name === 'highlight') {
      this.fence(positional[0] ?? named.get('lang'), false);
    } else {
      this.warn(
        at,
        text,
        `expected a shortcode presswire knows (figure, youtube, vimeo, ref, relref, highlight) but received ${name}; removed`,
      );
    }
  }

  private image(args: string[], token: Pick<TagToken, 'begin' | 'getText'>): void {
    const [src, alt = ''] = args;
    if (src === undefined)
      this.warn(token.begin, token.getText(), 'expected a quoted image path as first argument; removed');
    else this.push(figureHtml(src, alt, ''));
  }

  /**
   * A Jekyll theme's figure include (`{% include figure image_path="/x.jpg" alt="…"
   * caption="…" %}`, Minimal Mistakes and others): a figure like Hugo's; true when it was one.
   * No include file is read: the parameters say everything a feed needs.
   */
  private includedFigure(args: string): boolean {
    const [file = '', ...rest] = args.trim().split(/\s+/);
    if (!/^(figure|image)(\.html)?$/.test(file)) return false;
    const named = namedArguments(rest.join(' '));
    const src = ['image_path', 'image', 'src', 'url', 'path', 'file'].map((key) => named.get(key)).find(Boolean);
    if (src === undefined) return false;
    const caption = named.get('caption') ?? named.get('description') ?? named.get('title') ?? '';
    this.push(figureHtml(src, named.get('alt') ?? '', caption));
    return true;
  }

  private video(name: string, id: string, token: Pick<TagToken, 'begin' | 'getText'>): void {
    const link = videoLink(name, id);
    if (link === undefined)
      this.warn(
        token.begin,
        token.getText(),
        `expected a ${name} video id but received ${JSON.stringify(id)}; removed`,
      );
    else this.push(link);
  }

  /** `post_url`, `ref`, `relref`, and `link` to an article: the stand-in the assembly resolves. */
  private articleLink(target: string, at: number): void {
    const written = target.replace(/^["']|["']$/g, '');
    if (written === '') return;
    this.dropSitePrefix();
    this.links.push({ target: written, line: this.lines.lineAt(at) });
    this.push(linkStandIn(written));
  }

  /** Jekyll's `link`: an article when it names a Markdown file, else a site file under the site's path. */
  private siteLink(target: string, at: number): void {
    const written = target.replace(/^["']|["']$/g, '');
    if (/\.(md|markdown)$/i.test(written)) {
      this.articleLink(written, at);
      return;
    }
    this.dropSitePrefix();
    this.push(relativeSiteUrl(written, this.site.siteUrl));
  }

  /**
   * `{{ site.baseurl }}{% post_url x %}` is how Jekyll sites wrote links before `post_url`
   * added the base URL itself; the link is absolute already, so the prefix goes.
   */
  private dropSitePrefix(): void {
    this.out.splice(this.out.length - this.siteVariablePieces, this.siteVariablePieces);
    this.siteVariablePieces = 0;
  }

  private push(text: string): void {
    const onNewLine = this.newlineNext && text !== '' && !text.startsWith('\n');
    if (text !== '') this.newlineNext = false;
    this.out.push(onNewLine ? `\n${text}` : text);
    this.siteVariablePieces = 0;
  }

  /** A code fence stands on a line of its own, whatever the tag stood beside. */
  private fence(language: string | undefined, closing: boolean): void {
    const last = this.out.at(-1) ?? '\n';
    this.push(`${last.endsWith('\n') ? '' : '\n'}${codeFence(language, closing)}`);
    this.newlineNext = true;
  }

  private trimLast(): void {
    const last = this.out.length - 1;
    if (last >= 0) this.out[last] = (this.out[last] ?? '').trimEnd();
  }

  private warn(at: number, tag: string, message: string): void {
    if (this.warnings.length >= MAX_WARNINGS) {
      this.suppressed += 1;
      return;
    }
    this.warnings.push({ line: this.lines.lineAt(at), tag: tagForMessage(tag), message });
  }
}

/** The `key="value"` (or `key='value'`) arguments of a tag, unescaped. */
function namedArguments(args: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of args.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g)) {
    found.set(match[1] ?? '', (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  return found;
}

/** The quoted arguments of a tag (`"src", "alt"` or `"src" "alt"`), unescaped. */
function quotedArguments(args: string): string[] {
  const found: string[] = [];
  for (const match of args.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) {
    found.push((match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1'));
  }
  return found;
}
