/**
 * The write side of measuring (repository.ts delegates): a prompt result with the power samples received since the
 * previous commit, in one transaction, the samples packed in the result's row (db/0027, sample-pack.ts) and its
 * question left to the campaign's record when that holds it (db/0028); and readings taken outside a prompt (idle
 * baselines, a run's tail) as power_samples rows. Both record the run's gaps (sample-writer.ts).
 */
import type { Statement, Transaction } from 'better-sqlite3';
import type { NewPromptResult } from './repository';
import { SampleInserter, type StoredSample } from './sample-insert';
import { PROMPT_VALUE_SQL } from './prompt-text';
import { SampleWriter } from './sample-writer';
import type { Db } from '../store/database';
import { sqlFlag as b } from '../store/rows';

export class ResultInserter {
  readonly #rows: SampleInserter;
  readonly #writer: SampleWriter;
  readonly #insertResult: Statement;
  readonly #commitTx: Transaction<(r: NewPromptResult, samples: StoredSample[], createdAt: number) => { id: number; apply: () => void }>;
  readonly #rowsTx: Transaction<(runId: string, runModelId: number | null, samples: StoredSample[], simulated: boolean) => () => void>;

  constructor(db: Db) {
    this.#rows = new SampleInserter(db);
    this.#writer = new SampleWriter(db);
    this.#insertResult = db.prepare(
      `INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
        decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j,
        energy_method, sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled,
        response, extracted, correct, raw_json, simulated, created_at, rep, subject, answer, unparsable, throttle_reason,
        samples, samples_from_ms, samples_to_ms, samples_mark)
       VALUES (?, ?, ?, ?, ${PROMPT_VALUE_SQL}, ${Array.from({ length: 39 }, () => '?').join(', ')})`,
    );
    this.#commitTx = db.transaction((x: NewPromptResult, ss: StoredSample[], at: number) => {
      const { columns: p, apply } = this.#writer.write(x.runId, ss, true);
      const res = this.#insertResult.run(
        x.runId, x.runModelId, x.index, x.promptId, x.promptId, x.prompt, x.runId, x.prompt, b(x.ok), x.error, x.tStartMs, x.tEndMs, x.ttftMs, x.prefillTps, x.decodeTps,
        x.totalMs, x.prefillTokens, x.outputTokens, x.peakRamMb, x.energyJ, x.netEnergyJ, x.avgPowerW, x.energyPerTokenJ,
        x.energy?.method ?? null, x.energy?.sampleHz ?? null, x.energy?.sampleCount ?? null, x.energy?.updates ?? null, x.energy?.resolutionNote ?? null,
        x.tempStartC, x.tempEndC, x.thermalStatus, b(x.throttled), x.response, x.extracted, b(x.correct), x.rawJson, b(x.simulated), at,
        x.rep ?? null, x.subject ?? null, x.answer ?? null, b(x.unparsable), x.throttleReason ?? null,
        p.samples, p.fromMs, p.toMs, p.mark,
      );
      return { id: Number(res.lastInsertRowid), apply };
    });
    this.#rowsTx = db.transaction((runId: string, runModelId: number | null, ss: StoredSample[], simulated: boolean) => {
      const { apply } = this.#writer.write(runId, ss, false);
      this.#rows.insert(runId, runModelId, ss, b(simulated));
      return apply;
    });
  }

  /**
   * IMMEDIATE for a run's first write of readings in this process, which reads the run's latest reading before it
   * writes: a deferred transaction whose snapshot another process overtook is refused the write at once
   * (SQLITE_BUSY_SNAPSHOT, no busy wait). Later ones write first, so SQLite waits for the lock as for any write;
   * they stay deferred (IMMEDIATE for every commit was no faster in bench/campaigns/ingest.ts, within its noise).
   * Inside a campaign's fenced write either is a savepoint.
   */
  #tx<F extends (...args: never[]) => unknown>(tx: Transaction<F>, runId: string, samples: readonly StoredSample[]): Transaction<F>['immediate'] {
    return this.#writer.readsFirst(runId, samples) ? tx.immediate : tx;
  }

  /** The result's id. */
  commit(r: NewPromptResult, samples: StoredSample[], createdAt: number): number {
    const { id, apply } = this.#tx(this.#commitTx, r.runId, samples)(r, samples, createdAt);
    apply();
    return id;
  }

  /** Readings that came with no result, as rows. */
  insertRows(runId: string, runModelId: number | null, samples: StoredSample[], simulated: boolean): void {
    if (samples.length === 0) return;
    this.#tx(this.#rowsTx, runId, samples)(runId, runModelId, samples, simulated)();
  }
}
