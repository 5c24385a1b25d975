import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { currentTime } from '../clock.js';
import { UsageError } from '../errors.js';
import type { Reporter } from '../report/reporter.js';
import { STARTER_ARTICLE_FILE, STARTER_CONFIG, STARTER_CONFIG_FILE, starterArticle } from './starter.js';

/**
 * `presswire init`: writes a starter config and one article into the working folder.
 * It never overwrites: when either file exists, nothing is written (exit 2), so running it
 * in an existing newsroom by mistake costs nothing.
 */

export interface InitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
}

export async function initNewsroom(options: InitOptions): Promise<0> {
  const files = [
    { name: STARTER_CONFIG_FILE, text: STARTER_CONFIG },
    { name: STARTER_ARTICLE_FILE, text: starterArticle(currentTime(options.env)) },
  ];
  await refuseExisting(
    files.map((file) => file.name),
    options.cwd,
  );
  for (const file of files) {
    const target = path.join(options.cwd, file.name);
    await mkdir(path.dirname(target), { recursive: true });
    // 'wx': fails instead of overwriting, also when the file appeared since the check.
    await writeFile(target, file.text, { flag: 'wx' });
    options.reporter.info(`presswire init: wrote ${file.name}`, { event: 'init-wrote', file: file.name });
  }
  options.reporter.info(
    `presswire init: next, set site.title and site.url in ${STARTER_CONFIG_FILE}, then run "presswire build" (feeds go to out/)`,
    { event: 'init-done' },
  );
  return 0;
}

async function refuseExisting(names: readonly string[], cwd: string): Promise<void> {
  const existing: string[] = [];
  for (const name of names) {
    try {
      await access(path.join(cwd, name));
      existing.push(name);
    } catch {
      // Absent: this is the file init may write.
    }
  }
  if (existing.length > 0)
    throw new UsageError(
      `init: ${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written (init never overwrites)`,
    );
}
