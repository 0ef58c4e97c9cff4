-- Each run's measured columns persisted (runs/measured-reader.ts, runs/measured-blob.ts): what a fresh process
-- (a CLI compare, build-profile) would otherwise read row by row from prompt_results, as one BLOB. A cache: valid
-- under the rule of the in-memory copy (changes equal to store_changes.n; results with ids above max_id are read
-- and appended), else read again and overwritten. Its own writes are on this table only, so db/0024's triggers
-- (on prompt_results and run_models) never count them. max_id, changes and row_count sit before the BLOB so that
-- checking an entry does not read the BLOB's pages.
CREATE TABLE measured_cache (
  run_id     TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  max_id     INTEGER NOT NULL,
  changes    INTEGER NOT NULL,
  row_count  INTEGER NOT NULL,
  written_at INTEGER NOT NULL,
  data       BLOB NOT NULL
);
