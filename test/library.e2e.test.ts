import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/cli.js';
import { article, TEST_SITE } from './support/newsroom.js';
import { installedProject, npm, packageEnv as env, run } from './support/package.js';

/**
 * presswire as a library, installed from the tarball of `npm pack` into an ES module
 * project: `import { build } from 'presswire'` runs a build and prints nothing, and its
 * type declarations check a strict TypeScript file (and reject a wrong one). The project
 * (presswire and Node's types installed) is made once per run and shared with
 * test/package.e2e.test.ts (./support/package.ts); each test works in a folder of its own.
 */

let project: string;

beforeAll(async () => {
  project = await installedProject();
}, 300_000);

/** A tiny newsroom in `folder`: a config with the site's identity and one article. */
async function writeNewsroom(folder: string): Promise<void> {
  await mkdir(path.join(folder, 'articles'), { recursive: true });
  await writeFile(
    path.join(folder, 'presswire.config.json'),
    `${JSON.stringify({ site: { title: TEST_SITE.title, url: TEST_SITE.url } })}\n`,
  );
  await writeFile(
    path.join(folder, 'articles/first.md'),
    article({ title: 'First dispatch', published: '2026-05-01T08:00:00Z' }),
  );
}

const tsc = (files: string[]) =>
  run(
    path.join(REPO_ROOT, 'node_modules/.bin/tsc'),
    ['--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', ...files],
    { cwd: project, env, timeout: 120_000 },
  );

describe('presswire installed as a library', () => {
  it('still runs as a command: npx presswire build', async () => {
    const folder = path.join(project, 'cli-newsroom');
    await writeNewsroom(folder);
    const built = await npm(['exec', '--', 'presswire', 'build'], folder);
    expect(built.stdout).toMatch(/^presswire build: ok — 1 entry/);
    await access(path.join(folder, 'out/atom.xml'));
  }, 120_000);

  it('builds from a script that imports it, printing nothing of its own', async () => {
    const folder = path.join(project, 'code-newsroom');
    await writeNewsroom(folder);
    await writeFile(
      path.join(folder, 'build.mjs'),
      [
        "import { build } from 'presswire';",
        'const summary = await build({ articles: "articles", out: "out" });',
        'process.stdout.write(JSON.stringify(summary));',
        '',
      ].join('\n'),
    );
    const { stdout, stderr } = await run(process.execPath, ['build.mjs'], { cwd: folder, env, timeout: 120_000 });
    expect(stderr).toBe('');
    // The whole of stdout is the script's one JSON document.
    const summary = JSON.parse(stdout) as { exitCode: number; entries: number; diagnostics: unknown[] };
    expect(summary).toMatchObject({ exitCode: 0, outcome: 'ok', entries: 1, diagnostics: [] });
    await access(path.join(folder, 'out/atom.xml'));
  }, 120_000);

  it('builds a picture from a one-line program (node --input-type=module -e)', async () => {
    // The rendition writer threads run eval'd source, which Node reads as an ES module here.
    const folder = path.join(project, 'eval-newsroom');
    await writeNewsroom(folder);
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
      .jpeg()
      .toFile(path.join(folder, 'articles/photo.jpg'));
    await writeFile(
      path.join(folder, 'articles/first.md'),
      article({
        title: 'First dispatch',
        published: '2026-05-01T08:00:00Z',
        image: { src: 'photo.jpg', alt: 'A blue field', caption: 'Blue.', credit: 'Desk' },
      }),
    );
    const program =
      "import { build } from 'presswire'; const s = await build({}); process.stdout.write(JSON.stringify(s));";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], {
      cwd: folder,
      env,
      timeout: 120_000,
    });
    // 1200 pixels wide: the default widths that fit (480 and 960), in WebP and JPEG.
    expect(JSON.parse(stdout)).toMatchObject({
      exitCode: 0,
      outcome: 'ok',
      entries: 1,
      diagnostics: [],
      images: { sources: 1, renditions: 4, encoded: 4 },
    });
    const renditions = await readdir(path.join(folder, 'out/images'));
    expect(
      renditions
        .filter((name) => name.endsWith('.jpg'))
        .map((name) => name.replace(/^[0-9a-f]+-/, ''))
        .sort(),
    ).toEqual(['480.jpg', '960.jpg']);
  }, 120_000);

  it('type-checks a strict TypeScript file against the installed declarations', async () => {
    await writeFile(
      path.join(project, 'uses-api.ts'),
      [
        "import { build, check, loadConfig, PresswireError, type BuildSummary, type PresswireConfig } from 'presswire';",
        '',
        "const config: PresswireConfig = { site: { title: 'Newsroom', url: 'https://news.example/' } };",
        "const resolved = await loadConfig({ config, cwd: '.' });",
        'const outDir: string = resolved.outDir;',
        "const summary: BuildSummary = await build({ config, out: 'out', strict: true });",
        'const code: number = summary.exitCode;',
        'const messages: string[] = summary.diagnostics.map((d) => d.message);',
        'try {',
        '  await check({ config: "presswire.config.json" });',
        '} catch (error) {',
        '  if (error instanceof PresswireError) console.log(error.exitCode);',
        '}',
        'console.log(outDir, code, messages);',
        '',
      ].join('\n'),
    );

    // A wrong use is reported, so the check cannot pass by checking nothing. Both files go
    // through one tsc run (each run loads every declaration again): the errors must all be
    // the misuse's.
    await writeFile(
      path.join(project, 'misuses-api.ts'),
      [
        "import { build, type BuildSummary } from 'presswire';",
        'const summary: BuildSummary = await build({ out: 42 });',
        'const entries: string = summary.entries;',
        'console.log(entries);',
        '',
      ].join('\n'),
    );
    const failure = await tsc(['uses-api.ts', 'misuses-api.ts']).then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(failure?.code).not.toBe(0);
    const errors = (failure?.stdout ?? '').split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.map((line) => /^([\w-]+\.ts)\((\d+),\d+\): error (TS\d+)/.exec(line)?.slice(1))).toEqual([
      ['misuses-api.ts', '2', 'TS2322'],
      ['misuses-api.ts', '3', 'TS2322'],
    ]);
  }, 120_000);
});
