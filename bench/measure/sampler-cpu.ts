/**
 * CPU cost of the runner's fuel-gauge sampler at 20 Hz (target < 1% of one core), measured with the runner's own
 * script (resources/runner/scripts/measure-sampler-cpu.sh: per-thread schedstat of the idle runner), 3 runs.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findRunnerArtifacts, findRunnerResources } from '../../src/main/runner/artifacts';
import type { DeviceFacts } from '../../src/shared/devices';
import { median } from './_phone';

const res = findRunnerResources();
const facts = { virtual: true, abi: 'x86_64', abiList: ['x86_64'], model: 'bench', cactus: { supported: true, reason: null, missingFeatures: [] } } as unknown as DeviceFacts;
const artifacts = await findRunnerArtifacts(facts);
const runs: Array<{ cpu_percent: number; us_per_sample: number }> = [];
for (let i = 0; i < 3; i++) {
  const out = execFileSync('bash', [join(res, 'scripts', 'measure-sampler-cpu.sh'), artifacts.dir, '20', '5'], { encoding: 'utf8' });
  runs.push(JSON.parse(out.trim().split('\n').at(-1)!) as { cpu_percent: number; us_per_sample: number });
}
process.stdout.write(`${JSON.stringify({
  bench: 'measure/sampler-cpu',
  hz: 20,
  runs: runs.length,
  median_cpu_percent_of_one_core: median(runs.map((r) => r.cpu_percent)),
  median_us_per_sample: median(runs.map((r) => r.us_per_sample)),
  target_percent: 1,
})}\n`);
