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
/** In the whole inline text. */
const NOT_PLAIN = /@|mailto:|xmpp:/i;
/** In a run PLAIN_TEXT found, and the few characters after it where such a word would start inside the run. */
const LINK_OR_BREAK = /http|ftp:\/\/|www\.| {2}\n/i;

const rule = Lexer.rules.inline.gfm.text;
const PLAIN_TEXT_RULE = rule.source === MARKED_TEXT_RULE && rule.flags === '' ? PLAIN_TEXT : undefined;
/** Whether the shorter rule is in use (false after a marked release changed its rule). */
export const plainTextRuleInUse = PLAIN_TEXT_RULE !== undefined;

/** Knows, for the inline text it is reading, whether it holds none of what NOT_PLAIN finds. */
class PlainTextLexer extends Lexer {
  plainText = false;

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    // Nested calls (a link's text) read part of the outer text: restored when they return.
    const outer = this.plainText;
    this.plainText = PLAIN_TEXT_RULE !== undefined && !NOT_PLAIN.test(src);
    try {
      return super.inlineTokens(src, tokens);
    } finally {
      this.plainText = outer;
    }
  }
}

class PlainTextTokenizer extends Tokenizer {
  private readonly plainRules = new WeakMap<Tokenizer['rules'], Tokenizer['rules']>();

  override inlineText(src: string): Tokens.Text | undefined {
    if (!(this.lexer as PlainTextLexer).plainText || PLAIN_TEXT_RULE === undefined) return super.inlineText(src);
    const run = PLAIN_TEXT_RULE.exec(src);
    if (!run || LINK_OR_BREAK.test(src.slice(0, run[0].length + 'ftp://'.length))) return super.inlineText(src);
    const rules = this.rules;
    let plain = this.plainRules.get(rules);
    if (!plain) {
      plain = { ...rules, inline: { ...rules.inline, text: PLAIN_TEXT_RULE } };
      this.plainRules.set(rules, plain);
    }
    this.rules = plain;
    try {
      return super.inlineText(src);
    } finally {
      this.rules = rules;
    }
  }
}

const lexerOptions: MarkedOptions = { ...markdown.defaults, tokenizer: new PlainTextTokenizer() };

/** The tokens marked reads in a body: `markdownToHtml` is `tokensToHtml(markdownTokens(body))`. */
export function markdownTokens(body: string): Token[] {
  return new PlainTextLexer(lexerOptions).lex(body);
}

/** marked's HTML of tokens from `markdownTokens`. */
export function tokensToHtml(tokens: Token[]): string {
  return markdown.parser(tokens);
}
