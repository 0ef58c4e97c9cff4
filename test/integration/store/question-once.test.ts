/**
 * db/0028: a campaign's question stored once (campaign_prompts), not in each of its results, on real SQLite files:
 * new commits leave it out only where the campaign holds the same text, every reader (results, export, measured
 * columns, read whole or appended to) gives the text back, an upgrade from schema 0027 moves it out of the rows it
 * can and keeps the rest as it was, and a text that is nowhere is an error, not an empty prompt.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignRepository } from '../../../src/main/campaigns/repository';
import type { PromptItem } from '../../../src/main/datasets/types';
import { RunRepository } from '../../../src/main/runs/repository';
import { ResultsRepository } from '../../../src/main/runs/results-repository';
import { openDatabase, schemaVersion, type Db } from '../../../src/main/store/database';
import { findMigrationsDir } from '../../../src/main/store/migrations-dir';
import { tempDir } from '../../helpers/temp-dir';
import { expectSameAsReference, MODELS, storeRun } from './measured-fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function file(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.path, 'lab.sqlite');
}

function open(f: string, migrationsDir?: string): Db {
  const db = openDatabase(f, migrationsDir ? { migrationsDir } : {});
  cleanups.unshift(() => db.open && db.close());
  return db;
}

// storeRun's prompt ids and texts: prompt p is `custom/p` (p % 5 == 0) or `mmlu/subject_{p % 3}/test/p`, text `Question p?`.
const pidOf = (p: number) => (p % 5 === 0 ? `custom/${p}` : `mmlu/subject_${p % 3}/test/${p}`);
const pOf = (pid: string) => Number(pid.slice(pid.lastIndexOf('/') + 1));
const PROMPTS = 20;
/** The campaign holds every prompt but 3, and holds 7 with another text than its results carry. */
const HELD_ELSEWHERE = new Set([3, 7]);

function items(): PromptItem[] {
  return Array.from({ length: PROMPTS }, (_, p) => p)
    .filter((p) => p !== 3)
    .map((p) => ({ id: pidOf(p), subject: `subject_${p % 3}`, question: p === 7 ? 'Question 7, as the campaign has it?' : `Question ${p}?`, choices: null, answer: 'B', source: { file: 'x.csv', line: p + 1 } }));
}

function campaign(db: Db, id: string): void {
  new CampaignRepository(db, new RunRepository(db)).create(
    { id, dataset: 'mmlu', setName: 'mmlu/test', setFingerprint: 'f', selectionFingerprint: 's', fingerprintVersion: 'v', promptTemplateVersion: 'p', setSize: 100, n: PROMPTS, reps: 2, seed: 't', warmup: 0, serials: ['P1'], modelIds: MODELS, options: {}, total: PROMPTS * 2 * MODELS.length, simulated: false, items: items() },
    { pid: process.pid, host: 'test' },
  );
}

/** A campaign and its run's results, committed as storeRun commits them. */
function campaignRun(db: Db, campaignId: string, runId: string): void {
  campaign(db, campaignId);
  storeRun(db, runId, 'P1', 'Pixel 8 Pro', { seed: 5, prompts: PROMPTS, reps: 2, simulated: false, campaignId });
}

const ownTexts = (db: Db, runId: string) =>
  db.prepare('SELECT prompt_id, prompt FROM prompt_results WHERE run_id = ? AND prompt IS NOT NULL').all(runId) as Array<{ prompt_id: string; prompt: string }>;

function expectTexts(db: Db, runId: string, count = PROMPTS * 2 * MODELS.length): void {
  const results = new ResultsRepository(db);
  const stored = results.results(runId);
  expect(stored).toHaveLength(count);
  for (const r of stored) expect(r.prompt).toBe(`Question ${pOf(r.promptId)}?`);
  const exported = results.exportRows([runId]);
  for (const row of exported) expect(row.at(-1)).toBe(`Question ${pOf(String(row[7]))}?`);
  // A fresh reader (no kept columns, no persisted entry for so few rows): read from SQLite.
  const cols = new ResultsRepository(db).measuredColumns([runId]);
  expect(cols.prompts.map((p) => p.text).sort()).toEqual([...new Set(stored.map((r) => r.prompt))].sort());
}

describe("a campaign's question stored once (db/0028)", () => {
  it('a result leaves its question to the campaign only where the campaign holds that text; every reader gives it back', () => {
    const db = open(file());
    campaignRun(db, 'camp-1', 'run-d');
    // Quick runs (no campaign) keep their text.
    storeRun(db, 'run-q', 'P2', 'Pixel 9', { seed: 6, prompts: 5, reps: 1, simulated: true });
    const kept = ownTexts(db, 'run-d');
    // Prompt 3 (not in the campaign) and 7 (the campaign's text differs) in every repetition and model; no other.
    expect(new Set(kept.map((k) => pOf(k.prompt_id)))).toEqual(HELD_ELSEWHERE);
    expect(kept).toHaveLength(HELD_ELSEWHERE.size * 2 * MODELS.length);
    for (const k of kept) expect(k.prompt).toBe(`Question ${pOf(k.prompt_id)}?`);
    expect(ownTexts(db, 'run-q')).toHaveLength(5 * MODELS.length);
    expectTexts(db, 'run-d');
    expectSameAsReference(db, new ResultsRepository(db), ['run-d', 'run-q']);

    // Read once, then results appended: the kept columns take the new rows' texts from the campaign.
    const results = new ResultsRepository(db);
    const before = results.measuredColumns(['run-d']).length;
    const runs = new RunRepository(db);
    const template = results.results('run-d')[0]!;
    runs.commitPrompt({ ...template, index: 9_000, promptId: pidOf(11), prompt: 'Question 11?', rep: 5, rawJson: null }, []);
    runs.commitPrompt({ ...template, index: 9_001, promptId: 'custom/new', prompt: 'A prompt the campaign does not hold?', rep: 0, rawJson: null }, []);
    const after = results.measuredColumns(['run-d']);
    expect(after.length).toBe(before + 2);
    const texts = Array.from({ length: after.length }, (_, i) => after.prompts[after.prompt[i]!]!);
    expect(texts.find((p) => p.id === pidOf(11))!.text).toBe('Question 11?');
    expect(texts.find((p) => p.id === 'custom/new')!.text).toBe('A prompt the campaign does not hold?');
    expect(db.prepare("SELECT prompt FROM prompt_results WHERE run_id = 'run-d' AND position = 9000").pluck().get()).toBeNull();
  });

  it('an upgrade from schema 0027 moves the questions its campaigns hold out of their results, and keeps everything else', () => {
    const f = file();
    const old = join(f, '..', 'db-0027');
    mkdirSync(old);
    for (const m of readdirSync(findMigrationsDir()).filter((m) => m.endsWith('.sql') && Number(m.slice(0, 4)) <= 27)) copyFileSync(join(findMigrationsDir(), m), join(old, m));
    const before = open(f, old);
    expect(schemaVersion(before)).toBe(27);
    // Written as schema 0027 took them: every row with its question, the runner line with its reply.
    campaign(before, 'camp-1');
    const runs = new RunRepository(before);
    runs.createRun({ id: 'run-d', kind: 'campaign', campaignId: 'camp-1', serial: 'P1', deviceModel: 'Pixel 8 Pro', fingerprint: null, androidRelease: '15', sdk: 35, modelIds: MODELS, energyMethod: 'odpm', sampleHz: 20, chargingState: 'discharging', screenState: 'off', batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: false, options: {} });
    runs.createRun({ id: 'run-q', kind: 'quick', serial: 'P2', deviceModel: 'Pixel 9', fingerprint: null, androidRelease: '15', sdk: 35, modelIds: MODELS, energyMethod: 'odpm', sampleHz: 20, chargingState: 'discharging', screenState: 'off', batteryLevel: 80, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
    const d = runs.createRunModels('run-d', MODELS, false, 'done');
    const q = runs.createRunModels('run-q', MODELS, true, 'done');
    const insert = before.prepare(
      "INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, response, raw_json, energy_j, simulated, created_at, rep) VALUES (?, ?, ?, ?, ?, 1, 'B', ?, ?, 0, ?, ?)",
    );
    let pos = 0;
    for (let rep = 0; rep < 2; rep++) {
      for (let m = 0; m < MODELS.length; m++) {
        for (let p = 0; p < PROMPTS; p++) insert.run('run-d', d[m]!, pos, pidOf(p), `Question ${p}?`, '{"type":"result","response":"B"}', p, 1_000 + pos++, rep);
      }
    }
    for (let p = 0; p < 5; p++) insert.run('run-q', q[0]!, p, pidOf(p), `Question ${p}?`, null, p, 5_000 + p, 0);
    before.prepare('DELETE FROM prompt_results WHERE position = 4').run();
    const rows = before.prepare('SELECT * FROM prompt_results ORDER BY id').all() as Array<Record<string, unknown>>;
    before.close();

    const after = open(f);
    expect(schemaVersion(after)).toBeGreaterThanOrEqual(28);
    // Every column as it was, ids included, but the questions the campaign holds.
    const now = after.prepare('SELECT * FROM prompt_results ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(now.map((r) => ({ ...r, prompt: null }))).toEqual(rows.map((r) => ({ ...r, prompt: null })));
    const moved = now.filter((r) => r.prompt === null);
    expect(moved.every((r) => r.run_id === 'run-d' && !HELD_ELSEWHERE.has(pOf(String(r.prompt_id))))).toBe(true);
    expect(moved).toHaveLength(rows.filter((r) => r.run_id === 'run-d' && !HELD_ELSEWHERE.has(pOf(String(r.prompt_id)))).length);
    // One result of each run deleted before the upgrade (ids with a hole).
    expectTexts(after, 'run-d', PROMPTS * 2 * MODELS.length - 1);
    for (const r of new ResultsRepository(after).results('run-q')) expect(r.prompt).toBe(`Question ${pOf(r.promptId)}?`);
    // The schema is whole: nothing left pointing at the old table, the triggers made again once and holding.
    expect(after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE '%prompt_results_0027%'").pluck().get()).toBe(0);
    expect(after.pragma('foreign_key_check')).toEqual([]);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() => after.prepare('INSERT INTO prompt_results (run_id, run_model_id, position, prompt_id, prompt, ok, simulated, created_at) VALUES (?, ?, 99, ?, ?, 1, 0, 1)').run('run-d', q[0], 'x', 'x')).toThrow(/names no model of the result's run/);
    after.prepare('DELETE FROM run_models WHERE id = ?').run(d[1]);
    expect(after.prepare('SELECT COUNT(*) FROM prompt_results WHERE run_model_id = ?').pluck().get(d[1])).toBe(0);
  });

  it('a result whose text is nowhere (its campaign prompt deleted outside the lab) is an error that names it', () => {
    const db = open(file());
    campaignRun(db, 'camp-1', 'run-d');
    db.prepare('DELETE FROM campaign_prompts WHERE prompt_id = ?').run(pidOf(12));
    expect(() => new ResultsRepository(db).measuredColumns(['run-d'])).toThrow(/prompt mmlu\/subject_0\/test\/12 in run run-d has no prompt text.*backup/);
    expect(() => new ResultsRepository(db).results('run-d')).toThrow(/prompt mmlu\/subject_0\/test\/12 in run run-d has no prompt text/);
  });
});
