-- Each run's measured columns persisted (runs/measured-reader.ts, runs/measured-blob.ts): what a fresh process
-- (a CLI compare, build-profile) would otherwise read row by row from prompt_results, as one BLOB. A cache: valid
-- under the rule of the in-memory copy (changes equal to store_changes.n; results with ids above max_id are read
-- and appended), else read again and overwritten. Its writes are on these tables only, so db/0024's triggers (on
-- prompt_results and run_models) never count them.
CREATE TABLE measured_cache (
  run_id     TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  max_id     INTEGER NOT NULL,
  changes    INTEGER NOT NULL,
  row_count  INTEGER NOT NULL,
  written_at INTEGER NOT NULL
);
-- The BLOB in a table of its own: checking an entry reads none of its pages, and moving max_id on (no result of
-- the run added since) rewrites one small row, not the BLOB.
CREATE TABLE measured_cache_data (
  run_id TEXT PRIMARY KEY REFERENCES measured_cache(run_id) ON DELETE CASCADE,
  data   BLOB NOT NULL
);
