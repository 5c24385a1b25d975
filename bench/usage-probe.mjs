// Loaded with `node --import ./bench/usage-probe.mjs …` into every measured child process: at
// exit it writes the process's own getrusage figures to the file named by
// BENCH_USAGE_FILE, as JSON: peak resident set size (KiB) and CPU time (user + system,
// all threads, µs). No external tool needed (GNU time is optional), and CPU time is what
// stays comparable when other work shares the machine.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
