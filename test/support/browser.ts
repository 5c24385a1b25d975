import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';

/**
 * Debian's Chromium (`apt-get install chromium`, which `npm test` does when it is missing), driven headless by
 * playwright-core; never a downloaded browser. Missing, it fails the test loudly.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** Root in a container on a closed network: no sandbox, no GPU, nothing that phones home. Playwright adds a fresh --user-data-dir. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  await access(CHROMIUM).catch(() => {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as npm test does`,
    );
  });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraFlags] });
}

/**
 * How much a screenshot varies below `fromY` (CSS px = image px at scale 1): the largest
 * standard deviation of its colour channels. A blank page is about 0; text and images
 * make tens.
 */
export async function pixelSpread(png: Buffer, fromY = 0): Promise<number> {
  const image = sharp(png);
  const { width = 0, height = 0 } = await image.metadata();
  const top = Math.min(Math.max(0, Math.ceil(fromY)), height - 1);
  const { channels } = await image
    .extract({ left: 0, top, width, height: height - top })
    .removeAlpha()
    .stats();
  return Math.max(...channels.map((c) => c.stdev));
}
