import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

/** A power sample as stored with a result. */
export interface StoredSample {
  source: 'fuel-gauge' | 'odpm';
  tMs: number;
  rawCurrent?: number | null;
  rawVoltage?: number | null;
  chargeCounter?: number | null;
  tempRaw?: number | null;
  watts?: number | null;
  energyJ?: number | null;
}

/** Samples per multi-row insert (11 parameters each, well under SQLite's limit of 32,766). */
const SAMPLE_CHUNK = 32;

/** A commit's power samples in one multi-row INSERT per chunk (not one statement per sample), rows in order. */
export class SampleInserter {
  /** Prepared statements by row count (1..SAMPLE_CHUNK). */
  readonly #byCount = new Map<number, Statement>();

  constructor(private readonly db: Db) {}

  #statement(n: number): Statement {
    const st =
      this.#byCount.get(n) ??
      this.db.prepare(
        `INSERT INTO power_samples (run_id, run_model_id, source, t_ms, raw_current, raw_voltage, charge_counter, temp_raw, watts, energy_j, simulated)
         VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
    this.#byCount.set(n, st);
    return st;
  }

  insert(runId: string, runModelId: number | null, samples: StoredSample[], simulated: 0 | 1 | null): void {
    for (let at = 0; at < samples.length; at += SAMPLE_CHUNK) {
      const chunk = samples.slice(at, at + SAMPLE_CHUNK);
      const args: Array<string | number | null> = [];
      for (const s of chunk) {
        args.push(runId, runModelId, s.source, s.tMs, s.rawCurrent ?? null, s.rawVoltage ?? null, s.chargeCounter ?? null, s.tempRaw ?? null, s.watts ?? null, s.energyJ ?? null, simulated);
      }
      this.#statement(chunk.length).run(args);
    }
  }
}
