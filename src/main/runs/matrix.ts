/**
 * The measured matrix as rows: one row per stored prompt result (warm-ups are never in prompt_results) of the given
 * runs, Quick profile or campaign device runs alike. The compare and profiles features build their matrices from
 * these rows. Ordered by the runs as given, then the result's position (model by model: a campaign's positions are
 * model x rep x order, a Quick profile has one model).
 * Uses the (run_id, ...) indexes of prompt_results: one indexed range scan per run.
 */
import type { Db } from '../store/database';

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
  /** Repetition (0-based) for campaigns; 0 for a Quick profile. */
  rep: number;
  /** The prompt ran to completion (0: runner error, timeout, crash: no figures, no correctness). */
  ok: 0 | 1;
  /** 1 right, 0 wrong (unparsable replies included), null when not scored (no answer key, or the prompt failed). */
  correct: 0 | 1 | null;
  /** 1 when the reply named no single letter (it also counts as wrong), null when not scored. */
  unparsable: 0 | 1 | null;
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
  simulated: 0 | 1;
}

const SQL = `SELECT p.run_id, r.serial, r.device_model, m.model_id, p.position, p.prompt_id, p.prompt,
    COALESCE(p.subject, CASE WHEN p.prompt_id LIKE 'mmlu/%/%' THEN substr(p.prompt_id, 6, instr(substr(p.prompt_id, 6), '/') - 1) END) AS subject,
    COALESCE(p.rep, 0), p.ok, p.correct, p.unparsable, p.total_ms, p.ttft_ms, p.decode_tps, p.energy_j, p.net_energy_j, p.output_tokens, p.peak_ram_mb, p.energy_method, p.simulated
  FROM prompt_results p JOIN run_models m ON m.id = p.run_model_id JOIN runs r ON r.id = p.run_id
  WHERE p.run_id = ? ORDER BY p.position`;

type Raw = [string, string, string | null, string, number, string, string, string | null, number, 0 | 1, 0 | 1 | null, 0 | 1 | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null, string | null, 0 | 1];

/** Every stored prompt result of `runIds` as matrix rows (see MeasuredRow). Unknown run ids give no rows. */
export function loadMeasuredMatrix(db: Db, runIds: readonly string[]): MeasuredRow[] {
  const st = db.prepare(SQL).raw();
  const out: MeasuredRow[] = [];
  for (const id of runIds) {
    for (const r of st.iterate(id) as IterableIterator<Raw>) {
      out.push({
        runId: r[0],
        serial: r[1],
        deviceModel: r[2],
        modelId: r[3],
        position: r[4],
        promptId: r[5],
        promptText: r[6],
        subject: r[7],
        rep: r[8],
        ok: r[9],
        correct: r[10],
        unparsable: r[11],
        latencyMs: r[12],
        ttftMs: r[13],
        decodeTps: r[14],
        energyJ: r[15],
        netEnergyJ: r[16],
        outputTokens: r[17],
        peakRamMb: r[18],
        energyMethod: r[19],
        simulated: r[20],
      });
    }
  }
  return out;
}
