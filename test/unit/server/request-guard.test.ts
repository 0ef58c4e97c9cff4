import { describe, expect, it } from 'vitest';
import { buildCsp, serveCsp } from '../../../src/main/server/csp';
import { pageCookie, readCookie } from '../../../src/main/server/page-cookie';
import {
  allowedHostNames, crossOriginRefusal, hostAllowed, isHostName, isJsonContentType, isLoopbackAddress, parseHostHeader,
} from '../../../src/main/server/request-guard';

describe('Host allow-list', () => {
  it('a loopback bind answers the loopback names only', () => {
    const names = allowedHostNames('127.0.0.1');
    expect(hostAllowed('127.0.0.1:5173', names, 5173)).toBe(true);
    expect(hostAllowed('LOCALHOST:5173', names, 5173)).toBe(true);
    expect(hostAllowed('[::1]:5173', names, 5173)).toBe(true);
    expect(hostAllowed('127.0.0.1:5174', names, 5173)).toBe(false);
    expect(hostAllowed('evil.example:5173', names, 5173)).toBe(false);
    expect(hostAllowed('127.0.0.1.nip.io:5173', names, 5173)).toBe(false);
    expect(hostAllowed(undefined, names, 5173)).toBe(false);
  });

  it('any other bind keeps a list: the bound address and --allow-host names', () => {
    const names = allowedHostNames('127.0.0.2', ['Lab.Example']);
    expect(names).toEqual(['127.0.0.2', 'lab.example']);
    expect(hostAllowed('127.0.0.2:80', names, 80)).toBe(true);
    expect(hostAllowed('127.0.0.2', names, 80)).toBe(true);
    expect(hostAllowed('lab.example:80', names, 80)).toBe(true);
    expect(hostAllowed('localhost:80', names, 80)).toBe(false);
    expect(hostAllowed('attacker.example:80', names, 80)).toBe(false);
    expect(allowedHostNames('0.0.0.0', ['10.0.0.5'])).toEqual(['127.0.0.1', 'localhost', '[::1]', '10.0.0.5']);
    expect(allowedHostNames('fe80::1')).toEqual(['[fe80::1]']);
  });

  it('parses Host headers strictly', () => {
    expect(parseHostHeader('a.b:1')).toEqual({ name: 'a.b', port: 1 });
    expect(parseHostHeader('[::1]:9')).toEqual({ name: '[::1]', port: 9 });
    expect(parseHostHeader('a b:1')).toBeNull();
    expect(parseHostHeader('a:b:c')).toBeNull();
    expect(parseHostHeader('a/b:1')).toBeNull();
  });

  it('tells loopback addresses and valid --allow-host names', () => {
    expect(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'].every(isLoopbackAddress)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].some(isLoopbackAddress)).toBe(false);
    expect(['lab.local', '10.0.0.5', 'fe80::1', '[fe80::1]', 'my-box'].every(isHostName)).toBe(true);
    expect(['a b', 'host:8080', '*', '', '-x', 'a/b'].some(isHostName)).toBe(false);
  });
});

describe('cross-origin refusal', () => {
  const host = '127.0.0.1:5173';
  it('passes the own origin and clients that send no browser headers', () => {
    expect(crossOriginRefusal({ host }, 'api')).toBeNull();
    expect(crossOriginRefusal({ host, origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'same-origin' }, 'api')).toBeNull();
    expect(crossOriginRefusal({ host: 'LOCALHOST:5173', origin: 'http://localhost:5173' }, 'socket')).toBeNull();
  });
  it('refuses another port, scheme, host or an opaque origin', () => {
    for (const origin of ['http://127.0.0.1:5174', 'https://127.0.0.1:5173', 'http://localhost:5173', 'null', 'http://127.0.0.1:5173.evil']) {
      expect(crossOriginRefusal({ host, origin }, 'api')?.status, origin).toBe(403);
    }
  });
  it('refuses same-site and cross-site fetches; a page the user opened (none) only for pages', () => {
    expect(crossOriginRefusal({ host, 'sec-fetch-site': 'same-site' }, 'api')?.status).toBe(403);
    expect(crossOriginRefusal({ host, 'sec-fetch-site': 'cross-site' }, 'page')?.status).toBe(403);
    expect(crossOriginRefusal({ host, 'sec-fetch-site': 'none' }, 'page')).toBeNull();
    expect(crossOriginRefusal({ host, 'sec-fetch-site': 'none' }, 'api')?.status).toBe(403);
    expect(crossOriginRefusal({ host, 'sec-fetch-site': 'none' }, 'socket')?.status).toBe(403);
  });
  it('takes only application/json bodies', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/json-seq')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});

describe('page cookie', () => {
  it('carries the port in its name; __Host- and Secure on loopback only', () => {
    const c = pageCookie(5173, '127.0.0.1', 'v');
    expect(c.header).toBe('__Host-aurora-lab-5173=v; HttpOnly; SameSite=Strict; Path=/; Secure');
    const lan = pageCookie(5173, '0.0.0.0', 'v');
    expect(lan.header).toBe('aurora-lab-5173=v; HttpOnly; SameSite=Strict; Path=/');
    expect(readCookie('a=1; __Host-aurora-lab-5173=v; b=2', c.name)).toBe('v');
    expect(readCookie('__Host-aurora-lab-5174=v', c.name)).toBeUndefined();
  });
});

describe('CSP builder', () => {
  it('connects only to self and exact extra sources', () => {
    expect(buildCsp()).toMatch(/connect-src 'self';/);
    expect(serveCsp('127.0.0.1:5173')).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:5173;/);
    expect(buildCsp()).not.toMatch(/\*/);
    expect(() => buildCsp({ connect: ['ws://127.0.0.1:*'] })).toThrow(/exact/);
    expect(() => buildCsp({ connect: ['ws:'] })).toThrow(/exact/);
    expect(buildCsp()).toMatch(/frame-ancestors 'none'/);
    expect(buildCsp()).toMatch(/script-src 'self';/);
  });
});
