/** The session guard on a real lab database: the fencing token checked with each write, and a full disk. */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RunRepository } from '../../../src/main/runs/repository';
import { CampaignRepository, OwnershipLost } from '../../../src/main/campaigns/repository';
import { guardedRuns, sessionGuard, SessionHalted, type Halt } from '../../../src/main/campaigns/fence';
import { tempDatabase } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const { db, dir, cleanup } = tempDatabase();
  cleanups.push(cleanup);
  const runs = new RunRepository(db);
  const campaigns = new CampaignRepository(db, runs);
  campaigns.create(
    { id: 'campaign-1', dataset: 'starter', setName: 'starter', setFingerprint: 'f', selectionFingerprint: 's', fingerprintVersion: 'v', promptTemplateVersion: 'p', setSize: 10, n: 1, reps: 1, seed: 'x', warmup: 0, serials: ['S1'], modelIds: ['a'], options: {}, total: 1, simulated: true, items: [] },
    { pid: process.pid, host: 'h' },
    'token-A',
  );
  const halts: Halt[] = [];
  const guard = sessionGuard({ campaigns, campaignId: 'campaign-1', token: 'token-A', databaseFile: join(dir, 'lab.sqlite'), onHalt: (h) => halts.push(h) });
  return { db, runs, campaigns, guard, halts, guarded: guardedRuns(runs, guard) };
}

describe('the session guard', () => {
  it('writes while the token holds; once another process claims the campaign, refuses, names it, and stays halted', () => {
    const { runs, campaigns, guard, halts, guarded } = setup();
    guarded.addRunWarning('nope', 'while held');
    expect(campaigns.heartbeat([{ id: 'campaign-1', token: 'token-A' }])).toEqual([]);
    campaigns.claim('campaign-1', { pid: 4242, host: 'other-host' }, 'token-B');
    expect(campaigns.heartbeat([{ id: 'campaign-1', token: 'token-A' }])).toEqual(['campaign-1']);
    expect(() => campaigns.fenced('campaign-1', 'token-A', () => 1)).toThrow(OwnershipLost);
    expect(() => guarded.countResults('x')).toThrow(SessionHalted);
    expect(halts).toEqual([{ kind: 'ownership-lost', message: expect.stringMatching(/lost campaign campaign-1 to lab process 4242 on other-host/) }]);
    expect(() => guarded.addRunWarning('nope', 'after')).toThrow(SessionHalted);
    expect(guard.halted?.kind).toBe('ownership-lost');
    // The new owner is not affected.
    expect(campaigns.fenced('campaign-1', 'token-B', () => runs.countResults('x'))).toBe(0);
  });

  it('halts on a real SQLITE_FULL with the database named and the resume command', () => {
    const { db, runs, guard, halts, guarded } = setup();
    runs.createRun({ id: 'run-00000001', kind: 'campaign', campaignId: 'campaign-1', serial: 'S1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: ['a'], energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: null, batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    const rows = Array.from({ length: 500 }, (_, i) => ({ at: i, tMs: i, batteryTempC: 30, skinTempC: 31, thermalStatus: 0, cpuFreqRatio: 1 }));
    expect(() => {
      for (let i = 0; i < 20; i++) guarded.insertThermal('run-00000001', rows, true);
    }).toThrow(SessionHalted);
    expect(halts).toHaveLength(1);
    expect(guard.halted!.message).toMatch(/^The disk holding .*lab\.sqlite is full: free space and run `aurora-lab resume campaign-1`/);
    expect(guard.note(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))).toBe(true);
  });
});
