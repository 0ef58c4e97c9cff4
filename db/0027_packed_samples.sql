-- Result ingest (issue 14): the power samples committed with a prompt result go in the result's own row, packed
-- (runs/sample-pack.ts), instead of a power_samples row each. Every committed result wrote one WAL frame per
-- b-tree it touched, and each sample row touched two more (the table and its (run_id, t_ms) index) than the result
-- itself (bench/campaigns/ingest.ts). power_samples keeps the readings taken outside a prompt (idle baselines, the
-- tail of a run) and every reading stored before this version; readers merge the two (runs/packed-samples.ts).
ALTER TABLE prompt_results ADD COLUMN samples BLOB;
-- The first and last reading's times of the pack.
ALTER TABLE prompt_results ADD COLUMN samples_from_ms REAL;
ALTER TABLE prompt_results ADD COLUMN samples_to_ms REAL;
-- 1 on the run's first pack and then on one about every PACK_MARK_SPACING_MS of readings: a run's readings are
-- found by time through these marks (a partial index: a result without a mark writes nothing to it).
ALTER TABLE prompt_results ADD COLUMN samples_mark INTEGER CHECK (samples_mark IS NULL OR samples_mark = 1);
CREATE INDEX prompt_results_sample_marks ON prompt_results(run_id, samples_from_ms) WHERE samples_mark = 1;

-- Every stretch without a reading longer than GAP_MIN_MS in a run (any source, packed or not), recorded as the
-- readings are stored: the timeline's gaps for a run with packed readings, without reading them all.
CREATE TABLE power_sample_gaps (
  run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  from_ms REAL NOT NULL,
  to_ms   REAL NOT NULL,
  PRIMARY KEY (run_id, from_ms)
) WITHOUT ROWID;
