/**
 * What the lab makes of the engine's marks on a result line (resources/runner/README.md, "result"):
 * - `cloud_handoff: true`: the engine answered from the cloud although the runner turned handoff off. The answer
 *   and its figures are not on-device: the result is failed, its text kept aside as `cloud_response` and never
 *   scored, with `lab_error` saying why.
 * - `repaired: true`: the response text is not byte for byte the engine's (invalid UTF-8 became U+FFFD, or the
 *   reply was cut at a NUL byte); `repairs` says what. Stored in raw_json and shown as PromptResult.repaired.
 */
import type { ResultMessage } from './protocol';

export const CLOUD_HANDOFF_ERROR =
  'The engine handed this prompt to the cloud (cloud_handoff: true) although the runner turns handoff off: its answer and ' +
  'figures are not on-device, so it is stored as failed and not scored. Check the engine build (see resources/runner/README.md).';

/** The result as the lab stores it: a cloud answer is failed and unscored. */
export function markEngineResult(r: ResultMessage): ResultMessage {
  if (r.cloud_handoff !== true) return r;
  const { response, ...rest } = r;
  return { ...rest, ok: false, ...(response !== undefined ? { cloud_response: response } : {}), lab_error: CLOUD_HANDOFF_ERROR };
}

/** The lab's reason a result line is not a success (null when it is one). */
export function resultError(r: ResultMessage | null): string | null {
  return r && typeof r.lab_error === 'string' ? r.lab_error : null;
}

/**
 * The result line as stored (raw_json): everything the runner sent but the reply text, which the result's response
 * column holds already (db/0028: the reply stored twice made every row ~150 bytes longer).
 */
export function storedLine(r: { response?: unknown }): string {
  if (typeof r.response !== 'string') return JSON.stringify(r);
  const { response: _reply, ...rest } = r;
  return JSON.stringify(rest);
}

/**
 * The marks of a stored result line (raw_json). A plain text search is enough and cheap on large runs: inside a
 * JSON string every quote is escaped, so `"repaired":true` only matches the top-level member the runner wrote.
 */
export function engineMarks(rawJson: string | null | undefined): { repaired?: true; cloudHandoff?: true } {
  if (!rawJson) return {};
  return {
    ...(rawJson.includes('"repaired":true') ? { repaired: true as const } : {}),
    ...(rawJson.includes('"cloud_handoff":true') ? { cloudHandoff: true as const } : {}),
  };
}
