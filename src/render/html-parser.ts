import { createRequire } from 'node:module';
import type * as htmlparser2 from 'htmlparser2';

/**
 * htmlparser2's Parser, from its CommonJS build: the one sanitize-html loads. Importing the
 * ES module build as well loaded a second copy of it and of its dependencies (domhandler,
 * domutils, dom-serializer, entities), 40 ms more start-up for every build that renders an
 * article, on the main thread and in each worker (issue 8).
 */
export const { Parser } = createRequire(import.meta.url)('htmlparser2') as typeof htmlparser2;
