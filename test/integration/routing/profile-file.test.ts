/**
 * End to end through files: MMLU questions (8 subjects of the repo's sample) with SIMULATED correctness -> profile -> file on disk ->
 * read back (size-checked) -> route every prompt's text; also the seed fixture read from disk.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProfile } from '../../../src/main/routing/build-profile';
import type { TrainingMatrix } from '../../../src/main/routing/build-profile';
import { embedderFromSpec } from '../../../src/main/routing/embedder';
import { readProfileFile, serializeProfileV2 } from '../../../src/main/routing/profile-v2';
import { parseAnyProfile } from '../../../src/main/routing/seed-v1';
import { compileRouter, routeTextSync } from '../../../src/main/routing/route';
import { mulberry32 } from '../../../src/shared/kit/prng';
import { parseCsv } from '../../../bench/routing/mmlu-csv';
import { MMLU_SAMPLE, SEED_PROFILE } from '../../helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'aurora-routing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profiles through files', () => {
  it('builds from MMLU questions, writes, reads back and routes', async () => {
    // Four maths subjects and four others, 16 questions each (the repo's sample).
    const mathsSubjects = new Set(['high_school_mathematics', 'elementary_mathematics', 'college_mathematics', 'abstract_algebra']);
    const subjects = [...mathsSubjects, 'world_religions', 'virology', 'sociology', 'marketing'];
    const prompts: TrainingMatrix['prompts'] = [];
    for (const s of subjects) {
      const rows = parseCsv(readFileSync(join(MMLU_SAMPLE, 'test', `${s}_test.csv`), 'utf8')).slice(1);
      rows.forEach((r, i) => prompts.push({ id: `${s}/${i}`, text: r[0]!, subject: s }));
    }
    const rng = mulberry32(5);
    // Simulated: model 0 good at maths only, model 1 good at the others.
    const correctness = prompts.map((p) => {
      const maths = mathsSubjects.has(p.subject!);
      return [rng.next() < (maths ? 0.9 : 0.3) ? 1 : 0, rng.next() < (maths ? 0.3 : 0.9) ? 1 : 0] as (0 | 1)[];
    });
    const matrix: TrainingMatrix = {
      prompts,
      models: [
        { id: 'math-model', size_mb: 400, capabilities: ['text'] },
        { id: 'other-model', size_mb: 700, capabilities: ['text'] },
      ],
      correctness,
      costs: [],
      provenance: { run_ids: ['sim'], devices: [] },
    };
    const { profile } = await buildProfile(matrix, { k: { min: 2, max: 6 }, seed: 3 });
    const file = join(dir, 'profile.json');
    writeFileSync(file, serializeProfileV2(profile));
    const back = parseAnyProfile(readProfileFile(file));
    expect(back).toEqual(profile);
    expect(() => readProfileFile(file, { maxBytes: 100 })).toThrow(/above the 100-byte limit/);
    const router = compileRouter(back);
    const emb = embedderFromSpec(back.embedder);
    let mathsRight = 0;
    let mathsTotal = 0;
    for (const p of prompts) {
      if (!mathsSubjects.has(p.subject!)) continue;
      mathsTotal++;
      if (routeTextSync(router, emb, p.text, 1).modelId === 'math-model') mathsRight++;
    }
    // Lexical clusters separate maths from the rest well enough for the error tables to show it.
    expect(mathsRight / mathsTotal).toBeGreaterThan(0.6);
  });

  it('reads the seed fixture from disk', () => {
    const p = parseAnyProfile(readProfileFile(SEED_PROFILE));
    expect(p.provenance.source).toBe('seed-v1-import');
    expect(p.models.length).toBe(12);
  });
});
