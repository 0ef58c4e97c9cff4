/**
 * Cache of LLM router replies keyed by (provider, model, template version, prompt hash). The lab's is the SQLite
 * one (strategies/repository.ts); the in-memory one is for tests and one-off runs.
 */

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
