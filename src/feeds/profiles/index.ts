import type { PartnerProfileName } from '../../config/schema.js';
import { flipboard } from './flipboard.js';
import { googleNews } from './google-news.js';
import { msn } from './msn.js';
import type { PartnerProfile } from './profile.js';

export { checkMinimums, type PartnerProfile, type ProfileMinimums } from './profile.js';

/** Every partner profile by its config name; the table in docs/partner-feeds.md, "Partner profiles", lists these. */
export const PROFILES: Readonly<Record<PartnerProfileName, PartnerProfile>> = {
  'google-news': googleNews,
  msn,
  flipboard,
};
