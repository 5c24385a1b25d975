import { Marked, type Token } from 'marked';

/**
 * Markdown → raw HTML with GitHub-flavoured Markdown (pure). The output is untrusted:
 * raw HTML in the article passes through and is sanitized by sanitize.ts.
 * One Marked instance of our own, so no global `marked.use()` leaks between callers.
 */
const markdown = new Marked({ gfm: true, breaks: false, async: false });

export function markdownToHtml(body: string): string {
  return markdown.parse(body, { async: false });
}

/** The tokens marked reads in a body: `markdownToHtml` is `tokensToHtml(markdownTokens(body))`. */
export function markdownTokens(body: string): Token[] {
  return markdown.lexer(body);
}

/** marked's HTML of tokens from `markdownTokens`. */
export function tokensToHtml(tokens: Token[]): string {
  return markdown.parser(tokens);
}
