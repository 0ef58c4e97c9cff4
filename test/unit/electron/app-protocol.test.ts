import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppPageUrl, resolveAppUrl } from '../../../src/main/electron/policy/app-protocol';

const root = resolve('/opt/aurora/out/renderer');

describe('app:// protocol path resolver', () => {
  it('maps app://lab paths into the renderer folder with their type', () => {
    expect(resolveAppUrl(root, APP_ENTRY_URL)).toEqual({ file: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppUrl(root, 'app://lab/')?.file).toBe(join(root, 'index.html'));
    expect(resolveAppUrl(root, 'app://lab/assets/index-x1.js')).toEqual({ file: join(root, 'assets/index-x1.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppUrl(root, 'app://lab/assets/a%20b.css?v=1#x')?.file).toBe(join(root, 'assets/a b.css'));
  });

  it('never leaves the folder, whatever the encoding', () => {
    for (const url of [
      'app://lab/%2e%2e/%2e%2e/etc/passwd.js',
      'app://lab/assets/..%2f..%2f..%2fetc%2fpasswd.js',
      'app://lab/assets%2f..%2f..%2fsecrets.json',
      'app://lab/..%5c..%5csecrets.json',
      'app://lab/assets\\..\\..\\x.js',
      'app://lab/x.js%00.png',
      'app://lab/%E0%A4%A.js',
      'app://lab//etc/passwd.js',
    ]) {
      const hit = resolveAppUrl(root, url);
      if (hit) expect(hit.file.startsWith(`${root}/`), url).toBe(true);
    }
    expect(resolveAppUrl(root, 'app://lab/assets/..%2f..%2f..%2fetc%2fpasswd.js')).toBeNull();
    expect(resolveAppUrl(root, 'app://lab/..%5c..%5csecrets.json')).toBeNull();
    expect(resolveAppUrl(root, 'app://lab/x.js%00.png')).toBeNull();
  });

  it('refuses other schemes, hosts and unknown file types', () => {
    expect(resolveAppUrl(root, 'file:///opt/aurora/out/renderer/index.html')).toBeNull();
    expect(resolveAppUrl(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppUrl(root, 'app://user@lab/index.html')).toBeNull();
    expect(resolveAppUrl(root, 'app://lab/secrets.sqlite')).toBeNull();
    expect(resolveAppUrl(root, 'app://lab/assets')).toBeNull();
  });

  it('knows the lab page, on any route', () => {
    expect(isAppPageUrl('app://lab/index.html#/devices')).toBe(true);
    expect(isAppPageUrl('app://lab/')).toBe(true);
    expect(isAppPageUrl('app://lab/assets/x.js')).toBe(false);
    expect(isAppPageUrl('app://other/index.html')).toBe(false);
    expect(isAppPageUrl('file:///index.html')).toBe(false);
    expect(isAppPageUrl('https://lab/index.html')).toBe(false);
  });
});
