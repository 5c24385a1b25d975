import type { PartnerProfileName } from '../../config/schema.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { Entry } from '../../model.js';
import { largestJpeg } from '../../render/figure.js';
import type { RssVariant } from '../document.js';

/**
 * A partner feed profile: an RSS 2.0 feed made from the same entries as the main
 * feeds, changed where one aggregator reads something differently, with the minimums that
 * aggregator documents. The build warns when a minimum is not met; it never fails for one.
 */
export interface PartnerProfile {
  name: PartnerProfileName;
  /** Who reads it, for docs/partner-feeds.md, "Partner profiles", and the feed's title. */
  partner: string;
  /** What it changes against `rss.xml`, one line for docs/partner-feeds.md, "Partner profiles". */
  changes: string;
  rssVariant: RssVariant;
  minimums: ProfileMinimums;
}

export interface ProfileMinimums {
  /** Fewest items the feed must hold (the window is raised to it). */
  items?: number;
  /** Lead image (the largest JPEG rendition, what the enclosure points at): size of one side, and whether every item needs one. */
  image?: { side: 'shorter' | 'longer'; px: number; required: boolean };
  /** Title length in characters (code points). */
  title?: { min?: number; max?: number };
  /** Largest feed file, in bytes. */
  feedBytes?: number;
  /** Largest item content (HTML), in bytes. */
  itemBytes?: number;
  /** The partner wants WebSub: `websub.hub` must be set. */
  hub?: boolean;
  /** The partner fetches HTTPS feeds only: `site.url` must be https. */
  https?: boolean;
}

export interface MinimumsInput {
  profile: PartnerProfile;
  /** Path of the feed under out/, named in every message. */
  file: string;
  entries: readonly Entry[];
  /** The rendered feed. */
  content: string;
  hub: string | undefined;
  siteUrl: string;
  /** Article source path → the path diagnostics show. */
  displayPath(sourcePath: string): string;
  /** Display path of the config file, where the feed-level findings point. */
  configFile: string | undefined;
}

/** Every unmet minimum, as warnings (pure). */
export function checkMinimums(input: MinimumsInput): Diagnostic[] {
  const { profile, file, entries } = input;
  const m = profile.minimums;
  const who = `${file} (${profile.partner})`;
  const configWarning = (key: string, message: string): Diagnostic => ({
    severity: 'warning',
    ...(input.configFile ? { file: input.configFile } : {}),
    key,
    message,
  });
  const out: Diagnostic[] = [];
  if (m.items !== undefined && entries.length < m.items) {
    out.push(
      configWarning('feeds.partners', `expected at least ${m.items} items in ${who} but received ${entries.length}`),
    );
  }
  if (m.hub && !input.hub) {
    out.push(
      configWarning('websub.hub', `expected a WebSub hub for ${who}, which wants updates pushed, but received nothing`),
    );
  }
  if (m.https && !input.siteUrl.startsWith('https://')) {
    out.push(
      configWarning(
        'site.url',
        `expected an https site URL for ${who}, which fetches HTTPS feeds only, but received ${JSON.stringify(input.siteUrl)}`,
      ),
    );
  }
  const bytes = Buffer.byteLength(input.content, 'utf8');
  if (m.feedBytes !== undefined && bytes > m.feedBytes) {
    out.push(
      configWarning(
        'feeds.partners',
        `expected ${who} to be at most ${m.feedBytes} bytes but received ${bytes} bytes; lower its limit`,
      ),
    );
  }
  for (const entry of entries) {
    const article = input.displayPath(entry.sourcePath);
    const warn = (key: string, message: string) => out.push({ severity: 'warning', file: article, key, message });
    const length = [...entry.title].length;
    if (m.title?.max !== undefined && length > m.title.max) {
      warn('title', `expected a title of at most ${m.title.max} characters for ${who} but received ${length}`);
    }
    if (m.title?.min !== undefined && length < m.title.min) {
      warn('title', `expected a title of at least ${m.title.min} characters for ${who} but received ${length}`);
    }
    const itemBytes = Buffer.byteLength(entry.contentHtml, 'utf8');
    if (m.itemBytes !== undefined && itemBytes > m.itemBytes) {
      warn('body', `expected at most ${m.itemBytes} bytes of content for ${who} but received ${itemBytes}`);
    }
    if (m.image) {
      const jpeg = entry.image && largestJpeg(entry.image);
      if (!jpeg) {
        if (m.image.required)
          warn('image', `expected a lead image for ${who}, which wants one per article, but received none`);
      } else {
        const side = m.image.side === 'shorter' ? Math.min(jpeg.width, jpeg.height) : Math.max(jpeg.width, jpeg.height);
        if (side < m.image.px) {
          warn(
            'image.src',
            `expected a lead image at least ${m.image.px} px on its ${m.image.side} side for ${who} but received ${jpeg.width}×${jpeg.height} px`,
          );
        }
      }
    }
  }
  return out;
}
