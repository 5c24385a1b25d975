import { z } from 'zod';
import { isTimeZone } from '../validate/dates.js';
import { DIALECTS } from '../validate/dialects/table.js';
import { cronProblem } from './cron.js';

/**
 * The site configuration. One zod schema is the single source of truth: the TypeScript
 * type is inferred from it and every default lives here, and the configuration reference
 * in docs/configuration.md is generated from it (`npm run docs:config`, scripts/config-docs.ts):
 * the comment above each key is that key's description there.
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
     * The site's identity. It has no built-in values: `site.title` and `site.url` are
     * required, and what is left out is derived from them (siteWithDerivedValues), never
     * borrowed from another newsroom.
     */
    site: z
      .object({
        /** Feed title. Required. */
        title: z.string().min(1),
        /** Absolute http(s) URL of the site; feeds, articles and images live under it. Required (or `PRESSWIRE_SITE_URL`). */
        url: absoluteHttpUrl,
        /** Feed description / subtitle; default: `Latest articles from <site.title>.` */
        description: z.string().optional(),
        /** BCP 47 language tag of the articles. */
        language: z.string().min(2).default('en'),
        /** Author of articles that name none, `{name, email?, url?}`; default: `{name: <site.title>, url: <site.url>}`. */
        author: authorSchema.optional(),
        /**
         * Rights line of the feeds; default: `© <site.title>` (no "all rights reserved": presswire
         * does not make legal claims for you).
         */
        copyright: z.string().optional(),
        /**
         * IANA time zone in which another platform's offset-less times (`2014-03-12 10:00`) and
         * bare dates are read, and in which `:year`/`:month`/`:day` of Jekyll/Hugo URL patterns
         * are taken: the rule Jekyll (`timezone`) and Hugo (`timeZone`) apply. presswire's own
         * front matter still refuses a time without an offset.
         */
        timezone: z
          .string()
          .refine(isTimeZone, 'expected an IANA time zone name such as "UTC" or "America/New_York"')
          .default('UTC'),
      })
      .strict()
      .transform(siteWithDerivedValues),
    /** The feeds: their window, URLs, file names, and the extra feeds besides the main three. */
    feeds: z
      .object({
        /** How many entries each feed holds (the window): the most recently modified ones. */
        limit: z.number().int().positive().default(50),
        /**
         * Article URL pattern, relative to `site.url`. Placeholders: `{slug}`, `{yyyy}`, `{mm}`,
         * `{dd}` (publication date in UTC), `{section}` (slugified); or a Jekyll/Hugo pattern
         * (see docs/adopting.md).
         */
        articlePath: z.string().min(1).default('news/{yyyy}/{mm}/{slug}/'),
        /**
         * File names of the main feeds (and of each section/tag/author feed set), so a site that
         * moves to presswire keeps its feed URLs: Jekyll's `feed.xml` for Atom, Hugo's `index.xml` for RSS.
         * Self links, `out/index.html` and the browser view follow. Names are lowercase, end in
         * `.xml` or `.json`, and are three different ones.
         */
        files: z
          .object({
            /** File name of the RSS 2.0 feed. */
            rss: feedFileName.default('rss.xml'),
            /** File name of the Atom 1.0 feed. */
            atom: feedFileName.default('atom.xml'),
            /** File name of the JSON Feed 1.1 feed. */
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
            /** One feed set per section: `out/sections/<slug>/`. */
            sections: z.boolean().default(true),
            /** One feed set per tag: `out/tags/<slug>/`. */
            tags: z.boolean().default(false),
            /** One feed set per author name: `out/authors/<slug>/`. */
            authors: z.boolean().default(false),
            /** Entries per section/tag/author feed; default: `feeds.limit`. */
            limit: z.number().int().positive().optional(),
            /** Title of a section/tag/author feed; placeholders `{site}` (`site.title`), `{name}`, `{kind}` (Section, Tag, Author). */
            title: z.string().min(1).default('{site} — {name}'),
          })
          .strict()
          .prefault({}),
        /** The RFC 5005 archive of every entry ever syndicated, in stable pages: `out/archive/<n>.xml` (see docs/partner-feeds.md). */
        archive: z
          .object({
            /** Whether the archive is written. */
            enabled: z.boolean().default(true),
            /** Slots per page; changing it re-pages (rewrites) the whole archive. */
            pageSize: z.number().int().positive().default(100),
          })
          .strict()
          .prefault({}),
        /** `out/corrections.xml` and `out/corrections.json`: one entry per correction. */
        corrections: z
          .object({
            /** Whether the corrections feeds are written. */
            enabled: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
        /**
         * Partner profiles: a name (`"google-news"`, `"msn"`, `"flipboard"`) or
         * `{profile, file?, limit?}`, one file per profile entry (see docs/partner-feeds.md).
         * `file` is the output path, `partners/<name>.xml` (default `partners/<profile>.xml`);
         * `limit` defaults to `feeds.limit`, raised to the profile's minimum item count.
         */
        partners: z
          .array(
            z.union([
              partnerProfileName,
              z
                .object({
                  profile: partnerProfileName,
                  /** Output path under out/, `partners/<name>.xml`; default `partners/<profile>.xml`. */
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
    /** How front matter is read: presswire's own keys, or another platform's (see docs/adopting.md). */
    input: z
      .object({
        /** Whose front matter the articles carry: `auto` decides per file from what it carries; or one platform for every file. */
        dialect: z.enum(['auto', ...DIALECTS]).default('auto'),
        /** House keys: presswire field → the key this site writes it under, e.g. `{"dek": "standfirst"}`. */
        fields: z.record(z.string().regex(/^[a-z]+$/), z.string().min(1)).default({}),
        /** Which list names the section of another platform's post (its first entry); the rest become tags. */
        section: z.enum(['categories', 'tags']).default('categories'),
        /**
         * The site's author data file, relative to the config file. Default: the first of
         * `_data/authors.yml` (Jekyll) and `data/authors.{yaml,yml,toml,json}` (Hugo) beside the
         * config file that exists.
         */
        authors: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** How entry ids are made. */
    ids: z
      .object({
        /**
         * Entry ids: `tag` (RFC 4151), `url` (the article's absolute URL: Hugo's, Eleventy's and
         * Astro's feeds), `jekyll` (jekyll-feed's: the URL's folder and the slug). An explicit
         * `id:` wins. Choose it once: changing it changes every id.
         */
        scheme: z.enum(['tag', 'url', 'jekyll']).default('tag'),
      })
      .strict()
      .prefault({}),
    /** WebSub: with a hub, every feed advertises it and the hub is told of changed feeds (see docs/partner-feeds.md). */
    websub: z
      .object({
        /** The hub's URL (absolute http(s)); absent: no hub link, no notification. */
        hub: absoluteHttpUrl.optional(),
        /** Time allowed for one request to the hub. */
        timeoutMs: z.number().int().positive().default(5000),
        /** Tries per feed, 1 to 10 (1 = no retry). */
        attempts: z.number().int().min(1).max(10).default(3),
        /** Wait before the first retry; doubled before each further one. */
        backoffMs: z.number().int().nonnegative().default(500),
        /** Time allowed for all notifications of one build; what is left after it is not sent (and logged). */
        deadlineMs: z.number().int().positive().default(20000),
      })
      .strict()
      .prefault({}),
    /** Responsive renditions of lead and body images, and the rights written into them. */
    images: z
      .object({
        /** Rendition widths in pixels; a source is never upscaled. */
        widths: z.array(z.number().int().positive()).min(1).default([480, 960, 1600]),
        /** Rendition formats (`avif` available). JPEG is always made as well: it is the `src` fallback and the enclosure. */
        formats: z
          .array(z.enum(['webp', 'jpeg', 'avif']))
          .min(1)
          .default(['webp', 'jpeg']),
        /** The `sizes` attribute of every responsive `<img>`. */
        sizes: z.string().min(1).default('(min-width: 960px) 960px, 100vw'),
        /** Encoder quality per format (1–100). */
        quality: z
          .object({
            /** JPEG quality. */
            jpeg: z.number().int().min(1).max(100).default(80),
            /** WebP quality. */
            webp: z.number().int().min(1).max(100).default(78),
            /** AVIF quality. */
            avif: z.number().int().min(1).max(100).default(55),
          })
          .strict()
          .prefault({}),
        /** Background that transparent sources are flattened onto for JPEG. */
        background: z.string().min(1).default('#ffffff'),
        /** Largest source accepted, in pixels (width × height): a decompression bomb is refused. */
        maxInputPixels: z.number().int().positive().default(50_000_000),
        /** Largest source file accepted, in bytes (40 MiB). */
        maxInputBytes: z
          .number()
          .int()
          .positive()
          .default(40 * 1024 * 1024),
        /** Days an unreferenced rendition stays in out/images (partners fetch late). */
        graceDays: z.number().nonnegative().default(7),
        /** Rights written into every rendition where the article and the source file say nothing (see docs/article-format.md#image-rights). */
        rights: z
          .object({
            /** Copyright notice (dc:rights, media:copyright) of pictures whose article and source file give none. */
            copyright: z.string().min(1).optional(),
            /** Licence URL (xmpRights:WebStatement, media:license) of pictures whose article gives none. */
            license: absoluteHttpUrl.optional(),
            /** `true`: name the site (`site.title`) as every picture's source (photoshop:Source). */
            source: z.boolean().default(false),
            /** Whom to contact for a licence (plus:Licensor): `{name, url?}`. */
            licensor: z
              .object({
                /** The licensor's name. */
                name: z.string().min(1),
                /** The licensor's web page (absolute http(s) URL). */
                url: absoluteHttpUrl.optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Safety limits of publishing (see docs/refusals.md#folders-vanished-archives-and-oversized-images). */
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
    /** When `presswire schedule` builds. */
    schedule: z
      .object({
        /**
         * node-cron expression (a leading seconds field is allowed) for `presswire schedule`;
         * checked field by field when the config is read.
         */
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
        /**
         * Also build on every saved change in the articles folder (and the `static` folder), at
         * once rather than at the next slot, and at start when the feeds are behind the articles;
         * `--no-watch` turns it off for one run of the job.
         */
        watch: z.boolean().default(true),
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
     * from it. Absent: images are paths relative to the article file only (see
     * docs/article-format.md#images-where-your-site-keeps-them-static).
     */
    static: z.string().min(1).optional(),
    /**
     * Folder of the build state and status (never published), relative to the config file.
     * Default: beside the output folder, `<out>.presswire/`, so each output folder has its own
     * (see docs/operations.md#where-state-and-status-live). Articles, output and state must be
     * three separate folders (exit 2 otherwise).
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
