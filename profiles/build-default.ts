/**
 * Rebuilds profiles/default-virtual.json from SIMULATED measurements on a virtual phone (see
 * src/main/profiles/default-build.ts). Needs Debian's adb and the host runner build (`npm run build:runner:host`,
 * made on demand). Run: npx tsx profiles/build-default.ts [--test-prompts N] [--time-scale S]
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDefaultProfile } from '../src/main/profiles/default-build';
import { serializeProfileV2 } from '../src/main/routing';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const t0 = Date.now();
const profile = await buildDefaultProfile({
  mmluDir: resolve(here, '../../shared/datasets/mmlu'),
  ...(arg('--test-prompts') ? { testPrompts: Number(arg('--test-prompts')) } : {}),
  ...(arg('--time-scale') ? { timeScale: Number(arg('--time-scale')) } : {}),
  log: (l) => process.stderr.write(`${l}\n`),
});
const out = resolve(here, 'default-virtual.json');
writeFileSync(out, serializeProfileV2(profile));
process.stderr.write(`wrote ${out}: K=${profile.clusters.k}, ${profile.models.length} models, ${profile.provenance.n_prompts} prompts, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
