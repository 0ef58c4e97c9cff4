/**
 * Measured runs -> MeasuredMatrix (src/main/strategies/matrix.ts), one per device (or per run).
 *
 * Rows: the runs' measured rows (runs/results-repository.ts). A cell is (prompt_id, model) on one device; when several results
 * fall on the same cell (repetitions within a campaign, or two runs on the same phone):
 * - correctness: MAJORITY of the repetitions that were scored (correct not null); a split vote (as many right as
 *   wrong) counts as WRONG, the conservative side, and is counted in `splitVotes`;
 * - latency (the engine's total_ms) and energy (gross `energy_j`, or `net_energy_j` with energy 'net'): MEDIAN over
 *   the repetitions that have the figure (mean of the two middle values for an even count);
 * - simulated: 1 when any repetition came from a virtual phone.
 * A result whose prompt failed (ok = 0) or was not scored (correct null) gives no correctness; a prompt a model never
 * answered is a MISSING cell (correct -1, NaN costs), reported, never scored.
 * Prompts are ordered by first appearance (runs in the order given, then position); model order is the order the
 * runs list them. Subjects come from a `subject` column when the table has one, else from MMLU ids
 * (`mmlu/<subject>/<split>/<row>`), else 'unknown'.
 */
import type { RunSummary } from '../../shared/runs';
import { median as kitMedian } from '../../shared/kit/stats';
import type { RunRepository } from '../runs/repository';
import type { MeasuredRow, ResultsRepository } from '../runs/results-repository';
import type { MatrixModel, MatrixPrompt, MeasuredMatrix } from '../strategies/matrix';
import { createMatrix } from '../strategies/matrix';

export type RunInfo = Pick<RunSummary, 'id' | 'serial' | 'deviceModel' | 'modelIds' | 'simulated'>;

export function subjectOf(promptId: string, stored: string | null): string {
  if (stored && stored !== 'custom') return stored;
  const m = /^mmlu\/([^/]+)\//.exec(promptId);
  return m ? m[1]! : 'unknown';
}

/** The kit's median, NaN for no values: a matrix cell's "not measured". */
export function median(values: number[]): number {
  return kitMedian(values) ?? Number.NaN;
}

export interface RunMatrix {
  /** Device serial, or the run id with groupBy 'run'. */
  key: string;
  device: string;
  deviceModel: string | null;
  runIds: string[];
  matrix: MeasuredMatrix;
  /** Cells with more than one scored repetition, and those whose vote was split (counted wrong). */
  repeatedCells: number;
  splitVotes: number;
}

export interface MatrixFromRunsOptions {
  groupBy?: 'device' | 'run';
  energy?: 'gross' | 'net';
  /** Size of a model in MB (the catalogue); a model without one is an error. */
  sizeOf: (modelId: string) => number | undefined;
}

export const AGGREGATION_NOTE =
  'Repetitions of a (prompt, model) cell on one device: correctness = majority of the scored repetitions (a split vote counts as wrong); latency (engine total_ms) and energy per prompt = median over repetitions; a cell is simulated when any repetition came from a virtual phone; failed or unscored prompts give no correctness (missing cells are reported, never scored).';

interface CellAcc {
  right: number;
  scored: number;
  lat: number[];
  en: number[];
  sim: boolean;
}

/** Builds the matrices from rows already read (pure: tests and other loaders call it directly). */
export function matricesFromRows(runs: readonly RunInfo[], rows: readonly MeasuredRow[], opts: MatrixFromRunsOptions): RunMatrix[] {
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

/** Where matrices are read from: the runs and their measured rows. */
export interface MatrixSource {
  runs: Pick<RunRepository, 'getRun'>;
  results: Pick<ResultsRepository, 'measuredRows'>;
}

/** Reads the runs and builds their matrices. Unknown run ids are an error naming them. */
export function loadRunMatrices(src: MatrixSource, runIds: readonly string[], opts: MatrixFromRunsOptions): RunMatrix[] {
  const runs: RunInfo[] = [];
  const missing: string[] = [];
  for (const id of runIds) {
    const r = src.runs.getRun(id);
    if (r) runs.push(r);
    else missing.push(id);
  }
  if (missing.length) throw new Error(`No run ${missing.join(', ')} in this lab.`);
  return matricesFromRows(runs, src.results.measuredRows(runs.map((r) => r.id)), opts);
}
