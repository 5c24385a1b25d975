import { z } from 'zod';

/**
 * The site configuration (SPEC §2). One zod schema is the single source of truth:
 * the TypeScript type is inferred from it and every default lives here, so the
 * README's configuration table can be read straight off this file.
 */

const absoluteHttpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'expected an absolute http(s) URL');

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

export const configSchema = z
  .object({
    site: z
      .object({
        /** Feed title. */
        title: z.string().min(1).default('Northwind Rights Monitor'),
        /** Absolute https URL of the site; feeds, articles and images live under it. */
        url: absoluteHttpUrl.default('https://news.northwind-rights.example/'),
        /** Feed description / subtitle. */
        description: z
          .string()
          .default('Dispatches, investigations and corrections from the Northwind Rights Monitor.'),
        /** BCP 47 language tag of the articles. */
        language: z.string().min(2).default('en'),
        /** Author used when an article names none. */
        author: authorSchema.default({
          name: 'Northwind Rights Monitor',
          url: 'https://news.northwind-rights.example/about/',
        }),
        /** Copyright line of the feeds. */
        copyright: z.string().default('© Northwind Rights Monitor. All rights reserved.'),
      })
      .strict()
      .prefault({}),
    feeds: z
      .object({
        /** How many entries each feed holds (the window, SPEC §3). */
        limit: z.number().int().positive().default(50),
        /**
         * Article URL pattern, relative to site.url. Placeholders: {slug}, {yyyy}, {mm}, {dd}
         * (publication date in UTC), {section} (slugified).
         */
        articlePath: z.string().min(1).default('news/{yyyy}/{mm}/{slug}/'),
        /** How long a withdrawn article's tombstone stays in the Atom feed, in days. */
        tombstoneDays: z.number().int().nonnegative().default(30),
      })
      .strict()
      .prefault({}),
    images: z
      .object({
        /** Rendition widths in pixels; a source is never upscaled. */
        widths: z.array(z.number().int().positive()).min(1).default([480, 960, 1600]),
        /** Rendition formats. JPEG is always made as well: it is the `src` fallback and the enclosure. */
        formats: z.array(z.enum(['webp', 'jpeg', 'avif'])).min(1).default(['webp', 'jpeg']),
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
        maxInputBytes: z.number().int().positive().default(40 * 1024 * 1024),
        /** Days an unreferenced rendition stays in out/images (partners fetch late). */
        graceDays: z.number().nonnegative().default(7),
      })
      .strict()
      .prefault({}),
    schedule: z
      .object({
        /** node-cron expression (seconds field allowed) for `presswire schedule`. */
        cron: z.string().min(1).default('*/5 * * * *'),
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
  /** Absolute path of the config file, or undefined when none was found and the defaults ran. */
  configFile: string | undefined;
}
