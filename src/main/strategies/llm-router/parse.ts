/**
 * Matching an LLM router's reply to a model id: exact match of the trimmed reply (quotes, backticks and a final
 * period stripped), then a case-insensitive match of whole tokens (ids may contain letters, digits, '.', '-', '_'),
 * so "lfm2-1.2b" never matches inside "lfm2-1.2b-tools" (the seed's substring match did). A reply naming no listed
 * id is `unknown-model`; one naming two different ids is `ambiguous`. Both keep the reply text.
 */
export type ParsedReply =
  | { kind: 'ok'; modelIndex: number; modelId: string; match: 'exact' | 'token' }
  | { kind: 'unknown-model'; text: string }
  | { kind: 'ambiguous'; text: string; candidates: string[] };

const STRIP = /^[\s"'`*]+|[\s"'`*.]+$/g;

export function parseModelReply(reply: string, modelIds: readonly string[]): ParsedReply {
  const trimmed = reply.replace(STRIP, '');
  const exact = modelIds.indexOf(trimmed);
  if (exact >= 0) return { kind: 'ok', modelIndex: exact, modelId: trimmed, match: 'exact' };
  const lower = modelIds.map((id) => id.toLowerCase());
  const found: number[] = [];
  for (const raw of reply.split(/[^A-Za-z0-9._-]+/)) {
    const token = raw.replace(/^[.\-_]+|[.\-_]+$/g, '').toLowerCase();
    if (!token) continue;
    const i = lower.indexOf(token);
    if (i >= 0 && !found.includes(i)) found.push(i);
  }
  if (found.length === 1) {
    const i = found[0] as number;
    return { kind: 'ok', modelIndex: i, modelId: modelIds[i] as string, match: 'token' };
  }
  if (found.length > 1) return { kind: 'ambiguous', text: reply, candidates: found.map((i) => modelIds[i] as string) };
  return { kind: 'unknown-model', text: reply };
}
