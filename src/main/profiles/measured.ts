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
import type { MeasuredColumns } from '../runs/measured-columns';
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

/** A cost group's figures, in row order (NaN and infinities are not figures). */
interface CostAcc {
  model: string;
  device: string;
  lat: number[];
  net: number[];
  gross: number[];
  dec: number[];
  ram: number[];
  /** Which of the columns' energy methods its rows were measured with (by index). */
  methods: Uint8Array;
}

const push = (xs: number[], v: number): void => {
  if (Number.isFinite(v)) xs.push(v);
};

/** The runs' measured columns as a training matrix (see the module comment). Runs still running are refused. */
export function trainingMatrixOf(runs: readonly RunInfo[], c: MeasuredColumns): RunsMatrix {
  const ids = runs.map((r) => r.id);
  if (ids.length === 0) throw new LabError('bad-request', 'Give at least one run.');
  for (const r of runs) if (r.status === 'running') throw new LabError('unavailable', `Run ${r.id} is still running; build the router profile when it has finished.`);

  // Prompts are (id, text) pairs; the same id with another text (ad-hoc prompts of different runs) is a distinct prompt.
  const promptOf = new Int32Array(c.prompts.length).fill(-1);
  // By id, then text: a key of id + text cost a concatenation and a hash of the whole text per prompt (most of the
  // function's time for 14k MMLU prompts); the columns keep each text once, so texts mostly compare as one string.
  const promptIndex = new Map<string, Array<{ text: string; index: number }>>();
  const prompts: MeasuredPrompt[] = [];
  const usedIds = new Set<string>();
  const modelOrder: string[] = [];
  const modelSeen = new Uint8Array(c.models.length);
  const devices = c.runs.map((r) => r.deviceModel || r.serial);
  const costOf = new Map<string, CostAcc>();
  /** (run, model) -> its cost group, found once. */
  const costKey = new Map<number, CostAcc>();
  let unscored = 0;
  let votes = new Int32Array(1024);
  // The columns in locals: the hot loop reads them 168k times (no property lookups on the columns object).
  const { run, model, prompt, ok, correct, latencyMs, netEnergyJ, energyJ, decodeTps, peakRamMb, energyMethod } = c;
  const nModels = c.models.length;
  for (let i = 0; i < c.length; i++) {
    const me = model[i]!;
    if (modelSeen[me] === 0) {
      modelSeen[me] = 1;
      if (!modelOrder.includes(c.models[me]!)) modelOrder.push(c.models[me]!);
    }
    if (ok[i] === 1) {
      const rk = run[i]! * nModels + me;
      let acc = costKey.get(rk);
      if (!acc) {
        const modelId = c.models[me]!;
        const device = devices[run[i]!]!;
        const ck = `${modelId}\u0000${device}`;
        acc = costOf.get(ck);
        if (!acc) costOf.set(ck, (acc = { model: modelId, device, lat: [], net: [], gross: [], dec: [], ram: [], methods: new Uint8Array(c.energyMethods.length) }));
        costKey.set(rk, acc);
      }
      push(acc.lat, latencyMs[i]!);
      push(acc.net, netEnergyJ[i]!);
      push(acc.gross, energyJ[i]!);
      push(acc.dec, decodeTps[i]!);
      push(acc.ram, peakRamMb[i]!);
      const m = energyMethod[i]!;
      if (m >= 0) acc.methods[m] = 1;
    }
    const k = correct[i]!;
    if (ok[i] !== 1 || k < 0) {
      unscored++;
      continue;
    }
    const pe = prompt[i]!;
    let pi = promptOf[pe]!;
    if (pi === -1) {
      const p = c.prompts[pe]!;
      let texts = promptIndex.get(p.id);
      if (!texts) promptIndex.set(p.id, (texts = []));
      let found = texts.find((t) => t.text === p.text)?.index;
      if (found === undefined) {
        let id = p.id;
        for (let n = 2; usedIds.has(id); n++) id = `${p.id}#${n}`;
        usedIds.add(id);
        found = prompts.length;
        texts.push({ text: p.text, index: found });
        const subject = p.subject ?? subjectOfPromptId(p.id);
        prompts.push(subject ? { id, text: p.text, subject } : { id, text: p.text });
      }
      promptOf[pe] = pi = found;
    }
    // Votes by (prompt, model entry): right in the even slot, wrong in the odd one.
    const at = (pi * nModels + me) * 2;
    if (at + 1 >= votes.length) {
      const grown = new Int32Array(Math.max(votes.length * 2, at + 2));
      grown.set(votes);
      votes = grown;
    }
    votes[at + (k === 1 ? 0 : 1)]!++;
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
  // Model ids are interned in the columns: one entry each.
  const entryOf = models.map((m) => c.models.indexOf(m.id));
  const stride = c.models.length;
  const correctness = prompts.map((_, pi) => {
    const out: Array<0 | 1 | null> = new Array<0 | 1 | null>(models.length);
    for (let j = 0; j < models.length; j++) {
      const at = (pi * stride + entryOf[j]!) * 2;
      const right = votes[at] ?? 0;
      const wrong = votes[at + 1] ?? 0;
      if (right + wrong === 0) out[j] = null;
      else {
        if (right + wrong > 1) repeatedPairs++;
        out[j] = right > wrong ? 1 : 0;
      }
    }
    return out;
  });
  const costs: MeasuredCost[] = [];
  for (const { model, device, lat, net, gross, dec, ram, methods: ms } of costOf.values()) {
    const measure = (values: number[], method: string, agg: 'median' | 'max' = 'median'): Measure | null =>
      values.length === 0 ? null : { value: agg === 'max' ? Math.max(...values) : median(values)!, method, samples: values.length };
    const methods = c.energyMethods.filter((name, m) => ms[m] === 1 && name).sort().join('+') || 'unknown meter';
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
  const runDevices = [...new Set(runs.map((r) => r.deviceModel || r.serial))];
  const simulated = runs.some((r) => r.simulated);
  return {
    matrix: {
      prompts,
      models,
      correctness,
      costs,
      provenance: {
        run_ids: ids,
        devices: runDevices,
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
