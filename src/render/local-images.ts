import { Parser } from 'htmlparser2';
import { isLocalReference } from './urls.js';

/**
 * The local image references of rendered article HTML, in document order, as written
 * (relative to the article file). Markdown images and raw `<img>` tags are both found,
 * because both end up as `<img>` in the HTML. Pure.
 */
export function findLocalImages(html: string): string[] {
  if (!html.includes('<img')) return [];
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const src = attributes.src;
        if (name === 'img' && src !== undefined && isLocalReference(src) && !found.includes(src)) found.push(src);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
