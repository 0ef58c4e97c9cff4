-- Result ingest (issue 14): every committed result writes one WAL frame per b-tree it touches (a 4 KB page, two
-- write calls), and prompt_results had four: the table, UNIQUE (run_id, position), the cell index and db/0007's
-- covering index. It keeps two, the table and the cell index (bench/campaigns/ingest.ts):
-- - UNIQUE (run_id, position) goes: a run's order is served by the cell index's run_id prefix and a sort, and the
--   cell index is the uniqueness that matters (a (model, prompt, rep) cell stored once).
-- - db/0007's covering index goes: the models section of a campaign's detail reads the run's measured columns
--   (runs/measured-reader.ts, db/0025), which hold the same columns.
-- - The foreign key run_model_id -> run_models needed an index led by run_model_id (else a run model's deletion
--   scans every result). Triggers keep its guarantees through the cell index instead: a result names a model of
--   its own run (stronger than the key, which allowed another run's model), and a run model's deletion deletes its
--   results. run_id keeps its foreign key (the cell index leads with it).
-- The table is rebuilt (SQLite drops a UNIQUE constraint no other way), ids kept: measured_cache entries stay valid.
ALTER TABLE prompt_results RENAME TO prompt_results_0025;
CREATE TABLE prompt_results (
  id                 INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  run_model_id       INTEGER NOT NULL,
  position           INTEGER NOT NULL,
  prompt_id          TEXT NOT NULL,
  prompt             TEXT NOT NULL,
  ok                 INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error              TEXT,
  t_start_ms         REAL,
  t_end_ms           REAL,
  -- The engine's own figures, copied exactly.
  ttft_ms            REAL,
  prefill_tps        REAL,
  decode_tps         REAL,
  total_ms           REAL,
  prefill_tokens     INTEGER,
  output_tokens      INTEGER,
  peak_ram_mb        REAL,
  energy_j           REAL,
  net_energy_j       REAL,
  avg_power_w        REAL,
  energy_per_token_j REAL,
  energy_method      TEXT CHECK (energy_method IN ('odpm', 'fuel-gauge', 'charge-counter')),
  sample_hz          REAL,
  sample_count       INTEGER,
  meter_updates      INTEGER,
  resolution_note    TEXT,
  temp_start_c       REAL,
  temp_end_c         REAL,
  thermal_status     INTEGER,
  throttled          INTEGER NOT NULL DEFAULT 0 CHECK (throttled IN (0, 1)),
  response           TEXT,
  extracted          TEXT,
  correct            INTEGER CHECK (correct IN (0, 1)),
  -- The runner's result line as received (everything the engine reported), JSON.
  raw_json           TEXT,
  simulated          INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  created_at         INTEGER NOT NULL,
  rep                INTEGER,
  subject            TEXT,
  unparsable         INTEGER CHECK (unparsable IN (0, 1)),
  answer             TEXT,
  throttle_reason    TEXT,
  -- db/0016: a window that spans a meter gap or came out below the idle baseline.
  energy_flag          TEXT,
  energy_flag_reason   TEXT,
  flagged_energy_j     REAL,
  flagged_net_energy_j REAL
);
INSERT INTO prompt_results (id, run_id, run_model_id, position, prompt_id, prompt, ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
  decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j, energy_method,
  sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled, response, extracted, correct,
  raw_json, simulated, created_at, rep, subject, unparsable, answer, throttle_reason, energy_flag, energy_flag_reason, flagged_energy_j,
  flagged_net_energy_j)
SELECT id, run_id, run_model_id, position, prompt_id, prompt, ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
  decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j, energy_method,
  sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled, response, extracted, correct,
  raw_json, simulated, created_at, rep, subject, unparsable, answer, throttle_reason, energy_flag, energy_flag_reason, flagged_energy_j,
  flagged_net_energy_j
FROM prompt_results_0025 ORDER BY id;
-- Its indexes and db/0024's triggers go with it.
DROP TABLE prompt_results_0025;

CREATE UNIQUE INDEX prompt_results_cell ON prompt_results(run_id, run_model_id, prompt_id, rep);
CREATE INDEX prompt_results_energy_flag ON prompt_results(run_model_id, energy_flag) WHERE energy_flag IS NOT NULL;
CREATE TRIGGER prompt_results_changed AFTER UPDATE ON prompt_results BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER prompt_results_deleted AFTER DELETE ON prompt_results BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER prompt_results_run_model BEFORE INSERT ON prompt_results
  WHEN NOT EXISTS (SELECT 1 FROM run_models WHERE id = NEW.run_model_id AND run_id = NEW.run_id)
  BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: prompt_results.run_model_id names no model of the result''s run'); END;
CREATE TRIGGER prompt_results_run_model_changed BEFORE UPDATE OF run_id, run_model_id ON prompt_results
  WHEN NOT EXISTS (SELECT 1 FROM run_models WHERE id = NEW.run_model_id AND run_id = NEW.run_id)
  BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: prompt_results.run_model_id names no model of the result''s run'); END;
CREATE TRIGGER run_models_deleted_results AFTER DELETE ON run_models
  BEGIN DELETE FROM prompt_results WHERE run_id = OLD.run_id AND run_model_id = OLD.id; END;

-- Every in-memory or persisted copy of the measured columns is read again once.
UPDATE store_changes SET n = n + 1 WHERE id = 1;
