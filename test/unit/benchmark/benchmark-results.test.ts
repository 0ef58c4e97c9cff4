/**
 * benchmark_results.json: the schema, and its documentation (docs/benchmark-results.md) kept honest: the doc's
 * example validates, every field of the schema is described, the example's figures are what the lab computes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { wilson } from '../../../src/shared/kit/stats';
import { BENCHMARK_COLUMNS } from '../../../src/shared/benchmark-columns';
import { BenchmarkResultsError, benchmarkFiguresSchema, benchmarkResultsSchema, parseBenchmarkResults, type BenchmarkResults } from '../../../src/shared/benchmark-results';

const DOC = readFileSync(resolve(import.meta.dirname, '../../../docs/benchmark-results.md'), 'utf8');
const example = (): BenchmarkResults => JSON.parse(/```json\n([\s\S]*?)\n```/.exec(DOC)![1]!) as BenchmarkResults;

function issuesOf(value: unknown): Array<{ path: string; message: string }> {
  try {
    parseBenchmarkResults(value);
  } catch (err) {
    if (err instanceof BenchmarkResultsError) return err.issues;
    throw err;
  }
  return [];
}

describe('docs/benchmark-results.md', () => {
  it("has an example that is a valid benchmark_results.json", () => {
    const r = parseBenchmarkResults(example());
    expect(r.strategies.map((s) => s.name)).toEqual(['router@0.50', 'claude']);
    expect(r.strategies[1]!.status).toBe('unavailable');
  });

  it('describes every field of the schema', () => {
    const names = new Set<string>();
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) names.add(k);
      for (const v of Object.values(o)) walk(v);
    };
    walk(z.toJSONSchema(benchmarkResultsSchema, { unrepresentable: 'any' }));
    expect(names.size).toBeGreaterThan(50);
    const undocumented = [...names].filter((n) => !DOC.includes(`\`${n}\``));
    expect(undocumented).toEqual([]);
  });

  it("'s example figures are what the lab's own formulas give", () => {
    const router = example().strategies[0]!;
    const [lo, hi] = wilson(2, 3)!;
    expect(router.figures.accuracyPct.ci95).toEqual({ lo: Math.round(lo * 1000) / 10, hi: Math.round(hi * 1000) / 10 });
    expect(router.figures.averageModelSizeMb.value).toBeCloseTo((172 * 2 + 1100) / 3, 1);
    expect(router.figures.sizeSavingsPct.value).toBeCloseTo(100 * (1 - (172 * 2 + 1100) / 3300), 1);
  });
});

describe('benchmarkResultsSchema', () => {
  it('names the field of each problem', () => {
    const bad = example();
    bad.version = 2 as 1;
    bad.strategies[0]!.picks.pop();
    bad.strategies[0]!.figures.latencySavingsPct.n = 0;
    bad.strategies[1]!.reason = null;
    const issues = issuesOf(bad);
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('version');
    expect(paths).toContain('strategies.0.figures.latencySavingsPct.n');
    expect(issues.find((i) => i.path === 'strategies.0.figures.latencySavingsPct.n')?.message).toBe('a value needs n > 0 (no prompt, no figure: use null)');
  });

  it('checks a strategy against its own picks and status', () => {
    const picks = example();
    picks.strategies[0]!.picks.pop();
    expect(issuesOf(picks)).toContainEqual({ path: 'strategies.0.picks', message: 'picks must hold one entry per prompt' });
    const reason = example();
    reason.strategies[1]!.reason = null;
    expect(issuesOf(reason)).toContainEqual({ path: 'strategies.1.reason', message: 'a reason is given exactly when the status is not complete' });
    const incomplete = example();
    incomplete.strategies[0]!.status = 'incomplete';
    incomplete.strategies[0]!.reason = '1 of 3 prompts timed out';
    expect(issuesOf(incomplete)).toContainEqual({ path: 'strategies.0.incomplete', message: 'incomplete details are given exactly when the status is incomplete' });
  });

  it('refuses unknown fields, percentages out of range, and a name twice on one device', () => {
    const extra = example() as unknown as Record<string, unknown>;
    extra.bogus = 1;
    expect(issuesOf(extra)[0]?.message).toMatch(/Unrecognized key/);
    const acc = example();
    acc.strategies[0]!.figures.accuracyPct.value = 120;
    expect(issuesOf(acc).map((i) => i.path)).toContain('strategies.0.figures.accuracyPct.value');
    const twice = example();
    twice.strategies[1]!.name = 'router@0.50';
    expect(issuesOf(twice)).toContainEqual({ path: 'strategies', message: 'a strategy name appears twice for one device' });
    expect(new BenchmarkResultsError([{ path: 'a.b', message: 'x' }]).message).toBe('Not a valid benchmark_results.json (1 problem):\n  a.b: x');
  });
});

describe('BENCHMARK_COLUMNS', () => {
  it("are the seed's table, in order, plus the measured oracle and accuracy, each a figure of the schema", () => {
    const figureKeys = Object.keys(benchmarkFiguresSchema.shape);
    for (const c of BENCHMARK_COLUMNS) expect(figureKeys).toContain(c.key);
    expect(BENCHMARK_COLUMNS.filter((c) => c.seed).map((c) => c.key)).toEqual(['averageModelSizeMb', 'agreementWithClaudePct', 'sizeSavingsPct', 'latencySavingsPct', 'energySavingsPct']);
    expect(new Set(BENCHMARK_COLUMNS.map((c) => c.csv)).size).toBe(BENCHMARK_COLUMNS.length);
  });
});
