/**
 * The measured-row path as it was before the column reader (issue 14), kept as the reference the new path must
 * equal: rows read with a plain JOIN, the comparison's matrices and the profile's training matrix built from row
 * objects (copied from compare/matrices.ts and profiles/measured.ts before the change).
 */
import type { Db } from '../../../src/main/store/database';
import type { MeasuredRow } from '../../../src/main/runs/measured-columns';
import { createMatrix, type MatrixModel, type MatrixPrompt } from '../../../src/main/strategies/matrix';
import { median, subjectOf, type MatrixFromRunsOptions, type RunInfo, type RunMatrix } from '../../../src/main/compare/matrices';
import { profileModel, subjectOfPromptId, type RunInfo as ProfileRunInfo } from '../../../src/main/profiles/measured';
import type { MeasuredCost, MeasuredPrompt, Measure } from '../../../src/main/routing';
import { LabError } from '../../../src/main/api/lab-error';

const b = (v: unknown): boolean | null => (v === null ? null : v === 1);

/** Every result of the runs whose run model still exists, runs in the order given, each in position order. */
export function referenceRows(db: Db, runIds: readonly string[]): MeasuredRow[] {
  // A campaign's results leave their question to campaign_prompts (db/0028).
  const st = db.prepare(`SELECT p.*, COALESCE(p.prompt, cp.question) AS prompt_text, m.model_id, r.serial, r.device_model AS run_device_model FROM prompt_results p
    JOIN run_models m ON m.id = p.run_model_id JOIN runs r ON r.id = p.run_id
    LEFT JOIN campaign_prompts cp ON cp.campaign_id = r.campaign_id AND cp.prompt_id = p.prompt_id WHERE p.run_id = ? ORDER BY p.position`);
  return runIds.flatMap((id) =>
    (st.all(id) as Array<Record<string, unknown>>).map((p) => {
      const pid = p.prompt_id as string;
      const mm = /^mmlu\/([^/]*)\//.exec(pid);
      return {
        runId: id, serial: p.serial as string, deviceModel: p.run_device_model as string | null, modelId: p.model_id as string, position: p.position as number,
        promptId: pid, promptText: p.prompt_text as string, subject: (p.subject as string | null) ?? (mm ? mm[1]! : null), rep: (p.rep as number | null) ?? 0,
        ok: p.ok === 1, correct: b(p.correct), unparsable: b(p.unparsable), latencyMs: p.total_ms as number | null, ttftMs: p.ttft_ms as number | null,
        decodeTps: p.decode_tps as number | null, energyJ: p.energy_j as number | null, netEnergyJ: p.net_energy_j as number | null,
        outputTokens: p.output_tokens as number | null, peakRamMb: p.peak_ram_mb as number | null, energyMethod: p.energy_method as string | null, simulated: p.simulated === 1,
      };
    }),
  );
}

interface CellAcc {
  right: number;
  scored: number;
  lat: number[];
  en: number[];
  sim: boolean;
}

/** Builds the matrices from rows already read (pure: tests and other loaders call it directly). */
export function referenceMatrices(runs: readonly RunInfo[], rows: readonly MeasuredRow[], opts: MatrixFromRunsOptions): RunMatrix[] {
  const groupBy = opts.groupBy ?? 'device';
  const net = opts.energy === 'net';
  const groups = new Map<string, { runs: RunInfo[]; rows: MeasuredRow[] }>();
  for (const r of runs) {
    const key = groupBy === 'run' ? r.id : r.serial;
    const g = groups.get(key) ?? { runs: [], rows: [] };
    g.runs.push(r);
    groups.set(key, g);
  }
  const groupOfRun = new Map(runs.map((r) => [r.id, groupBy === 'run' ? r.id : r.serial]));
  for (const row of rows) groups.get(groupOfRun.get(row.runId) ?? '')?.rows.push(row);

  const out: RunMatrix[] = [];
  for (const [key, g] of groups) {
    const modelIds: string[] = [];
    for (const r of g.runs) for (const m of r.modelIds) if (!modelIds.includes(m)) modelIds.push(m);
    for (const row of g.rows) if (!modelIds.includes(row.modelId)) modelIds.push(row.modelId);
    const models: MatrixModel[] = modelIds.map((id) => {
      const size = opts.sizeOf(id);
      if (!(size !== undefined && Number.isFinite(size) && size > 0)) throw new Error(`Model ${id} has no known size (not in the model catalogue); it cannot be compared by size.`);
      return { id, size_mb: size };
    });
    const promptIndex = new Map<string, number>();
    const prompts: MatrixPrompt[] = [];
    for (const row of g.rows) {
      if (promptIndex.has(row.promptId)) continue;
      promptIndex.set(row.promptId, prompts.length);
      prompts.push({ id: row.promptId, text: row.promptText, subject: subjectOf(row.promptId, row.subject) });
    }
    const nModels = models.length;
    const mIndex = new Map(modelIds.map((id, i) => [id, i]));
    const cells: Array<CellAcc | undefined> = new Array<CellAcc | undefined>(prompts.length * nModels);
    for (const row of g.rows) {
      const cell = promptIndex.get(row.promptId)! * nModels + mIndex.get(row.modelId)!;
      let acc = cells[cell];
      if (!acc) cells[cell] = acc = { right: 0, scored: 0, lat: [], en: [], sim: false };
      if (row.simulated) acc.sim = true;
      if (!row.ok) continue;
      if (row.correct !== null) {
        acc.scored++;
        if (row.correct) acc.right++;
      }
      if (row.latencyMs !== null && Number.isFinite(row.latencyMs)) acc.lat.push(row.latencyMs);
      const e = net ? row.netEnergyJ : row.energyJ;
      if (e !== null && Number.isFinite(e)) acc.en.push(e);
    }
    const matrix = createMatrix({ device: g.runs[0]!.serial, prompts, models });
    let repeated = 0;
    let split = 0;
    for (let i = 0; i < cells.length; i++) {
      const acc = cells[i];
      if (!acc) continue;
      if (acc.scored > 0) {
        matrix.correct[i] = acc.right * 2 > acc.scored ? 1 : 0;
        if (acc.scored > 1) repeated++;
        if (acc.right * 2 === acc.scored) split++;
      }
      // One repetition (the usual cell) is its own median: no sort, no array.
      if (acc.lat.length) matrix.latencyMs[i] = acc.lat.length === 1 ? acc.lat[0]! : median(acc.lat);
      if (acc.en.length) matrix.energyJ[i] = acc.en.length === 1 ? acc.en[0]! : median(acc.en);
      matrix.simulated[i] = acc.sim ? 1 : 0;
    }
    // A cell nobody measured inherits the group's simulated flag (a virtual phone's missing cell is still virtual).
    if (g.runs.every((r) => r.simulated)) matrix.simulated.fill(1);
    out.push({ key, device: g.runs[0]!.serial, deviceModel: g.runs[0]!.deviceModel, runIds: g.runs.map((r) => r.id), matrix, repeatedCells: repeated, splitVotes: split });
  }
  return out;
}


const present = (v: Array<number | null>): number[] => v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** The runs' measured rows as a training matrix (see the module comment). Runs still running are refused. */
export function referenceTraining(runs: readonly ProfileRunInfo[], rows: readonly MeasuredRow[]) {
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
