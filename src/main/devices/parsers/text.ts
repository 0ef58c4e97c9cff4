/** Helpers for parsing device text. Numbers: anything that is not a plain decimal becomes null, never NaN. */

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseIntStrict(text: string | undefined | null): number | null {
  if (text == null) return null;
  const t = text.trim();
  if (!INT.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export function parseDecimal(text: string | undefined | null): number | null {
  if (text == null) return null;
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function parseBool(text: string | undefined | null): boolean | null {
  if (text == null) return null;
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return null;
}

/** Splits device output into lines, tolerating CRLF (older adb `shell:` with a pty turns LF into CRLF). */
export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** A short description of unparsable text for error messages (never the whole dump). */
export function describe(text: string): string {
  const t = text.trim();
  if (t === '') return 'empty output';
  const head = t.length > 60 ? `${t.slice(0, 60)}...` : t;
  return `output starting "${head.replace(/\s+/g, ' ')}"`;
}
