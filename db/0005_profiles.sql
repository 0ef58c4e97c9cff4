-- Router profiles (format aurora-lab-profile v2, profiles/README.md) built from measured runs or imported, and the
-- embeddings the lab computed for them.

CREATE TABLE profiles (
  id                     TEXT PRIMARY KEY,
  name                   TEXT NOT NULL,
  created_at             INTEGER NOT NULL,
  -- The body's format version (2); seed v1 imports are converted to v2 before they are stored.
  format_version         INTEGER NOT NULL,
  source                 TEXT NOT NULL CHECK (source IN ('built', 'imported-v2', 'imported-seed-v1')),
  -- The whole Profile v2 document as serialised (serializeProfileV2), and its checksum (sha256:<hex>).
  body_json              TEXT NOT NULL,
  checksum               TEXT NOT NULL,
  -- Provenance summary, copied from the body for listing without parsing it.
  simulated              INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  k                      INTEGER NOT NULL,
  model_ids_json         TEXT NOT NULL,
  -- 'lexical-hash-v1' or 'external:<model>'; and the vector length.
  embedder               TEXT NOT NULL,
  embedder_dim           INTEGER NOT NULL,
  run_ids_json           TEXT NOT NULL DEFAULT '[]',
  devices_json           TEXT NOT NULL DEFAULT '[]',
  prompt_set_fingerprint TEXT,
  n_prompts              INTEGER,
  seed                   REAL,
  -- 1 for the shipped default profile (profiles/default-virtual.json) imported on first start.
  is_default             INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
);
CREATE INDEX profiles_created ON profiles(created_at);

-- Markers such as 'default-imported' (the shipped default is imported once, never re-imported after a delete).
CREATE TABLE profiles_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Embeddings per (embedder, text): embedder_key is the sha256 of the embedder's identity (for the phone's embed
-- request: runner model id + sha256 of its files + engine + normalisation), text_sha256 the sha256 of the UTF-8
-- text. vector holds dim float32 values, little-endian.
CREATE TABLE embedding_cache (
  embedder_key TEXT NOT NULL,
  text_sha256  TEXT NOT NULL,
  dim          INTEGER NOT NULL,
  vector       BLOB NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (embedder_key, text_sha256)
) WITHOUT ROWID;
