import type { Correction } from '../model.js';
import { formatIso } from '../validate/dates.js';
import { escapeHtml } from '../util/xml-text.js';

/**
 * The corrections block (pure). A stable structure partners can find and parse:
 *
 *   <aside class="corrections" data-corrections-count="2">
 *     <h2>Corrections</h2>
 *     <ol>
 *       <li class="correction"><time datetime="2018-06-14T10:00:00Z">14 June 2018</time> An earlier …</li>
 *     </ol>
 *   </aside>
 *
 * Newest first, so the latest change is what a reader sees first.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "14 June 2018", always in UTC so the bytes never depend on the build machine. */
export function humanDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function correctionsBlock(corrections: readonly Correction[]): string {
  if (corrections.length === 0) return '';
  const items = [...corrections]
    .sort((a, b) => b.date - a.date)
    .map(
      (c) =>
        `<li class="correction"><time datetime="${formatIso(c.date)}">${humanDate(c.date)}</time> ${escapeHtml(c.text)}</li>`,
    )
    .join('');
  const heading = corrections.length === 1 ? 'Correction' : 'Corrections';
  return `<aside class="corrections" data-corrections-count="${corrections.length}"><h2>${heading}</h2><ol>${items}</ol></aside>`;
}
