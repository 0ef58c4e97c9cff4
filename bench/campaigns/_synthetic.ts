/** A synthetic stored campaign: `prompts` MMLU-like prompts x `models` models on one device, in a temp lab database. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CampaignRepository } from '../../src/main/campaigns/repository';
import type { PromptItem } from '../../src/main/datasets/types';
import { RunRepository, type NewPromptResult } from '../../src/main/runs/repository';
import { openDatabase, type Db } from '../../src/main/store/database';
import { mulberry32 } from '../../src/shared/kit/prng';

/**
 * A new lab database in a temp folder. `pageSize` makes the file first with that page size instead of
 * NEW_DATABASE_PAGE_SIZE (the lab keeps an existing file's page size).
 */
export function tempDb(pageSize?: number): { db: Db; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-bench-campaigns-'));
  const file = join(dir, 'lab.sqlite');
  if (pageSize !== undefined) {
    const pre = new Database(file);
    pre.pragma(`page_size = ${pageSize}`);
    pre.pragma('journal_mode = WAL');
    pre.close();
  }
  const db = openDatabase(file);
  return { db, close: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Deterministic pseudo-random numbers: the kit's mulberry32. */
export function rng(seed: number): () => number {
  return mulberry32(seed).next;
}

export const SUBJECTS = Array.from({ length: 57 }, (_, i) => `subject_${String(i).padStart(2, '0')}`);

/** The synthetic question of a prompt id (what `result` stores, and a campaign's items hold). */
export function questionOf(promptId: string): string {
  return `Question ${promptId}: which of the following is right?\nA. one\nB. two\nC. three\nD. four`;
}

/** A campaign's items for these prompt ids, with the synthetic questions. */
export function itemsOf(promptIds: readonly string[], subjectOf: (i: number) => string): PromptItem[] {
  return promptIds.map((id, i) => ({ id, subject: subjectOf(i), question: questionOf(id), choices: null, answer: 'B', source: { file: 'bench.csv', line: i + 1 } }));
}

export function result(runId: string, runModelId: number, modelId: string, index: number, promptId: string, subject: string, rand: () => number, rep = 0): NewPromptResult {
  const total = 200 + rand() * 2000;
  const tokens = 1 + Math.floor(rand() * 60);
  const net = total / 1000 * (1 + rand());
  return {
    runId, runModelId, modelId, index, promptId, prompt: questionOf(promptId), ok: true, error: null,
    tStartMs: index * 3000, tEndMs: index * 3000 + total, ttftMs: total * 0.2, prefillTps: 300, decodeTps: 10 + rand() * 40, totalMs: total, prefillTokens: 80, outputTokens: tokens,
    peakRamMb: 600, energyJ: net + 0.3, netEnergyJ: net, avgPowerW: 3, energyPerTokenJ: net / tokens, energy: { method: 'odpm', sampleHz: 5, sampleCount: 10, updates: 10, resolutionNote: null },
    tempStartC: 31, tempEndC: 31.2, thermalStatus: 0, throttled: false, response: 'The answer is B.', extracted: 'B', correct: rand() < 0.5, simulated: true,
    rawJson: '{"type":"result"}', rep, subject, answer: 'B', unparsable: rand() < 0.03,
  };
}

/**
 * Creates the campaign rows and returns the run's model row ids. `items`: the campaign's prompts (campaign_prompts),
 * which hold the questions its results then leave out (db/0028); none by default.
 */
export function campaignSkeleton(db: Db, id: string, runId: string, models: string[], n: number, items: PromptItem[] = []): number[] {
  const runs = new RunRepository(db);
  const store = new CampaignRepository(db, runs);
  store.create(
    { id, dataset: 'mmlu', setName: 'mmlu/test', setFingerprint: 'f', selectionFingerprint: 's', fingerprintVersion: 'v', promptTemplateVersion: 'p', setSize: 14042, n, reps: 1, seed: 'bench', warmup: 1, serials: ['BENCH1'], modelIds: models, options: {}, total: n * models.length, simulated: true, items },
    { pid: process.pid, host: 'bench' },
  );
  runs.createRun({ id: runId, kind: 'campaign', campaignId: id, serial: 'BENCH1', deviceModel: 'Pixel 8 Pro', fingerprint: 'fp', androidRelease: '14', sdk: 34, modelIds: models, energyMethod: 'odpm', sampleHz: 5, chargingState: 'discharging', screenState: 'on', batteryLevel: 90, tempStartC: 30, thermalStatusStart: 0, simulated: true, options: {} });
  return runs.createRunModels(runId, models, true, 'pending');
}
