/**
 * The shortest href that leads from the document at `from` to `to` (pure). Both are
 * absolute URLs; a different origin gives `to` unchanged. The browser view uses it so that
 * stylesheets and links load from wherever the files are served (the public site, or
 * `presswire serve` on loopback), not only from the configured site URL.
 */
export function relativeHref(from: string, to: string): string {
  const base = new URL(from);
  const target = new URL(to);
  if (base.origin !== target.origin) return target.href;
  const fromDirs = base.pathname.split('/').slice(0, -1);
  const toParts = target.pathname.split('/');
  const toDirs = toParts.slice(0, -1);
  const file = toParts.at(-1) ?? '';
  let common = 0;
  while (common < fromDirs.length && common < toDirs.length && fromDirs[common] === toDirs[common]) common += 1;
  const parts = [...new Array<string>(fromDirs.length - common).fill('..'), ...toDirs.slice(common), file];
  let href = parts.join('/');
  // "a:b/…" would read as a URL scheme, and "" as the document itself.
  if (href === '' || /^[^/]*:/.test(href)) href = `./${href}`;
  return href + target.search + target.hash;
}
