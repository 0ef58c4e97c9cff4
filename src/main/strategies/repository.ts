/**
 * The strategies' storage: LLM router replies and their prompt templates (db/0002_llm_cache.sql), so a re-run
 * of a comparison makes no API calls for prompts already routed.
 */
import type { Db } from '../store/database';
import { rowOrNull, str } from '../store/rows';
import type { LlmCacheKey, LlmCachedReply, LlmReplyCache } from './llm-router/cache';

export class LlmReplyRepository implements LlmReplyCache {
  readonly #select;
  readonly #insert;
  readonly #insertTemplate;
  readonly #template;

  constructor(db: Db) {
    this.#select = db.prepare('SELECT reply_text, input_tokens, output_tokens, created_at FROM llm_reply_cache WHERE provider = ? AND model = ? AND template_version = ? AND prompt_hash = ?');
    this.#insert = db.prepare(
      'INSERT OR REPLACE INTO llm_reply_cache (provider, model, template_version, prompt_hash, reply_text, input_tokens, output_tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#insertTemplate = db.prepare('INSERT OR IGNORE INTO llm_prompt_templates (template_version, template_text, created_at) VALUES (?, ?, ?)');
    this.#template = db.prepare('SELECT template_text FROM llm_prompt_templates WHERE template_version = ?').pluck();
  }

  get(key: LlmCacheKey): LlmCachedReply | undefined {
    const r = rowOrNull(this.#select.get(key.provider, key.model, key.templateVersion, key.promptHash), 'llm_reply_cache');
    return r ? { text: r.str('reply_text'), inputTokens: r.num('input_tokens'), outputTokens: r.num('output_tokens'), createdAt: r.num('created_at') } : undefined;
  }

  put(key: LlmCacheKey, value: LlmCachedReply): void {
    this.#insert.run(key.provider, key.model, key.templateVersion, key.promptHash, value.text, value.inputTokens, value.outputTokens, value.createdAt);
  }

  putTemplate(version: string, text: string): void {
    this.#insertTemplate.run(version, text, Date.now());
  }

  /** The stored template text of a version, if any. */
  template(version: string): string | undefined {
    const t = this.#template.get(version);
    return t === undefined ? undefined : str(t, 'llm_prompt_templates.template_text');
  }
}
