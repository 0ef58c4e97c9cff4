import { describe, expect, it } from 'vitest';
import { deviceHref, hrefFor, navIdFor, pageHref, parseHash } from '../../../src/renderer/src/routing';

describe('routing', () => {
  it('defaults to devices', () => {
    expect(parseHash('')).toEqual({ page: 'devices' });
    expect(parseHash('#')).toEqual({ page: 'devices' });
    expect(parseHash('#/')).toEqual({ page: 'devices' });
    expect(parseHash('#/devices/')).toEqual({ page: 'devices' });
  });

  it('parses simple pages', () => {
    for (const p of ['profile', 'runs', 'compare', 'profiles', 'settings'] as const) {
      expect(parseHash(`#/${p}`)).toEqual({ page: p });
      expect(parseHash(pageHref(p))).toEqual({ page: p });
    }
  });

  it('round-trips device serials, including network ones', () => {
    for (const serial of ['ABC123', '127.0.0.1:5555', 'emulator-5554', 'adb-XYZ._adb-tls-connect._tcp']) {
      const href = deviceHref(serial);
      expect(href.startsWith('#/devices/')).toBe(true);
      expect(parseHash(href)).toEqual({ page: 'device', serial });
    }
    expect(parseHash('#/devices/127.0.0.1:5555')).toEqual({ page: 'device', serial: '127.0.0.1:5555' });
  });

  it('unknown paths are not-found', () => {
    expect(parseHash('#/nope')).toEqual({ page: 'not-found', path: 'nope' });
    expect(parseHash('#/runs/1')).toEqual({ page: 'not-found', path: 'runs/1' });
    expect(parseHash('#/devices/%E0%A4%A')).toEqual({ page: 'not-found', path: 'devices/%E0%A4%A' });
    expect(hrefFor({ page: 'not-found', path: 'nope' })).toBe('#/nope');
  });

  it('highlights the right navigation entry', () => {
    expect(navIdFor({ page: 'device', serial: 'x' })).toBe('devices');
    expect(navIdFor({ page: 'runs' })).toBe('runs');
    expect(navIdFor({ page: 'not-found', path: 'x' })).toBeNull();
  });
});
