/**
 * API prices used to ESTIMATE what an LLM router run costs in API fees (USD per million tokens, input / output).
 * This is an estimate of cloud API cost from token counts, not a measurement of anything on a phone. The table
 * is a default the caller can replace; prices change, check the providers' pages. Unknown model -> cost null.
 */
import { z } from 'zod';
import pricesJson from './prices.json';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

export type PriceTable = Record<string, ModelPrice>;

const priceSchema = z.record(z.string(), z.object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() }).strict());

/** The default table (prices.json), checked when the lab loads. */
export const DEFAULT_PRICES: PriceTable = priceSchema.parse(pricesJson);

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number, prices: PriceTable = DEFAULT_PRICES): number | null {
  const p = prices[model];
  if (!p) return null;
  return (inputTokens * p.inputPerMTok + outputTokens * p.outputPerMTok) / 1e6;
}
