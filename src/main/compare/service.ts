/**
 * The comparison: measured runs (a campaign id stands for its runs) -> one matrix per device (or run) -> the
 * strategies asked for, each through the registry (strategies/registry.ts) -> scored on the measured cells ->
 * the table, Pareto data and breakdowns, stored (repository.ts) so the Compare page and the exports read it again.
 * A strategy that cannot run (no key, bad key, no network) is a row with the reason; it never stops the others.
 */
import { randomUUID } from 'node:crypto';
import type { ComparisonGroup, ComparisonResult, ComparisonSummary, CompareProgress, CompareRunRequest, CompareStrategyId } from '../../shared/api/compare';
import { compareRunSchema } from '../../shared/api/compare';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import type { ProfileV2 } from '../routing';
import type { RunRepository } from '../runs/repository';
import type { ResultsRepository } from '../runs/results-repository';
import type { RunsService } from '../runs/service';
import type { SettingsService } from '../settings/service';
import type { StrategiesService } from '../strategies/service';
import { preferencesFor } from '../strategies/sweep';
import { JobCancelledError, runJob } from '../compute/worker-thread';
import type { CompareJobInput } from '../compute/protocol';
import type { ExternalRouters, Preferences } from '../strategies/family';
import type { CostMetric } from '../strategies/strategies';
import { MAIN_THREAD_STRATEGIES, runStrategies, type RunHooks } from './group';
import { AGGREGATION_NOTE, loadRunMatrices, type RunMatrix } from './matrices';
import type { CompareRepository } from './repository';
import { comparisonCsv } from './table';

export type { RunHooks } from './group';

const DEFAULT_STRATEGIES: CompareStrategyId[] = ['router', 'oracle', 'claude', 'gemini', 'largest', 'smallest', 'random'];

export interface CompareServiceOptions {
  repository: CompareRepository;
  runs: RunsService;
  runRepository: RunRepository;
  results: ResultsRepository;
  settings: SettingsService;
  strategies: StrategiesService;
  /** Size in MB of a model id (the lab's catalogue). */
  sizeOf: (modelId: string) => number | undefined;
  /** A stored router profile by id (the profiles feature), or a document given with the request. */
  profile: (what: { profileId?: string; json?: string }) => ProfileV2;
  events?: LabEventSink;
}

/** A comparison request with its defaults filled in. */
interface Resolved {
  runIds: string[];
  external: ExternalRouters;
  strategies: CompareStrategyId[];
  costMetric: CostMetric;
  folds: number;
  k: number | 'auto';
  seed: number;
  groupBy: 'device' | 'run';
  energy: 'gross' | 'net';
  loaded: { profile: ProfileV2; source: 'id' | 'json'; id: string | null } | null;
  preferences: Preferences;
  t0: number;
}

export class CompareService {
  /** Comparisons in flight by id, for `cancel`. */
  readonly #running = new Map<string, AbortController>();

  constructor(private readonly opts: CompareServiceOptions) {}

  #profile(req: { profileId?: string | undefined; profileJson?: string | undefined }): { profile: ProfileV2; source: 'id' | 'json'; id: string | null } | null {
    if (req.profileId) return { profile: this.opts.profile({ profileId: req.profileId }), source: 'id', id: req.profileId };
    if (req.profileJson) return { profile: this.opts.profile({ json: req.profileJson }), source: 'json', id: null };
    return null;
  }

  #matrices(runIds: readonly string[], opts: Parameters<typeof loadRunMatrices>[2]): RunMatrix[] {
    try {
      return loadRunMatrices({ runs: this.opts.runRepository, results: this.opts.results }, runIds, opts);
    } catch (err) {
      throw new LabError('bad-request', err instanceof Error ? err.message : String(err));
    }
  }

  async run(raw: CompareRunRequest, hooks: RunHooks = {}): Promise<ComparisonResult> {
    const req = compareRunSchema.parse(raw);
    const t0 = performance.now();
    const settings = this.opts.settings.settings();
    const id = req.comparisonId ?? `cmp-${randomUUID()}`;
    if (this.#running.has(id)) throw new LabError('bad-request', `A comparison with id ${id} is already running; give another comparisonId.`);
    const costMetric = req.costMetric ?? settings.compareCostMetric;
    const folds = req.folds ?? settings.compareFolds;
    const k: number | 'auto' = req.k ?? settings.compareK ?? 'auto';
    const seed = req.seed ?? 42;
    const groupBy = req.groupBy ?? 'device';
    const energy = req.energy ?? 'gross';
    const loaded = this.#profile(req);
    const routerCommand = this.opts.strategies.routerCommand();
    const picks = req.picksJsonl !== undefined ? { text: req.picksJsonl, ...(req.picksName ? { name: req.picksName } : {}) } : null;
    const strategies: CompareStrategyId[] = req.strategies ?? [
      ...(loaded ? (['router', 'profile', ...DEFAULT_STRATEGIES.slice(1)] as CompareStrategyId[]) : DEFAULT_STRATEGIES),
      ...(routerCommand ? (['router-cmd'] as CompareStrategyId[]) : []),
      ...(picks ? (['picks'] as CompareStrategyId[]) : []),
    ];
    if (strategies.includes('profile') && !loaded) throw new LabError('bad-request', 'The "profile" strategy needs a router profile: give profileId or profileJson (CLI: --profile FILE).');
    const preferences = preferencesFor(req.preferences ?? [0.5]);
    const progress = (p: Omit<CompareProgress, 'comparisonId'>) => this.opts.events?.emit('compare.progress', { comparisonId: id, ...p });
    const runIds = this.opts.runs.resolveRunIds(req.runIds);
    const abort = new AbortController();
    this.#running.set(id, abort);
    try {
      const result = await this.#run(id, abort.signal, { runIds, external: { routerCommand, picks }, strategies, costMetric, folds, k, seed, groupBy, energy, loaded, preferences, t0 }, hooks, progress);
      progress({ phase: 'done', group: null, strategy: null, done: 1, total: 1, message: 'Comparison done' });
      return result;
    } catch (err) {
      progress({ phase: err instanceof JobCancelledError ? 'cancelled' : 'failed', group: null, strategy: null, done: 0, total: 1, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      this.#running.delete(id);
    }
  }

  /** Stops a comparison in flight (nothing of it is stored); false when none has that id now. */
  cancel(comparisonId: string): boolean {
    const abort = this.#running.get(comparisonId);
    if (!abort) return false;
    abort.abort();
    return true;
  }

  /**
   * Per group: the LLM routers here (they wait on the network), everything else on the compute worker (the
   * out-of-fold fits, the scoring, the breakdowns), so the event loop stays free; then the result is stored.
   */
  async #run(id: string, signal: AbortSignal, r: Resolved, hooks: RunHooks, progress: (p: Omit<CompareProgress, 'comparisonId'>) => void): Promise<ComparisonResult> {
    const { runIds, external, strategies, costMetric, folds, k, seed, groupBy, energy, loaded, preferences, t0 } = r;
    const cancelled = () => new JobCancelledError('Comparison');
    progress({ phase: 'loading', group: null, strategy: null, done: 0, total: runIds.length, message: `Loading ${runIds.length} run(s)` });
    const matrices = this.#matrices(runIds, { groupBy, energy, sizeOf: this.opts.sizeOf });
    const notes: string[] = [];
    const groups: ComparisonGroup[] = [];
    const llm = this.opts.strategies.llm();
    for (const rm of matrices) {
      if (rm.matrix.nPrompts === 0) {
        notes.push(`${rm.key}: no prompt results, skipped.`);
        continue;
      }
      const options = { strategies, costMetric, folds, k, seed, preferences, runIds, profile: loaded?.profile ?? null, llm, external, hooks, progress };
      const done = await runStrategies(rm, options, MAIN_THREAD_STRATEGIES);
      if (signal.aborted) throw cancelled();
      const input: CompareJobInput = {
        group: rm,
        strategies,
        costMetric,
        folds,
        k,
        seed,
        preferences: preferences.chosen,
        runIds,
        profile: loaded?.profile ?? null,
        ...(hooks.nInit !== undefined ? { nInit: hooks.nInit } : {}),
        reportFolds: hooks.onFold !== undefined,
        done,
      };
      groups.push(
        await runJob('compare-group', input, {
          label: 'Comparison',
          signal,
          onProgress: (m) => ('fold' in m ? hooks.onFold?.(rm.key, m.fold) : progress(m.progress)),
        }),
      );
    }
    if (signal.aborted) throw cancelled();
    if (groups.some((g) => g.simulated !== 'none')) notes.push('Figures marked simulated come from virtual phones: they exercise the lab, they say nothing about a real phone.');
    const result: ComparisonResult = {
      id,
      createdAt: Date.now(),
      durationMs: Math.round(performance.now() - t0),
      costMetric,
      request: {
        runIds,
        strategies,
        preferences: preferences.chosen,
        folds,
        k,
        seed,
        groupBy,
        energy,
        profile: loaded ? { source: loaded.source, id: loaded.id, checksum: loaded.profile.checksum, runIds: loaded.profile.provenance.run_ids } : null,
      },
      aggregation: AGGREGATION_NOTE,
      groups,
      notes,
    };
    const sims = groups.map((g) => g.simulated);
    this.opts.repository.insert(result, sims.length && sims.every((s) => s === 'all') ? 'all' : sims.some((s) => s !== 'none') ? 'some' : 'none');
    return result;
  }

  /** The CLI gave this lab a router program (`--router-cmd`). */
  routerCommandGiven(): boolean {
    return this.opts.strategies.routerCommand() !== null;
  }

  get(id: string): ComparisonResult {
    const r = this.opts.repository.get(id);
    if (!r) throw new LabError('not-found', `No comparison "${id}" in this lab.`);
    return r;
  }

  list(limit = 50): ComparisonSummary[] {
    return this.opts.repository.list(limit);
  }

  exportCsv(id: string): { filename: string; csv: string } {
    return { filename: `aurora-lab-${id}.csv`, csv: comparisonCsv(this.get(id)) };
  }
}
