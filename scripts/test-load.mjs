// `npm run test:load`: the test suite (vitest run, or the vitest arguments given) with every core kept busy by one
// CPU hog per core for the whole run, as the suite must pass on a loaded machine. Prints the wall time, the load
// average before and after, and exits with vitest's code.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';

const cores = availableParallelism();
// Each hog is a thread spinning on arithmetic; worker threads end with this process, even when it is killed.
const hogs = Array.from({ length: cores }, () => new Worker('let x = 0; for (;;) x = (x * 1103515245 + 12345) % 2147483648;', { eval: true }));
const before = loadavg()[0].toFixed(2);
const t0 = performance.now();
process.stdout.write(`test:load: ${cores} CPU hogs running (load average ${before}); vitest run ${process.argv.slice(2).join(' ')}\n`);
const vitest = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const stop = (signal) => vitest.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
vitest.on('exit', async (code, signal) => {
  await Promise.all(hogs.map((h) => h.terminate()));
  const minutes = ((performance.now() - t0) / 60_000).toFixed(1);
  process.stdout.write(`test:load: vitest ${signal ? `stopped by ${signal}` : `exited ${code}`} after ${minutes} min with ${cores} CPU hogs (load average ${before} before, ${loadavg()[0].toFixed(2)} after)\n`);
  process.exit(code ?? 1);
});
