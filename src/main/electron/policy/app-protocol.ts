/**
 * The renderer is served as app://lab/... (a privileged standard, secure scheme) rather than file://, so the
 * page has a real origin of its own, cannot read other files through file: URLs, and every response carries
 * the lab's CSP. This module decides what a URL maps to; Electron glue (protocol.ts) only reads the file.
 * Pure: no Electron import.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { knownContentType } from '../../server/content-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lab';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface AppFile {
  /** Absolute path inside the renderer folder. */
  file: string;
  contentType: string;
}

/**
 * The file an app:// URL names inside `root`, or null: another scheme or host, a path that climbs out of the
 * folder (`..`, encoded or not), backslashes, NUL or an unknown file type.
 */
export function resolveAppUrl(root: string, rawUrl: string): AppFile | null {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const base = resolve(root);
  const file = resolve(join(base, path));
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  const contentType = knownContentType(file);
  return contentType ? { file, contentType } : null;
}

/** Is this the lab's page (any route of the single-page app)? */
export function isAppPageUrl(rawUrl: string): boolean {
  try {
    const u = new URL(rawUrl);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && (u.pathname === '/index.html' || u.pathname === '/');
  } catch {
    return false;
  }
}
