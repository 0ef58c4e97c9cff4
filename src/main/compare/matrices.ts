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
import type { MeasuredColumns } from '../runs/measured-columns';
import type { ResultsRepository } from '../runs/results-repository';
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

interface Group {
  key: string;
  runs: RunInfo[];
  /** Measured prompt entry -> the group's prompt index (-1: not yet seen), and models alike. */
  promptOf: Int32Array;
  modelOf: Int32Array;
  prompts: MatrixPrompt[];
  promptById: Map<string, number>;
  modelIds: string[];
}

/** Builds the matrices from measured columns (one pass to index prompts and models, one to fill the cells). */
export function matricesFromColumns(runs: readonly RunInfo[], c: MeasuredColumns, opts: MatrixFromRunsOptions): RunMatrix[] {
  const groupBy = opts.groupBy ?? 'device';
  const net = opts.energy === 'net';
  const groups = new Map<string, Group>();
  for (const r of runs) {
    const key = groupBy === 'run' ? r.id : r.serial;
    let g = groups.get(key);
    if (!g) {
      g = { key, runs: [], promptOf: new Int32Array(c.prompts.length).fill(-1), modelOf: new Int32Array(c.models.length).fill(-1), prompts: [], promptById: new Map(), modelIds: [] };
      groups.set(key, g);
    }
    g.runs.push(r);
  }
  const groupOfRun = new Map(runs.map((r) => [r.id, groups.get(groupBy === 'run' ? r.id : r.serial)!]));
  const rowGroup: Array<Group | undefined> = c.runs.map((r) => groupOfRun.get(r.runId));
  for (const g of groups.values()) for (const r of g.runs) for (const m of r.modelIds) if (!g.modelIds.includes(m)) g.modelIds.push(m);
  // The columns in locals: the loops read them per row (no property lookups on the columns object).
  const { run, prompt, model, simulated, ok, correct, latencyMs } = c;
  // Pass 1: the groups' prompts (first appearance, by id: the first text and subject stand) and models.
  for (let i = 0; i < c.length; i++) {
    const g = rowGroup[run[i]!];
    if (!g) continue;
    const pe = prompt[i]!;
    if (g.promptOf[pe] === -1) {
      const p = c.prompts[pe]!;
      let ix = g.promptById.get(p.id);
      if (ix === undefined) {
        ix = g.prompts.push({ id: p.id, text: p.text, subject: subjectOf(p.id, p.subject) }) - 1;
        g.promptById.set(p.id, ix);
      }
      g.promptOf[pe] = ix;
    }
    const me = model[i]!;
    if (g.modelOf[me] === -1) {
      const id = c.models[me]!;
      let ix = g.modelIds.indexOf(id);
      if (ix < 0) ix = g.modelIds.push(id) - 1;
      g.modelOf[me] = ix;
    }
  }
  const out: RunMatrix[] = [];
  const built = new Map<Group, { matrix: MeasuredMatrix; cells: Cells }>();
  for (const g of groups.values()) {
    const models: MatrixModel[] = g.modelIds.map((id) => {
      const size = opts.sizeOf(id);
      if (!(size !== undefined && Number.isFinite(size) && size > 0)) throw new Error(`Model ${id} has no known size (not in the model catalogue); it cannot be compared by size.`);
      return { id, size_mb: size };
    });
    const matrix = createMatrix({ device: g.runs[0]!.serial, prompts: g.prompts, models });
    built.set(g, { matrix, cells: newCells(matrix.nPrompts * matrix.nModels) });
  }
  // Pass 2: the cells.
  const energy = net ? c.netEnergyJ : c.energyJ;
  for (let i = 0; i < c.length; i++) {
    const g = rowGroup[run[i]!];
    if (!g) continue;
    const { matrix, cells } = built.get(g)!;
    const cell = g.promptOf[prompt[i]!]! * matrix.nModels + g.modelOf[model[i]!]!;
    cells.seen[cell] = 1;
    if (simulated[i] === 1) matrix.simulated[cell] = 1;
    if (ok[i] !== 1) continue;
    const k = correct[i]!;
    if (k >= 0) {
      cells.scored[cell]!++;
      if (k === 1) cells.right[cell]!++;
    }
    addValue(cells.lat, latencyMs[i]!, cell);
    addValue(cells.en, energy[i]!, cell);
  }
  for (const g of groups.values()) {
    const { matrix, cells } = built.get(g)!;
    let repeated = 0;
    let split = 0;
    for (let i = 0; i < cells.seen.length; i++) {
      if (cells.seen[i] !== 1) continue;
      const scored = cells.scored[i]!;
      if (scored > 0) {
        const right = cells.right[i]!;
        matrix.correct[i] = right * 2 > scored ? 1 : 0;
        if (scored > 1) repeated++;
        if (right * 2 === scored) split++;
      }
      matrix.latencyMs[i] = valueOf(cells.lat, i);
      matrix.energyJ[i] = valueOf(cells.en, i);
    }
    // A cell nobody measured inherits the group's simulated flag (a virtual phone's missing cell is still virtual).
    if (g.runs.every((r) => r.simulated)) matrix.simulated.fill(1);
    out.push({ key: g.key, device: g.runs[0]!.serial, deviceModel: g.runs[0]!.deviceModel, runIds: g.runs.map((r) => r.id), matrix, repeatedCells: repeated, splitVotes: split });
  }
  return out;
}

/** A cell's values: the first in `one` (the usual cell has one repetition: no array), more in `more`. */
interface Values {
  one: Float64Array;
  count: Int32Array;
  more: Map<number, number[]>;
}

interface Cells {
  seen: Uint8Array;
  right: Int32Array;
  scored: Int32Array;
  lat: Values;
  en: Values;
}

function newValues(n: number): Values {
  return { one: new Float64Array(n).fill(Number.NaN), count: new Int32Array(n), more: new Map() };
}

function newCells(n: number): Cells {
  return { seen: new Uint8Array(n), right: new Int32Array(n), scored: new Int32Array(n), lat: newValues(n), en: newValues(n) };
}

function addValue(v: Values, x: number, cell: number): void {
  if (!Number.isFinite(x)) return;
  const n = v.count[cell]!++;
  if (n === 0) v.one[cell] = x;
  else if (n === 1) v.more.set(cell, [v.one[cell]!, x]);
  else v.more.get(cell)!.push(x);
}

/** One value is its own median; NaN for none. */
function valueOf(v: Values, cell: number): number {
  const n = v.count[cell]!;
  return n === 0 ? Number.NaN : n === 1 ? v.one[cell]! : median(v.more.get(cell)!);
}

/** Where matrices are read from: the runs and their measured rows. */
export interface MatrixSource {
  runs: Pick<RunRepository, 'getRun'>;
  results: Pick<ResultsRepository, 'measuredColumns'>;
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
  return matricesFromColumns(runs, src.results.measuredColumns(runs.map((r) => r.id)), opts);
}
