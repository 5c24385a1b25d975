import { z } from 'zod';
import { isTimeZone } from '../validate/dates.js';
import { DIALECTS } from '../validate/dialects/table.js';
import { cronProblem } from './cron.js';

/**
 * The site configuration (SPEC §2). One zod schema is the single source of truth:
 * the TypeScript type is inferred from it and every default lives here, so the
 * README's configuration table can be read straight off this file.
 */

/** One check, so that a bad URL gets one message. */
const absoluteHttpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value), 'expected an absolute http(s) URL');

const authorSchema = z
  .object({
    /** Display name. */
    name: z.string().min(1),
    /** Contact address; shown in feeds that carry one. */
    email: z.string().email().optional(),
    /** Profile page. */
    url: absoluteHttpUrl.optional(),
  })
  .strict();

/** Partner feed profiles; src/feeds/profiles/ defines what each changes. */
export const PARTNER_PROFILES = ['google-news', 'msn', 'flipboard'] as const;
const partnerProfileName = z.enum(PARTNER_PROFILES);
export type PartnerProfileName = (typeof PARTNER_PROFILES)[number];

/** A feed's file name in its folder: no path, an .xml or .json name, never the index page. */
const feedFileName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*\.(?:xml|json)$/, 'expected a file name like "feed.xml" or "index.xml"')
  .refine(
    (name) => name !== 'corrections.xml' && name !== 'corrections.json',
    'expected a name the corrections feed does not use',
  );
/**
 * The identity fields a config may leave out, derived from the two it must give. Derived
 * rather than borrowed: a newsroom's feeds never carry another newsroom's name.
 */
function siteWithDerivedValues<
  T extends { title: string; url: string; description?: string | undefined; copyright?: string | undefined },
  A,
>(site: T & { author?: A | undefined }) {
  return {
    ...site,
    description: site.description ?? `Latest articles from ${site.title}.`,
    author: site.author ?? { name: site.title, url: site.url },
    copyright: site.copyright ?? `© ${site.title}`,
  };
}

export const configSchema = z
  .object({
    /**
     * The site's identity. It has no built-in values (SPEC §2): `site.title` and `site.url`
     * are required, and what is left out is derived from them (see siteWithDerivedValues).
     */
    site: z
      .object({
        /** Feed title. Required. */
        title: z.string().min(1),
        /** Absolute https URL of the site; feeds, articles and images live under it. Required. */
        url: absoluteHttpUrl,
        /** Feed description / subtitle; default: "Latest articles from <site.title>." */
        description: z.string().optional(),
        /** BCP 47 language tag of the articles. */
        language: z.string().min(2).default('en'),
        /** Author used when an article names none; default: site.title, with site.url as its URL. */
        author: authorSchema.optional(),
        /** Copyright line of the feeds; default: "© <site.title>". */
        copyright: z.string().optional(),
        /**
         * IANA time zone in which another platform's offset-less times (`2014-03-12 10:00`) and
         * bare dates are read, and Jekyll/Hugo permalink dates are written, as those platforms do.
         */
        timezone: z
          .string()
          .refine(isTimeZone, 'expected an IANA time zone name such as "UTC" or "America/New_York"')
          .default('UTC'),
      })
      .strict()
      .transform(siteWithDerivedValues),
    feeds: z
      .object({
        /** How many entries each feed holds (the window, SPEC §3). */
        limit: z.number().int().positive().default(50),
        /**
         * Article URL pattern, relative to site.url. Placeholders: {slug}, {yyyy}, {mm}, {dd}
         * (publication date in UTC), {section} (slugified).
         */
        articlePath: z.string().min(1).default('news/{yyyy}/{mm}/{slug}/'),
        /**
         * File names of the main feeds (and of each section/tag/author feed set), so a site that
         * moves to presswire keeps its feed URLs: Jekyll's `feed.xml` for Atom, Hugo's `index.xml` for RSS.
         */
        files: z
          .object({
            rss: feedFileName.default('rss.xml'),
            atom: feedFileName.default('atom.xml'),
            json: feedFileName.default('feed.json'),
          })
          .strict()
          .prefault({})
          .refine(
            (files) => new Set([files.rss, files.atom, files.json]).size === 3,
            'expected three different file names for rss, atom and json',
          ),
        /** How long a withdrawn article's tombstone stays in the Atom feed, in days. */
        tombstoneDays: z.number().int().nonnegative().default(30),
        /** Feed sets per section, tag or author: `out/<sections|tags|authors>/<slug>/`. */
        facets: z
          .object({
            /** One feed set per section. */
            sections: z.boolean().default(true),
            /** One feed set per tag. */
            tags: z.boolean().default(false),
            /** One feed set per author name. */
            authors: z.boolean().default(false),
            /** Entries per facet feed; default: `feeds.limit`. */
            limit: z.number().int().positive().optional(),
            /** Facet feed title; placeholders {site} (site.title), {name}, {kind} (Section, Tag, Author). */
            title: z.string().min(1).default('{site} — {name}'),
          })
          .strict()
          .prefault({}),
        /** RFC 5005 archive of every entry ever syndicated, in stable pages (feeds/archive.ts). */
        archive: z
          .object({
            enabled: z.boolean().default(true),
            /** Slots per page; changing it re-pages (rewrites) the whole archive. */
            pageSize: z.number().int().positive().default(100),
          })
          .strict()
          .prefault({}),
        /** `out/corrections.xml` and `out/corrections.json`: one entry per correction. */
        corrections: z
          .object({ enabled: z.boolean().default(true) })
          .strict()
          .prefault({}),
        /** Partner feed profiles (feeds/profiles/): a name, or `{profile, file?, limit?}`. */
        partners: z
          .array(
            z.union([
              partnerProfileName,
              z
                .object({
                  profile: partnerProfileName,
                  /** Output path under out/; default `partners/<profile>.xml`. */
                  file: z
                    .string()
                    .regex(/^partners\/[a-z0-9][a-z0-9._-]*\.xml$/, 'expected a file name like "partners/<name>.xml"')
                    .optional(),
                  /** Entries in this feed; default: `feeds.limit`, raised to the profile's minimum item count. */
                  limit: z.number().int().positive().optional(),
                })
                .strict(),
            ]),
          )
          .default([])
          .refine((list) => {
            const files = list.map((p) =>
              typeof p === 'string' ? `partners/${p}.xml` : (p.file ?? `partners/${p.profile}.xml`),
            );
            return new Set(files).size === files.length;
          }, 'expected each partner feed to have its own file'),
      })
      .strict()
      .prefault({}),
    /** How front matter is read: presswire's own keys, or another platform's (README "Adopting presswire on an existing site"). */
    input: z
      .object({
        /** `auto` decides per file from what it carries; or one of presswire, jekyll, hugo, eleventy, astro. */
        dialect: z.enum(['auto', ...DIALECTS]).default('auto'),
        /** House keys: presswire field → the key this site writes it under, e.g. `{"dek": "standfirst"}`. */
        fields: z.record(z.string().regex(/^[a-z]+$/), z.string().min(1)).default({}),
        /** Which list names an article's section (the first of it); the rest become tags. */
        section: z.enum(['categories', 'tags']).default('categories'),
        /**
         * The site's author data file, relative to the config file. Default: the first of
         * `_data/authors.yml` (Jekyll) and `data/authors.{yaml,yml,toml,json}` (Hugo) that exists.
         */
        authors: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** Entry ids: `tag` (RFC 4151), `url` (the article's URL: Hugo's RSS guid) or `jekyll` (jekyll-feed's id). */
    ids: z
      .object({ scheme: z.enum(['tag', 'url', 'jekyll']).default('tag') })
      .strict()
      .prefault({}),
    /** WebSub (publish/websub.ts): with a hub, every feed advertises it and the hub is told of changed feeds. */
    websub: z
      .object({
        /** The hub's URL; absent: no WebSub at all. */
        hub: absoluteHttpUrl.optional(),
        /** Time allowed for one request to the hub. */
        timeoutMs: z.number().int().positive().default(5000),
        /** Tries per feed (1 = no retry). */
        attempts: z.number().int().min(1).max(10).default(3),
        /** Wait before the first retry; doubled before each further one. */
        backoffMs: z.number().int().nonnegative().default(500),
        /** Time allowed for all notifications of one build; what is left after it is not sent (and logged). */
        deadlineMs: z.number().int().positive().default(20000),
      })
      .strict()
      .prefault({}),
    images: z
      .object({
        /** Rendition widths in pixels; a source is never upscaled. */
        widths: z.array(z.number().int().positive()).min(1).default([480, 960, 1600]),
        /** Rendition formats. JPEG is always made as well: it is the `src` fallback and the enclosure. */
        formats: z
          .array(z.enum(['webp', 'jpeg', 'avif']))
          .min(1)
          .default(['webp', 'jpeg']),
        /** The `sizes` attribute of every responsive `<img>`. */
        sizes: z.string().min(1).default('(min-width: 960px) 960px, 100vw'),
        /** Encoder quality per format (1–100). */
        quality: z
          .object({
            jpeg: z.number().int().min(1).max(100).default(80),
            webp: z.number().int().min(1).max(100).default(78),
            avif: z.number().int().min(1).max(100).default(55),
          })
          .strict()
          .prefault({}),
        /** Background that transparent sources are flattened onto for JPEG. */
        background: z.string().min(1).default('#ffffff'),
        /** Largest source accepted, in pixels (width × height): a decompression bomb is refused. */
        maxInputPixels: z.number().int().positive().default(50_000_000),
        /** Largest source file accepted, in bytes. */
        maxInputBytes: z
          .number()
          .int()
          .positive()
          .default(40 * 1024 * 1024),
        /** Days an unreferenced rendition stays in out/images (partners fetch late). */
        graceDays: z.number().nonnegative().default(7),
        /** Rights written into every rendition where the article and the source file say nothing (README "Image rights"). */
        rights: z
          .object({
            /** Copyright notice (dc:rights, media:copyright) of pictures whose article and source file give none. */
            copyright: z.string().min(1).optional(),
            /** Licence URL (xmpRights:WebStatement, media:license) of pictures whose article gives none. */
            license: absoluteHttpUrl.optional(),
            /** Name the site (site.title) as every picture's source (photoshop:Source). */
            source: z.boolean().default(false),
            /** Whom to contact for a licence (plus:Licensor). */
            licensor: z
              .object({ name: z.string().min(1), url: absoluteHttpUrl.optional() })
              .strict()
              .optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Safety limits of publishing (README "What presswire refuses, and why"). */
    publish: z
      .object({
        /**
         * Largest share (0–1) of the published entries one build may remove (withdrawn, deleted,
         * drafted or failed); beyond it the build publishes nothing and exits 65. 1 turns the
         * guard off; `--allow-shrink` lets one build through.
         */
        maxShrink: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .prefault({}),
    schedule: z
      .object({
        /** node-cron expression (seconds field allowed) for `presswire schedule`. */
        cron: z
          .string()
          .min(1)
          .superRefine((value, context) => {
            const problem = cronProblem(value);
            if (problem) context.addIssue({ code: 'custom', message: problem });
          })
          .default('*/5 * * * *'),
        /** IANA time zone the cron expression is read in. */
        timezone: z.string().default('UTC'),
      })
      .strict()
      .prefault({}),
    /** Folder of the articles, relative to the config file. */
    articles: z.string().min(1).default('articles'),
    /** Output folder, relative to the config file. */
    out: z.string().min(1).default('out'),
    /**
     * The site's static folder, relative to the config file (Hugo's `static/`, Jekyll's site
     * root, Eleventy's passthrough folder): site-root image paths (`/images/x.jpg`) are read
     * from it. Absent: images are paths relative to the article file only.
     */
    static: z.string().min(1).optional(),
    /**
     * Folder of the build state and status (never published), relative to the config file.
     * Default: beside the output folder, `<out>.presswire/`, so each output folder has its own.
     */
    state: z.string().min(1).optional(),
  })
  .strict();

/** The configuration as read from the file, before defaults. */
export type ConfigInput = z.input<typeof configSchema>;

/** The configuration with every default applied; paths still as written. */
export type Config = z.output<typeof configSchema>;

/** The configuration a build runs with: paths absolute. */
export interface ResolvedConfig extends Config {
  /** Absolute folder of the articles. */
  articlesDir: string;
  /** Absolute output folder. */
  outDir: string;
  /** Absolute state folder. */
  stateDir: string;
  /** Absolute static folder (config `static`), when configured. */
  staticDir?: string;
  /** Absolute path of the config file, or undefined when none was found and the defaults ran. */
  configFile: string | undefined;
}
