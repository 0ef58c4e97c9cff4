/**
 * End to end: a run of 320 prompts in real Chromium, served by the real `aurora-lab serve`, measured on a virtual
 * phone the real adb server connects to (a campaign over a JSONL prompt set written here: four subjects, answer
 * keys, one-token replies so it runs fast). Its per-prompt table shows 50 rows a page, not 320 (the page was
 * 8,000 px tall); search finds a prompt by its text and by subject; the outcome filter agrees with the lab's own
 * counts; the one-token replies' 0 tok/s is flagged, not shown as a speed. Screenshots under
 * test-results/screenshots/prompts-320-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { goTo } from './layout-check';
import { startLabPage, type LabPage } from './lab-page';

let t: LabPage;
const dir = tempDir();
let campaignId = '';
let runId = '';

const N = 320;
const SUBJECTS = ['astronomy', 'world_geography', 'college_physics', 'high_school_biology'];
const QUESTIONS: Array<[string, [string, string, string, string], 'A' | 'B' | 'C' | 'D']> = [
  ['Which planet is closest to the Sun?', ['Venus', 'Mercury', 'Mars', 'Earth'], 'B'],
  ['What is the capital of Peru?', ['Lima', 'Quito', 'Bogota', 'Santiago'], 'A'],
  ['How many legs does a spider have?', ['Six', 'Ten', 'Eight', 'Four'], 'C'],
  ['Which gas do plants take in?', ['Oxygen', 'Nitrogen', 'Helium', 'Carbon dioxide'], 'D'],
];
/** 320 prompts at ~0.4 s each on a busy machine, plus deploy, load and baseline. */
const RUN_TIMEOUT_MS = 420_000;

beforeAll(async () => {
  t = await startLabPage({ connect: true, viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await t?.stop();
  dir.cleanup();
});

const pagerText = () => t.page.getByTestId('prompt-pager-text').textContent();
const rowIndexes = () => t.page.getByTestId('prompt-row').evaluateAll((rows) => rows.map((r) => Number((r as unknown as { getAttribute(n: string): string }).getAttribute('data-index'))));

describe(`A run of ${N} prompts, one page at a time (Chromium, aurora-lab serve, virtual phone)`, () => {
  it(
    `measures ${N} prompts in one campaign through the API`,
    async () => {
      // Over HTTP the lab reads prompt sets only from its own datasets folder.
      mkdirSync(join(t.home, 'datasets'), { recursive: true });
      const file = join(t.home, 'datasets', 'prompts-320.jsonl');
      const lines = Array.from({ length: N }, (_, i) => {
        const [q, choices, answer] = QUESTIONS[i % QUESTIONS.length]!;
        return JSON.stringify({ id: `q${i + 1}`, question: `Question ${i + 1}: ${q}`, choices, answer, subject: SUBJECTS[Math.floor(i / 4) % SUBJECTS.length] });
      });
      writeFileSync(file, `${lines.join('\n')}\n`);
      await t.phoneReady();
      const started = await t.client.campaigns.start({ devices: [t.phone.address], models: ['gemma-270m'], dataset: file, n: N, seed: 'e2e-320', warmup: 0, maxTokens: 1, idleBaselineMs: 500 });
      campaignId = started.campaignId;
      runId = started.runIds[0]!;
      await expect.poll(async () => (await t.client.campaigns.get({ campaignId })).status, { timeout: RUN_TIMEOUT_MS, interval: 1000 }).toBe('done');
      expect((await t.client.runs.results({ runId })).length).toBe(N);
    },
    RUN_TIMEOUT_MS + 30_000,
  );

  it('shows 50 of the 320 rows, pages through them, and the page is no longer 8,000 px tall', async () => {
    await goTo(t.page, `#/runs/${runId}`);
    const table = t.page.getByTestId('prompt-table');
    await expect.poll(() => table.getAttribute('data-rows'), { timeout: 20_000 }).toBe(String(N));
    expect(await t.page.getByTestId('prompt-row').count()).toBe(50);
    expect(await table.getAttribute('data-pages')).toBe('7');
    expect(await pagerText()).toBe('1–50 of 320 prompts');
    const height = (await t.page.getByTestId('run-prompts').boundingBox())!.height;
    expect(height).toBeLessThan(4000);
    await t.shoot('prompts-320-page-1', 'run-prompts');

    await t.page.getByTestId('prompt-pager-next').click();
    await expect.poll(pagerText).toBe('51–100 of 320 prompts');
    expect((await rowIndexes())[0]).toBe(51);
    await t.page.getByTestId('prompt-pager-foot-next').click();
    await expect.poll(pagerText).toBe('101–150 of 320 prompts');
  });

  it('finds a prompt by its text and by subject, and goes back to page 1 on a new search', async () => {
    await t.page.getByTestId('prompt-search').fill('Question 170:');
    await expect.poll(pagerText).toBe('1 match among 320 prompts');
    expect(await t.page.getByTestId('prompt-text').textContent()).toMatch(/^Question 170: /);

    await t.page.getByTestId('prompt-search').fill('world geography');
    await expect.poll(pagerText).toBe('1–50 of 80 matches among 320 prompts');
    const metas = await t.page.locator('[data-testid="prompt-row"] .cell-prompt .sub').allTextContents();
    expect(metas.every((m) => m.startsWith('world geography'))).toBe(true);
    await t.shoot('prompts-320-search', 'run-prompts');
    await t.page.getByTestId('prompt-clear').click();
    await expect.poll(pagerText).toBe('1–50 of 320 prompts');
  });

  it('filters by outcome with the lab’s own counts: correct, wrong, unparsable', async () => {
    const detail = await t.client.campaigns.detail({ campaignId, sections: ['models'] });
    const figures = detail.models!.find((m) => m.serial !== null)!;
    const expectText = (n: number) => (n > 50 ? `1–50 of ${n} matches among 320 prompts` : `${n} ${n === 1 ? 'match' : 'matches'} among 320 prompts`);

    await t.page.getByTestId('prompt-outcome').selectOption('correct');
    if (figures.correct > 0) {
      await expect.poll(pagerText).toBe(expectText(figures.correct));
      expect((await t.page.getByTestId('prompt-answer').allTextContents()).every((a) => /\(correct\)$/.test(a))).toBe(true);
    }
    await t.page.getByTestId('prompt-outcome').selectOption('wrong');
    await expect.poll(pagerText).toBe(expectText(figures.scored - figures.correct));
    await t.page.getByTestId('prompt-outcome').selectOption('unparsable');
    if (figures.unparsable > 0) {
      await expect.poll(pagerText).toBe(expectText(figures.unparsable));
      expect((await t.page.getByTestId('prompt-answer').allTextContents()).every((a) => a === 'no letter found (wrong)')).toBe(true);
    }
    await t.page.getByTestId('prompt-outcome').selectOption('all');
    await expect.poll(pagerText).toBe('1–50 of 320 prompts');
  });

  it('flags the one-token replies’ 0 tok/s instead of showing it as a decode speed', async () => {
    const decode = t.page.getByTestId('cell-decodeTps');
    const flags = await decode.getByTestId('flagged').count();
    expect(flags).toBeGreaterThan(0);
    expect(await decode.getByTestId('flagged').first().getAttribute('title')).toMatch(/at most one token/);
    expect(await t.page.getByTestId('flag-legend').textContent()).toMatch(/no decode/);
    // No cell prints 0.0 as if it were a speed.
    expect(await decode.allTextContents()).not.toContain('0.0');
  });
});
