/** The session guard on a real lab database: the fencing token checked with each write, and a full disk. */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RunRepository } from '../../../src/main/runs/repository';
import { CampaignRepository, OwnershipLost } from '../../../src/main/campaigns/repository';
import { guardedRuns, sessionGuard, SessionHalted, type Halt } from '../../../src/main/campaigns/fence';
import Database from 'better-sqlite3';
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
  return { db, dir, runs, campaigns, guard, halts, guarded: guardedRuns(runs, guard) };
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

  it("holds the write lock from its check to its write: another process's commit in between waits instead of failing the fenced write", () => {
    const { db, dir, campaigns } = setup();
    // Another lab process on the same file, which does not wait for the lock (a waiting one would block this thread).
    const other = new Database(join(dir, 'lab.sqlite'));
    other.pragma('busy_timeout = 0');
    cleanups.unshift(() => other.close());
    const otherWrite = () => other.prepare("INSERT INTO settings (key, value) VALUES ('other', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1").run();
    expect(otherWrite().changes).toBe(1);
    // With a deferred transaction the fence read the token on a snapshot, the other process committed, and the
    // fenced write was refused at once (SQLITE_BUSY_SNAPSHOT): a campaign on a loaded machine ended "database is
    // locked" that way. Now the other process is the one kept waiting.
    let otherErr: unknown = null;
    campaigns.fenced('campaign-1', 'token-A', () => {
      try {
        otherWrite();
      } catch (err) {
        otherErr = err;
      }
      db.prepare("INSERT INTO settings (key, value) VALUES ('mine', '1')").run();
    });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'mine'").pluck().get()).toBe('1');
    expect((otherErr as { code?: string } | null)?.code).toBe('SQLITE_BUSY');
    // Once the fence's transaction ended, the other process writes.
    expect(otherWrite().changes).toBe(1);
  });
});
