import { extname } from 'node:path';

/** Content types of the built renderer's files, for `serve` and for Electron's app:// protocol alike. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The type of one of the renderer's kinds of file, or null for any other file. */
export function knownContentType(file: string): string | null {
  return TYPES[extname(file).toLowerCase()] ?? null;
}

export function contentTypeOf(file: string): string {
  return knownContentType(file) ?? 'application/octet-stream';
}
