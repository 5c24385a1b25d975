/**
 * A small reader for Hugo shortcodes (pure): `{{< name args >}}`, `{{% name args %}}`, their
 * closing forms `{{< /name >}}`, and the commented form (`/*` and its closing pair just inside the
 * delimiters) that Hugo prints as written. Shortcodes are not Liquid, so the Liquid tokenizer cannot read them. Arguments
 * are positional or `key=value`, values bare, "double-quoted" (backslash escapes) or
 * `back-quoted` (raw), as Hugo's shortcode lexer reads them.
 */

export type Shortcode =
  | { kind: 'escaped'; end: number; text: string }
  | {
      kind: 'open' | 'close';
      end: number;
      name: string;
      positional: string[];
      named: Map<string, string>;
      text: string;
    }
  | { kind: 'unterminated'; end: number }
  | { kind: 'malformed'; end: number; text: string };

export function isShortcodeStart(body: string, at: number): boolean {
  return body.startsWith('{{<', at) || body.startsWith('{{%', at);
}

/**
 * Where the next closing delimiter is, searched once per delimiter and reused, so a body
 * full of openers without closers costs one pass, not one pass per opener.
 */
export class CloserIndex {
  private readonly found = new Map<string, number>();
  constructor(private readonly body: string) {}

  next(closer: string, from: number): number {
    const known = this.found.get(closer);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = this.body.indexOf(closer, from);
    this.found.set(closer, at);
    return at;
  }
}

const ARGUMENT = /\s*(?:([A-Za-z_][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|([^\s"`]+))/y;

export function readShortcode(body: string, at: number, closers: CloserIndex): Shortcode {
  const open = body.slice(at, at + 3);
  const close = open === '{{<' ? '>}}' : '%}}';
  const end = closers.next(close, at + 3);
  if (end === -1) return { kind: 'unterminated', end: at + 3 };
  const inner = body.slice(at + 3, end);
  const text = body.slice(at, end + 3);
  const comment = /^\s*\/\*([\s\S]*)\*\/\s*$/.exec(inner);
  if (comment) return { kind: 'escaped', end: end + 3, text: `${open}${comment[1]}${close}` };
  const trimmed = inner.trim();
  const closing = trimmed.startsWith('/');
  const args = closing ? trimmed.slice(1) : trimmed;
  const words: { key?: string; value: string }[] = [];
  let position = 0;
  while (position < args.length) {
    ARGUMENT.lastIndex = position;
    const match = ARGUMENT.exec(args);
    if (match === null) break;
    position = ARGUMENT.lastIndex;
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? match[4] ?? '');
    words.push(match[1] === undefined ? { value } : { key: match[1], value });
  }
  if (args.slice(position).trim() !== '' || words.length === 0 || words[0]?.key !== undefined) {
    return { kind: 'malformed', end: end + 3, text };
  }
  const [first, ...rest] = words;
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const word of rest) {
    if (word.key === undefined) positional.push(word.value);
    else named.set(word.key, word.value);
  }
  return { kind: closing ? 'close' : 'open', end: end + 3, name: first?.value ?? '', positional, named, text };
}
