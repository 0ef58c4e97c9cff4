/**
 * What a router profile is trained on, from stored runs: per prompt x model correctness and per model x device
 * measured costs (median latency, energy per prompt, decode tok/s, peak RAM, each with its method and sample count).
 * The rows are the runs' measured rows (runs/results-repository.ts), the same reader the comparison uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../shared/kit/stats';
import { LabError } from '../api/lab-error';
import type { MeasuredCost, MeasuredModel, MeasuredPrompt, TrainingMatrix } from '../routing';
import type { Measure } from '../routing';
import { findRunnerResources } from '../runner/artifacts';
import { catalogueEntry } from '../runner/models';
import type { MeasuredRow } from '../runs/results-repository';
import type { RunSummary } from '../../shared/runs';

export type RunInfo = Pick<RunSummary, 'id' | 'serial' | 'deviceModel' | 'status' | 'simulated' | 'modelIds'>;

export interface RunsMatrix {
  matrix: TrainingMatrix;
  runs: RunInfo[];
  /** Any run from a virtual phone. */
  simulated: boolean;
  /** (prompt, model) pairs measured more than once (repeats, pooled devices): decided by majority, ties wrong. */
  repeatedPairs: number;
  /** Results left out: failed requests, replies without a key to score against. */
  unscored: number;
}


/** Simulated model definitions' config (resources/runner/models/<id>/config.txt), or null. */
export function simulatedModelConfig(id: string): Map<string, string> | null {
  let res: string;
  try {
    res = findRunnerResources();
  } catch {
    return null;
  }
  const file = join(res, 'models', id, 'config.txt');
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id) || !existsSync(file)) return null;
  const m = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq > 0) m.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
  return m;
}

/** A model as a profile lists it: catalogue size, capabilities (`text`, `vision`, `embed`), Hugging Face repo. */
export function profileModel(id: string): MeasuredModel {
  const entry = catalogueEntry(id);
  const cfg = simulatedModelConfig(id);
  const size = entry?.sizeMb ?? Number(cfg?.get('size_mb') ?? NaN);
  if (!Number.isFinite(size)) throw new LabError('bad-request', `Model "${id}" is neither in the catalogue nor a simulated definition with size_mb; its size is unknown.`);
  const caps = ['text'];
  if (entry?.vision ?? cfg?.get('vision') === '1') caps.push('vision');
  if (cfg?.get('can_embed') === '1') caps.push('embed');
  return { id, size_mb: size, capabilities: caps, ...(entry ? { path: entry.repo } : {}) };
}

/** `starter/arithmetic/01`, `mmlu/anatomy/test/12` -> the subject segment (prompt ids the lab's prompt sets give). */
export function subjectOfPromptId(id: string): string | undefined {
  const parts = id.split('/');
  return parts.length >= 3 && parts[1] ? parts[1] : undefined;
}

const present = (v: Array<number | null>): number[] => v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** The runs' measured rows as a training matrix (see the module comment). Runs still running are refused. */
export function trainingMatrixOf(runs: readonly RunInfo[], rows: readonly MeasuredRow[]): RunsMatrix {
  const ids = runs.map((r) => r.id);
  if (ids.length === 0) throw new LabError('bad-request', 'Give at least one run.');
  for (const r of runs) if (r.status === 'running') throw new LabError('unavailable', `Run ${r.id} is still running; build the router profile when it has finished.`);

  const promptIndex = new Map<string, number>();
  const prompts: MeasuredPrompt[] = [];
  const usedIds = new Set<string>();
  const modelOrder: string[] = [];
  const votes = new Map<string, { right: number; wrong: number }>();
  const costRows = new Map<string, { model: string; device: string; rows: MeasuredRow[] }>();
  let unscored = 0;
  for (const r of rows) {
    if (!modelOrder.includes(r.modelId)) modelOrder.push(r.modelId);
    if (r.ok) {
      const device = r.deviceModel || r.serial;
      const ck = `${r.modelId}\u0000${device}`;
      const c = costRows.get(ck) ?? { model: r.modelId, device, rows: [] };
      c.rows.push(r);
      costRows.set(ck, c);
    }
    if (!r.ok || r.correct === null) {
      unscored++;
      continue;
    }
    const key = `${r.promptId}\u0000${r.promptText}`;
    let pi = promptIndex.get(key);
    if (pi === undefined) {
      // The same id with another text (ad-hoc prompts of different runs) becomes a distinct prompt.
      let id = r.promptId;
      for (let n = 2; usedIds.has(id); n++) id = `${r.promptId}#${n}`;
      usedIds.add(id);
      pi = prompts.length;
      promptIndex.set(key, pi);
      const subject = r.subject ?? subjectOfPromptId(r.promptId);
      prompts.push({ id, text: r.promptText, ...(subject ? { subject } : {}) });
    }
    const vk = `${pi}\u0000${r.modelId}`;
    const v = votes.get(vk) ?? { right: 0, wrong: 0 };
    if (r.correct) v.right++;
    else v.wrong++;
    votes.set(vk, v);
  }
  if (prompts.length === 0) {
    throw new LabError(
      'bad-request',
      `The run(s) ${ids.join(', ')} have no scored prompt (a profile needs prompts with an answer key, e.g. the starter set or MMLU).`,
    );
  }
  // Models in size order (the profile's tie-break order), then id.
  const models = modelOrder.map(profileModel).sort((a, b) => a.size_mb - b.size_mb || (a.id < b.id ? -1 : 1));
  let repeatedPairs = 0;
  const correctness = prompts.map((_, pi) =>
    models.map((m) => {
      const v = votes.get(`${pi}\u0000${m.id}`);
      if (!v) return null;
      if (v.right + v.wrong > 1) repeatedPairs++;
      return v.right > v.wrong ? 1 : 0;
    }),
  );
  const costs: MeasuredCost[] = [];
  for (const { model, device, rows: rs } of costRows.values()) {
    const measure = (values: number[], method: string, agg: 'median' | 'max' = 'median'): Measure | null =>
      values.length === 0 ? null : { value: agg === 'max' ? Math.max(...values) : median(values)!, method, samples: values.length };
    const lat = present(rs.map((r) => r.latencyMs));
    const net = present(rs.map((r) => r.netEnergyJ));
    const gross = present(rs.map((r) => r.energyJ));
    const methods = [...new Set(rs.map((r) => r.energyMethod).filter((x): x is string => !!x))].sort().join('+') || 'unknown meter';
    const dec = present(rs.map((r) => r.decodeTps));
    const ram = present(rs.map((r) => r.peakRamMb));
    costs.push({
      model_id: model,
      device_id: device,
      latency_ms: measure(lat, `median of ${lat.length} prompts: engine total_time_ms`),
      energy_j:
        net.length > 0
          ? measure(net, `median of ${net.length} prompts: energy above the idle baseline (${methods})`)
          : measure(gross, `median of ${gross.length} prompts: gross energy, no idle baseline (${methods})`),
      decode_tok_s: measure(dec, `median of ${dec.length} prompts: engine decode_tps`),
      peak_ram_mb: measure(ram, `max over ${ram.length} prompts: engine ram_usage_mb`, 'max'),
    });
  }
  costs.sort((a, b) => (a.model_id + a.device_id < b.model_id + b.device_id ? -1 : 1));
  const devices = [...new Set(runs.map((r) => r.deviceModel || r.serial))];
  const simulated = runs.some((r) => r.simulated);
  return {
    matrix: {
      prompts,
      models,
      correctness,
      costs,
      provenance: {
        run_ids: ids,
        devices,
        simulated,
        ...(simulated ? { notes: 'Measured on virtual phones (simulated engine): every figure is SIMULATED, not a real device\'s.' } : {}),
      },
    },
    runs: [...runs],
    simulated,
    repeatedPairs,
    unscored,
  };
}
