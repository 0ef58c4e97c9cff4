-- Measured runs: a Quick profile now (kind 'quick'), campaigns later. Every figure carries how it was measured,
-- and everything measured on a virtual phone is flagged simulated = 1.
-- Times: *_at columns are epoch ms (host clock); t_*_ms columns are the phone's boot clock (CLOCK_BOOTTIME) in ms,
-- the clock the runner stamps results and power samples with.

-- Fuel-gauge unit/sign calibrations, per device (and build: an OS update can change the driver).
CREATE TABLE calibrations (
  id               INTEGER PRIMARY KEY,
  serial           TEXT NOT NULL,
  fingerprint      TEXT,
  current_unit     TEXT NOT NULL CHECK (current_unit IN ('uA', 'mA')),
  current_to_amps  REAL NOT NULL,
  discharge_sign   INTEGER NOT NULL CHECK (discharge_sign IN (-1, 1)),
  voltage_unit     TEXT NOT NULL CHECK (voltage_unit IN ('uV', 'mV')),
  voltage_to_volts REAL NOT NULL,
  idle_watts       REAL NOT NULL,
  load_watts       REAL NOT NULL,
  idle_samples     INTEGER NOT NULL,
  load_samples     INTEGER NOT NULL,
  -- What the load window was ('runner-prompt', 'cpu-burn').
  load_source      TEXT NOT NULL,
  simulated        INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  created_at       INTEGER NOT NULL
);
CREATE INDEX calibrations_device ON calibrations(serial, fingerprint, created_at);

CREATE TABLE runs (
  id                   TEXT PRIMARY KEY,
  kind                 TEXT NOT NULL CHECK (kind IN ('quick', 'campaign')),
  status               TEXT NOT NULL CHECK (status IN ('running', 'done', 'partial', 'failed', 'cancelled')),
  created_at           INTEGER NOT NULL,
  finished_at          INTEGER,
  serial               TEXT NOT NULL,
  device_model         TEXT,
  fingerprint          TEXT,
  android_release      TEXT,
  sdk                  INTEGER,
  runner_version       TEXT,
  engine_version       TEXT,
  cactus_api           TEXT,
  -- JSON array of model ids, in run order.
  model_ids_json       TEXT NOT NULL,
  energy_method        TEXT CHECK (energy_method IN ('odpm', 'fuel-gauge', 'charge-counter')),
  sample_hz            REAL,
  -- 'discharging', 'charging:usb', 'charging:ac', 'input-suspended' ...
  charging_state       TEXT,
  screen_state         TEXT,
  battery_level        REAL,
  temp_start_c         REAL,
  thermal_status_start INTEGER,
  simulated            INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  error                TEXT,
  -- The request as given (prompts excluded), and warnings collected on the way (JSON arrays/objects).
  options_json         TEXT,
  warnings_json        TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX runs_serial_created ON runs(serial, created_at);

CREATE TABLE run_models (
  id               INTEGER PRIMARY KEY,
  run_id           TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  model_id         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'partial', 'failed')),
  error            TEXT,
  -- relative path -> sha256 of every deployed file (runner, engine, weights), JSON.
  file_hashes_json TEXT NOT NULL DEFAULT '{}',
  load_ms          REAL,
  rss_mb           REAL,
  t_ready_ms       REAL,
  idle_baseline_w  REAL,
  baseline_from_ms REAL,
  baseline_to_ms   REAL,
  calibration_id   INTEGER REFERENCES calibrations(id),
  -- Energy of the measured window (first prompt start .. last prompt end), gross, with its method.
  energy_j         REAL,
  t_first_ms       REAL,
  t_last_ms        REAL,
  simulated        INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  warnings_json    TEXT NOT NULL DEFAULT '[]',
  started_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  UNIQUE (run_id, position)
);

CREATE TABLE prompt_results (
  id                INTEGER PRIMARY KEY,
  run_id            TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  run_model_id      INTEGER NOT NULL REFERENCES run_models(id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  prompt_id         TEXT NOT NULL,
  prompt            TEXT NOT NULL,
  ok                INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error             TEXT,
  t_start_ms        REAL,
  t_end_ms          REAL,
  -- The engine's own figures, copied exactly.
  ttft_ms           REAL,
  prefill_tps       REAL,
  decode_tps        REAL,
  total_ms          REAL,
  prefill_tokens    INTEGER,
  output_tokens     INTEGER,
  peak_ram_mb       REAL,
  energy_j          REAL,
  net_energy_j      REAL,
  avg_power_w       REAL,
  energy_per_token_j REAL,
  energy_method     TEXT CHECK (energy_method IN ('odpm', 'fuel-gauge', 'charge-counter')),
  sample_hz         REAL,
  sample_count      INTEGER,
  meter_updates     INTEGER,
  resolution_note   TEXT,
  temp_start_c      REAL,
  temp_end_c        REAL,
  thermal_status    INTEGER,
  throttled         INTEGER NOT NULL DEFAULT 0 CHECK (throttled IN (0, 1)),
  response          TEXT,
  extracted         TEXT,
  correct           INTEGER CHECK (correct IN (0, 1)),
  -- The runner's result line as received (everything the engine reported), JSON.
  raw_json          TEXT,
  simulated         INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  created_at        INTEGER NOT NULL,
  UNIQUE (run_id, position)
);
CREATE INDEX prompt_results_model ON prompt_results(run_model_id, position);

-- Every power reading behind the figures: fuel-gauge samples from the runner's sampler (raw integers as read,
-- plus watts once calibrated) and ODPM reads (cumulative energy over all rails).
CREATE TABLE power_samples (
  id              INTEGER PRIMARY KEY,
  run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  run_model_id    INTEGER REFERENCES run_models(id) ON DELETE CASCADE,
  source          TEXT NOT NULL CHECK (source IN ('fuel-gauge', 'odpm')),
  t_ms            REAL NOT NULL,
  raw_current     REAL,
  raw_voltage     REAL,
  charge_counter  REAL,
  temp_raw        REAL,
  watts           REAL,
  -- ODPM: cumulative energy of all rails, joules.
  energy_j        REAL,
  simulated       INTEGER NOT NULL CHECK (simulated IN (0, 1))
);
CREATE INDEX power_samples_run_t ON power_samples(run_id, t_ms);

CREATE TABLE thermal_samples (
  id              INTEGER PRIMARY KEY,
  run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  at              INTEGER NOT NULL,
  t_ms            REAL,
  battery_temp_c  REAL,
  skin_temp_c     REAL,
  thermal_status  INTEGER,
  -- max over CPUs of scaling_cur_freq / scaling_max_freq at the reading.
  cpu_freq_ratio  REAL,
  simulated       INTEGER NOT NULL CHECK (simulated IN (0, 1))
);
CREATE INDEX thermal_samples_run ON thermal_samples(run_id, at);
