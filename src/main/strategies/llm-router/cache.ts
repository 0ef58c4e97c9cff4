/**
 * Cache of LLM router replies keyed by (provider, model, template version, prompt hash). The SQLite implementation
 * uses the `llm_reply_cache` / `llm_prompt_templates` tables of db/0002_llm_cache.sql (the lab database, opened with
 * its real migrations); the in-memory one is for tests and one-off runs.
 */
import type { Db } from '../../store/database';

export interface LlmCacheKey {
  provider: string;
  model: string;
  templateVersion: string;
  promptHash: string;
}

export interface LlmCachedReply {
  text: string;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
}

export interface LlmReplyCache {
  get(key: LlmCacheKey): LlmCachedReply | undefined | Promise<LlmCachedReply | undefined>;
  put(key: LlmCacheKey, value: LlmCachedReply): void | Promise<void>;
  /** Stores a template verbatim under its version (optional). */
  putTemplate?(version: string, text: string): void | Promise<void>;
}

export function cacheKeyString(k: LlmCacheKey): string {
  return JSON.stringify([k.provider, k.model, k.templateVersion, k.promptHash]);
}

export class MemoryLlmReplyCache implements LlmReplyCache {
  readonly entries = new Map<string, LlmCachedReply>();
  readonly templates = new Map<string, string>();
  get(key: LlmCacheKey): LlmCachedReply | undefined {
    return this.entries.get(cacheKeyString(key));
  }
  put(key: LlmCacheKey, value: LlmCachedReply): void {
    this.entries.set(cacheKeyString(key), value);
  }
  putTemplate(version: string, text: string): void {
    this.templates.set(version, text);
  }
}

interface Row {
  reply_text: string;
  input_tokens: number;
  output_tokens: number;
  created_at: number;
}

export class SqliteLlmReplyCache implements LlmReplyCache {
  private readonly select;
  private readonly insert;
  private readonly insertTemplate;

  constructor(private readonly db: Db) {
    this.select = db.prepare('SELECT reply_text, input_tokens, output_tokens, created_at FROM llm_reply_cache WHERE provider = ? AND model = ? AND template_version = ? AND prompt_hash = ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO llm_reply_cache (provider, model, template_version, prompt_hash, reply_text, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertTemplate = db.prepare('INSERT OR IGNORE INTO llm_prompt_templates (template_version, template_text, created_at) VALUES (?, ?, ?)');
  }

  get(key: LlmCacheKey): LlmCachedReply | undefined {
    const row = this.select.get(key.provider, key.model, key.templateVersion, key.promptHash) as Row | undefined;
    return row ? { text: row.reply_text, inputTokens: row.input_tokens, outputTokens: row.output_tokens, createdAt: row.created_at } : undefined;
  }

  put(key: LlmCacheKey, value: LlmCachedReply): void {
    this.insert.run(key.provider, key.model, key.templateVersion, key.promptHash, value.text, value.inputTokens, value.outputTokens, value.createdAt);
  }

  putTemplate(version: string, text: string): void {
    this.insertTemplate.run(version, text, Date.now());
  }

  /** The stored template text of a version, if any. */
  template(version: string): string | undefined {
    return (this.db.prepare('SELECT template_text FROM llm_prompt_templates WHERE template_version = ?').pluck().get(version) as string | undefined) ?? undefined;
  }
}
