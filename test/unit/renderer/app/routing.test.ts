import { describe, expect, it } from 'vitest';
import {
  campaignCompareHref,
  campaignHref,
  deviceHref,
  hrefFor,
  legacyRedirect,
  navIdFor,
  pageHref,
  parseHash,
  quickRunHref,
  routerProfileHref,
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
    for (const p of ['runs', 'compare', 'router-profiles', 'settings'] as const) {
      expect(parseHash(`#/${p}`)).toEqual({ page: p });
      expect(parseHash(pageHref(p))).toEqual({ page: p });
    }
    expect(pageHref('new-campaign')).toBe('#/campaigns/new');
    expect(parseHash(pageHref('new-campaign'))).toEqual({ page: 'new-campaign' });
    expect(parseHash('#/settings/x')).toEqual({ page: 'not-found', path: 'settings/x' });
  });

  it('opens earlier versions’ addresses and names the current one', () => {
    const id = '5b0f7a8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b';
    expect(parseHash('#/profile')).toEqual({ page: 'new-campaign' });
    expect(legacyRedirect('#/profile')).toBe('#/campaigns/new');
    expect(parseHash('#/profiles')).toEqual({ page: 'router-profiles' });
    expect(legacyRedirect('#/profiles')).toBe('#/router-profiles');
    expect(parseHash(`#/profiles/${id}`)).toEqual({ page: 'router-profile', profileId: id });
    expect(legacyRedirect(`#/profiles/${id}`)).toBe(`#/router-profiles/${id}`);
    expect(parseHash('#/devices/127.0.0.1:5555/quick')).toEqual({ page: 'quick-run', serial: '127.0.0.1:5555' });
    expect(legacyRedirect('#/devices/127.0.0.1:5555/quick')).toBe('#/devices/127.0.0.1%3A5555/quick-run');
    // Current addresses and unknown ones are left alone.
    for (const h of ['#/campaigns/new', '#/router-profiles', '#/devices/x/quick-run', '#/runs', '', '#/profiles/x', '#/nope']) {
      expect(legacyRedirect(h)).toBeNull();
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

  it('parses the quick run sub-page and run details', () => {
    for (const serial of ['ABC123', '127.0.0.1:5555', 'adb-XYZ._adb-tls-connect._tcp']) {
      expect(quickRunHref(serial).endsWith('/quick-run')).toBe(true);
      expect(parseHash(quickRunHref(serial))).toEqual({ page: 'quick-run', serial });
    }
    expect(parseHash('#/devices/127.0.0.1:5555/quick-run')).toEqual({ page: 'quick-run', serial: '127.0.0.1:5555' });
    const id = 'ccc10fd9-b76c-45d7-b58c-c1589366f0dd';
    expect(runHref(id)).toBe(`#/runs/${id}`);
    expect(parseHash(runHref(id))).toEqual({ page: 'run', runId: id });
    expect(parseHash('#/runs')).toEqual({ page: 'runs' });
  });

  it('parses campaigns and two campaigns side by side', () => {
    const a = '73d204fc-d524-485c-8c91-58b8a07068d4';
    const b = 'ccc10fd9-b76c-45d7-b58c-c1589366f0dd';
    expect(parseHash(campaignHref(a))).toEqual({ page: 'campaign', campaignId: a });
    expect(campaignCompareHref(a, b)).toBe(`#/campaigns/${a}/compare/${b}`);
    expect(parseHash(campaignCompareHref(a, b))).toEqual({ page: 'campaign-compare', a, b });
    expect(parseHash('#/campaigns/short')).toEqual({ page: 'not-found', path: 'campaigns/short' });
    expect(parseHash(`#/campaigns/${a}/versus/${b}`)).toEqual({ page: 'not-found', path: `campaigns/${a}/versus/${b}` });
    expect(navIdFor({ page: 'campaign', campaignId: a })).toBe('runs');
    expect(navIdFor({ page: 'campaign-compare', a, b })).toBe('runs');
  });

  it('parses a router profile page under Router profiles', () => {
    const id = '5b0f7a8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b';
    expect(routerProfileHref(id)).toBe(`#/router-profiles/${id}`);
    expect(parseHash(routerProfileHref(id))).toEqual({ page: 'router-profile', profileId: id });
    expect(hrefFor({ page: 'router-profile', profileId: id })).toBe(`#/router-profiles/${id}`);
    expect(navIdFor({ page: 'router-profile', profileId: id })).toBe('router-profiles');
    expect(parseHash('#/router-profiles/x')).toEqual({ page: 'not-found', path: 'router-profiles/x' });
    expect(parseHash(`#/router-profiles/${id}/more`)).toEqual({ page: 'not-found', path: `router-profiles/${id}/more` });
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
    expect(navIdFor({ page: 'quick-run', serial: 'x' })).toBe('devices');
    expect(navIdFor({ page: 'new-campaign' })).toBe('new-campaign');
    expect(navIdFor({ page: 'not-found', path: 'x' })).toBeNull();
  });
});
