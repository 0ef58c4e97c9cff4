/**
 * Which links the Electron window may hand to the user's browser (`shell.openExternal`). Anything else would
 * let a compromised or confused page launch arbitrary URL handlers (file:, smb:, custom schemes) on the host,
 * so only https documentation pages the lab links to are allowed. Pure: no Electron import.
 */

/** host -> path prefixes allowed on it ('/' = the whole site). */
export const DOCUMENTATION_URLS: Readonly<Record<string, readonly string[]>> = {
  'developer.android.com': ['/studio/debug/dev-options', '/tools/adb', '/studio/run/device'],
  'source.android.com': ['/docs/core/power'],
  'github.com': ['/cactus-compute/'],
  'huggingface.co': ['/datasets/cais/mmlu'],
  'console.anthropic.com': ['/settings/keys'],
  'docs.anthropic.com': ['/'],
  'aistudio.google.com': ['/apikey', '/app/apikey'],
  'ai.google.dev': ['/gemini-api/docs'],
  'www.electronjs.org': ['/docs/latest/tutorial/security'],
};

export function isAllowedExternalUrl(raw: string, allow: Readonly<Record<string, readonly string[]>> = DOCUMENTATION_URLS): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  const prefixes = Object.hasOwn(allow, u.hostname) ? allow[u.hostname]! : null;
  if (!prefixes) return false;
  // URL normalises "/a/../b" already; a remaining encoded dot segment or backslash means someone is trying.
  if (/%2e|%2f|%5c|\\/i.test(u.pathname)) return false;
  return prefixes.some((p) => p === '/' || u.pathname === p || u.pathname.startsWith(p.endsWith('/') ? p : `${p}/`));
}
