// Preloaded with `node --import` when GNU time is missing: at exit, writes the process's peak
// resident set (ru_maxrss in KB, all threads; the figure `/usr/bin/time -f %M` reports) to the file
// named by ATTRACTOR_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.ATTRACTOR_BENCH_RSS_FILE;
if (file && isMainThread) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
