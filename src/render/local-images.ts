import { Parser } from 'htmlparser2';
import { isLocalReference } from './urls.js';

/** One local image of a body: its reference as written, and its title (a caption and credit, images/rights.ts). */
export interface LocalImageUse {
  reference: string;
  title?: string;
}

/**
 * The local image references of rendered article HTML, in document order, as written
 * (relative to the article file), each reference and title once. Markdown images and raw
 * `<img>` tags are both found, because both end up as `<img>` in the HTML. Pure.
 */
export function findLocalImages(html: string): LocalImageUse[] {
  if (!html.includes('<img')) return [];
  const found: LocalImageUse[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const src = attributes.src;
        if (name !== 'img' || src === undefined || !isLocalReference(src)) return;
        const title = attributes.title;
        if (found.some((use) => use.reference === src && use.title === title)) return;
        found.push(title === undefined ? { reference: src } : { reference: src, title });
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
