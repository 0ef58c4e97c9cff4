/**
 * The LLM-router prompt, faithful to the seed router's benchmark (docs/routing.md): a system prompt "You are a
 * routing expert. Given a user prompt, select the SMALLEST model that can handle it well", the model list with
 * sizes, guidance by tier, "Respond with ONLY the model_id, nothing else."; the user turn "Select best model for:
 * <prompt>". The seed asked for temperature 0; Gemini gets it, Claude cannot (see providers.ts).
 *
 * Deliberate differences from the seed, all recorded in TEMPLATE_VERSION's text:
 * - the model list is sorted by size (the seed's header says "smallest to largest" but its list was not sorted);
 * - the tier lists are the seed's exact ids when all of them are in the measured model list, otherwise tiers are
 *   derived from size (largest size = "largest"; the rest split into thirds by size rank);
 * - the seed gave Gemini a shorter prompt; here both providers get the same one, so they are compared fairly.
 */
import { createHash } from 'node:crypto';

export const TEMPLATE_VERSION = 'seed-routing-prompt/v1';

/** The template verbatim, with its placeholders; stored alongside every result. */
export const TEMPLATE_TEXT = `[system]
You are a routing expert. Given a user prompt, select the SMALLEST model that can handle it well.

Available models (smallest to largest):
{model_list}

Rules:
- Use smallest models ({tier_smallest}) for: greetings, simple Q&A, basic math
- Use medium models ({tier_medium}) for: general knowledge, simple explanations
- Use large models ({tier_large}) for: complex reasoning, detailed explanations
- Use largest model ({tier_largest}) for: very complex tasks, coding, analysis

Respond with ONLY the model_id, nothing else.
[user]
Select best model for: {prompt}
[notes]
{model_list} = one "- <model_id> (<size_mb>MB)" line per model, sorted by size (stable).
Tiers: the seed's ids (smallest: gemma-270m, smollm-360m; medium: qwen-600m, lfm2-700m, gemma-1b; large: lfm2-1.2b,
qwen-1.7b; largest: lfm2-vl-1.6b) when all are measured, else by size: largest = every model of the maximum size, the
others split into thirds by size rank. Temperature 0 where the API accepts it (Gemini); the Anthropic API version
2026-10-21 rejects sampling parameters, so Claude runs at its default. Replies are cached, so re-runs are stable.`;

export interface TemplateModel {
  id: string;
  size_mb: number;
}

export interface Tiers {
  smallest: string[];
  medium: string[];
  large: string[];
  largest: string[];
  source: 'seed' | 'by-size';
}

const SEED_TIERS = {
  smallest: ['gemma-270m', 'smollm-360m'],
  medium: ['qwen-600m', 'lfm2-700m', 'gemma-1b'],
  large: ['lfm2-1.2b', 'qwen-1.7b'],
  largest: ['lfm2-vl-1.6b'],
};

function bySize(models: readonly TemplateModel[]): TemplateModel[] {
  return models.map((m, i) => ({ m, i })).sort((a, b) => a.m.size_mb - b.m.size_mb || a.i - b.i).map((x) => x.m);
}

export function tiersFor(models: readonly TemplateModel[]): Tiers {
  const ids = new Set(models.map((m) => m.id));
  if (Object.values(SEED_TIERS).every((tier) => tier.every((id) => ids.has(id)))) return { ...structuredClone(SEED_TIERS), source: 'seed' };
  const sorted = bySize(models);
  const max = sorted.at(-1)?.size_mb ?? 0;
  const largest = sorted.filter((m) => m.size_mb === max).map((m) => m.id);
  const rest = sorted.filter((m) => m.size_mb !== max).map((m) => m.id);
  const third = rest.length / 3;
  return {
    smallest: rest.slice(0, Math.ceil(third)),
    medium: rest.slice(Math.ceil(third), Math.ceil(2 * third)),
    large: rest.slice(Math.ceil(2 * third)),
    largest,
    source: 'by-size',
  };
}

export interface RenderedPrompt {
  system: string;
  user: string;
  /** sha256 (hex) of system + NUL + user: the cache key's prompt hash. */
  hash: string;
}

export function renderSystemPrompt(models: readonly TemplateModel[], tiers: Tiers = tiersFor(models)): string {
  const list = bySize(models)
    .map((m) => `- ${m.id} (${m.size_mb}MB)`)
    .join('\n');
  const names = (t: string[]) => (t.length ? t.join(', ') : 'none');
  return `You are a routing expert. Given a user prompt, select the SMALLEST model that can handle it well.

Available models (smallest to largest):
${list}

Rules:
- Use smallest models (${names(tiers.smallest)}) for: greetings, simple Q&A, basic math
- Use medium models (${names(tiers.medium)}) for: general knowledge, simple explanations
- Use large models (${names(tiers.large)}) for: complex reasoning, detailed explanations
- Use largest model (${names(tiers.largest)}) for: very complex tasks, coding, analysis

Respond with ONLY the model_id, nothing else.`;
}

export function renderUserMessage(prompt: string): string {
  return `Select best model for: ${prompt}`;
}

export function promptHash(system: string, user: string): string {
  return createHash('sha256').update(system).update('\u0000').update(user).digest('hex');
}

export function renderPrompt(system: string, prompt: string): RenderedPrompt {
  const user = renderUserMessage(prompt);
  return { system, user, hash: promptHash(system, user) };
}
