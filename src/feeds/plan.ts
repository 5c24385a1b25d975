import { createHash, hash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Diagnostic } from '../diagnostics.js';
import { feedUpdated, liveTombstones, selectWindow } from '../entries/entries.js';
import type { Author, Entry, Tombstone } from '../model.js';
import type { FeedListing } from '../site/index-page.js';
import { archivePages, archivePath, assignSlots, type Slot } from './archive.js';
import { correctionItems, renderCorrectionsAtom, renderCorrectionsJson } from './corrections-feed.js';
import type { FeedDocument } from './document.js';
import { checkMinimums, PROFILES } from './profiles/index.js';
import { renderRss } from './rss.js';
import { assignSlugs } from './slug.js';
import { SERIALIZERS, type FeedFormat, type SerializeJob } from './serialize.js';
import { latest } from '../util/latest.js';

/**
 * Every feed of a build, pure: entries + config + the feed state → the files to
 * write, what the index page lists, the warnings of partner profiles, and the feed state to
 * keep. build.ts writes the files in the order given; it knows no feed set.
 *
 * | feed set | path | window |
 * | --- | --- | --- |
 * | main | `rss.xml`, `atom.xml`, `feed.json` | `feeds.limit` most recently modified |
 * | facets | `sections/<slug>/…`, `tags/<slug>/…`, `authors/<slug>/…` (the same three files) | `feeds.facets.limit` (default `feeds.limit`) |
 * | archive | `archive/<n>.xml` (Atom, RFC 5005) | fixed slots, see archive.ts |
 * | corrections | `corrections.xml` (Atom), `corrections.json` | every correction |
 * | partners | `partners/<profile>.xml` (RSS) | `limit`, default `feeds.limit` raised to the profile's minimum |
 *
 * Facet, main and partner feeds follow the same rules as the main feeds: newest
 * modification first, corrections as updates, RFC 6721 tombstones for `feeds.tombstoneDays`.
 */

/** What the feed sets remember between builds; publish/feed-state.ts reads and writes it. */
export interface FeedState {
  version: 1;
  /** Archive slots: entry ids in the order first syndicated (archive.ts). */
  archive: readonly string[];
  /** Facet name → slug, per kind (slug.ts). */
  slugs: Record<FacetKind, Record<string, string>>;
}

export type FacetKind = 'sections' | 'tags' | 'authors';

export type FeedSetKind = 'main' | 'facet' | 'archive' | 'corrections' | 'partner';

/** One file to write. */
export interface FeedOutput {
  /** Path under out/, POSIX separators. */
  path: string;
  /**
   * The file's bytes, serialized on each access (not kept): a build reads it only when the
   * fingerprint moved, so unchanged feeds are never serialized and entry contents never
   * rendered for them.
   */
  readonly content: string;
  /**
   * Hash of everything the content is made of (the document, each entry's contentKey, the
   * serializer version). Equal fingerprints mean equal bytes.
   */
  readonly fingerprint: string;
  /** Absolute public URL (the feed's self link). */
  url: string;
  set: FeedSetKind;
  /**
   * Whether WebSub subscribers may follow it: every feed but the archive pages, which are
   * history, not subscription documents (RFC 5005 §4); they advertise no hub and are not pinged.
   */
  subscribable: boolean;
  /** For RSS, Atom and JSON Feed documents: what a worker thread needs to serialize it instead (workers/feed-pool.ts). */
  job?: SerializeJob;
}

export interface FeedPlanInput {
  settings: Pick<Config, 'site' | 'feeds' | 'websub'>;
  /** Every syndicated entry (not only the window), in any order. */
  entries: readonly Entry[];
  /** Every withdrawn article (not only the live tombstones). */
  tombstones: readonly Tombstone[];
  now: number;
  state: FeedState;
  /** Article source path → the path diagnostics show. */
  displayPath(sourcePath: string): string;
  /** Display path of the config file, if any. */
  configFile?: string;
  /** Browser-view stylesheets for the XML feeds. */
  stylesheets?: FeedDocument['stylesheets'];
}

export interface FeedPlan {
  /** In write order: archive pages before the subscription document that links to them. */
  outputs: FeedOutput[];
  /** For out/index.html. */
  listings: FeedListing[];
  /** Partner profile warnings. */
  diagnostics: Diagnostic[];
  /** To keep for the next build. */
  state: FeedState;
  /** The main feeds' window. */
  window: Entry[];
}

const FACET_LABEL: Record<FacetKind, { kind: string; describe: (name: string) => string }> = {
  sections: { kind: 'Section', describe: (name) => `Every dispatch in the section “${name}”` },
  tags: { kind: 'Tag', describe: (name) => `Every dispatch tagged “${name}”` },
  authors: { kind: 'Author', describe: (name) => `Every dispatch by ${name}` },
};

/**
 * The feeds in two steps: the archive pages and the main feeds (`lead`), then, when asked,
 * the rest. Publishing writes the lead before it plans the rest (publish/publish-build.ts),
 * so a correction reaches the main feeds' subscribers without waiting for the section, tag,
 * author, corrections and partner feeds to be planned.
 */
export interface StagedFeedPlan {
  lead: { outputs: FeedOutput[]; window: Entry[] };
  /** Every feed, the lead's outputs first (the same objects); planned once, on the first call. */
  complete(): FeedPlan;
}

export function planFeeds(input: FeedPlanInput): FeedPlan {
  return planFeedsStaged(input).complete();
}

export function planFeedsStaged(input: FeedPlanInput): StagedFeedPlan {
  const context = feedContext(input);
  const live = liveTombstones(input.tombstones, input.now, input.settings.feeds.tombstoneDays);
  // archive (RFC 5005): written first, so the subscription document never links to a page not yet there
  const archive = planArchive(context, input);
  // main feeds: atom.xml is the RFC 5005 subscription document, linking to the archive's newest page
  const main = planMain(context, input.entries, live, archive.newestPage);
  // The main feeds right after the archive pages they link to: most subscribers read them,
  // so a correction reaches them before the section, tag, author and partner feeds are written.
  const lead = { outputs: [...archive.outputs, ...main.outputs], window: main.window };
  let plan: FeedPlan | undefined;
  const complete = (): FeedPlan => {
    const facets = planFacets(context, input, live);
    const corrections = planCorrections(context, input.entries);
    const partners = input.settings.feeds.partners.map((choice) => planPartner(context, input, choice));
    const outputs = [
      ...lead.outputs,
      ...facets.outputs,
      ...(corrections?.outputs ?? []),
      ...partners.map((partner) => partner.output),
    ];
    const listings = [
      main.listing,
      ...facets.listings,
      ...(corrections ? [corrections.listing] : []),
      ...partners.map((partner) => partner.listing),
    ];
    const diagnostics = partners.flatMap((partner) => partner.diagnostics);
    const state: FeedState = { version: 1, archive: archive.slots, slugs: facets.slugs };
    return { outputs, listings, diagnostics, state, window: main.window };
  };
  return { lead, complete: () => (plan ??= complete()) };
}

/** What every feed set of a build shares: the site, the feed settings, and how URLs are made. */
interface FeedContext {
  site: Config['site'];
  feeds: Config['feeds'];
  hub: string | undefined;
  /** Absolute URL of a path under out/. */
  url(relative: string): string;
  /** The document fields every feed carries. */
  base: Pick<FeedDocument, 'homeUrl' | 'language' | 'copyright' | 'author' | 'stylesheets'>;
  files: FeedFiles;
  /** The URLs of the three files of a feed set in a folder ('' for the main feeds). */
  urlsOf(folder: string): FeedDocument['urls'];
}

function feedContext(input: FeedPlanInput): FeedContext {
  const { site, feeds } = input.settings;
  const url = (relative: string) => new URL(relative, site.url).href;
  // `feeds.files`: an adopted site keeps its feed URLs (Jekyll's feed.xml, Hugo's index.xml).
  const files = feeds.files ?? DEFAULT_FILES;
  return {
    site,
    feeds,
    hub: input.settings.websub.hub,
    url,
    base: {
      homeUrl: site.url,
      language: site.language,
      copyright: site.copyright,
      author: site.author,
      ...(input.stylesheets ? { stylesheets: input.stylesheets } : {}),
    },
    files,
    urlsOf: (folder) => ({
      rss: url(`${folder}${files.rss}`),
      atom: url(`${folder}${files.atom}`),
      json: url(`${folder}${files.json}`),
    }),
  };
}

interface ArchivePlan {
  outputs: FeedOutput[];
  /** The archive slots to keep: unchanged when the archive is off. */
  slots: readonly string[];
  /** URL of the newest archive page, which the main Atom feed links to as prev-archive. */
  newestPage: string | undefined;
}

function planArchive(context: FeedContext, input: FeedPlanInput): ArchivePlan {
  const { site, feeds, url, base, files } = context;
  if (!feeds.archive.enabled) return { outputs: [], slots: input.state.archive, newestPage: undefined };
  const slots = assignSlots(input.state.archive, [
    ...input.entries,
    ...input.tombstones.map((t) => ({ id: t.id, published: t.published ?? t.when })),
  ]);
  const contents = new Map<string, Slot>();
  for (const tombstone of input.tombstones) contents.set(tombstone.id, { kind: 'tombstone', tombstone });
  for (const entry of input.entries) contents.set(entry.id, { kind: 'entry', entry });
  const pages = archivePages(slots, contents, feeds.archive.pageSize);
  const outputs = pages.map((page) => {
    const path = archivePath(page.number);
    const doc: FeedDocument = {
      ...base,
      title: `${site.title} — archive, page ${page.number}`,
      description: `Archived entries ${(page.number - 1) * feeds.archive.pageSize + 1}–${page.number * feeds.archive.pageSize} of ${site.title}, in the order they were first published (RFC 5005).`,
      // Only the Atom URL exists for an archive page; the other two are never written by renderAtom.
      urls: { rss: url(path), atom: url(path), json: url(path) },
      updated: page.updated,
      entries: page.entries,
      tombstones: page.tombstones,
      history: {
        archive: true,
        current: url(files.atom),
        ...(page.number > 1 ? { prevArchive: url(archivePath(page.number - 1)) } : {}),
        ...(page.hasNext ? { nextArchive: url(archivePath(page.number + 1)) } : {}),
      },
    };
    return feed({ path, url: url(path), set: 'archive', subscribable: false }, doc, 'atom');
  });
  return { outputs, slots, newestPage: url(archivePath(pages.length)) };
}

/** One facet feed's contents: which entries and tombstones it holds. */
export interface FacetFeed {
  /** The section, tag or author name. */
  name: string;
  /** Its folder's slug. */
  slug: string;
  /** Its window: newest modification first, cut at the limit. */
  entries: Entry[];
  /** The live tombstones of withdrawn articles filed under it. */
  tombstones: Tombstone[];
}

/**
 * Which feeds one facet kind has and what each holds, pure: every name the entries and
 * tombstones carry gets a slug (kept from the feed state when known) and a window of its
 * own entries; the feeds come in slug order.
 */
export function planFacetFeeds(
  kind: FacetKind,
  items: { entries: readonly Entry[]; tombstones: readonly Tombstone[]; live: readonly Tombstone[] },
  knownSlugs: Record<string, string>,
  limit: number,
): { feeds: FacetFeed[]; slugs: Record<string, string> } {
  const groups = groupBy(items.entries, items.tombstones, kind);
  const slugs = assignSlugs(groups.keys(), knownSlugs);
  // A name seen before but now without entries (an article moved to another section, a tag
  // dropped) keeps its feed, empty, rather than a stale copy of entries that left it.
  for (const name of Object.keys(slugs))
    if (!groups.has(name)) groups.set(name, { entries: [], tombstones: new Set() });
  const ordered = [...groups].sort(([a], [b]) => compareStrings(slugs[a] ?? '', slugs[b] ?? ''));
  const feeds = ordered.map(([name, group]) => ({
    name,
    slug: slugs[name] as string,
    entries: selectWindow(group.entries, limit),
    tombstones: items.live.filter((t) => group.tombstones.has(t.id)),
  }));
  return { feeds, slugs };
}

interface FacetsPlan {
  outputs: FeedOutput[];
  listings: FeedListing[];
  slugs: FeedState['slugs'];
}

function planFacets(context: FeedContext, input: FeedPlanInput, live: readonly Tombstone[]): FacetsPlan {
  const { site, feeds, hub, base, files } = context;
  const outputs: FeedOutput[] = [];
  const listings: FeedListing[] = [];
  const slugs: FeedState['slugs'] = { ...input.state.slugs };
  for (const kind of ['sections', 'tags', 'authors'] as const) {
    if (!feeds.facets[kind]) continue;
    const items = { entries: input.entries, tombstones: input.tombstones, live };
    const planned = planFacetFeeds(kind, items, input.state.slugs[kind], feeds.facets.limit ?? feeds.limit);
    slugs[kind] = planned.slugs;
    for (const facet of planned.feeds) {
      const folder = `${kind}/${facet.slug}/`;
      const doc: FeedDocument = {
        ...base,
        title: feeds.facets.title
          .replaceAll('{site}', site.title)
          .replaceAll('{name}', facet.name)
          .replaceAll('{kind}', FACET_LABEL[kind].kind),
        description: `${FACET_LABEL[kind].describe(facet.name)}, from ${site.title}.`,
        urls: context.urlsOf(folder),
        updated: feedUpdated(facet.entries, facet.tombstones),
        entries: facet.entries,
        tombstones: facet.tombstones,
        ...(hub ? { hub } : {}),
      };
      outputs.push(...feedSet(folder, doc, 'facet', files));
      // index-page.ts groups by its own kinds; tag and author feeds are listed with the sections.
      listings.push({ kind: 'section', title: doc.title, description: doc.description, urls: doc.urls });
    }
  }
  return { outputs, listings, slugs };
}

function planCorrections(
  context: FeedContext,
  entries: readonly Entry[],
): { outputs: FeedOutput[]; listing: FeedListing } | undefined {
  const { site, feeds, hub, url, base } = context;
  if (!feeds.corrections.enabled) return undefined;
  const items = correctionItems(entries);
  const doc = {
    ...base,
    title: `${site.title} — corrections`,
    description: `Every correction to a published dispatch of ${site.title}, newest first.`,
    urls: { atom: url('corrections.xml'), json: url('corrections.json') },
    updated: latest(
      items.map((item) => item.date),
      0,
    ),
    items,
    ...(hub ? { hub } : {}),
  };
  const outputs = [
    lazy(
      { path: 'corrections.xml', url: doc.urls.atom, set: 'corrections', subscribable: true },
      doc,
      renderCorrectionsAtom,
    ),
    lazy(
      { path: 'corrections.json', url: doc.urls.json, set: 'corrections', subscribable: true },
      doc,
      renderCorrectionsJson,
    ),
  ];
  return { outputs, listing: { kind: 'corrections', title: doc.title, description: doc.description, urls: doc.urls } };
}

type PartnerChoice = Config['feeds']['partners'][number];

function planPartner(
  context: FeedContext,
  input: FeedPlanInput,
  choice: PartnerChoice,
): { output: FeedOutput; listing: FeedListing; diagnostics: Diagnostic[] } {
  const { site, feeds, hub, url, base } = context;
  const {
    profile: name,
    file,
    limit,
  } = typeof choice === 'string' ? { profile: choice, file: undefined, limit: undefined } : choice;
  const profile = PROFILES[name];
  const path = file ?? `partners/${name}.xml`;
  const window = selectWindow(input.entries, limit ?? Math.max(feeds.limit, profile.minimums.items ?? 0));
  const doc: FeedDocument = {
    ...base,
    title: site.title,
    description: site.description,
    // RSS only: its self link is urls.rss; the others are the main feeds, never written here.
    urls: { ...context.urlsOf(''), rss: url(path) },
    updated: feedUpdated(window, []),
    entries: window,
    tombstones: [],
    rssVariant: profile.rssVariant,
    ...(hub ? { hub } : {}),
  };
  // Rendered now: the profile's minimums are checked on the bytes partners will get.
  const content = renderRss(doc);
  const output = {
    path,
    content,
    fingerprint: fingerprintOf(content, 'rss'),
    url: url(path),
    set: 'partner' as const,
    subscribable: true,
  };
  const listing: FeedListing = {
    kind: 'partner',
    title: `${site.title} for ${profile.partner}`,
    description: profile.changes,
    urls: { rss: url(path) },
  };
  const diagnostics = checkMinimums({
    profile,
    file: path,
    entries: window,
    content,
    hub,
    siteUrl: site.url,
    displayPath: input.displayPath,
    configFile: input.configFile,
  });
  return { output, listing, diagnostics };
}

function planMain(
  context: FeedContext,
  entries: readonly Entry[],
  live: Tombstone[],
  newestPage: string | undefined,
): { outputs: FeedOutput[]; listing: FeedListing; window: Entry[] } {
  const { site, feeds, hub, base, files } = context;
  const window = selectWindow(entries, feeds.limit);
  const main: FeedDocument = {
    ...base,
    title: site.title,
    description: site.description,
    urls: context.urlsOf(''),
    updated: feedUpdated(window, live),
    entries: window,
    tombstones: live,
    ...(hub ? { hub } : {}),
    ...(newestPage ? { history: { archive: false, prevArchive: newestPage } } : {}),
  };
  const outputs = feedSet('', main, 'main', files);
  return {
    outputs,
    listing: { kind: 'main', title: main.title, description: main.description, urls: main.urls },
    window,
  };
}

/** The URLs of the feeds a build changed, for the WebSub hub: subscribable feeds whose bytes were written. */
export function changedFeedUrls(outputs: readonly FeedOutput[], written: readonly string[]): string[] {
  const changed = new Set(written);
  return outputs.filter((o) => o.subscribable && changed.has(o.path)).map((o) => o.url);
}

/** The RSS, Atom and JSON Feed files of one feed document, in that order. */
function feedSet(folder: string, doc: FeedDocument, set: FeedSetKind, files: FeedFiles): FeedOutput[] {
  return [
    feed({ path: `${folder}${files.rss}`, url: doc.urls.rss, set, subscribable: true }, doc, 'rss'),
    feed({ path: `${folder}${files.atom}`, url: doc.urls.atom, set, subscribable: true }, doc, 'atom'),
    feed({ path: `${folder}${files.json}`, url: doc.urls.json, set, subscribable: true }, doc, 'json'),
  ];
}

interface FeedFiles {
  rss: string;
  atom: string;
  json: string;
}

const DEFAULT_FILES: FeedFiles = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/**
 * Bump when any serializer's output changes for the same document, so that fingerprints
 * stored by an older presswire never vouch for bytes this one would not write.
 */
export const SERIALIZER_VERSION = 1;

/**
 * A document's fingerprint: its digest (below) and the renderer. An entry counts by its
 * entryKey, which stands for everything it is made of, content included (build.ts); an
 * entry without one (a kept entry, its content as plain data) and every other item
 * (tombstones, correction items) count by their JSON.
 */
function fingerprintOf(document: object | string, renderer: string): string {
  return createHash('sha256')
    .update(`${SERIALIZER_VERSION}\0${renderer}\0`)
    .update(typeof document === 'string' ? document : digestOf(document))
    .digest('hex');
}

// Fingerprints are most of planning a rebuild: every archive page, facet and main
// feed is hashed, though nearly none changed. Turning 10,000 entries into JSON took 70 ms,
// most of it the garbage collector copying the entries just made; their keys are strings
// already. Other items are hashed once however many documents hold them, and each document
// once for its three formats.
const digestOfItem = new WeakMap<object, string>();
const digestOfDocument = new WeakMap<object, string>();

function digestOf(document: object): string {
  let digest = digestOfDocument.get(document);
  if (digest !== undefined) return digest;
  const hash = createHash('sha256');
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (!Array.isArray(value)) {
      rest[key] = value;
      continue;
    }
    // A list of entries, tombstones or correction items: by key, then item by item, each
    // followed by a NUL. In one string: a call per item was most of the hashing's time.
    hash.update(`${key}\0${value.length}\0`);
    if (value.length > 0) hash.update(`${(value as unknown[]).map(itemDigest).join('\0')}\0`);
  }
  digest = hash.update(JSON.stringify(rest)).digest('hex');
  digestOfDocument.set(document, digest);
  return digest;
}

function itemDigest(item: unknown): string {
  if (typeof item !== 'object' || item === null) return JSON.stringify(item);
  const entryKey = (item as Partial<Entry>).entryKey;
  if (entryKey !== undefined) return entryKey;
  let digest = digestOfItem.get(item);
  if (digest === undefined) {
    digest = hash('sha256', JSON.stringify(item), 'hex');
    digestOfItem.set(item, digest);
  }
  return digest;
}

/** A feed document's output in one format: serialized on access, or by a worker thread. */
function feed(
  about: Omit<FeedOutput, 'content' | 'fingerprint'>,
  document: FeedDocument,
  format: FeedFormat,
): FeedOutput {
  const output = lazy(about, document, SERIALIZERS[format]);
  output.job = { format, document };
  return output;
}

/**
 * An output whose content is serialized on access (never spread it: a spread reads the
 * getter), and whose fingerprint is worked out when first asked for: publishing asks for the
 * main feeds' before the archive pages already published (publish/publish-build.ts), so a
 * correction's `atom.xml` is in place before the other pages of a large archive are hashed.
 */
function lazy<D extends object>(
  about: Omit<FeedOutput, 'content' | 'fingerprint'>,
  doc: D,
  render: (doc: D) => string,
): FeedOutput {
  const output = { ...about } as FeedOutput;
  let fingerprint: string | undefined;
  Object.defineProperty(output, 'fingerprint', {
    get: () => (fingerprint ??= fingerprintOf(doc, render.name)),
    enumerable: true,
  });
  Object.defineProperty(output, 'content', { get: () => render(doc), enumerable: false });
  return output;
}

interface Group {
  entries: Entry[];
  /** Ids of the withdrawn articles filed under it. */
  tombstones: Set<string>;
}

/** Entries and tombstones by facet name. Author facets use the author's name; entries already carry the site author when they name none. */
function groupBy(entries: readonly Entry[], tombstones: readonly Tombstone[], kind: FacetKind): Map<string, Group> {
  const groups = new Map<string, Group>();
  const namesOf = (item: { section?: string; tags?: readonly string[]; authors?: readonly Author[] }): string[] =>
    kind === 'sections'
      ? item.section
        ? [item.section]
        : []
      : kind === 'tags'
        ? [...(item.tags ?? [])]
        : (item.authors ?? []).map((a) => a.name);
  const group = (name: string): Group => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { entries: [], tombstones: new Set() }));
    return g;
  };
  for (const entry of entries) for (const name of new Set(namesOf(entry))) group(name).entries.push(entry);
  for (const tombstone of tombstones)
    for (const name of new Set(namesOf(tombstone))) group(name).tombstones.add(tombstone.id);
  return groups;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
