/** --topics: subjects checked against the set (errors list what it has), the subset written once and found again. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../../src/main/api/lab-error';
import { subsetOrigin, topicSubset } from '../../../src/main/benchmark/topics';
import type { PromptSet } from '../../../src/main/datasets/types';
import { parseJsonl } from '../../../src/main/datasets/jsonl-loader';
import { tempDir } from '../../helpers/temp-dir';

const item = (subject: string, i: number) => ({ id: `mmlu/${subject}/test/${i}`, subject, question: `Q${i} of ${subject}?`, choices: ['a', 'b', 'c', 'd'] as [string, string, string, string], answer: 'B' as const, source: { file: 'x', line: i + 1 } });
const set: PromptSet = { name: 'mmlu/test', fingerprint: 'f'.repeat(64), items: [...[0, 1, 2].map((i) => item('anatomy', i)), ...[0, 1].map((i) => item('college_physics', i)), item('marketing', 0)] };

describe('topic subsets', () => {
  it('keeps only the chosen subjects (names matched loosely), as a JSONL set the loader reads back with the same ids', () => {
    const home = tempDir();
    try {
      const sub = topicSubset(set, 'mmlu', ['College Physics', 'anatomy'], home.path);
      expect(sub.topics).toEqual(['anatomy', 'college_physics']);
      const items = parseJsonl(readFileSync(sub.spec, 'utf8'), sub.spec, 'subset');
      expect(items.map((i) => i.id)).toEqual(['mmlu/anatomy/test/0', 'mmlu/anatomy/test/1', 'mmlu/anatomy/test/2', 'mmlu/college_physics/test/0', 'mmlu/college_physics/test/1']);
      expect(items[0]).toMatchObject({ subject: 'anatomy', choices: ['a', 'b', 'c', 'd'], answer: 'B' });
      // The same choice is the same file (so the same campaign), not rewritten.
      const before = statSync(sub.spec).mtimeMs;
      expect(topicSubset(set, 'mmlu', ['anatomy', 'college_physics'], home.path).spec).toBe(sub.spec);
      expect(statSync(sub.spec).mtimeMs).toBe(before);
      expect(subsetOrigin(sub.spec, home.path)).toEqual({ source: 'mmlu', topics: ['anatomy', 'college_physics'] });
      expect(subsetOrigin(join(home.path, 'elsewhere.jsonl'), home.path)).toBeNull();
      expect(topicSubset(set, 'mmlu', ['marketing'], home.path).spec).not.toBe(sub.spec);
    } finally {
      home.cleanup();
    }
  });

  it('refuses an unknown subject, naming it and the subjects the set has', () => {
    const home = tempDir();
    try {
      let err: unknown;
      try {
        topicSubset(set, 'mmlu', ['anatomy', 'astrology'], home.path);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).message).toBe('topics: unknown subject "astrology" in mmlu/test; its 3 subjects: anatomy, college_physics, marketing');
      expect((err as LabError).code).toBe('bad-request');
      expect(existsSync(join(home.path, 'benchmarks'))).toBe(false);
    } finally {
      home.cleanup();
    }
  });
});
