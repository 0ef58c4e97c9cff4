/**
 * The seed's benchmark, measured (issue 15): topics -> the campaign (a new one, or the unfinished / finished one with
 * the same arguments: rerunning the command continues it) -> the comparison of every strategy asked for -> the
 * document of benchmark_results.json. Also a comparison's or run's charts as files, and a campaign's report. It
 * works through the campaigns, compare and runs services only (compare may run on another thread).
 */
import type { BenchmarkRunResult, ExportFile } from '../../shared/api/benchmark';
import { BENCHMARK_DEFAULT_STRATEGIES, benchmarkRunSchema } from '../../shared/api/benchmark';
import type { CampaignInfo, CampaignStartRequest } from '../../shared/api/campaigns';
import type { CompareStrategyId, ComparisonResult } from '../../shared/api/compare';
import type { BenchmarkResults } from '../../shared/benchmark-results';
import type { CallerKind } from '../../shared/contract';
import type { NamedChart } from '../../shared/charts';
import type { z } from 'zod';
import type { LabEventSink } from '../api/events';
import { LabError } from '../api/lab-error';
import type { CampaignInternals, CampaignsService } from '../campaigns/service';
import { renderChart } from '../charts/render';
import type { CompareService } from '../compare/service';
import { renderReportHtml } from '../report/render-report';
import type { RunsService } from '../runs/service';
import { groupCharts, runCharts } from './charts';
import { reportData } from './report-data';
import { ENERGY_METHOD_TEXT, benchmarkResults } from './results';

export interface BenchmarkServiceOptions {
  campaigns: CampaignsService;
  compare: CompareService;
  runs: RunsService;
  sizeOf: (id: string) => number | undefined;
  labVersion: string;
  events?: LabEventSink;
}

type RunRequest = z.output<typeof benchmarkRunSchema>;

/** The campaign options that make two benchmark commands "the same arguments". */
const SAME_KEYS = ['dataset', 'subjects', 'n', 'reps', 'seed', 'devices', 'models', 'maxTokens', 'warmup', 'idleBaselineMs'] as const;

/** The subjects a campaign was limited to (its stored `subjects` option), or null for all of them. */
function subjectsOf(info: CampaignInfo): string[] | null {
  const s = (info.options as { subjects?: unknown } | null)?.subjects;
  return Array.isArray(s) && s.every((x) => typeof x === 'string') ? (s as string[]) : null;
}

export class BenchmarkService {
  constructor(private readonly opts: BenchmarkServiceOptions) {}

  #progress(phase: 'campaign' | 'compare' | 'done', campaignId: string | null, message: string): void {
    this.opts.events?.emit('benchmark.progress', { phase, campaignId, message });
  }

  /** The latest campaign started with the same options, if any. */
  #sameCampaign(start: CampaignStartRequest): CampaignInfo | null {
    const want = JSON.stringify(SAME_KEYS.map((k) => start[k] ?? null));
    for (const s of this.opts.campaigns.list({ sort: 'created', order: 'desc' })) {
      // The summary first: reading a campaign's options and conditions costs more.
      if (s.n !== start.n || s.reps !== (start.reps ?? 1) || s.seed !== start.seed || s.dataset !== start.dataset) continue;
      const info = this.opts.campaigns.info(s.id);
      const o = info.options as Record<string, unknown>;
      if (JSON.stringify(SAME_KEYS.map((k) => o[k] ?? null)) === want) return info;
    }
    return null;
  }

  async run(raw: unknown, internals: CampaignInternals = {}, caller: CallerKind = 'cli'): Promise<BenchmarkRunResult> {
    const req: RunRequest = benchmarkRunSchema.parse(raw);
    // Topics are the campaign's subjects: the campaign checks them against the set (with suggestions) and samples them.
    const start: CampaignStartRequest = {
      devices: req.devices,
      models: req.models,
      dataset: req.dataset ?? 'mmlu',
      ...(req.topics ? { subjects: req.topics } : {}),
      n: req.n ?? 100,
      reps: req.reps ?? 1,
      seed: req.seed ?? '42',
      ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}),
      ...(req.warmup !== undefined ? { warmup: req.warmup } : {}),
      ...(req.idleBaselineMs !== undefined ? { idleBaselineMs: req.idleBaselineMs } : {}),
      ...(req.cooldown ? { cooldown: req.cooldown } : {}),
      ...(req.download !== undefined ? { download: req.download } : {}),
    };
    const found = this.#sameCampaign(start);
    let how: BenchmarkRunResult['campaign'];
    let campaignId: string;
    let finished: Promise<{ status: string; error: string | null }> | null = null;
    if (found && found.status === 'done') {
      how = 'reused';
      campaignId = found.id;
      this.#progress('campaign', campaignId, `campaign ${campaignId}: complete already (same arguments); comparing its results`);
    } else if (found) {
      if (found.ownedElsewhere) throw new LabError('unavailable', `Campaign ${found.id} (the same arguments) is running in another lab process; wait for it or stop that process, then run this command again.`);
      how = 'continued';
      const r = await this.opts.campaigns.resume(found.id, internals);
      campaignId = r.campaignId;
      finished = r.finished;
      this.#progress('campaign', campaignId, `campaign ${campaignId}: continuing (same arguments), ${r.remaining} prompt result(s) left`);
    } else {
      how = 'new';
      const r = await this.opts.campaigns.start(start, internals, caller);
      campaignId = r.campaignId;
      finished = r.finished;
      this.#progress('campaign', campaignId, `campaign ${campaignId}: ${r.total} prompt results planned (devices x models x n x reps); runs ${r.runIds.join(', ')}`);
    }
    if (finished) {
      const out = await finished;
      if (out.status !== 'done' && out.status !== 'partial') {
        throw new LabError('failed', `The campaign ${campaignId} ended ${out.status}${out.error ? `: ${out.error}` : ''}. Stored results are kept: \`aurora-lab resume ${campaignId}\` continues it, and this same benchmark command then compares it.`);
      }
    }
    this.#progress('compare', campaignId, 'Comparing the strategies on the measured results');
    const numericSeed = /^\d{1,9}$/.test(start.seed ?? '') ? Number(start.seed) : 42;
    const strategies: CompareStrategyId[] = req.strategies ?? [
      ...BENCHMARK_DEFAULT_STRATEGIES,
      ...(this.opts.compare.routerCommandGiven() ? (['router-cmd'] as const) : []),
      ...(req.picksJsonl !== undefined ? (['picks'] as const) : []),
    ];
    const comparison = await this.opts.compare.run({
      runIds: [campaignId],
      strategies,
      costMetric: req.costMetric ?? 'size',
      seed: numericSeed,
      ...(req.preferences ? { preferences: req.preferences } : {}),
      ...(req.folds !== undefined ? { folds: req.folds } : {}),
      ...(req.k !== undefined ? { k: req.k } : {}),
      ...(req.picksJsonl !== undefined ? { picksJsonl: req.picksJsonl } : {}),
      ...(req.picksName ? { picksName: req.picksName } : {}),
    });
    const results = this.#results(comparison, campaignId, req.command ?? []);
    this.#progress('done', campaignId, `comparison ${comparison.id}`);
    return { campaignId, comparisonId: comparison.id, campaign: how, results };
  }

  #campaignOf(comparison: ComparisonResult): string {
    const ids = new Set(comparison.request.runIds.map((id) => this.opts.runs.get(id).campaignId ?? null));
    const only = [...ids][0];
    if (ids.size !== 1 || !only) throw new LabError('bad-request', `Comparison ${comparison.id} is not of one campaign's runs; benchmark results and reports are made for a campaign (\`aurora-lab benchmark\` or \`aurora-lab profile\` starts one).`);
    return only;
  }

  #results(comparison: ComparisonResult, campaignId: string, command: string[]): BenchmarkResults {
    const info = this.opts.campaigns.info(campaignId);
    return benchmarkResults({
      comparison,
      campaign: info,
      topics: subjectsOf(info),
      labVersion: this.opts.labVersion,
      command,
      createdAt: new Date().toISOString(),
      sizeOf: this.opts.sizeOf,
    });
  }

  results(comparisonId: string, command: string[] = []): BenchmarkResults {
    const comparison = this.opts.compare.get(comparisonId);
    return this.#results(comparison, this.#campaignOf(comparison), command);
  }

  #energyMethod(runIds: readonly string[]): string | null {
    const m = runIds.map((id) => this.opts.runs.get(id).energyMethod).find((x) => x !== null);
    return m ? ENERGY_METHOD_TEXT[m] : null;
  }

  #comparisonCharts(comparison: ComparisonResult, group?: string): NamedChart[] {
    const g = group ? comparison.groups.find((x) => x.key === group || x.device === group) : comparison.groups[0];
    if (!g) throw new LabError('not-found', group ? `Comparison ${comparison.id} has no group "${group}" (it has ${comparison.groups.map((x) => x.key).join(', ')}).` : `Comparison ${comparison.id} has no group with results.`);
    return groupCharts({ group: g, energyMethod: this.#energyMethod(g.runIds), results: g.runIds.flatMap((id) => this.opts.runs.results(id)), sizeOf: this.opts.sizeOf });
  }

  #runCharts(runId: string): NamedChart[] {
    const run = this.opts.runs.get(runId);
    return runCharts({ runId, serial: run.serial, simulated: run.simulated, results: this.opts.runs.results(runId), sizeOf: this.opts.sizeOf, models: run.modelIds, timeline: this.opts.runs.powerTimeline(runId) });
  }

  /** Chart files: NAME.svg (text) and NAME.png (base64). */
  charts(req: { comparisonId?: string | undefined; runId?: string | undefined; group?: string | undefined; formats?: Array<'svg' | 'png'> | undefined }): { files: ExportFile[] } {
    const charts = req.comparisonId ? this.#comparisonCharts(this.opts.compare.get(req.comparisonId), req.group) : this.#runCharts(req.runId as string);
    const formats = req.formats ?? ['svg', 'png'];
    const files: ExportFile[] = [];
    for (const c of charts) {
      const out = renderChart(c.option, { width: c.width, height: c.height, idPrefix: c.name, name: c.name });
      if (formats.includes('svg')) files.push({ filename: `${c.name}.svg`, mime: 'image/svg+xml', encoding: 'utf8', content: out.svg, bytes: Buffer.byteLength(out.svg), width: c.width, height: c.height });
      if (formats.includes('png')) files.push({ filename: `${c.name}.png`, mime: 'image/png', encoding: 'base64', content: out.png.toString('base64'), bytes: out.png.length, width: out.width, height: out.height });
    }
    return { files };
  }

  /** The campaign's report as one self-contained HTML file. */
  report(campaignIdGiven: string | undefined, comparisonId?: string): ExportFile {
    const comparison = comparisonId ? this.opts.compare.get(comparisonId) : null;
    const campaignId = campaignIdGiven ?? this.#campaignOf(comparison as ComparisonResult);
    const info = this.opts.campaigns.info(campaignId);
    const detail = this.opts.campaigns.detail(campaignId, { sections: ['models', 'conditions'] });
    if (comparison && this.#campaignOf(comparison) !== campaignId) throw new LabError('bad-request', `Comparison ${comparisonId} is not of campaign ${campaignId}; \`aurora-lab compare list\` shows what each comparison covers.`);
    const charts = comparison ? this.#comparisonCharts(comparison) : info.runIds.slice(0, 1).flatMap((id) => this.#runCharts(id));
    const group = comparison?.groups[0];
    const html = renderReportHtml(
      reportData({ info, detail, comparison, charts, results: (group?.runIds ?? []).flatMap((id) => this.opts.runs.results(id)), sizeOf: this.opts.sizeOf, labVersion: this.opts.labVersion, generatedAt: new Date().toISOString(), origin: subjectsOf(info) ? { source: info.dataset, topics: subjectsOf(info)! } : null }),
    );
    return { filename: `aurora-lab-report-${campaignId.slice(0, 8)}.html`, mime: 'text/html', encoding: 'utf8', content: html, bytes: Buffer.byteLength(html) };
  }
}
