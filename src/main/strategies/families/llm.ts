/**
 * LLM routers: Claude or Gemini asked for the smallest adequate model (the seed's prompt), through the official
 * SDKs, replies cached. A missing or invalid key, or no network, makes the row unavailable with the reason; it
 * never stops the comparison.
 */
import type { ComparisonRow } from '../../../shared/api/compare';
import type { StrategyFamily } from '../family';
import { plainRow } from '../family';
import { runLlmRouter } from '../llm-router/run';
import { unavailableStrategy } from '../strategies';

type Provider = 'anthropic' | 'gemini';

function usage(provider: Provider, r: Awaited<ReturnType<typeof runLlmRouter>>): NonNullable<ComparisonRow['llm']> {
  return {
    provider,
    model: r.model,
    templateVersion: r.templateVersion,
    apiCalls: r.apiCalls,
    cacheHits: r.cacheHits,
    retries: r.retries,
    tokensIn: r.tokens.input,
    tokensOut: r.tokens.output,
    estimatedCostUsd: r.estimatedCostUsd,
    unknownModelReplies: r.counts['unknown-model'] + r.counts.ambiguous,
  };
}

export function llmFamily(id: 'claude' | 'gemini', provider: Provider): StrategyFamily {
  const who = provider === 'anthropic' ? 'Claude' : 'Gemini';
  return {
    id,
    label: `${who} (LLM router)`,
    description: `${who} asked for the smallest adequate model (the seed's prompt), through the ${provider === 'anthropic' ? 'Anthropic SDK' : 'Google Gen AI SDK'}.`,
    unavailable: (env) => env.llm.keyReason(provider),
    async run(ctx) {
      const m = ctx.matrix;
      const key = ctx.llm.apiKey(provider);
      if (!key) return { rows: [{ strategy: unavailableStrategy(id, m.nPrompts, ctx.llm.keyReason(provider)!, 'llm-router'), info: plainRow(id) }], sweeps: [], notes: [] };
      const model = ctx.llm.model(provider);
      ctx.progress({ phase: 'llm', strategy: id, done: 0, total: m.nPrompts, message: `${id}: asking ${model}` });
      let last = 0;
      const r = await runLlmRouter({
        provider,
        apiKey: key,
        model,
        baseUrl: ctx.llm.baseUrl(provider),
        name: id,
        models: m.models,
        prompts: m.prompts.map((p) => ({ id: p.id, text: p.text })),
        cache: ctx.llm.cache,
        concurrency: ctx.llm.concurrency,
        onProgress: (done, total) => {
          const now = Date.now();
          if (done === total || now - last > 200) {
            last = now;
            ctx.progress({ phase: 'llm', strategy: id, done, total, message: `${id}: ${done} of ${total} prompts routed` });
          }
        },
      });
      const unknown = r.counts['unknown-model'] + r.counts.ambiguous;
      const notes = !r.unavailable && unknown > 0 ? [`${id}: ${unknown} replies named no listed model (those prompts are unavailable for it).`] : [];
      return { rows: [{ strategy: r.strategy, info: { ...plainRow(id), llm: usage(provider, r) } }], sweeps: [], notes };
    },
  };
}
