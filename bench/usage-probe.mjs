// Loaded with `node --import ./bench/usage-probe.mjs …` into every measured child process: at
// exit it writes the process's own figures to the file named by BENCH_USAGE_FILE, as JSON:
// peak resident set size (KiB) and CPU time (user + system, all threads, µs). No external
// tool needed (GNU time is optional), and CPU time is what stays comparable when other work
// shares the machine.
//
// Peak RSS comes from /proc/self/status (VmHWM, this process's own high-water mark) where
// there is one. getrusage's maxrss is not that on Linux: a child keeps the maxrss of the
// process it was forked from across exec, so a small rebuild spawned by a bench process
// holding 280 MB reported 280 MB.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';

function peakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: peakRssKb(), cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  });
}
