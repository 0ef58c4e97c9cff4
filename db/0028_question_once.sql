-- Result ingest (issue 14): a campaign's question is stored once, in campaign_prompts, instead of once per result
-- (a run of 14,042 prompts x 12 models held each question 12 times). Every committed result writes the pages it
-- dirties, and a row's size decides how often a commit splits a page (more WAL frames): without the question (~200
-- bytes of a ~1.3 KB row) the per-result commit ran ~15 % faster (bench/campaigns/ingest.ts). prompt_results.prompt
-- is NULL where the result's campaign holds the same text for its prompt id; a quick run's result, or a text that
-- differs, keeps its own. Readers take the text through runs/prompt-text.ts. For the same reason a result's runner
-- line (raw_json) is stored from now on without the reply it carries, the response column (rows stored before keep
-- theirs).
-- The table is rebuilt (SQLite drops a NOT NULL constraint no other way), ids kept; its indexes and triggers are
-- made again as db/0026 and db/0027 made them. The trigger on run_models that deletes a model's results goes first:
-- the rename would point it at the old table, and the new one is made below.
DROP TRIGGER run_models_deleted_results;
ALTER TABLE prompt_results RENAME TO prompt_results_0027;
CREATE TABLE prompt_results (
  id                 INTEGER PRIMARY KEY,
  run_id             TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  run_model_id       INTEGER NOT NULL,
  position           INTEGER NOT NULL,
  prompt_id          TEXT NOT NULL,
  -- NULL where the run's campaign holds the same text (campaign_prompts.question): read through runs/prompt-text.ts.
  prompt             TEXT,
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
  -- The runner's result line as received (everything the engine reported), JSON; since db/0028 without its reply
  -- text, which is the response column (runner/engine-result.ts storedLine).
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
  flagged_net_energy_j REAL,
  -- db/0027: the power samples packed with the result, their first and last reading's times, the timeline mark.
  samples              BLOB,
  samples_from_ms      REAL,
  samples_to_ms        REAL,
  samples_mark         INTEGER CHECK (samples_mark IS NULL OR samples_mark = 1)
);
INSERT INTO prompt_results (id, run_id, run_model_id, position, prompt_id, prompt, ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
  decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j, energy_method,
  sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled, response, extracted, correct,
  raw_json, simulated, created_at, rep, subject, unparsable, answer, throttle_reason, energy_flag, energy_flag_reason, flagged_energy_j,
  flagged_net_energy_j, samples, samples_from_ms, samples_to_ms, samples_mark)
SELECT id, run_id, run_model_id, position, prompt_id,
  CASE WHEN EXISTS (SELECT 1 FROM runs r JOIN campaign_prompts cp ON cp.campaign_id = r.campaign_id AND cp.prompt_id = o.prompt_id
                    WHERE r.id = o.run_id AND cp.question = o.prompt) THEN NULL ELSE o.prompt END,
  ok, error, t_start_ms, t_end_ms, ttft_ms, prefill_tps,
  decode_tps, total_ms, prefill_tokens, output_tokens, peak_ram_mb, energy_j, net_energy_j, avg_power_w, energy_per_token_j, energy_method,
  sample_hz, sample_count, meter_updates, resolution_note, temp_start_c, temp_end_c, thermal_status, throttled, response, extracted, correct,
  raw_json, simulated, created_at, rep, subject, unparsable, answer, throttle_reason, energy_flag, energy_flag_reason, flagged_energy_j,
  flagged_net_energy_j, samples, samples_from_ms, samples_to_ms, samples_mark
FROM prompt_results_0027 o ORDER BY o.id;
DROP TABLE prompt_results_0027;

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

CREATE INDEX prompt_results_sample_marks ON prompt_results(run_id, samples_from_ms) WHERE samples_mark = 1;

-- Every in-memory or persisted copy of the measured columns is read again once.
UPDATE store_changes SET n = n + 1 WHERE id = 1;
