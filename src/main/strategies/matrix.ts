/**
 * The measured matrix: prompts x models on ONE device, one cell per (prompt, model) holding what a run measured:
 * whether the answer was correct, the total latency and the energy spent on that prompt. Every strategy is scored
 * from these cells and nothing else.
 *
 * Storage is flat typed arrays in row-major order (cell = prompt * nModels + model), so 14,042 x 12 cells take
 * ~470 kB per numeric column and a strategy is scored in one pass.
 * Missing values: `correct` = -1, `latencyMs` / `energyJ` = NaN. `simulated` = 1 marks a cell that did not come
 * from a physical phone (virtual phone, synthetic data): reports carry that flag forward.
 */

export interface MatrixPrompt {
  id: string;
  text: string;
  subject: string;
  /** Cluster of the prompt in some router profile, when known. */
  cluster?: number;
}

export interface MatrixModel {
  id: string;
  size_mb: number;
}

export interface MeasuredMatrix {
  /** Device the cells were measured on (serial or name). */
  device: string;
  prompts: readonly MatrixPrompt[];
  models: readonly MatrixModel[];
  nPrompts: number;
  nModels: number;
  /** 1 correct, 0 wrong, -1 missing. */
  correct: Int8Array;
  /** Total latency of the prompt in ms; NaN when missing. */
  latencyMs: Float64Array;
  /** Energy per prompt in joules; NaN when missing (e.g. the phone has no energy meter). */
  energyJ: Float64Array;
  /** 1 when the cell is simulated (virtual phone, synthetic), 0 when measured on a physical phone. */
  simulated: Uint8Array;
}

export interface CellValue {
  correct: 0 | 1 | boolean | null;
  latency_ms?: number | null;
  energy_j?: number | null;
  simulated?: boolean;
}

export interface CreateMatrixInput {
  device: string;
  prompts: readonly MatrixPrompt[];
  models: readonly MatrixModel[];
}

/** An empty matrix (every cell missing). */
export function createMatrix(input: CreateMatrixInput): MeasuredMatrix {
  const nPrompts = input.prompts.length;
  const nModels = input.models.length;
  if (nModels === 0) throw new Error('A measured matrix needs at least one model');
  const seen = new Set<string>();
  for (const m of input.models) {
    if (seen.has(m.id)) throw new Error(`Duplicate model id in the matrix: ${m.id}`);
    seen.add(m.id);
    if (!(Number.isFinite(m.size_mb) && m.size_mb > 0)) throw new Error(`Model ${m.id} has an invalid size_mb: ${m.size_mb}`);
  }
  const cells = nPrompts * nModels;
  return {
    device: input.device,
    prompts: input.prompts,
    models: input.models,
    nPrompts,
    nModels,
    correct: new Int8Array(cells).fill(-1),
    latencyMs: new Float64Array(cells).fill(Number.NaN),
    energyJ: new Float64Array(cells).fill(Number.NaN),
    simulated: new Uint8Array(cells),
  };
}

export function cellIndex(matrix: MeasuredMatrix, prompt: number, model: number): number {
  if (prompt < 0 || prompt >= matrix.nPrompts || model < 0 || model >= matrix.nModels || !Number.isInteger(prompt) || !Number.isInteger(model)) {
    throw new RangeError(`Cell (${prompt}, ${model}) is outside the ${matrix.nPrompts} x ${matrix.nModels} matrix`);
  }
  return prompt * matrix.nModels + model;
}

export function setCell(matrix: MeasuredMatrix, prompt: number, model: number, value: CellValue): void {
  const i = cellIndex(matrix, prompt, model);
  matrix.correct[i] = value.correct === null ? -1 : value.correct === true || value.correct === 1 ? 1 : 0;
  matrix.latencyMs[i] = value.latency_ms ?? Number.NaN;
  matrix.energyJ[i] = value.energy_j ?? Number.NaN;
  matrix.simulated[i] = value.simulated ? 1 : 0;
}

export interface CellView {
  correct: 0 | 1 | null;
  latency_ms: number | null;
  energy_j: number | null;
  simulated: boolean;
}

export function getCell(matrix: MeasuredMatrix, prompt: number, model: number): CellView {
  const i = cellIndex(matrix, prompt, model);
  const c = matrix.correct[i] ?? -1;
  const l = matrix.latencyMs[i] ?? Number.NaN;
  const e = matrix.energyJ[i] ?? Number.NaN;
  return { correct: c < 0 ? null : (c as 0 | 1), latency_ms: Number.isNaN(l) ? null : l, energy_j: Number.isNaN(e) ? null : e, simulated: matrix.simulated[i] === 1 };
}

export function modelIndex(matrix: MeasuredMatrix, id: string): number {
  const i = matrix.models.findIndex((m) => m.id === id);
  if (i < 0) throw new Error(`Model ${id} is not in the matrix (models: ${matrix.models.map((m) => m.id).join(', ')})`);
  return i;
}

/** Largest model by size; ties go to the first in the matrix's model order. */
export function largestModel(matrix: MeasuredMatrix): number {
  let best = 0;
  matrix.models.forEach((m, i) => {
    if (m.size_mb > (matrix.models[best]?.size_mb ?? -Infinity)) best = i;
  });
  return best;
}

/** Smallest model by size; ties go to the first in the matrix's model order. */
export function smallestModel(matrix: MeasuredMatrix): number {
  let best = 0;
  matrix.models.forEach((m, i) => {
    if (m.size_mb < (matrix.models[best]?.size_mb ?? Infinity)) best = i;
  });
  return best;
}

/** Model sizes as a typed array, in matrix order. */
export function modelSizes(matrix: MeasuredMatrix): Float64Array {
  return Float64Array.from(matrix.models, (m) => m.size_mb);
}

export interface MatrixSummary {
  cells: number;
  measuredCells: number;
  missingCells: number;
  simulatedCells: number;
  cellsWithLatency: number;
  cellsWithEnergy: number;
}

export function summarizeMatrix(matrix: MeasuredMatrix): MatrixSummary {
  let measured = 0;
  let simulated = 0;
  let lat = 0;
  let en = 0;
  const n = matrix.correct.length;
  for (let i = 0; i < n; i++) {
    if ((matrix.correct[i] ?? -1) >= 0) measured++;
    if (matrix.simulated[i] === 1) simulated++;
    if (!Number.isNaN(matrix.latencyMs[i] ?? Number.NaN)) lat++;
    if (!Number.isNaN(matrix.energyJ[i] ?? Number.NaN)) en++;
  }
  return { cells: n, measuredCells: measured, missingCells: n - measured, simulatedCells: simulated, cellsWithLatency: lat, cellsWithEnergy: en };
}
