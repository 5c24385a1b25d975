import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeNewsroom, testConfig, type Newsroom } from './support/newsroom.js';

/**
 * Config problems read like article diagnostics (docs/configuration.md): one
 * line per problem, the file and key in front, what was expected and what was received.
 * Run through `presswire check`, which reads the config as `build` and `schedule` do.
 */

let room: Newsroom;
beforeAll(async () => {
  room = await makeNewsroom();
});
afterAll(() => room.remove());

async function check(configText: string) {
  await writeFile(room.config, configText);
  return runCli(['check'], { cwd: room.root });
}

const F = 'presswire.config.json';

describe('config messages', () => {
  it.each([
    [{ site: { descripton: 'x' } }, [`${F}: site.descripton: unknown key (did you mean site.description?)`]],
    [{ feds: {} }, [`${F}: feds: unknown key (did you mean feeds?)`]],
    [{ websub: { attemps: 2 } }, [`${F}: websub.attemps: unknown key (did you mean websub.attempts?)`]],
    [{ site: { colour: 'red' } }, [`${F}: site.colour: unknown key`]],
    [{ feeds: { limit: '20' } }, [`${F}: feeds.limit: expected a whole number but received the string "20"`]],
    [{ feeds: { limit: 2.5 } }, [`${F}: feeds.limit: expected a whole number but received the number 2.5`]],
    [{ feeds: { limit: 0 } }, [`${F}: feeds.limit: expected a whole number at least 1 but received the number 0`]],
    [
      { site: { url: 'news.example.org' } },
      [`${F}: site.url: expected an absolute http(s) URL but received the string "news.example.org"`],
    ],
    [
      { feeds: { facets: { tags: 'yes' } } },
      [`${F}: feeds.facets.tags: expected true or false but received the string "yes"`],
    ],
    [
      { images: { formats: ['png'] } },
      [`${F}: images.formats.0: expected one of "webp", "jpeg", "avif" but received the string "png"`],
    ],
    [
      { images: { widths: [] } },
      [`${F}: images.widths: expected a list of at least 1 item but received a list of 0 items`],
    ],
    [
      { schedule: { cron: '*/61 * * * *' } },
      [`${F}: schedule.cron: minute field "*/61": expected a step from 1 to 59 but received 61`],
    ],
    [
      { schedule: { cron: '0 24 * * *' } },
      [`${F}: schedule.cron: hour field "24": expected a value from 0 to 23 but received "24"`],
    ],
    [
      { schedule: { cron: '0 0 * 13 *' } },
      [`${F}: schedule.cron: month field "13": expected a value from 1 to 12 or a name (jan–dec) but received "13"`],
    ],
    [
      { schedule: { cron: '*/0 * * * * *' } },
      [`${F}: schedule.cron: second field "*/0": expected a step from 1 to 59 but received 0`],
    ],
    [
      { feeds: { limit: '20' }, site: { descripton: 'x' } },
      [
        `${F}: site.descripton: unknown key (did you mean site.description?)`,
        `${F}: feeds.limit: expected a whole number but received the string "20"`,
      ],
    ],
  ])('%j', async (settings, expected) => {
    const result = await check(testConfig(settings));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`presswire: ${expected.join('\n')}\n`);
  });

  it.each([
    [
      '{\n  "site": {\n    "title": "A",\n  }\n}\n',
      `${F}:4:3: expected valid JSON but found a trailing comma before "}"`,
    ],
    [
      '{\n  "site": { "title": \'A\' }\n}\n',
      `${F}:2:22: expected valid JSON but found "'A'", which is not JSON (strings take double quotes; true, false and null are lowercase)`,
    ],
    ['{\n  "site": {\n', `${F}:3:1: expected valid JSON but found the end of the file where a "}" belongs`],
  ])('JSON syntax error %#', async (text, expected) => {
    const result = await check(text);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`presswire: ${expected}\n`);
  });

  it('accepts comments (JSON with comments)', async () => {
    const result = await check(`// our newsroom\n${testConfig().replace('{', '{ /* identity below */')}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
