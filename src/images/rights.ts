/**
 * The rights of one picture (pure): who made it, whom to credit, whose copyright it is,
 * what it shows and under which licence it may be used. They are written into every
 * rendition as XMP (images/xmp.ts), shown in the feeds, and are part of every rendition's
 * name (images/plan.ts), so a changed credit gives that picture new files and nothing else.
 */

/** Rights as published, one field per IPTC Photo Metadata property (docs/article-format.md, "Image rights"). */
export interface ImageRights {
  /** dc:creator (IPTC Creator): the photographer. */
  creator?: string;
  /** photoshop:Credit (IPTC Credit Line). */
  credit?: string;
  /** dc:rights (IPTC Copyright Notice). */
  copyright?: string;
  /** dc:description (IPTC Description, the caption). */
  caption?: string;
  /** xmpRights:WebStatement (IPTC Web Statement of Rights): the licence URL. */
  license?: string;
  /** photoshop:Source (IPTC Source): who supplies the picture, the site when configured. */
  source?: string;
  /** plus:Licensor (PLUS Licensor): whom to contact for a licence. */
  licensor?: { name: string; url?: string };
}

/** What an article says about one use of a picture: its front matter, or a body image's title. */
export type DeclaredRights = Pick<ImageRights, 'creator' | 'credit' | 'copyright' | 'caption' | 'license'>;

/** What a source file says about itself (its IPTC-IIM or XMP block). */
export type EmbeddedRights = Pick<ImageRights, 'creator' | 'credit' | 'copyright'>;

/** The site's defaults (`images.rights` in the config). */
export interface SiteRights {
  copyright?: string;
  license?: string;
  source?: string;
  licensor?: { name: string; url?: string };
}

export interface ResolvedRights {
  rights: ImageRights;
  /** The credit came from the source file, not from the article. */
  creditFromSource: boolean;
}

const DECLARED_KEYS = ['creator', 'credit', 'copyright', 'caption', 'license'] as const;

/**
 * Front matter first. The source file's own creator, credit and copyright are used only
 * when the article gives no credit (the article's word on a picture is the desk's
 * decision; the file's is the agency's, which a desk that wrote no credit accepts), and a
 * file that names a creator but no credit line is credited to its creator. The site's
 * copyright and licence fill in what neither says.
 */
export function resolveRights(
  declared: DeclaredRights,
  embedded: EmbeddedRights | undefined,
  site: SiteRights,
): ResolvedRights {
  const fromSource = declared.credit === undefined && embedded !== undefined ? embedded : {};
  const credit = declared.credit ?? fromSource.credit ?? fromSource.creator;
  const creator = declared.creator ?? fromSource.creator;
  const copyright = declared.copyright ?? fromSource.copyright ?? site.copyright;
  const license = declared.license ?? site.license;
  const rights: ImageRights = {
    ...(creator ? { creator } : {}),
    ...(credit ? { credit } : {}),
    ...(copyright ? { copyright } : {}),
    ...(declared.caption ? { caption: declared.caption } : {}),
    ...(license ? { license } : {}),
    ...(site.source ? { source: site.source } : {}),
    ...(site.licensor ? { licensor: site.licensor } : {}),
  };
  return { rights, creditFromSource: declared.credit === undefined && credit !== undefined };
}

/** What an article's front matter declares about its lead image. */
export function leadImageRights(image: DeclaredRights): DeclaredRights {
  return declaredRightsOf(image);
}

/** Only the declared fields that are set, in a fixed order. */
export function declaredRightsOf(fields: Partial<Record<keyof DeclaredRights, string | undefined>>): DeclaredRights {
  const declared: DeclaredRights = {};
  for (const key of DECLARED_KEYS) {
    const value = fields[key];
    if (value !== undefined && value !== '') declared[key] = value;
  }
  return declared;
}

/**
 * The images table's key for one use of a source: the source path alone when the article
 * declares nothing about it (most body images), else the path and what it declares, so that
 * two articles crediting one file differently each get their own renditions. NUL cannot be
 * part of a path, so no path and declaration run together.
 */
export function imageUseKey(source: string, declared: DeclaredRights = {}): string {
  const values = DECLARED_KEYS.map((key) => declared[key] ?? null);
  return values.every((value) => value === null) ? source : `${source}\u0000${JSON.stringify(values)}`;
}

/** What a rendition's name is made of: every published field, in a fixed order. */
export function rightsFingerprint(rights: ImageRights): string {
  return JSON.stringify([
    rights.creator ?? null,
    rights.credit ?? null,
    rights.copyright ?? null,
    rights.caption ?? null,
    rights.license ?? null,
    rights.source ?? null,
    rights.licensor ? [rights.licensor.name, rights.licensor.url ?? null] : null,
  ]);
}

/**
 * A body image's caption and credit from its Markdown title (docs/article-format.md, "Image
 * rights"): `![alt](photo.jpg "Caption | Credit")`. The text after the last `|` is the credit,
 * the rest the caption; a title without one is all caption.
 */
export function bodyImageRights(title: string | undefined): DeclaredRights {
  if (title === undefined) return {};
  const bar = title.lastIndexOf('|');
  if (bar < 0) return declaredRightsOf({ caption: title.trim() });
  return declaredRightsOf({ caption: title.slice(0, bar).trim(), credit: title.slice(bar + 1).trim() });
}

/** The site's defaults from the config's `images.rights` (the site's title as source when asked for). */
export function siteRightsOf(
  config: { copyright?: string; license?: string; source: boolean; licensor?: { name: string; url?: string } },
  siteTitle: string,
): SiteRights {
  return {
    ...(config.copyright ? { copyright: config.copyright } : {}),
    ...(config.license ? { license: config.license } : {}),
    ...(config.source ? { source: siteTitle } : {}),
    ...(config.licensor ? { licensor: config.licensor } : {}),
  };
}
