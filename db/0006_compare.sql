-- Strategy comparisons on measured runs (src/main/compare). The result (table, Pareto data, breakdowns, notes) is
-- stored whole as JSON, as the API returns it, so the Compare page and the CSV export read it back unchanged.
-- No API key is ever stored here (keys live in the encrypted key store or the environment).
CREATE TABLE comparisons (
  id               TEXT PRIMARY KEY,
  created_at       INTEGER NOT NULL,
  -- JSON array of the run ids compared, in the order given.
  run_ids_json     TEXT NOT NULL,
  cost_metric      TEXT NOT NULL CHECK (cost_metric IN ('size', 'latency', 'energy')),
  -- JSON array of the strategy families included.
  strategies_json  TEXT NOT NULL,
  -- 'all' when every cell came from virtual phones, 'some', 'none'.
  simulated        TEXT NOT NULL CHECK (simulated IN ('none', 'some', 'all')),
  result_json      TEXT NOT NULL
);
CREATE INDEX comparisons_created ON comparisons(created_at);
