/**
 * The files `presswire init` writes (pure): a starter config that explains itself in
 * comments (the config is JSON with comments, see config/parse-text.ts) and one article, so
 * that `presswire init && presswire build` is a working first use.
 */

export const STARTER_CONFIG_FILE = 'presswire.config.json';
export const STARTER_ARTICLE_FILE = 'articles/welcome.md';

export const STARTER_CONFIG = `// presswire configuration. Comments like this one are allowed (JSON with comments).
// Every key is listed in docs/configuration.md (generated from the schema).
{
  "site": {
    // Required: your newsroom's name, the title of every feed.
    "title": "My Newsroom",
    // Required: the absolute https URL your site and feeds are published under.
    // Feeds, article links and images all live under it. Set it before you publish:
    // ids are derived from it once and kept from then on.
    "url": "https://news.example.com/",
    // Optional; default: "Latest articles from <title>."
    "description": "News and corrections from My Newsroom.",
    // BCP 47 language tag of the articles.
    "language": "en",
    // Optional: the author of articles that name none; default: the site title and URL.
    // "author": { "name": "My Newsroom", "url": "https://news.example.com/about/" },
    // Optional; default: "© <title>".
    "copyright": "© My Newsroom"
  },
  "feeds": {
    // How many entries each feed holds, newest change first.
    "limit": 50
  },
  // Where the Markdown articles are and where the feeds go, relative to this file.
  "articles": "articles",
  "out": "out"
}
`;

/** The example article, dated `now` so that it is in the first build's feeds. */
export function starterArticle(now: number): string {
  const published = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return `---
title: Welcome to your newsroom
dek: The first article, written by presswire init. Edit it or replace it.
published: ${published}
authors: My Newsroom
tags: [presswire]
---
This is the body, in Markdown. Each article is one file in \`articles/\`: front matter
between the \`---\` lines, then the text.

To correct a published article, keep the file and add a dated entry under
\`corrections:\`. The entry keeps its id and shows up as *updated* in every feed.
`;
}
