/**
 * Control characters in what presswire prints are shown escaped (pure): a file named
 * `x\nerror: all good` or holding an ANSI escape must not forge a line or recolour the
 * terminal. File names come from anyone who can write into the articles folder.
 */

// C0 controls except tab, DEL, C1 controls, and the Unicode line/paragraph separators.
// Matching control characters is the whole point here, hence the rule switched off.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeOne(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line: every control character escaped, newlines included. */
export function escapeLine(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** A message that may span lines on purpose (usage, several config errors): newlines kept, the rest escaped. */
export function escapeText(text: string): string {
  return text.replace(CONTROL_EXCEPT_NEWLINE, escapeOne);
}
