/** Paths of the fixtures copied into the repo (test/fixtures/), so the tests need nothing beside the clone. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** The seed router's production profile (format v1, 12 models): test/fixtures/seed-profiles/README.md. */
export const SEED_PROFILE = resolve(FIXTURES, 'seed-profiles/cactus_production_profile.json');

/** 57 subjects x 16 test questions + the dev split, index-header layout: test/fixtures/datasets/mmlu-sample/README.md. */
export const MMLU_SAMPLE = resolve(FIXTURES, 'datasets/mmlu-sample');

/**
 * The full MMLU copy (14,042 test questions), when this checkout has one: `AURORA_MMLU_DIR`, else the workspace's
 * `../shared/datasets/mmlu`; null in a plain clone.
 */
export function fullMmluDir(): string | null {
  const dir = process.env.AURORA_MMLU_DIR ?? resolve(import.meta.dirname, '../../../shared/datasets/mmlu');
  return existsSync(resolve(dir, 'test')) ? dir : null;
}
