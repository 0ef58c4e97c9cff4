/**
 * Keys never reach logs or error messages: every message this module produces goes through `redact`, which
 * removes the caller's secrets verbatim plus anything shaped like an API key or a `key=` query parameter.
 */
const KEY_SHAPES = [/sk-ant-[A-Za-z0-9_-]{8,}/g, /AIza[0-9A-Za-z_-]{20,}/g, /([?&](?:key|api_key|apiKey)=)[^&\s"']+/g, /(x-api-key|x-goog-api-key|authorization)(["']?\s*[:=]\s*["']?)(Bearer\s+)?[^\s"',}]+/gi];

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  out = out.replace(KEY_SHAPES[0] as RegExp, REDACTED).replace(KEY_SHAPES[1] as RegExp, REDACTED);
  out = out.replace(KEY_SHAPES[2] as RegExp, `$1${REDACTED}`);
  out = out.replace(KEY_SHAPES[3] as RegExp, `$1$2${REDACTED}`);
  return out;
}
