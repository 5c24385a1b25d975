import { describe, expect, it } from 'vitest';
import { imageTable, type Outcome, type UsePlan } from './index.js';
import type { SourceRecord } from './manifest.js';
import type { PlannedRendition } from './plan.js';

const SITE = 'https://news.example.org/';

function record(fields: Partial<SourceRecord> = {}): SourceRecord {
  return { size: 1000, mtimeMs: 1, sha256: 'aa', width: 1600, height: 900, format: 'jpeg', ...fields };
}

function rendition(name: string, width: number): PlannedRendition {
  return { width, height: (width * 9) / 16, format: 'jpeg', name, rights: {} };
}

function use(plan: PlannedRendition[], creditFromSource = false): UsePlan {
  return { resolved: { rights: { credit: 'Desk' }, creditFromSource }, plan };
}

describe('imageTable: what the feeds learn of each image', () => {
  it('lists each use in job order with its renditions, counts shared files once, and names failures and stills', () => {
    const small = rendition('a-480.jpg', 480);
    const large = rendition('a-960.jpg', 960);
    const outcomes = new Map<string, Outcome>([
      ['broken.png', { ok: false, message: 'expected a PNG but received a text file' }],
      [
        'a.jpg',
        {
          ok: true,
          record: record(),
          plans: new Map([
            ['a.jpg', use([small, large])],
            ['a.jpg#credit', use([small, large], true)],
          ]),
        },
      ],
      ['spin.gif', { ok: true, record: record({ animated: true, format: 'gif' }), plans: new Map() }],
    ]);
    const sizes = new Map([['a-480.jpg', 12_345]]);
    const result = imageTable(['a.jpg', 'broken.png', 'spin.gif', 'unknown.jpg'], outcomes, SITE, sizes);

    expect([...result.table.keys()]).toEqual(['a.jpg', 'a.jpg#credit']);
    expect(result.table.get('a.jpg#credit')).toEqual({
      source: 'a.jpg',
      width: 1600,
      height: 900,
      renditions: [
        {
          url: `${SITE}images/a-480.jpg`,
          width: 480,
          height: 270,
          format: 'jpeg',
          mimeType: 'image/jpeg',
          bytes: 12_345,
        },
        { url: `${SITE}images/a-960.jpg`, width: 960, height: 540, format: 'jpeg', mimeType: 'image/jpeg', bytes: 0 },
      ],
      rights: { credit: 'Desk' },
      creditFromSource: true,
    });
    expect(result.table.get('a.jpg')).not.toHaveProperty('creditFromSource');
    expect(result.failures).toEqual(new Map([['broken.png', 'expected a PNG but received a text file']]));
    expect([...result.warnings.keys()]).toEqual(['spin.gif']);
    expect(result.referenced).toEqual(new Set(['a-480.jpg', 'a-960.jpg']));
    expect(result.renditions).toBe(2);
  });
});
