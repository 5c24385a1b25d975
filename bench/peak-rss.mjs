// Loaded with `node --import ./bench/peak-rss.mjs …` into every measured child process:
// at exit it writes the process's peak resident set size (KiB, from getrusage) to the
// file named by BENCH_PEAK_RSS_FILE. No external tool needed (GNU time is optional).
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
