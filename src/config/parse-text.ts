import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Config text → value (pure). The config is JSON with comments (JSONC, as tsconfig.json and
 * VS Code's settings are): `//` and block comments are allowed, so the starter file that
 * `presswire init` writes can explain each key beside it. Trailing commas stay errors, so
 * every file presswire accepts is still valid JSON once its comments are removed.
 */

export type ConfigTextResult = { ok: true; value: unknown } | { ok: false; message: string };

/** `3:14: expected valid JSON but found a trailing comma` style, or the parsed value. */
export function parseConfigText(text: string): ConfigTextResult {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: false });
  const first = errors[0];
  if (first === undefined) return { ok: true, value };
  const { line, column } = lineAndColumn(text, first.offset);
  return { ok: false, message: `${line}:${column}: expected valid JSON but found ${describeError(first, text)}` };
}

function describeError(error: ParseError, text: string): string {
  const found = text.slice(error.offset, error.offset + Math.max(error.length, 1));
  const what = found === '' ? 'the end of the file' : JSON.stringify(found);
  switch (printParseErrorCode(error.error)) {
    case 'PropertyNameExpected':
      return found === '}' || found === ']' ? `a trailing comma before ${what}` : `${what} where a quoted key belongs`;
    case 'ValueExpected':
      return found === '}' || found === ']' ? `a trailing comma before ${what}` : `${what} where a value belongs`;
    case 'ColonExpected':
      return `${what} where a ":" belongs`;
    case 'CommaExpected':
      return `${what} where a "," belongs`;
    case 'CloseBraceExpected':
      return `${what} where a "}" belongs`;
    case 'CloseBracketExpected':
      return `${what} where a "]" belongs`;
    case 'EndOfFileExpected':
      return `${what} after the end of the config`;
    case 'UnexpectedEndOfString':
      return 'a string that is never closed';
    case 'UnexpectedEndOfComment':
      return 'a comment that is never closed';
    case 'InvalidSymbol':
      return `${what}, which is not JSON (strings take double quotes; true, false and null are lowercase)`;
    default:
      return `${what} (${printParseErrorCode(error.error)})`;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
