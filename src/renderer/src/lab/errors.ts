/**
 * Turning whatever an API call threw into a sentence for the page. Over HTTP the client throws LabApiError
 * (`.body.message`, `.body.code`); over Electron IPC the message arrives wrapped by ipcRenderer.invoke.
 */

export interface ShownError {
  message: string;
  code: string | null;
}

const CODE_PREFIX = /^\[([a-z-]+)\] /;
const IPC_PREFIX = /^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/;

function bodyOf(e: unknown): { message?: unknown; code?: unknown } | null {
  if (typeof e !== 'object' || e === null || !('body' in e)) return null;
  const body = (e as { body: unknown }).body;
  return typeof body === 'object' && body !== null ? (body as { message?: unknown; code?: unknown }) : null;
}

export function describeError(e: unknown): ShownError {
  const body = bodyOf(e);
  if (body && typeof body.message === 'string' && body.message) {
    return { message: body.message, code: typeof body.code === 'string' ? body.code : null };
  }
  let code: string | null = null;
  if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    code = (e as { code: string }).code;
  }
  if (e instanceof Error) {
    const message = e.message.replace(IPC_PREFIX, '');
    // The preload sends the API's error code as a `[code] ` prefix (contextBridge drops other properties).
    const coded = CODE_PREFIX.exec(message);
    if (coded) return { message: message.slice(coded[0].length), code: coded[1]! };
    return { message: message || e.name, code };
  }
  if (typeof e === 'string') return { message: e.replace(IPC_PREFIX, ''), code };
  return { message: 'Something went wrong and the lab gave no details.', code };
}

export function errorMessage(e: unknown): string {
  return describeError(e).message;
}

/** A message ending in punctuation, so more text can follow it. */
export function asSentence(message: string): string {
  const m = message.trim();
  return /[.!?:)]$/.test(m) ? m : `${m}.`;
}

/** The fields a bad request named (over HTTP the error body carries them; over IPC only the message arrives). */
export function errorIssues(e: unknown): Array<{ path: string; message: string }> | null {
  const body = bodyOf(e) as { issues?: unknown } | null;
  if (!body || !Array.isArray(body.issues)) return null;
  const out = body.issues
    .filter((i): i is { path: unknown; message: unknown } => typeof i === 'object' && i !== null)
    .map((i) => ({ path: typeof i.path === 'string' ? i.path : String(i.path ?? ''), message: typeof i.message === 'string' ? i.message : '' }))
    .filter((i) => i.message !== '');
  return out.length ? out : null;
}
