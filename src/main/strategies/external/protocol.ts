/**
 * The JSON-lines protocol between the lab and a user's router program (`--router-cmd`), lab side.
 *
 * Lab -> router, one line per prompt and preference:
 *   {"id": "mmlu-anatomy-12", "promptId": "mmlu-anatomy-12", "text": "...", "subject": "anatomy", "preference": 0.5,
 *    "candidates": [{"model": "qwen-600m", "sizeMb": 394, "meanLatencyMs": 812.5, "latencyN": 100, "meanEnergyJ": 1.9, "energyN": 100}, ...]}
 * Router -> lab, one line per request, in order: {"id": "mmlu-anatomy-12", "model": "qwen-600m"}
 *
 * - `id` is the request's id: the prompt id when there is one preference, `<prompt id>@<preference>` when several.
 *   The reply must echo it. Extra fields are allowed both ways (a reply's are ignored).
 * - Candidates carry each model's size and its MEAN measured latency / energy on this device over the campaign,
 *   with n; never a prompt's own outcome (that would hand the router the answer key).
 * - stdout is for replies only; a router logs to stderr (the lab keeps its tail for error messages).
 */
import type { MeasuredMatrix } from '../matrix';

export interface RouterCandidate {
  model: string;
  sizeMb: number;
  /** Mean measured total latency per prompt on this device (ms), over `latencyN` measured prompts; null if none. */
  meanLatencyMs: number | null;
  latencyN: number;
  /** Mean measured energy per prompt (J) over `energyN` prompts; null when the phone has no energy meter. */
  meanEnergyJ: number | null;
  energyN: number;
}

export interface RouterRequest {
  id: string;
  promptId: string;
  text: string;
  subject: string;
  preference: number;
  candidates: readonly RouterCandidate[];
}

export interface ExternalPrompt {
  id: string;
  text: string;
  subject: string;
}

/** Per-model means of the measured cells (all prompts of the matrix). */
export function candidatesFromMatrix(matrix: MeasuredMatrix): RouterCandidate[] {
  return matrix.models.map((m, j) => {
    let lat = 0;
    let latN = 0;
    let en = 0;
    let enN = 0;
    for (let p = 0; p < matrix.nPrompts; p++) {
      const i = p * matrix.nModels + j;
      const l = matrix.latencyMs[i] as number;
      const e = matrix.energyJ[i] as number;
      if (Number.isFinite(l)) {
        lat += l;
        latN++;
      }
      if (Number.isFinite(e)) {
        en += e;
        enN++;
      }
    }
    return { model: m.id, sizeMb: m.size_mb, meanLatencyMs: latN ? lat / latN : null, latencyN: latN, meanEnergyJ: enN ? en / enN : null, energyN: enN };
  });
}

export function requestId(promptId: string, preference: number, manyPreferences: boolean): string {
  return manyPreferences ? `${promptId}@${preference.toFixed(2)}` : promptId;
}

export type ReplyCheck =
  | { kind: 'ok'; model: string; modelIndex: number }
  | { kind: 'invalid-reply'; error: string }
  | { kind: 'wrong-id'; id: string; error: string }
  | { kind: 'unknown-model'; model: string; error: string };

function clip(s: string, n = 120): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Checks one reply line against the request it answers. */
export function checkReply(line: string, expectedId: string, models: readonly string[]): ReplyCheck {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    return { kind: 'invalid-reply', error: `the reply is not JSON (${err instanceof Error ? err.message : String(err)}): ${clip(line)}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'invalid-reply', error: `the reply must be a JSON object like {"id": "...", "model": "..."}; got: ${clip(line)}` };
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string') return { kind: 'invalid-reply', error: `the reply's "id" must be the request's id as a string ("${clip(expectedId, 60)}"); got ${clip(JSON.stringify(o.id) ?? 'nothing')}` };
  if (o.id !== expectedId) return { kind: 'wrong-id', id: o.id, error: `the reply answers id "${clip(o.id, 60)}", but the request was "${clip(expectedId, 60)}" (replies must come in request order, one per request)` };
  if (typeof o.model !== 'string') return { kind: 'invalid-reply', error: `the reply's "model" must be one of the candidates' model ids; got ${clip(JSON.stringify(o.model) ?? 'nothing')}` };
  const idx = models.indexOf(o.model);
  if (idx < 0) return { kind: 'unknown-model', model: o.model, error: `the reply names model "${clip(o.model, 60)}", which is not a candidate (${models.join(', ')})` };
  return { kind: 'ok', model: o.model, modelIndex: idx };
}
