-- Profiling campaigns: devices x models x a sampled prompt set x repetitions.
-- A campaign is one `campaigns` row (the plan and its status) and one `runs` row per device (kind 'campaign',
-- runs.campaign_id), each with one run_models row per model (created up front, 'pending'). Prompt results, power
-- and thermal samples hang off the device runs exactly as for a Quick profile, so every run-level query works on
-- both. The selected prompts are stored (campaign_prompts) with the seed: the plan (which prompt, which model, which
-- repetition, in which order) is a pure function of them, so `resume` knows exactly what is left.

CREATE TABLE campaigns (
  id                       TEXT PRIMARY KEY,
  -- 'interrupted': the lab process that ran it died (kill -9, crash, power cut); `resume` continues it.
  status                   TEXT NOT NULL CHECK (status IN ('running', 'done', 'partial', 'failed', 'cancelled', 'interrupted')),
  created_at               INTEGER NOT NULL,
  -- Last time a process started or resumed it, and when it ended (epoch ms).
  started_at               INTEGER NOT NULL,
  finished_at              INTEGER,
  -- The data set as asked for ('starter', 'mmlu', a path) and what was loaded.
  dataset                  TEXT NOT NULL,
  set_name                 TEXT NOT NULL,
  set_fingerprint          TEXT NOT NULL,
  selection_fingerprint    TEXT NOT NULL,
  fingerprint_version      TEXT NOT NULL,
  prompt_template_version  TEXT NOT NULL,
  set_size                 INTEGER NOT NULL,
  n                        INTEGER NOT NULL,
  reps                     INTEGER NOT NULL,
  seed                     TEXT NOT NULL,
  warmup                   INTEGER NOT NULL,
  serials_json             TEXT NOT NULL,
  model_ids_json           TEXT NOT NULL,
  -- The validated request (everything needed to run it again), JSON.
  options_json             TEXT NOT NULL,
  -- Planned prompt results: devices x models x n x reps.
  total                    INTEGER NOT NULL,
  simulated                INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  error                    TEXT,
  -- Ownership: the lab process running it, and its heartbeat (epoch ms). A run whose owner is gone is interrupted.
  owner_pid                INTEGER,
  owner_host               TEXT,
  heartbeat_at             INTEGER
);
CREATE INDEX campaigns_created ON campaigns(created_at);
CREATE INDEX campaigns_status ON campaigns(status);

-- The selected prompts, in selection order (idx). Repetition r runs them in repetitionOrder(items, seed, r).
CREATE TABLE campaign_prompts (
  campaign_id   TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  prompt_id     TEXT NOT NULL,
  subject       TEXT NOT NULL,
  question      TEXT NOT NULL,
  choices_json  TEXT,
  answer        TEXT CHECK (answer IN ('A', 'B', 'C', 'D')),
  source_file   TEXT,
  source_line   INTEGER,
  PRIMARY KEY (campaign_id, idx),
  UNIQUE (campaign_id, prompt_id)
);

ALTER TABLE runs ADD COLUMN campaign_id TEXT REFERENCES campaigns(id) ON DELETE CASCADE;
CREATE INDEX runs_campaign ON runs(campaign_id);

-- Campaign prompt results carry their repetition and subject; unparsable replies are counted apart (they are
-- also wrong: correct = 0).
ALTER TABLE prompt_results ADD COLUMN rep INTEGER;
ALTER TABLE prompt_results ADD COLUMN subject TEXT;
ALTER TABLE prompt_results ADD COLUMN unparsable INTEGER CHECK (unparsable IN (0, 1));
ALTER TABLE prompt_results ADD COLUMN answer TEXT;
-- Nothing duplicated: one result per (run, model, prompt, repetition). run_model_id is unique per (run, model).
-- Quick-profile rows have rep NULL and are not constrained by it (their key is (run_id, position)).
CREATE UNIQUE INDEX prompt_results_cell ON prompt_results(run_id, run_model_id, prompt_id, rep);

-- Warm-up prompts (discarded from every figure, kept for the record and the timeline).
CREATE TABLE warmup_results (
  id            INTEGER PRIMARY KEY,
  run_id        TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  run_model_id  INTEGER NOT NULL REFERENCES run_models(id) ON DELETE CASCADE,
  k             INTEGER NOT NULL,
  ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error         TEXT,
  t_start_ms    REAL,
  t_end_ms      REAL,
  ttft_ms       REAL,
  total_ms      REAL,
  output_tokens INTEGER,
  created_at    INTEGER NOT NULL
);
CREATE INDEX warmup_results_run ON warmup_results(run_id);

