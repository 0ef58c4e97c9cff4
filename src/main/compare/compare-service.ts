/**
 * The comparison: measured runs -> one matrix per device (or run) -> the strategies asked for -> scored with
 * strategies' evaluateAll on the measured cells -> the table, Pareto data and breakdowns, stored in the
 * `comparisons` table (db/0006_compare.sql) so the Compare page and the CSV export can read it again.
 *
 * - router: out of fold (oof-router.ts): swept over 101 preferences plus a row at each chosen preference.
 * - profile: an imported/stored profile as is (imported-profile.ts), flagged when evaluated on its training prompts.
 * - oracle: measured oracle on the comparison's cost metric (unsolved prompts charged to the smallest model).
 * - claude / gemini: LLM routers through the official SDKs, keys from settings, replies cached in SQLite; a
 *   missing/invalid key or no network makes that row unavailable with the reason, never the comparison.
 * - largest / smallest / random(seed).
 */
import { randomUUID } from 'node:crypto';
import type { ComparisonGroup, ComparisonResult, ComparisonRow, ComparisonSummary, CompareProgress, CompareRunRequest, CompareStrategyId, StrategyAvailability } from '../../shared/api/compare';
import { compareRunSchema } from '../../shared/api/compare';
import type { CostMetricName } from '../../shared/api/settings';
import { LabError } from '../api/lab-error';
import { documentChecksum } from '../routing/json';
import type { ProfileV2 } from '../routing/profile-v2';
import { parseAnyProfile } from '../routing/seed-v1';
import { kmeans } from '../routing/kmeans';
import type { Db } from '../store/database';
import { SqliteLlmReplyCache } from '../strategies/llm-router/cache';
import { runLlmRouter } from '../strategies/llm-router/run';
import type { MeasuredMatrix } from '../strategies/matrix';
import { evaluateAll } from '../strategies/metrics';
import type { RouterSweep, Strategy } from '../strategies/strategies';
import { alwaysLargest, alwaysSmallest, defaultPreferences, fromPicks, measuredOracle, randomStrategy, unavailableStrategy } from '../strategies/strategies';
import type { SettingsService } from '../settings/settings-service';
import { KEY_ENV_VARS } from '../settings/secret-store';
import { evaluateImportedProfile } from './imported-profile';
import { LexicalFeatureCache } from './lexical-cache';
import type { RunMatrix } from './matrix-from-runs';
import { AGGREGATION_NOTE, loadRunMatrices } from './matrix-from-runs';
import type { FoldInfo } from './oof-router';
import { outOfFoldRouter } from './oof-router';
import type { RowInfo } from './report';
import { breakdown, comparisonCsv, groupSimulated, paretoChart, toRow } from './report';

export const STRATEGY_INFO: Record<CompareStrategyId, { label: string; description: string }> = {
  router: { label: 'Router (out of fold)', description: 'A cluster profile fitted per fold on the other folds\' prompts (k-fold cross-fitting), swept over the cost preference 0..1.' },
  profile: { label: 'Imported profile', description: 'A given profile routing every prompt as is; flagged when these prompts were part of its training.' },
  oracle: { label: 'Measured oracle', description: 'Per prompt, the cheapest model that answered correctly; unsolved prompts are charged to the smallest model.' },
  claude: { label: 'Claude (LLM router)', description: 'Claude asked for the smallest adequate model (the seed\'s prompt), through the Anthropic SDK.' },
  gemini: { label: 'Gemini (LLM router)', description: 'Gemini asked for the smallest adequate model (the seed\'s prompt), through the Google Gen AI SDK.' },
  largest: { label: 'Always largest', description: 'Every prompt to the largest model: the reference of the savings.' },
  smallest: { label: 'Always smallest', description: 'Every prompt to the smallest model.' },
  random: { label: 'Random', description: 'A uniformly random model per prompt (mulberry32, seeded).' },
};

const DEFAULT_STRATEGIES: CompareStrategyId[] = ['router', 'oracle', 'claude', 'gemini', 'largest', 'smallest', 'random'];

export interface CompareServiceOptions {
  db: Db;
  settings: SettingsService;
  /** Size in MB of a model id (the lab's catalogue). */
  sizeOf: (modelId: string) => number | undefined;
  /** The profiles feature's store: a stored profile's document by id (null = no such profile). */
  resolveStoredProfile?: (id: string) => string | Uint8Array | null;
  onProgress?: (p: CompareProgress) => void;
}

export interface RunHooks {
  /** Instrumentation of the out-of-fold fits. */
  onFold?: (group: string, info: FoldInfo) => void;
  /** k-means restarts per fold profile (default 2). */
  nInit?: number;
}

function llmInfo(p: 'anthropic' | 'gemini', r: Awaited<ReturnType<typeof runLlmRouter>>): ComparisonRow['llm'] {
  return {
    provider: p,
    model: r.model,
    templateVersion: r.templateVersion,
    apiCalls: r.apiCalls,
    cacheHits: r.cacheHits,
    retries: r.retries,
    tokensIn: r.tokens.input,
    tokensOut: r.tokens.output,
    estimatedCostUsd: r.estimatedCostUsd,
    unknownModelReplies: r.counts['unknown-model'] + r.counts.ambiguous,
  };
}

export class CompareService {
  constructor(private readonly opts: CompareServiceOptions) {}

  private keyReason(p: 'anthropic' | 'gemini'): string | null {
    if (this.opts.settings.apiKey(p)) return null;
    const who = p === 'anthropic' ? 'Claude' : 'Gemini';
    return `no ${who} API key: save one in Settings or set ${KEY_ENV_VARS[p].join(' or ')}`;
  }

  strategies(input: { profileId?: string; profileJson?: string } = {}): StrategyAvailability[] {
    return (Object.keys(STRATEGY_INFO) as CompareStrategyId[]).map((id) => {
      let reason: string | null = null;
      if (id === 'claude') reason = this.keyReason('anthropic');
      if (id === 'gemini') reason = this.keyReason('gemini');
      if (id === 'profile' && !input.profileId && !input.profileJson) reason = 'give a profile (a file, or a stored profile id)';
      if (id === 'profile' && input.profileId && !this.opts.resolveStoredProfile) reason = 'stored profiles are not available in this lab yet: give the profile file';
      return { id, ...STRATEGY_INFO[id], available: reason === null, reason };
    });
  }

  private loadProfile(req: { profileId?: string; profileJson?: string }): { profile: ProfileV2; source: 'id' | 'json'; id: string | null } | null {
    let doc: string | Uint8Array | null = null;
    if (req.profileId) {
      if (!this.opts.resolveStoredProfile) throw new LabError('unavailable', 'Stored profiles are not available in this lab yet: pass the profile document (profileJson, or --profile FILE).');
      doc = this.opts.resolveStoredProfile(req.profileId);
      if (doc === null) throw new LabError('not-found', `No stored profile "${req.profileId}".`);
    } else if (req.profileJson) doc = req.profileJson;
    if (doc === null) return null;
    try {
      return { profile: parseAnyProfile(doc), source: req.profileId ? 'id' : 'json', id: req.profileId ?? null };
    } catch (err) {
      const issues = (err as { issues?: Array<{ path: string; message: string }> }).issues;
      throw new LabError('bad-request', `The profile is not usable: ${err instanceof Error ? err.message : String(err)}${issues?.length ? ` (${issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`);
    }
  }

  async run(raw: CompareRunRequest, hooks: RunHooks = {}): Promise<ComparisonResult> {
    const req = compareRunSchema.parse(raw);
    const t0 = performance.now();
    const settings = this.opts.settings.settings();
    const id = `cmp-${randomUUID()}`;
    const costMetric: CostMetricName = req.costMetric ?? settings.compareCostMetric;
    const folds = req.folds ?? settings.compareFolds;
    const k: number | 'auto' = req.k ?? settings.compareK ?? 'auto';
    const seed = req.seed ?? 42;
    const groupBy = req.groupBy ?? 'device';
    const energy = req.energy ?? 'gross';
    const loaded = this.loadProfile(req);
    const strategies: CompareStrategyId[] = req.strategies ?? (loaded ? [...DEFAULT_STRATEGIES.slice(0, 1), 'profile', ...DEFAULT_STRATEGIES.slice(1)] : DEFAULT_STRATEGIES);
    if (strategies.includes('profile') && !loaded) throw new LabError('bad-request', 'The "profile" strategy needs a profile: profileId or profileJson (CLI: --profile FILE).');
    const chosenPrefs = [...new Set(req.preferences ?? [0.5])].sort((a, b) => a - b);
    const sweepPrefs = Array.from(defaultPreferences(101));
    const allPrefs = [...sweepPrefs];
    for (const p of chosenPrefs) if (!allPrefs.some((q) => Math.abs(q - p) < 1e-12)) allPrefs.push(p);
    const prefIndex = (p: number) => allPrefs.findIndex((q) => Math.abs(q - p) < 1e-12);
    const progress = (p: Omit<CompareProgress, 'comparisonId'>) => this.opts.onProgress?.({ comparisonId: id, ...p });

    progress({ phase: 'loading', group: null, strategy: null, done: 0, total: req.runIds.length, message: `Loading ${req.runIds.length} run(s)` });
    let matrices: RunMatrix[];
    try {
      matrices = loadRunMatrices(this.opts.db, req.runIds, { groupBy, energy, sizeOf: this.opts.sizeOf });
    } catch (err) {
      throw new LabError(/^No run/.test(err instanceof Error ? err.message : '') ? 'not-found' : 'bad-request', err instanceof Error ? err.message : String(err));
    }
    const notes: string[] = [];
    const groups: ComparisonGroup[] = [];
    for (const rm of matrices) {
      const m = rm.matrix;
      if (m.nPrompts === 0) {
        notes.push(`${rm.key}: no prompt results, skipped.`);
        continue;
      }
      groups.push(await this.group(rm, { strategies, costMetric, folds, k, seed, chosenPrefs, sweepPrefs, allPrefs, prefIndex, loaded: loaded?.profile ?? null, runIds: req.runIds, progress, hooks, llmConcurrency: settings.llmConcurrency }));
    }
    const sims = new Set(groups.map((g) => g.simulated));
    if (sims.has('all') || sims.has('some')) notes.push('Figures marked simulated come from virtual phones: they exercise the lab, they say nothing about a real phone.');
    const result: ComparisonResult = {
      id,
      createdAt: Date.now(),
      durationMs: Math.round(performance.now() - t0),
      costMetric,
      request: {
        runIds: req.runIds,
        strategies,
        preferences: chosenPrefs,
        folds,
        k,
        seed,
        groupBy,
        energy,
        profile: loaded ? { source: loaded.source, id: loaded.id, checksum: loaded.profile.checksum || documentChecksum(loaded.profile as unknown as Record<string, unknown>), runIds: loaded.profile.provenance.run_ids } : null,
      },
      aggregation: AGGREGATION_NOTE,
      groups,
      notes,
    };
    this.store(result);
    progress({ phase: 'done', group: null, strategy: null, done: 1, total: 1, message: 'Comparison done' });
    return result;
  }

  private async group(
    rm: RunMatrix,
    o: {
      strategies: CompareStrategyId[];
      costMetric: CostMetricName;
      folds: number;
      k: number | 'auto';
      seed: number;
      chosenPrefs: number[];
      sweepPrefs: number[];
      allPrefs: number[];
      prefIndex: (p: number) => number;
      loaded: ProfileV2 | null;
      runIds: string[];
      progress: (p: Omit<CompareProgress, 'comparisonId'>) => void;
      hooks: RunHooks;
      llmConcurrency: number;
    },
  ): Promise<ComparisonGroup> {
    const m: MeasuredMatrix = rm.matrix;
    const has = (s: CompareStrategyId) => o.strategies.includes(s);
    const info = new Map<string, RowInfo>();
    const list: Strategy[] = [];
    const sweeps: RouterSweep[] = [];
    const sweepMeta: Array<{ name: string; evaluatedOnTraining: boolean }> = [];
    const notes: string[] = [];
    const add = (s: Strategy, i: RowInfo) => {
      list.push(s);
      info.set(s.name, i);
    };
    const plain = (strategy: CompareStrategyId): RowInfo => ({ strategy, preference: null, evaluatedOnTraining: false, sweep: null });
    // One featurisation of the prompts serves the fold profiles, the imported profile and the descriptive clusters.
    const cache = new LexicalFeatureCache(m.prompts.map((p) => p.text));

    // Cluster routers.
    let oofAudit: ComparisonGroup['outOfFold'] = null;
    let kPerFold: number[] = [];
    const addSweep = (name: string, strategy: CompareStrategyId, picks: Int32Array[], evaluatedOnTraining: boolean, meta: Record<string, unknown>) => {
      sweeps.push({
        name,
        preferences: Float64Array.from(o.sweepPrefs),
        strategies: o.sweepPrefs.map((p) => ({ name: `${name}@${p.toFixed(2)}`, kind: 'router' as const, picks: picks[o.prefIndex(p)]!, meta: { preference: p } })),
      });
      sweepMeta.push({ name, evaluatedOnTraining });
      for (const p of o.chosenPrefs) {
        const s = fromPicks(`${name}@${p.toFixed(2)}`, picks[o.prefIndex(p)]!, { kind: 'router', nModels: m.nModels, meta: { ...meta, preference: p, evaluatedOnTraining } });
        add(s, { strategy, preference: p, evaluatedOnTraining, sweep: name });
      }
    };
    if (has('router')) {
      if (m.nPrompts < o.folds * 2) {
        add(unavailableStrategy('router', m.nPrompts, `${o.folds}-fold cross-fitting needs at least ${o.folds * 2} prompts (this group has ${m.nPrompts})`, 'router'), plain('router'));
      } else {
        o.progress({ phase: 'fitting', group: rm.key, strategy: 'router', done: 0, total: o.folds, message: `Fitting ${o.folds} fold profiles` });
        const oof = await outOfFoldRouter(m, {
          folds: o.folds,
          k: o.k,
          seed: o.seed,
          costMetric: o.costMetric,
          preferences: o.allPrefs,
          runIds: o.runIds,
          cache,
          nInit: o.hooks.nInit,
          onFold: o.hooks.onFold ? (f) => o.hooks.onFold!(rm.key, f) : undefined,
          onProgress: (done, total) => o.progress({ phase: 'fitting', group: rm.key, strategy: 'router', done, total, message: `Fold ${done} of ${total} fitted and routed` }),
        });
        oofAudit = oof.audit;
        kPerFold = oof.kPerFold;
        notes.push(...oof.notes);
        notes.push(`router: scored out of fold (${o.folds}-fold cross-fitting, stratified by subject, seed ${o.seed}); K per fold ${kPerFold.join(', ')}; routes by ${oof.routedBy}.`);
        addSweep('router', 'router', oof.picks, false, { outOfFold: true, k: o.folds });
      }
    }
    let imported: ReturnType<typeof evaluateImportedProfile> | null = null;
    if (has('profile') && o.loaded) {
      imported = evaluateImportedProfile(o.loaded, m, { preferences: o.allPrefs, costMetric: o.costMetric, runIds: o.runIds, cache });
      notes.push(...imported.notes);
      if (imported.unavailable) add(unavailableStrategy('profile', m.nPrompts, imported.unavailable, 'router'), plain('profile'));
      else {
        addSweep('profile', 'profile', imported.picks, imported.evaluatedOnTraining, {});
        notes.push(imported.evaluatedOnTraining ? `profile: EVALUATED ON TRAINING PROMPTS (${imported.trainingEvidence}): its figures are optimistic.` : 'profile: built from other runs and prompts (no overlap found with these).');
      }
    }
    const oracle = measuredOracle(m, o.costMetric);
    if (has('oracle')) add(oracle, plain('oracle'));

    // LLM routers.
    for (const [id, provider] of [['claude', 'anthropic'], ['gemini', 'gemini']] as const) {
      if (!has(id)) continue;
      const key = this.opts.settings.apiKey(provider);
      if (!key) {
        add(unavailableStrategy(id, m.nPrompts, this.keyReason(provider)!, 'llm-router'), plain(id));
        continue;
      }
      const model = this.opts.settings.model(provider);
      o.progress({ phase: 'llm', group: rm.key, strategy: id, done: 0, total: m.nPrompts, message: `${id}: asking ${model}` });
      let last = 0;
      const r = await runLlmRouter({
        provider,
        apiKey: key,
        model,
        baseUrl: this.opts.settings.baseUrl(provider),
        name: id,
        models: m.models,
        prompts: m.prompts.map((p) => ({ id: p.id, text: p.text })),
        cache: new SqliteLlmReplyCache(this.opts.db),
        concurrency: o.llmConcurrency,
        onProgress: (done, total) => {
          const now = Date.now();
          if (done === total || now - last > 200) {
            last = now;
            o.progress({ phase: 'llm', group: rm.key, strategy: id, done, total, message: `${id}: ${done} of ${total} prompts routed` });
          }
        },
      });
      add(r.strategy, { ...plain(id), llm: llmInfo(provider, r) });
      if (!r.unavailable && r.counts['unknown-model'] + r.counts.ambiguous > 0) notes.push(`${id}: ${r.counts['unknown-model'] + r.counts.ambiguous} replies named no listed model (those prompts are unavailable for it).`);
    }
    if (has('largest')) add(alwaysLargest(m), plain('largest'));
    if (has('smallest')) add(alwaysSmallest(m), plain('smallest'));
    if (has('random')) add(randomStrategy(m, o.seed), plain('random'));

    o.progress({ phase: 'scoring', group: rm.key, strategy: null, done: 0, total: 1, message: 'Scoring every strategy on the measured cells' });
    const table = evaluateAll(m, list, { oracle, references: has('claude') ? ['claude'] : [], sweeps });
    const rows = table.rows.map((r) => toRow(r, info.get(r.name) ?? plain('router'), table, o.costMetric));

    // Breakdowns: by subject always; by cluster from the imported profile, else a descriptive clustering.
    const subjects = breakdown(m, 'subject', 'subject of each prompt (MMLU id or stored subject)', m.prompts.map((p) => p.subject), list);
    let clusters: ComparisonGroup['breakdown']['cluster'] = null;
    if (imported && !imported.unavailable) {
      const imp = imported;
      clusters = breakdown(m, 'cluster', 'clusters of the imported profile', imp.clusterOf, list, { label: (k) => `cluster ${k}`, terms: (k) => imp.clusterTerms[Number(k)] ?? [] });
    } else if (m.nPrompts >= 4) {
      const kk = typeof o.k === 'number' ? o.k : kPerFold.length ? kPerFold.slice().sort((a, b) => a - b)[kPerFold.length >> 1]! : Math.min(8, Math.max(2, Math.round(Math.sqrt(m.nPrompts / 2))));
      const all = Uint32Array.from({ length: m.nPrompts }, (_, i) => i);
      const spec = cache.specFor(all);
      const fit = kmeans(cache.rows(all, spec.idf), Math.min(kk, m.nPrompts), { seed: o.seed, nInit: 1, minClusterSize: 1 });
      clusters = breakdown(m, 'cluster', `descriptive k-means on all prompts (K=${fit.k}, lexical embedder); used only to group the results, never to route`, fit.labels, list, { label: (k) => `cluster ${k}` });
    }

    const sim = groupSimulated(m);
    if (sim !== 'none') notes.unshift(sim === 'all' ? 'SIMULATED: every figure of this group comes from a virtual phone.' : 'PARTLY SIMULATED: some cells come from a virtual phone.');
    return {
      key: rm.key,
      device: rm.device,
      deviceModel: rm.deviceModel,
      runIds: rm.runIds,
      simulated: sim,
      prompts: m.nPrompts,
      models: table.models.map((x) => ({ id: x.id, sizeMb: x.size_mb, accuracy: x.accuracy, meanLatencyMs: x.meanLatencyMs, meanEnergyJ: x.meanEnergyJ })),
      matrix: { ...table.matrix, repeatedCells: rm.repeatedCells, splitVotes: rm.splitVotes },
      rows,
      pareto: {
        energy: paretoChart(m, table, rows, 'energy', sweepMeta),
        latency: paretoChart(m, table, rows, 'latency', sweepMeta),
        size: paretoChart(m, table, rows, 'size', sweepMeta),
      },
      pairs: table.pairs.map((p) => ({ sweep: p.sweep, weak: p.weak, strong: p.strong, apgr: p.apgr, cpt: p.cpt })),
      breakdown: { cluster: clusters, subject: subjects },
      outOfFold: oofAudit,
      notes: [...notes, ...table.notes],
    };
  }

  private store(r: ComparisonResult): void {
    const sims = r.groups.map((g) => g.simulated);
    const simulated = sims.every((s) => s === 'all') && sims.length ? 'all' : sims.some((s) => s !== 'none') ? 'some' : 'none';
    this.opts.db
      .prepare('INSERT INTO comparisons (id, created_at, run_ids_json, cost_metric, strategies_json, simulated, result_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.createdAt, JSON.stringify(r.request.runIds), r.costMetric, JSON.stringify(r.request.strategies), simulated, JSON.stringify(r));
  }

  get(id: string): ComparisonResult {
    const row = this.opts.db.prepare('SELECT result_json FROM comparisons WHERE id = ?').get(id) as { result_json: string } | undefined;
    if (!row) throw new LabError('not-found', `No comparison "${id}" in this lab.`);
    return JSON.parse(row.result_json) as ComparisonResult;
  }

  list(limit = 50): ComparisonSummary[] {
    const rows = this.opts.db.prepare('SELECT id, created_at, run_ids_json, cost_metric, strategies_json, simulated FROM comparisons ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as string,
      createdAt: r.created_at as number,
      runIds: JSON.parse(r.run_ids_json as string) as string[],
      costMetric: r.cost_metric as CostMetricName,
      strategies: JSON.parse(r.strategies_json as string) as CompareStrategyId[],
      simulated: r.simulated as ComparisonSummary['simulated'],
    }));
  }

  exportCsv(id: string): { filename: string; csv: string } {
    const r = this.get(id);
    return { filename: `aurora-lab-${id}.csv`, csv: comparisonCsv(r) };
  }
}
