import { describe, expect, it } from 'vitest';
import {
  campaignCompareHref,
  campaignRouteHref,
  deviceHref,
  hrefFor,
  navIdFor,
  pageHref,
  parseHash,
  profileHref,
  quickProfileHref,
  runHref,
} from '../../../../src/renderer/src/app/routing';

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

  it('parses the Quick profile sub-page and run details', () => {
    for (const serial of ['ABC123', '127.0.0.1:5555', 'adb-XYZ._adb-tls-connect._tcp']) {
      expect(quickProfileHref(serial).endsWith('/quick')).toBe(true);
      expect(parseHash(quickProfileHref(serial))).toEqual({ page: 'quick', serial });
    }
    expect(parseHash('#/devices/127.0.0.1:5555/quick')).toEqual({ page: 'quick', serial: '127.0.0.1:5555' });
    const id = 'ccc10fd9-b76c-45d7-b58c-c1589366f0dd';
    expect(runHref(id)).toBe(`#/runs/${id}`);
    expect(parseHash(runHref(id))).toEqual({ page: 'run', runId: id });
    expect(parseHash('#/runs')).toEqual({ page: 'runs' });
  });

  it('parses campaigns and two campaigns side by side', () => {
    const a = '73d204fc-d524-485c-8c91-58b8a07068d4';
    const b = 'ccc10fd9-b76c-45d7-b58c-c1589366f0dd';
    expect(parseHash(campaignRouteHref(a))).toEqual({ page: 'campaign', campaignId: a });
    expect(campaignCompareHref(a, b)).toBe(`#/campaigns/${a}/compare/${b}`);
    expect(parseHash(campaignCompareHref(a, b))).toEqual({ page: 'campaign-compare', a, b });
    expect(parseHash('#/campaigns/short')).toEqual({ page: 'not-found', path: 'campaigns/short' });
    expect(parseHash(`#/campaigns/${a}/versus/${b}`)).toEqual({ page: 'not-found', path: `campaigns/${a}/versus/${b}` });
    expect(navIdFor({ page: 'campaign', campaignId: a })).toBe('runs');
    expect(navIdFor({ page: 'campaign-compare', a, b })).toBe('runs');
  });

  it('parses a profile detail page under Profiles', () => {
    const id = '5b0f7a8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b';
    expect(profileHref(id)).toBe(`#/profiles/${id}`);
    expect(parseHash(profileHref(id))).toEqual({ page: 'profile-detail', profileId: id });
    expect(hrefFor({ page: 'profile-detail', profileId: id })).toBe(`#/profiles/${id}`);
    expect(navIdFor({ page: 'profile-detail', profileId: id })).toBe('profiles');
    expect(parseHash('#/profiles/x')).toEqual({ page: 'not-found', path: 'profiles/x' });
    expect(parseHash(`#/profiles/${id}/more`)).toEqual({ page: 'not-found', path: `profiles/${id}/more` });
  });

  it('unknown paths are not-found', () => {
    expect(parseHash('#/nope')).toEqual({ page: 'not-found', path: 'nope' });
    // Not the shape of a run id.
    expect(parseHash('#/runs/1')).toEqual({ page: 'not-found', path: 'runs/1' });
    expect(parseHash('#/runs/abc_defgh')).toEqual({ page: 'not-found', path: 'runs/abc_defgh' });
    expect(parseHash('#/runs/ccc10fd9/x')).toEqual({ page: 'not-found', path: 'runs/ccc10fd9/x' });
    expect(parseHash('#/devices/%E0%A4%A')).toEqual({ page: 'not-found', path: 'devices/%E0%A4%A' });
    expect(hrefFor({ page: 'not-found', path: 'nope' })).toBe('#/nope');
  });

  it('highlights the right navigation entry', () => {
    expect(navIdFor({ page: 'device', serial: 'x' })).toBe('devices');
    expect(navIdFor({ page: 'runs' })).toBe('runs');
    expect(navIdFor({ page: 'run', runId: 'ccc10fd9' })).toBe('runs');
    expect(navIdFor({ page: 'quick', serial: 'x' })).toBe('devices');
    expect(navIdFor({ page: 'not-found', path: 'x' })).toBeNull();
  });
});
