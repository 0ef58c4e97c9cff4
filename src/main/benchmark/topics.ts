/**
 * `--topics a,b`: the seed's guide lets users pick MMLU subjects. The chosen subjects' questions are written once to
 * a prompt file in the lab home (`benchmarks/topics/<hash>.jsonl`, named by the source set's fingerprint and the
 * subjects, so the same choice is the same file and the same campaign), which the campaign samples from like any
 * JSONL set; a sidecar `<hash>.json` remembers the source and the subjects for benchmark_results.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LabError } from '../api/lab-error';
import type { PromptSet } from '../datasets/types';

export interface TopicSubset {
  /** What the campaign is given as its data set (the subset file). */
  spec: string;
  topics: string[];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function topicsDir(home: string): string {
  return join(home, 'benchmarks', 'topics');
}

/** Checks the topics against the set's subjects (errors list what the set has) and writes the subset file once. */
export function topicSubset(set: PromptSet, source: string, topics: readonly string[], home: string): TopicSubset {
  const subjects = [...new Set(set.items.map((i) => i.subject))].sort();
  const byNorm = new Map(subjects.map((s) => [norm(s), s]));
  const unknown = topics.filter((t) => !byNorm.has(norm(t)));
  if (unknown.length) {
    const msg = `unknown subject${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')} in ${set.name}; its ${subjects.length} subjects: ${subjects.join(', ')}`;
    throw new LabError('bad-request', `topics: ${msg}`, [{ path: 'topics', message: msg }]);
  }
  const chosen = [...new Set(topics.map((t) => byNorm.get(norm(t)) as string))].sort();
  const hash = createHash('sha256').update(`${set.fingerprint}\u0000${chosen.join('\u0000')}`).digest('hex').slice(0, 16);
  const file = join(topicsDir(home), `${hash}.jsonl`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const keep = new Set(chosen);
    const lines = set.items
      .filter((i) => keep.has(i.subject))
      .map((i) => JSON.stringify({ id: i.id, question: i.question, subject: i.subject, ...(i.choices ? { choices: i.choices } : {}), ...(i.answer ? { answer: i.answer } : {}) }));
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${lines.join('\n')}\n`);
    renameSync(tmp, file);
    writeFileSync(join(topicsDir(home), `${hash}.json`), JSON.stringify({ source, topics: chosen }, null, 2));
  }
  return { spec: file, topics: chosen };
}

/** The source set and subjects behind a subset file, or null when `spec` is not one. */
export function subsetOrigin(spec: string, home: string): { source: string; topics: string[] } | null {
  const dir = resolve(topicsDir(home));
  const file = resolve(spec);
  if (dirname(file) !== dir || !file.endsWith('.jsonl')) return null;
  try {
    const v = JSON.parse(readFileSync(file.replace(/\.jsonl$/, '.json'), 'utf8')) as { source?: unknown; topics?: unknown };
    if (typeof v.source === 'string' && Array.isArray(v.topics) && v.topics.every((t) => typeof t === 'string')) return { source: v.source, topics: v.topics as string[] };
  } catch {
    // No sidecar: say nothing about subjects.
  }
  return null;
}
