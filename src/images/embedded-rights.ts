import { lazyRequire } from '../util/lazy-require.js';
import { plainText } from '../util/xml-text.js';
import type { EmbeddedRights } from './rights.js';

/**
 * The credit a photographer or agency embedded in a source file (pure): creator, credit
 * line and copyright notice, from its XMP packet and its IPTC-IIM block as sharp's
 * `metadata()` hands them over. Source files are untrusted: both readers are bounded, read
 * only the few fields they look for, and give up quietly (no credit) on anything malformed.
 */

/** Larger XMP packets (a long editing history) are not read: credits sit in small ones. */
const MAX_XMP_BYTES = 1024 * 1024;
/** A field longer than this is not a credit line. */
const MAX_FIELD_CHARS = 2000;

const fastXmlParser = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');

export function embeddedRights(xmp: Buffer | undefined, iptc: Buffer | undefined): EmbeddedRights | undefined {
  const fromXmp = xmp ? rightsFromXmp(xmp) : {};
  const fromIptc = iptc ? rightsFromIptc(iptc) : {};
  const merged: EmbeddedRights = {};
  // XMP first: it is the newer container and the one editors keep in step; IIM fills gaps.
  for (const key of ['creator', 'credit', 'copyright'] as const) {
    const value = fromXmp[key] ?? fromIptc[key];
    if (value !== undefined) merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** A field as presswire would publish it, or nothing when it is empty or implausibly long. */
function field(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = plainText(value);
  return text.length > 0 && text.length <= MAX_FIELD_CHARS ? text : undefined;
}

// XMP ------------------------------------------------------------------------------------

export function rightsFromXmp(xmp: Buffer): EmbeddedRights {
  if (xmp.length > MAX_XMP_BYTES) return {};
  const text = xmp.toString('utf8');
  // No document type declarations, so no entity can expand (XMP never has one).
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return {};
  let parsed: unknown;
  try {
    const { XMLParser } = fastXmlParser();
    parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      // Prefixes are the packet's choice; the local names are what IPTC defines.
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      htmlEntities: false,
    }).parse(text);
  } catch {
    return {};
  }
  const descriptions: Record<string, unknown>[] = [];
  collectDescriptions(parsed, descriptions, 0);
  const found: EmbeddedRights = {};
  for (const description of descriptions) {
    const creator = field(firstItem(description.creator ?? description['@_creator']));
    const credit = field(firstItem(description.Credit ?? description['@_Credit']));
    const copyright = field(firstItem(description.rights ?? description['@_rights']));
    if (creator !== undefined) found.creator ??= creator;
    if (credit !== undefined) found.credit ??= credit;
    if (copyright !== undefined) found.copyright ??= copyright;
  }
  return found;
}

/** Every rdf:Description, at any depth up to a small bound. */
function collectDescriptions(node: unknown, into: Record<string, unknown>[], depth: number): void {
  if (depth > 8 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectDescriptions(item, into, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'Description') {
      for (const description of Array.isArray(value) ? value : [value]) {
        if (description !== null && typeof description === 'object') into.push(description as Record<string, unknown>);
      }
    } else if (!key.startsWith('@_')) collectDescriptions(value, into, depth + 1);
  }
}

/**
 * The first value of a simple property, an ordered or unordered array (rdf:Seq, rdf:Bag)
 * or a language alternative (rdf:Alt, the x-default one when marked).
 */
function firstItem(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return undefined;
  const container = value as Record<string, unknown>;
  const list = container.Seq ?? container.Bag ?? container.Alt;
  if (list === undefined) return container['#text'];
  const items = (list as Record<string, unknown> | undefined)?.li;
  const all = Array.isArray(items) ? items : [items];
  const preferred = all.find((item) => typeof item === 'object' && item?.['@_lang'] === 'x-default') ?? all[0];
  return typeof preferred === 'object' && preferred !== null
    ? (preferred as Record<string, unknown>)['#text']
    : preferred;
}

// IPTC-IIM -------------------------------------------------------------------------------

/** IIM record 2 datasets (IPTC-NAA IIM 4.2): By-line, Credit, Copyright Notice. */
const DATASETS: Record<number, keyof EmbeddedRights> = { 80: 'creator', 110: 'credit', 116: 'copyright' };

/**
 * libvips hands over JPEG's APP13 block whole (a Photoshop image resource block): the IIM
 * data is its resource 0x0404. A block that starts with the IIM tag marker is IIM itself.
 */
export function rightsFromIptc(block: Buffer): EmbeddedRights {
  const iim = block[0] === 0x1c ? block : photoshopResource(block, 0x0404);
  return iim ? readIim(iim) : {};
}

function photoshopResource(block: Buffer, id: number): Buffer | undefined {
  let offset = block.indexOf('8BIM');
  while (offset >= 0 && offset + 12 <= block.length) {
    if (block.toString('latin1', offset, offset + 4) !== '8BIM') return undefined;
    const resource = block.readUInt16BE(offset + 4);
    const nameLength = block[offset + 6] ?? 0;
    // The Pascal name and its length byte are padded to an even length.
    const nameEnd = offset + 6 + ((nameLength + 2) & ~1);
    if (nameEnd + 4 > block.length) return undefined;
    const size = block.readUInt32BE(nameEnd);
    const start = nameEnd + 4;
    if (start + size > block.length) return undefined;
    if (resource === id) return block.subarray(start, start + size);
    offset = start + size + (size & 1);
  }
  return undefined;
}

function readIim(iim: Buffer): EmbeddedRights {
  const found: EmbeddedRights = {};
  const values: [keyof EmbeddedRights, Buffer][] = [];
  let utf8 = false;
  let offset = 0;
  while (offset + 5 <= iim.length && iim[offset] === 0x1c) {
    const record = iim[offset + 1];
    const dataset = iim[offset + 2] ?? 0;
    const length = iim.readUInt16BE(offset + 3);
    // Extended lengths (high bit set) are for binary payloads, never for these text fields.
    if (length & 0x8000) break;
    const start = offset + 5;
    if (start + length > iim.length) break;
    const data = iim.subarray(start, start + length);
    // 1:90 Coded Character Set: ESC % G declares UTF-8.
    if (record === 1 && dataset === 90) utf8 = data.equals(Buffer.from([0x1b, 0x25, 0x47]));
    const key = record === 2 ? DATASETS[dataset] : undefined;
    if (key) values.push([key, data]);
    offset = start + length;
  }
  for (const [key, data] of values) {
    const value = field(decodeIimText(data, utf8));
    if (value !== undefined) found[key] ??= value;
  }
  return found;
}

/** UTF-8 when declared or when the bytes are valid UTF-8 (common without the declaration), else Latin-1. */
function decodeIimText(data: Buffer, declaredUtf8: boolean): string {
  if (declaredUtf8) return data.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return data.toString('latin1');
  }
}
