import { describe, expect, it } from 'vitest';
import { buildProfileRequest, buildProgressView, importErrorLines, initialBuildForm } from '../../../../src/renderer/src/profiles/profile-build';

describe('router profile build', () => {
  it('builds a lexical request with a fixed K', () => {
    const form = { ...initialBuildForm(), runIds: ['run-aaaaaaaa'], kMode: 'fixed' as const, k: '2', name: ' e2e ' };
    expect(buildProfileRequest(form, 'build-1')).toEqual({ ok: true, request: { runIds: ['run-aaaaaaaa'], k: 2, embedder: 'lexical', seed: 42, name: 'e2e', buildId: 'build-1' } });
  });

  it('builds an auto-K device request and names what is wrong', () => {
    const form = { ...initialBuildForm(), runIds: ['run-aaaaaaaa'], embedder: 'device' as const, deviceSerial: '127.0.0.1:5555', embedModel: 'qwen-600m', kMin: '2', kMax: '6' };
    expect(buildProfileRequest(form)).toEqual({
      ok: true,
      request: { runIds: ['run-aaaaaaaa'], k: 'auto', embedder: 'device', kMin: 2, kMax: 6, deviceSerial: '127.0.0.1:5555', embedModel: 'qwen-600m', seed: 42 },
    });
    const bad = buildProfileRequest({ ...initialBuildForm(), embedder: 'device', kMin: '9', kMax: '3', seed: 'x' });
    expect(bad).toEqual({
      ok: false,
      errors: ['Pick at least one run.', 'The device embedder needs a phone to embed on.', 'K from must not exceed K to.', 'Seed must be a whole number from 0 to 2147483647.'],
    });
    expect(buildProfileRequest({ ...initialBuildForm(), runIds: ['r-aaaaaaaa'], kMode: 'fixed', k: '65' })).toMatchObject({ ok: false, errors: ['K must be a whole number from 1 to 64.'] });
  });

  it('describes build progress', () => {
    expect(buildProgressView({ buildId: 'b', phase: 'embedding', message: 'on the phone', done: 4, total: 16, at: 1 })).toEqual({ text: 'Embedding the prompts · 4 / 16 prompts — on the phone', percent: 25, failed: false, done: false });
    expect(buildProgressView({ buildId: 'b', phase: 'failed', message: 'boom', done: null, total: null, at: 1 })).toMatchObject({ percent: null, failed: true });
    expect(buildProgressView({ buildId: 'b', phase: 'choosing-k', message: 'K = 6 fitted', done: 5, total: 19, at: 1 })).toMatchObject({ text: 'Choosing K (validation log-loss) · 5 / 19 K values — K = 6 fitted', failed: false });
    expect(buildProgressView({ buildId: 'b', phase: 'cancelled', message: 'Router profile build cancelled; nothing was stored.', done: null, total: null, at: 1 })).toMatchObject({ text: /^Cancelled/, failed: true, done: false });
  });

  it('lists field-named import errors', () => {
    expect(importErrorLines('Invalid profile', [{ path: 'models[3].error_rates[7]', message: 'not a finite number' }])).toEqual(['models[3].error_rates[7]: not a finite number']);
    expect(importErrorLines('The file is empty', null)).toEqual(['The file is empty']);
  });
});
