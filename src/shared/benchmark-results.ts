/**
 * `benchmark_results.json`, the file `aurora-lab benchmark --out DIR` writes (documented for users in
 * docs/benchmark-results.md, whose example is checked against this schema by test/unit/benchmark/).
 *
 * One object per strategy and device, with the seed's columns, every one measured and each carrying its value,
 * unit, n, method and whether it came from a virtual phone; the strategy's pick for every prompt; the campaign,
 * its conditions and the comparison settings. Percentages are 0..100 (the seed printed percentages; the key says
 * `Pct`); null means not measured, never zero. Plain zod: the renderer may bundle this file.
 */
import { z } from 'zod';

export const BENCHMARK_RESULTS_SCHEMA = 'aurora-lab.benchmark-results';
export const BENCHMARK_RESULTS_VERSION = 1;

const count = z.number().int().nonnegative();

function figure<U extends string>(unit: U) {
  return z
    .object({
      /** null: not measured (e.g. no energy meter, or no prompt to compare). */
      value: z.number().finite().nullable(),
      unit: z.literal(unit),
      /** Prompts (or prompt pairs) behind the value. */
      n: count,
      /** How the value was obtained, in words. */
      method: z.string().min(1),
      /** Any cell behind the value came from a virtual phone. */
      simulated: z.boolean(),
    })
    .strict()
    .refine((f) => f.value === null || f.n > 0, { message: 'a value needs n > 0 (no prompt, no figure: use null)', path: ['n'] });
}

const pctFigure = figure('%');
const interval = z.object({ lo: z.number().min(0).max(100), hi: z.number().min(0).max(100) }).strict();

export const benchmarkFiguresSchema = z
  .object({
    averageModelSizeMb: figure('MB'),
    agreementWithClaudePct: pctFigure,
    agreementWithOraclePct: pctFigure,
    sizeSavingsPct: pctFigure,
    latencySavingsPct: pctFigure,
    energySavingsPct: pctFigure,
    accuracyPct: z
      .object({
        value: z.number().min(0).max(100).nullable(),
        unit: z.literal('%'),
        n: count,
        correct: count,
        ci95: interval.nullable(),
        method: z.string().min(1),
        simulated: z.boolean(),
      })
      .strict()
      .refine((a) => a.correct <= a.n, { message: 'correct cannot exceed n', path: ['correct'] })
      .refine((a) => (a.value === null) === (a.n === 0), { message: 'accuracy is null exactly when n is 0', path: ['value'] }),
    meanLatencyMs: figure('ms'),
    meanEnergyJ: figure('J'),
  })
  .strict();

export const benchmarkPickSchema = z.object({ promptId: z.string().min(1), model: z.string().min(1).nullable() }).strict();

export const benchmarkStrategySchema = z
  .object({
    /** Row name as in the table: `router@0.50`, `oracle(size)`, `claude`, `always-largest`, `my-router@0.50`... */
    name: z.string().min(1),
    /** Strategy family: router, profile, oracle, claude, gemini, largest, smallest, random, router-cmd, picks. */
    strategy: z.string().min(1),
    kind: z.string().min(1),
    /** Device (or run) the picks were scored on. */
    device: z.string().min(1),
    preference: z.number().min(0).max(1).nullable(),
    status: z.enum(['complete', 'incomplete', 'unavailable']),
    /** Why unavailable, or what is missing when incomplete; null when complete. */
    reason: z.string().nullable(),
    incomplete: z
      .object({
        answered: count,
        failed: count,
        counts: z.record(z.string(), count),
        reasons: z.array(z.object({ reason: z.string(), prompts: count }).strict()),
      })
      .strict()
      .nullable(),
    prompts: count,
    routed: count,
    scored: count,
    /** Share of routed prompts per model. */
    modelShare: z.array(z.object({ model: z.string().min(1), sizeMb: z.number().positive(), prompts: count, pct: z.number().min(0).max(100) }).strict()),
    figures: benchmarkFiguresSchema,
    /** One entry per prompt of the campaign, in prompt order; model null = no pick for that prompt. */
    picks: z.array(benchmarkPickSchema),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((s) => s.picks.length === s.prompts, { message: 'picks must hold one entry per prompt', path: ['picks'] })
  .refine((s) => s.routed === s.picks.filter((p) => p.model !== null).length, { message: 'routed must equal the picks that name a model', path: ['routed'] })
  .refine((s) => s.scored <= s.routed && s.routed <= s.prompts, { message: 'scored <= routed <= prompts', path: ['scored'] })
  .refine((s) => (s.status === 'complete') === (s.reason === null), { message: 'a reason is given exactly when the status is not complete', path: ['reason'] })
  .refine((s) => s.status !== 'unavailable' || s.routed === 0, { message: 'an unavailable strategy has no picks', path: ['picks'] })
  .refine((s) => (s.status === 'incomplete') === (s.incomplete !== null), { message: 'incomplete details are given exactly when the status is incomplete', path: ['incomplete'] });

export const benchmarkResultsSchema = z
  .object({
    schema: z.literal(BENCHMARK_RESULTS_SCHEMA),
    version: z.literal(BENCHMARK_RESULTS_VERSION),
    createdAt: z.iso.datetime(),
    labVersion: z.string().min(1),
    /** The command line that produced the file (argv after `aurora-lab`). */
    command: z.array(z.string()),
    campaign: z
      .object({
        id: z.string().min(1),
        name: z.string().nullable(),
        dataset: z.object({ name: z.string().min(1), samples: count, subjects: z.array(z.string()).nullable(), seed: z.number().int().nullable() }).strict(),
        repetitions: z.number().int().positive(),
        models: z.array(z.object({ id: z.string().min(1), sizeMb: z.number().positive() }).strict()).min(1),
        devices: z
          .array(z.object({ serial: z.string().min(1), name: z.string().nullable(), model: z.string().nullable(), simulated: z.boolean(), energyMethod: z.string().nullable() }).strict())
          .min(1),
      })
      .strict(),
    /** Conditions measured or set during the campaign, per device (null: the whole campaign). */
    conditions: z.array(z.object({ device: z.string().nullable(), label: z.string().min(1), value: z.string() }).strict()),
    /** How the strategies were compared. */
    settings: z
      .object({
        comparisonId: z.string().nullable(),
        costMetric: z.enum(['size', 'latency', 'energy']),
        energy: z.enum(['gross', 'net']),
        reference: z.literal('always-largest'),
        folds: z.number().int().min(2),
        seed: z.number().int(),
        preferences: z.array(z.number().min(0).max(1)).min(1),
      })
      .strict(),
    simulated: z.enum(['none', 'some', 'all']),
    strategies: z.array(benchmarkStrategySchema),
    notes: z.array(z.string()),
  })
  .strict()
  .refine((r) => new Set(r.strategies.map((s) => `${s.device}\u0000${s.name}`)).size === r.strategies.length, { message: 'a strategy name appears twice for one device', path: ['strategies'] });

export type BenchmarkResults = z.infer<typeof benchmarkResultsSchema>;
export type BenchmarkStrategy = z.infer<typeof benchmarkStrategySchema>;
export type BenchmarkFigures = z.infer<typeof benchmarkFiguresSchema>;
export type BenchmarkFigure = BenchmarkFigures['averageModelSizeMb'];

export class BenchmarkResultsError extends Error {
  override readonly name = 'BenchmarkResultsError';
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`Not a valid benchmark_results.json (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.slice(0, 10).map((i) => `  ${i.path || '(top)'}: ${i.message}`).join('\n')}`);
  }
}

/** Validates a parsed benchmark_results.json; throws BenchmarkResultsError naming each field that is wrong. */
export function parseBenchmarkResults(value: unknown): BenchmarkResults {
  const r = benchmarkResultsSchema.safeParse(value);
  if (r.success) return r.data;
  throw new BenchmarkResultsError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}
