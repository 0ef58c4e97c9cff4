-- Replies of the LLM routers (the Claude and Gemini baselines), so re-running a comparison costs no API calls.
-- One row per (provider, model, prompt template version, hash of the rendered prompt). The raw reply text is kept
-- (it is parsed on read, so a parser fix applies to cached replies). Keys are never stored here.
CREATE TABLE llm_reply_cache (
  provider          TEXT NOT NULL,
  model             TEXT NOT NULL,
  template_version  TEXT NOT NULL,
  -- sha256 hex of the rendered system prompt + NUL + user message (model list included)
  prompt_hash       TEXT NOT NULL,
  reply_text        TEXT NOT NULL,
  input_tokens      INTEGER NOT NULL,
  output_tokens     INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  PRIMARY KEY (provider, model, template_version, prompt_hash)
) WITHOUT ROWID;

-- Each prompt template verbatim, by version, so a cached reply can always be traced to the exact prompt.
CREATE TABLE llm_prompt_templates (
  template_version  TEXT PRIMARY KEY,
  template_text     TEXT NOT NULL,
  created_at        INTEGER NOT NULL
);
