import { hash } from 'node:crypto';
import { Lexer, Marked, Tokenizer, type MarkedOptions, type Token, type Tokens } from 'marked';

/**
 * Markdown → raw HTML with GitHub-flavoured Markdown (pure). The output is untrusted:
 * raw HTML in the article passes through and is sanitized by sanitize.ts.
 * One Marked instance of our own, so no global `marked.use()` leaks between callers.
 */
const markdown = new Marked({ gfm: true, breaks: false, async: false });

export function markdownToHtml(body: string): string {
  return markdown.parse(body, { async: false });
}

/**
 * marked's GFM rule for a run of inline text (marked 18) stops before anything that could
 * start an email autolink (it looks ahead over every word for an `@`), a `mailto:`/`xmpp:`
 * link, a bare `http`/`ftp://`/`www.` link or a hard break (two spaces before a line end),
 * testing every alternative at every character: the largest part of the lexer's time on
 * prose. Where none of those can be — no `@`, `mailto:` or `xmpp:` in the inline text
 * (an email look-ahead reaches past the run), no `http`, `ftp://`, `www.` starting within
 * the run, no two spaces before a line end in it — what is left of the rule, `[\s\S]*?` up
 * to `[\\<!\[`*~_]`, `\b_` or the end, stops at the first of those characters (`\b_` is
 * covered, `_` being one of them): a plain character class, PLAIN_TEXT. Used only while
 * marked's rule is exactly the one this was worked out from; render/markdown.test.ts holds
 * the tokens equal to marked's own lexer's.
 */
const MARKED_TEXT_RULE =
  "^(?:[^a-zA-Z0-9](?=(?:mailto|xmpp):)|(`+|~+|[^`~])(?:(?=[`~])|(?= {2,}\\n)|(?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)|[\\s\\S]*?(?:(?=[\\\\<!\\[`*~_]|\\b_|[hH][tT][tT][pP][sS]?|[fF][tT][pP]:\\/\\/|(?<![^\\s*_~(])www\\.|$)|[^ ](?= {2,}\\n)|[^a-zA-Z0-9](?=(?:mailto|xmpp):)|[^a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-](?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@))))";
const PLAIN_TEXT = /^(?:(`+|~+|[^`~])(?:(?=[`~])|[^\\<![`*~_]*))/;
/** In the whole inline text: only a text with an `@` or a `:` is searched for them. */
const NOT_PLAIN = /@|mailto:|xmpp:/i;
/**
 * Not in a run PLAIN_TEXT found: a run that meets one, even by a character, is read by
 * marked's rule. Found once in the whole inline text, not in each run: occurrences cannot
 * overlap (no link start ends with the start of another, and none holds a space or a line
 * end), so each is found where it stands. Links by this expression; hard breaks (two spaces,
 * then a line end) from the line ends: with a space among its alternatives, the one
 * expression was tried at nearly every character, and took 2.3 times as long.
 */
const LINK = /http|ftp:\/\/|www\./gi;

const SPACE = 0x20;

/**
 * What PLAIN_TEXT may read in an inline text: none of it (`undefined`), or every run that
 * meets none of these spans, as [start, end) offsets in the text.
 */
interface PlainText {
  length: number;
  linksOrBreaks: number[];
}

function plainTextIn(src: string): PlainText | undefined {
  if (src.includes('@') || (src.includes(':') && NOT_PLAIN.test(src))) return undefined;
  const linksOrBreaks: number[] = [];
  LINK.lastIndex = 0;
  for (let found = LINK.exec(src); found; found = LINK.exec(src)) linksOrBreaks.push(found.index, LINK.lastIndex);
  for (let end = src.indexOf('\n', 2); end >= 0; end = src.indexOf('\n', end + 1))
    if (src.charCodeAt(end - 1) === SPACE && src.charCodeAt(end - 2) === SPACE) linksOrBreaks.push(end - 2, end + 1);
  return { length: src.length, linksOrBreaks };
}

/** Whether a link or break of `text` meets its `from`–`to` offsets. */
function meetsLinkOrBreak(text: PlainText, from: number, to: number): boolean {
  const spans = text.linksOrBreaks;
  for (let k = 0; k < spans.length; k += 2)
    if ((spans[k] as number) < to && (spans[k + 1] as number) > from) return true;
  return false;
}

const rule = Lexer.rules.inline.gfm.text;
const PLAIN_TEXT_RULE = rule.source === MARKED_TEXT_RULE && rule.flags === '' ? PLAIN_TEXT : undefined;
/** Whether the shorter rule is in use (false after a marked release changed its rule). */
export const plainTextRuleInUse = PLAIN_TEXT_RULE !== undefined;

/** Knows, for the inline text it is reading, how much of it PLAIN_TEXT can read. */
class PlainTextLexer extends Lexer {
  plainText: PlainText | undefined;

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    // Nested calls (a link's text) read part of the outer text: restored when they return.
    const outer = this.plainText;
    this.plainText = PLAIN_TEXT_RULE === undefined ? undefined : plainTextIn(src);
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.plainText = outer;
    }
  }
}

/**
 * Two of marked's block rules are tried on every paragraph and fail on almost all of them,
 * at a cost that grows with the paragraph: a setext heading (`lheading`) is looked for by
 * testing, at every character of the paragraph, whether a line of `=` or `-` follows, and a
 * table by backtracking over the whole first line. Each is asked here first, cheaply, whether
 * it can match at all; when it cannot, marked's rule is not run, and when it can, it is, so
 * the tokens are marked's own. Each check holds for the rule it was worked out from (the
 * digests below, marked 18's GFM rules); another rule is run as it is.
 *
 * A setext heading's text cannot cross a blank line (the rule's `\n(?!\s*?\n…)`), and it
 * ends at a line of only `=` or `-` (after up to three spaces, with spaces or tabs after
 * them): without such a line before the first blank line, there is none.
 */
const SETEXT_RULE_DIGEST = 'd5d070c3aa1db75f3f7bf6c35ef023abbad9325e2493c13b3d317d1d9c70d26d';
const SETEXT_UNDERLINE = /\n {0,3}(?:=+|-+)[ \t]*(?:\n|$)/y;
const BLANK_LINE = /\n[^\S\n]*\n/y;

function maybeSetextHeading(src: string): boolean {
  for (let at = src.indexOf('\n'); at >= 0; at = src.indexOf('\n', at + 1)) {
    SETEXT_UNDERLINE.lastIndex = at;
    if (SETEXT_UNDERLINE.test(src)) return true;
    BLANK_LINE.lastIndex = at;
    if (BLANK_LINE.test(src)) return false;
  }
  return false;
}

/**
 * A table's first line is the text up to the first line end (the rule's `^ *([^\n ].*)\n`),
 * and the next line starts as a delimiter row does: up to three spaces, an optional `|`
 * with spaces, an optional `:`, then `-`.
 */
const TABLE_RULE_DIGEST = 'bc10eae6015d2c8a1f8bcb55362259210e2fba75fca1efc91eb7109f8e6ae7e8';
const DELIMITER_ROW_START = / {0,3}(?:\| *)?:?-/y;

function maybeTable(src: string): boolean {
  const lineEnd = src.indexOf('\n');
  if (lineEnd < 0) return false;
  DELIMITER_ROW_START.lastIndex = lineEnd + 1;
  return DELIMITER_ROW_START.test(src);
}

/**
 * marked's list tokenizer reads an item line by line, testing each following line against
 * six rules (fence, heading, HTML, block quote, bullet, rule) and trimming and re-slicing it,
 * whatever the list: about a seventh of the lexer's time on the Hugo benchmark corpus, all
 * of whose lists are the simplest kind. That kind is read here: every item one line, a
 * bullet (`-`, `*` or `+`, the same throughout) at the margin, one space, then a letter;
 * each item followed by the next, or the list ended by the end of the text or by blank lines
 * and then a line at the margin that does not start with that bullet. marked's own code
 * gives such a list exactly these items (each line's text; the last one's, and the list's
 * raw, with trailing white space trimmed) and no other reading. Anything else, or a list
 * right after a line of text, is read by marked. The item contents are still lexed by
 * marked (`blockTokens`). Used only while the rules marked's list tokenizer uses are the ones
 * this was worked out from (the digest below).
 */
const LIST_RULES_DIGEST = '48650fd678dd922e986b8d2c0361512581da900f023887193c673f8ef5b50d49';
const SIMPLE_ITEM = /[-*+] [A-Za-z][^\n]*/y;

/** Where each item of a simple list starts and where its line ends; undefined if the list is not simple. */
function simpleListLines(src: string): { starts: number[]; ends: number[] } | undefined {
  const bullet = src[0];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = 0; ;) {
    SIMPLE_ITEM.lastIndex = at;
    if (src[at] !== bullet || !SIMPLE_ITEM.test(src)) return undefined;
    const end = SIMPLE_ITEM.lastIndex;
    starts.push(at);
    ends.push(end);
    if (end + 1 >= src.length) return { starts, ends };
    if (src[end + 1] !== '\n') {
      if (src[end + 1] !== bullet) return undefined;
      at = end + 1;
      continue;
    }
    let next = end + 1;
    while (src[next] === '\n') next += 1;
    if (next === src.length) return { starts, ends };
    // After blank lines, an indented line continues the item and a bullet continues the list.
    const first = src[next];
    const second = src[next + 1];
    if (first === ' ' || first === '\t') return undefined;
    if (first === bullet && (second === undefined || second === ' ' || second === '\t' || second === '\n'))
      return undefined;
    return { starts, ends };
  }
}

function listRulesDigest(rules: Tokenizer['rules']): string {
  const { other, block } = rules;
  const sources = [
    block.list,
    other.listItemRegex('\\-'),
    other.nextBulletRegex(2),
    other.hrRegex(2),
    other.fencesBeginRegex(2),
    other.headingBeginRegex(2),
    other.htmlBeginRegex(2),
    other.blockquoteBeginRegex(2),
    other.doubleBlankLine,
    other.listIsTask,
    other.leadingSpaceTab,
    other.listInterruptsParagraph,
    block.hr,
  ].map((rule) => rule.source);
  return hash('sha256', sources.join('\n'), 'hex');
}

const digestOf = (rule: RegExp) => (rule.flags === '' ? hash('sha256', rule.source, 'hex') : undefined);
const checkedSetextRule =
  digestOf(Lexer.rules.block.gfm.lheading) === SETEXT_RULE_DIGEST ? Lexer.rules.block.gfm.lheading : undefined;
const checkedTableRule =
  digestOf(Lexer.rules.block.gfm.table) === TABLE_RULE_DIGEST ? Lexer.rules.block.gfm.table : undefined;
/** Whether both checks are in use (false after a marked release changed either rule). */
export const blockChecksInUse = checkedSetextRule !== undefined && checkedTableRule !== undefined;

/** The rules a GFM lexer hands its tokenizer, when they are those the simple-list reading was worked out from. */
const checkedListRules = ((probe: Tokenizer) => {
  new Lexer({ gfm: true, tokenizer: probe });
  return listRulesDigest(probe.rules) === LIST_RULES_DIGEST ? probe.rules : undefined;
})(new Tokenizer());
/** Whether simple lists are read here (false after a marked release changed a rule its list tokenizer uses). */
export const simpleListsInUse = checkedListRules !== undefined;

class PlainTextTokenizer extends Tokenizer {
  private readonly plainRules = new WeakMap<Tokenizer['rules'], Tokenizer['rules']>();

  override lheading(src: string): Tokens.Heading | undefined {
    if (this.rules.block.lheading === checkedSetextRule && !maybeSetextHeading(src)) return undefined;
    return super.lheading(src);
  }

  override table(src: string): Tokens.Table | undefined {
    if (this.rules.block.table === checkedTableRule && !maybeTable(src)) return undefined;
    return super.table(src);
  }

  override list(src: string): Tokens.List | undefined {
    const lines =
      checkedListRules !== undefined &&
      this.rules.block.list === checkedListRules.block.list &&
      this.rules.other === checkedListRules.other &&
      !this.options.pedantic &&
      this.lexer.state.lastToken?.type !== 'text'
        ? simpleListLines(src)
        : undefined;
    if (!lines) return super.list(src);
    const last = lines.starts.length - 1;
    const items: Tokens.ListItem[] = lines.starts.map((start, k) => ({
      type: 'list_item',
      raw: k < last ? src.slice(start, (lines.ends[k] as number) + 1) : src.slice(start, lines.ends[k]).trimEnd(),
      task: false,
      loose: false,
      text: k < last ? src.slice(start + 2, lines.ends[k]) : src.slice(start + 2, lines.ends[k]).trimEnd(),
      tokens: [],
    }));
    const list: Tokens.List = {
      type: 'list',
      raw: src.slice(0, lines.ends[last]).trimEnd(),
      ordered: false,
      start: '',
      loose: false,
      items,
    };
    // As marked does: each item's contents lexed as a block, and the list loose if one of
    // them held a blank line (one line cannot, but the check costs nothing).
    for (const item of items) {
      this.lexer.state.top = false;
      item.tokens = this.lexer.blockTokens(item.text, []);
      if (!list.loose)
        list.loose = item.tokens.some((token) => token.type === 'space' && this.rules.other.anyLine.test(token.raw));
    }
    if (list.loose) {
      for (const item of items) {
        item.loose = true;
        for (const token of item.tokens) if (token.type === 'text') (token as Tokens.Generic).type = 'paragraph';
      }
    }
    return list;
  }

  override inlineText(src: string): Tokens.Text | undefined {
    const plainText = (this.lexer as PlainTextLexer).plainText;
    if (plainText === undefined || PLAIN_TEXT_RULE === undefined) return super.inlineText(src);
    const run = PLAIN_TEXT_RULE.exec(src);
    // marked passes what is left of the inline text: its offset there is what went before.
    const from = plainText.length - src.length;
    if (!run || meetsLinkOrBreak(plainText, from, from + run[0].length)) return super.inlineText(src);
    const rules = this.rules;
    let plain = this.plainRules.get(rules);
    if (!plain) {
      plain = { ...rules, inline: { ...rules.inline, text: FOUND_RUN as unknown as RegExp } };
      this.plainRules.set(rules, plain);
    }
    // marked makes the token from what its rule's exec() gives: the run just found, not
    // looked for a second time (lexing 4,000 bodies of the Hugo benchmark's corpus: 270–300
    // ms against 320–370 ms).
    FOUND_RUN.run = run;
    this.rules = plain;
    try {
      return super.inlineText(src);
    } finally {
      this.rules = rules;
      FOUND_RUN.run = null;
    }
  }
}

/** Stands in for marked's text rule while PlainTextTokenizer hands marked a run it found. */
const FOUND_RUN = {
  run: null as RegExpExecArray | null,
  exec(): RegExpExecArray | null {
    return this.run;
  },
};

const lexerOptions: MarkedOptions = { ...markdown.defaults, tokenizer: new PlainTextTokenizer() };

/** The tokens marked reads in a body: `markdownToHtml` is `tokensToHtml(markdownTokens(body))`. */
export function markdownTokens(body: string): Token[] {
  return new PlainTextLexer(lexerOptions).lex(body);
}

/** marked's HTML of tokens from `markdownTokens`. */
export function tokensToHtml(tokens: Token[]): string {
  return markdown.parser(tokens);
}
