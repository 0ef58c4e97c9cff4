/**
 * Measured rows as columns: one typed array per figure and small tables for the strings (runs, model ids, prompts,
 * energy methods), so 168k stored results are ~13 MB of typed arrays and 14k prompt objects instead of 168k row
 * objects with 21 fields each. What the comparison's matrices (compare/matrices.ts) and router profiles' training
 * matrix (profiles/measured.ts) read. A missing figure is NaN (SQLite stores no NaN: a REAL NaN is stored NULL),
 * a missing flag -1.
 */
/** One stored prompt result as a matrix row. */
export interface MeasuredRow {
  runId: string;
  /** Device serial the result was measured on. */
  serial: string;
  deviceModel: string | null;
  modelId: string;
  /** Position of the result in its run (campaigns: model x rep x order). */
  position: number;
  promptId: string;
  promptText: string;
  /** Subject (campaign rows; MMLU ids otherwise give it), else null. */
  subject: string | null;
  /** Repetition (0-based) for campaigns; 0 for a quick run. */
  rep: number;
  /** The prompt ran to completion (false: runner error, timeout, crash: no figures, no correctness). */
  ok: boolean;
  /** Right or wrong (unparsable replies count as wrong), null when not scored (no answer key, or the prompt failed). */
  correct: boolean | null;
  /** The reply named no single letter (it also counts as wrong), null when not scored. */
  unparsable: boolean | null;
  /** The engine's total time for the prompt (ms). */
  latencyMs: number | null;
  ttftMs: number | null;
  decodeTps: number | null;
  /** Gross energy of the prompt's window (J), and net of the idle baseline. */
  energyJ: number | null;
  netEnergyJ: number | null;
  outputTokens: number | null;
  /** The engine's peak RAM for the prompt (MB). */
  peakRamMb: number | null;
  /** The meter behind the energy figures (odpm, fuel-gauge, charge-counter). */
  energyMethod: string | null;
  simulated: boolean;
}

/** A prompt as stored: rows with the same id, text and subject share one entry. */
export interface MeasuredPromptRef {
  id: string;
  text: string;
  /** Subject (campaign rows; MMLU ids otherwise give it), else null. */
  subject: string | null;
}

export interface MeasuredRunRef {
  runId: string;
  serial: string;
  deviceModel: string | null;
}

export interface MeasuredColumns {
  length: number;
  runs: readonly MeasuredRunRef[];
  models: readonly string[];
  prompts: readonly MeasuredPromptRef[];
  energyMethods: readonly string[];
  /** Index into runs, models, prompts; energyMethod into energyMethods (-1: none). */
  run: Int32Array;
  model: Int32Array;
  prompt: Int32Array;
  energyMethod: Int32Array;
  position: Float64Array;
  rep: Float64Array;
  ok: Uint8Array;
  /** 1 / 0, -1 when not scored. */
  correct: Int8Array;
  unparsable: Int8Array;
  simulated: Uint8Array;
  latencyMs: Float64Array;
  ttftMs: Float64Array;
  decodeTps: Float64Array;
  energyJ: Float64Array;
  netEnergyJ: Float64Array;
  outputTokens: Float64Array;
  peakRamMb: Float64Array;
}

const INTS = ['run', 'model', 'prompt', 'energyMethod'] as const;
const FLOATS = ['position', 'rep', 'latencyMs', 'ttftMs', 'decodeTps', 'energyJ', 'netEnergyJ', 'outputTokens', 'peakRamMb'] as const;
const FLAGS = ['ok', 'simulated'] as const;
const TRISTATE = ['correct', 'unparsable'] as const;
type FloatColumn = (typeof FLOATS)[number];

/** Appends rows column by column (typed arrays grown by doubling), interning the strings. */
export class ColumnsBuilder {
  length = 0;
  #cap: number;
  readonly runs: MeasuredRunRef[] = [];
  readonly models: string[] = [];
  readonly prompts: MeasuredPromptRef[] = [];
  readonly energyMethods: string[] = [];
  readonly #modelIndex = new Map<string, number>();
  /** Prompt entries by id (usually one; more when the same id was stored with another text or subject). */
  readonly #promptIndex = new Map<string, number[]>();
  readonly #methodIndex = new Map<string, number>();
  c: Omit<MeasuredColumns, 'length' | 'runs' | 'models' | 'prompts' | 'energyMethods'>;

  constructor(capacity = 1024) {
    this.#cap = Math.max(16, capacity);
    this.c = ColumnsBuilder.#alloc(this.#cap);
  }

  /** A builder holding `c`'s rows (one run's), to append more rows of the same run. */
  static from(c: MeasuredColumns, extra: number): ColumnsBuilder {
    const b = new ColumnsBuilder(c.length + extra);
    for (const r of c.runs) b.addRun(r);
    const models = c.models.map((m) => b.model(m));
    const prompts = c.prompts.map((p) => b.prompt(p.id, p.text, p.subject));
    const methods = c.energyMethods.map((m) => b.method(m));
    // The tables are re-interned in their order, so every index stays what it was.
    if (models.some((m, i) => m !== i) || prompts.some((p, i) => p !== i) || methods.some((m, i) => m !== i)) throw new Error('measured columns with repeated table entries');
    for (const k of Object.keys(b.c) as Array<keyof ColumnsBuilder['c']>) (b.c[k] as Int32Array).set(c[k] as Int32Array);
    b.length = c.length;
    return b;
  }

  static #alloc(n: number): ColumnsBuilder['c'] {
    const ints = Object.fromEntries(INTS.map((k) => [k, new Int32Array(n)])) as Record<(typeof INTS)[number], Int32Array>;
    const floats = Object.fromEntries(FLOATS.map((k) => [k, new Float64Array(n)])) as Record<FloatColumn, Float64Array>;
    const flags = Object.fromEntries(FLAGS.map((k) => [k, new Uint8Array(n)])) as Record<(typeof FLAGS)[number], Uint8Array>;
    const tri = Object.fromEntries(TRISTATE.map((k) => [k, new Int8Array(n)])) as Record<(typeof TRISTATE)[number], Int8Array>;
    return { ...ints, ...floats, ...flags, ...tri };
  }

  /** Room for one more row; returns its index. */
  next(): number {
    if (this.length === this.#cap) {
      this.#cap *= 2;
      const grown = ColumnsBuilder.#alloc(this.#cap);
      for (const k of Object.keys(grown) as Array<keyof ColumnsBuilder['c']>) (grown[k] as Int32Array).set(this.c[k] as Int32Array);
      this.c = grown;
    }
    return this.length++;
  }

  addRun(r: MeasuredRunRef): number {
    this.runs.push(r);
    return this.runs.length - 1;
  }

  model(id: string): number {
    let i = this.#modelIndex.get(id);
    if (i === undefined) this.#modelIndex.set(id, (i = this.models.push(id) - 1));
    return i;
  }

  method(m: string | null): number {
    if (m === null) return -1;
    let i = this.#methodIndex.get(m);
    if (i === undefined) this.#methodIndex.set(m, (i = this.energyMethods.push(m) - 1));
    return i;
  }

  prompt(id: string, text: string, subject: string | null): number {
    const list = this.#promptIndex.get(id);
    if (list) {
      for (const i of list) {
        const p = this.prompts[i]!;
        if (p.text === text && p.subject === subject) return i;
      }
    }
    const i = this.prompts.push({ id, text, subject }) - 1;
    if (list) list.push(i);
    else this.#promptIndex.set(id, [i]);
    return i;
  }

  build(): MeasuredColumns {
    const n = this.length;
    const c = Object.fromEntries(Object.entries(this.c).map(([k, v]) => [k, (v as Int32Array).slice(0, n)])) as unknown as ColumnsBuilder['c'];
    return { length: n, runs: this.runs, models: this.models, prompts: this.prompts, energyMethods: this.energyMethods, ...c };
  }
}

const nan = (v: number | null): number => (v === null ? Number.NaN : v);
const tri = (v: boolean | null): number => (v === null ? -1 : v ? 1 : 0);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const triOf = (v: number): boolean | null => (v < 0 ? null : v === 1);

/** Rows (tests, other loaders) as columns; runs appear in the order their first row does. */
export function columnsOfRows(rows: readonly MeasuredRow[]): MeasuredColumns {
  const b = new ColumnsBuilder(rows.length);
  const runIndex = new Map<string, number>();
  for (const r of rows) {
    let run = runIndex.get(r.runId);
    if (run === undefined) runIndex.set(r.runId, (run = b.addRun({ runId: r.runId, serial: r.serial, deviceModel: r.deviceModel })));
    const i = b.next();
    const c = b.c;
    c.run[i] = run;
    c.model[i] = b.model(r.modelId);
    c.prompt[i] = b.prompt(r.promptId, r.promptText, r.subject);
    c.energyMethod[i] = b.method(r.energyMethod);
    c.position[i] = r.position;
    c.rep[i] = r.rep;
    c.ok[i] = r.ok ? 1 : 0;
    c.correct[i] = tri(r.correct);
    c.unparsable[i] = tri(r.unparsable);
    c.simulated[i] = r.simulated ? 1 : 0;
    c.latencyMs[i] = nan(r.latencyMs);
    c.ttftMs[i] = nan(r.ttftMs);
    c.decodeTps[i] = nan(r.decodeTps);
    c.energyJ[i] = nan(r.energyJ);
    c.netEnergyJ[i] = nan(r.netEnergyJ);
    c.outputTokens[i] = nan(r.outputTokens);
    c.peakRamMb[i] = nan(r.peakRamMb);
  }
  return b.build();
}

/** Columns as row objects (exports, tests, callers that want one object per result). */
export function rowsOfColumns(c: MeasuredColumns): MeasuredRow[] {
  const out: MeasuredRow[] = new Array<MeasuredRow>(c.length);
  for (let i = 0; i < c.length; i++) {
    const run = c.runs[c.run[i]!]!;
    const p = c.prompts[c.prompt[i]!]!;
    const m = c.energyMethod[i]!;
    out[i] = {
      runId: run.runId,
      serial: run.serial,
      deviceModel: run.deviceModel,
      modelId: c.models[c.model[i]!]!,
      position: c.position[i]!,
      promptId: p.id,
      promptText: p.text,
      subject: p.subject,
      rep: c.rep[i]!,
      ok: c.ok[i] === 1,
      correct: triOf(c.correct[i]!),
      unparsable: triOf(c.unparsable[i]!),
      latencyMs: orNull(c.latencyMs[i]!),
      ttftMs: orNull(c.ttftMs[i]!),
      decodeTps: orNull(c.decodeTps[i]!),
      energyJ: orNull(c.energyJ[i]!),
      netEnergyJ: orNull(c.netEnergyJ[i]!),
      outputTokens: orNull(c.outputTokens[i]!),
      peakRamMb: orNull(c.peakRamMb[i]!),
      energyMethod: m < 0 ? null : c.energyMethods[m]!,
      simulated: c.simulated[i] === 1,
    };
  }
  return out;
}

/**
 * Several runs' columns as one, in the order given (the string tables merged, indices remapped). Each part is one run's
 * rows; its serial and device model are `run` (read fresh: they are not part of what is cached).
 */
export function concatColumns(parts: ReadonlyArray<{ columns: MeasuredColumns; run: MeasuredRunRef }>): MeasuredColumns {
  if (parts.length === 1 && parts[0]!.columns.runs.length === 1) return { ...parts[0]!.columns, runs: [parts[0]!.run] };
  const total = parts.reduce((n, p) => n + p.columns.length, 0);
  const b = new ColumnsBuilder(total);
  for (const { columns: c, run } of parts) {
    const at = b.length;
    for (let i = 0; i < c.length; i++) b.next();
    const runIx = b.addRun(run);
    const models = Int32Array.from(c.models, (m) => b.model(m));
    const prompts = Int32Array.from(c.prompts, (p) => b.prompt(p.id, p.text, p.subject));
    const methods = Int32Array.from(c.energyMethods, (m) => b.method(m));
    const d = b.c;
    for (let i = 0; i < c.length; i++) {
      const j = at + i;
      d.run[j] = runIx;
      d.model[j] = models[c.model[i]!]!;
      d.prompt[j] = prompts[c.prompt[i]!]!;
      const m = c.energyMethod[i]!;
      d.energyMethod[j] = m < 0 ? -1 : methods[m]!;
    }
    for (const k of [...FLOATS, ...FLAGS, ...TRISTATE]) (d[k] as Float64Array).set(c[k] as Float64Array, at);
  }
  return b.build();
}
