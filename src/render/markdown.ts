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
 * marked's GFM rule for a run of inline text stops before anything that could start an
 * email autolink (it looks ahead over every word for an `@`) or a `mailto:`/`xmpp:` link:
 * a third of the lexer's time on prose. In text without `@`, `mailto:` and `xmpp:` those
 * alternatives can never match, so the same rule without them finds the same runs. The
 * rule is derived from marked's own (if a marked release changes it, the parts are not
 * found and marked's rule is used unchanged); render/markdown.test.ts holds the tokens of
 * both lexers equal.
 */
const EMAIL_ALTERNATIVES = [
  '[^a-zA-Z0-9](?=(?:mailto|xmpp):)|',
  "|(?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)",
  '|[^a-zA-Z0-9](?=(?:mailto|xmpp):)',
  "|[^a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-](?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)",
];
const NO_EMAIL = /@|mailto:|xmpp:/;

function withoutEmailAlternatives(rule: RegExp): RegExp | undefined {
  let source = rule.source;
  for (const part of EMAIL_ALTERNATIVES) {
    if (!source.includes(part)) return undefined;
    source = source.replace(part, '');
  }
  return new RegExp(source, rule.flags);
}

const PLAIN_TEXT_RULE = withoutEmailAlternatives(Lexer.rules.inline.gfm.text);

/** Knows, for the inline text it is reading, whether it holds no email or mailto/xmpp link. */
class PlainTextLexer extends Lexer {
  plainText = false;

  override inlineTokens(src: string, tokens: Token[] = []): Token[] {
    // Nested calls (a link's text) read part of the outer text: restored when they return.
    const outer = this.plainText;
    this.plainText = PLAIN_TEXT_RULE !== undefined && !NO_EMAIL.test(src);
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
