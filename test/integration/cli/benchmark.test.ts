/**
 * `aurora-lab benchmark` end to end, the real CLI as child processes: a real virtual phone on a private real adb
 * server, the official Claude and Gemini SDKs against local fake servers (base URLs through the env vars the LLM
 * clients read), a real router program (examples/keyword_router.py, /usr/bin/python3). Killed half-way, the same
 * command continues the campaign; the table's numbers are those `compare` gives on the same campaign; the JSON
 * passes its schema; the charts are non-empty SVG and PNG files of the stated size; the report opens offline in
 * Chromium with every chart drawn (screenshot test-results/screenshots/benchmark-report.png). Routers that crash
 * half-way or answer garbage leave their row incomplete and the others complete.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../../src/shared/api/compare';
import { BENCHMARK_COLUMNS } from '../../../src/shared/benchmark-columns';
import { parseBenchmarkResults, type BenchmarkResults } from '../../../src/shared/benchmark-results';
import { adb } from '../../helpers/adb-cli';
import { launchChromium, screenshot } from '../../helpers/browser';
import { runCli } from '../../helpers/lab-process';
import { pngSize } from '../../helpers/png';
import { tempDir } from '../../helpers/temp-dir';
import { FAST_ENV, startPhones, usePrivateAdbServer, type PhoneSet } from '../campaigns/helpers';
import { startFakeAnthropic } from '../strategies/fake-anthropic';
import type { FakeServer } from '../strategies/fake-common';
import { startFakeGemini } from '../strategies/fake-gemini';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/aurora-lab.js');
const PY = '/usr/bin/python3';
const ROUTERS = join(ROOT, 'test/fixtures/routers');
const CLAUDE_KEY = 'sk-ant-bench-SECRET-0123456789';
const GEMINI_KEY = 'gemini-bench-SECRET-0123456789';
const TOPICS = 'arithmetic,basic_physics,biology,computing';
const haveRouters = existsSync(PY);

let adbServer: Awaited<ReturnType<typeof usePrivateAdbServer>>;
let phones: PhoneSet;
let claude: FakeServer;
let gemini: FakeServer;
let env: NodeJS.ProcessEnv;
const home = tempDir('aurora-bench-cli-');
const out = join(home.path, 'out');

function args(extra: string[] = []): string[] {
  const address = phones.phones[0]!.address;
  return ['--home', home.path, 'benchmark', '--devices', address, '--models', 'gemma-270m,smollm-360m,qwen-600m', '--dataset', 'starter', '--topics', TOPICS, '--n-samples', '20',
    '--max-tokens', '8', '--baseline-ms', '500', '--cool-temp', '60', '--cool-timeout-s', '0', '--warmup', '0', ...extra];
}

function count(sql: string): number {
  const file = join(home.path, 'lab.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return (db.prepare(sql).pluck().get() as number | undefined) ?? 0;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  adbServer = await usePrivateAdbServer();
  phones = await startPhones(['pixel']);
  claude = await startFakeAnthropic({ validKeys: [CLAUDE_KEY], reply: (u) => (/physics|computing/i.test(u) ? 'qwen-600m' : 'gemma-270m') });
  gemini = await startFakeGemini({ validKeys: [GEMINI_KEY], reply: (u) => (/arithmetic/i.test(u) ? 'gemma-270m' : 'smollm-360m') });
  env = { ...FAST_ENV, ANTHROPIC_API_KEY: CLAUDE_KEY, ANTHROPIC_BASE_URL: claude.url, GEMINI_API_KEY: GEMINI_KEY, GOOGLE_API_KEY: '', GEMINI_BASE_URL: gemini.url };
}, 60_000);

afterAll(async () => {
  await adb(['disconnect', phones.phones[0]!.address]).catch(() => {});
  await phones?.close();
  await claude?.close();
  await gemini?.close();
  home.cleanup();
  adbServer?.stop();
});

let results: BenchmarkResults;
let table = '';

describe('aurora-lab benchmark', () => {
  it('killed half-way, the same command continues the campaign, prints the seed table measured and writes every file', async () => {
    const child = spawn(process.execPath, [BIN, ...args()], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_c, sig) => res(sig)));
    const deadline = Date.now() + 120_000;
    while (count('SELECT COUNT(*) FROM prompt_results') < 15 && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode, stderr).toBeNull();
    child.kill('SIGKILL');
    await exited;
    expect(stderr).toMatch(/campaign [0-9a-f-]{36}: 60 prompt results planned/);
    expect(stderr).toMatch(/\[\d+\.\d%\] \d+\/60 ETA/);

    const router = `${PY} ${join(ROOT, 'examples/keyword_router.py')}`;
    const r = await runCli([...args(haveRouters ? ['--router-cmd', router, '--router-name', 'keyword'] : []), '--out', out], env, 240_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/continuing \(same arguments\), \d+ prompt result\(s\) left/);
    expect(r.stdout).toMatch(/campaign [0-9a-f-]{36} \(continued\)/);
    expect(r.stdout).toContain('SIMULATED: figures from virtual phones');
    for (const c of BENCHMARK_COLUMNS) expect(r.stdout).toContain(c.header);
    expect(r.stdout).not.toContain(CLAUDE_KEY);
    expect(r.stderr).not.toContain(GEMINI_KEY);
    expect(count('SELECT COUNT(*) FROM prompt_results')).toBe(60);
    expect(count('SELECT COUNT(*) FROM campaigns')).toBe(1);
    table = r.stdout;

    results = parseBenchmarkResults(JSON.parse(readFileSync(join(out, 'benchmark_results.json'), 'utf8')));
    expect(results.campaign.dataset).toMatchObject({ name: 'starter', samples: 20, subjects: TOPICS.split(',').sort(), seed: 42 });
    expect(results.simulated).toBe('all');
    const names = results.strategies.map((s) => s.name);
    expect(names).toEqual(['router@0.50', 'oracle(size)', 'claude', 'gemini', 'always-largest', 'always-smallest', ...(haveRouters ? ['keyword@0.50'] : [])]);
    for (const s of results.strategies) {
      expect(s.status, `${s.name}: ${s.reason}`).toBe('complete');
      expect(s.picks).toHaveLength(20);
      expect(s.figures.accuracyPct.n).toBeGreaterThan(0);
      expect(s.figures.latencySavingsPct.n).toBeGreaterThan(0);
      expect(s.figures.energySavingsPct.method).toMatch(/measured energy/);
    }
    const largest = results.strategies.find((s) => s.name === 'always-largest')!;
    expect(largest.figures.sizeSavingsPct.value).toBe(0);
    expect(largest.figures.latencySavingsPct.value).toBe(0);
    expect(results.strategies.find((s) => s.name === 'claude')!.figures.agreementWithClaudePct.value).toBe(100);
    // The keyword router sent every physics prompt (its subject names a hard word) to the largest model.
    if (haveRouters) {
      const kw = results.strategies.find((s) => s.name === 'keyword@0.50')!.picks.filter((p) => p.promptId.includes('/basic_physics/'));
      expect(kw.length).toBeGreaterThan(0);
      for (const p of kw) expect(p.model).toBe('qwen-600m');
    }

    const csv = readFileSync(join(out, 'benchmark_table.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^strategy,routed,avg_model_size_mb,avg_model_size_n,agreement_claude_pct/);
    expect(csv).toHaveLength(names.length + 1);
    const md = readFileSync(join(out, 'benchmark_table.md'), 'utf8');
    expect(md).toMatch(/^\| Strategy \| n \| Avg model size \(MB\) \|/);
    expect(md).toContain('| always-largest |');

    const charts = readdirSync(join(out, 'charts')).sort();
    const stems = ['latency-distribution', 'model-size-distribution', 'pareto-energy', 'pareto-latency', 'savings-breakdown', 'strategy-comparison'];
    expect(charts).toEqual(stems.flatMap((s) => [`${s}.png`, `${s}.svg`]));
    for (const s of stems) {
      const svg = readFileSync(join(out, 'charts', `${s}.svg`), 'utf8');
      expect(svg.length, s).toBeGreaterThan(3000);
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 960 (540|720)"/);
      expect(svg).toContain('SIMULATED');
      const png = readFileSync(join(out, 'charts', `${s}.png`));
      expect(png.length, s).toBeGreaterThan(10_000);
      const size = pngSize(png);
      expect(size.width).toBe(1920);
      expect([1080, 1440]).toContain(size.height);
    }
    expect(statSync(join(out, 'report.html')).size).toBeGreaterThan(50_000);
  }, 420_000);

  it("the table's numbers are compare's on the same campaign", async () => {
    const campaignId = results.campaign.id;
    const r = await runCli(['--home', home.path, 'compare', '--run', campaignId, '--strategies', 'router,oracle,claude,gemini,largest,smallest', '--cost', 'size', '--seed', '42', '--json'], env, 120_000);
    expect(r.code, r.stderr).toBe(0);
    const cmp = JSON.parse(r.stdout) as ComparisonResult;
    const rows = cmp.groups[0]!.rows;
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    for (const row of rows) {
      const s = results.strategies.find((x) => x.name === row.name)!;
      expect(s, row.name).toBeDefined();
      expect(s.figures.accuracyPct.value, row.name).toBe(pct(row.accuracy));
      expect(s.figures.accuracyPct.correct).toBe(row.correct);
      expect(s.figures.averageModelSizeMb.value).toBe(row.meanSizeMb === null ? null : Math.round(row.meanSizeMb * 10) / 10);
      expect(s.figures.sizeSavingsPct.value).toBe(pct(row.savingsVsLargest.size));
      expect(s.figures.latencySavingsPct.value).toBe(pct(row.savingsVsLargest.latency));
      expect(s.figures.energySavingsPct.value).toBe(pct(row.savingsVsLargest.energy));
      expect(s.figures.agreementWithOraclePct.value).toBe(pct(row.agreementWithOracle));
      expect(s.figures.agreementWithClaudePct.value).toBe(pct(row.agreementWithClaude));
      // And the printed table shows the same accuracy on the row's line.
      const line = table.split('\n').find((l) => l.startsWith(`${row.name} `))!;
      expect(line, row.name).toContain(pct(row.accuracy)!.toFixed(1));
    }
  }, 180_000);

  it.skipIf(!haveRouters)('a router that crashes half-way and one that answers garbage: their rows incomplete, per prompt; the others complete; a picks file too', async () => {
    const picks = join(home.path, 'picks.jsonl');
    const some = results.strategies[0]!.picks.slice(0, 8);
    writeFileSync(picks, some.map((p) => JSON.stringify({ id: p.promptId, model: 'smollm-360m' })).join('\n'));
    // Without a Gemini key this time: said plainly, and the row stays in the results as unavailable.
    const crash = await runCli([...args(['--router-cmd', `${PY} ${join(ROUTERS, 'crash_after.py')} 5`, '--router-name', 'crashy', '--picks', picks, '--json'])], { ...env, GEMINI_API_KEY: '' }, 180_000);
    expect(crash.code, crash.stderr).toBe(0);
    expect(crash.stderr).toMatch(/complete already \(same arguments\)/);
    expect(crash.stderr).toMatch(/^gemini: unavailable: no Gemini API key: save one in Settings or set GEMINI_API_KEY/m);
    const a = parseBenchmarkResults(JSON.parse(crash.stdout));
    const crashy = a.strategies.find((s) => s.name === 'crashy@0.50')!;
    expect(crashy).toMatchObject({ status: 'incomplete', routed: 5 });
    expect(crashy.incomplete).toMatchObject({ answered: 5, failed: 15, counts: { crashed: 1, 'not-sent': 14 } });
    expect(crashy.reason).toMatch(/15 of 20 prompts without a pick/);
    expect(JSON.stringify(crashy.incomplete!.reasons)).toMatch(/exited with code 3.*router model file is corrupt/);
    const pk = a.strategies.find((s) => s.name === 'picks')!;
    expect(pk).toMatchObject({ status: 'incomplete', routed: 8 });
    expect(pk.incomplete!.counts).toEqual({ missing: 12 });
    expect(a.strategies.find((s) => s.name === 'gemini')).toMatchObject({ status: 'unavailable', routed: 0, reason: expect.stringMatching(/no Gemini API key/) });
    for (const s of a.strategies.filter((x) => !['crashy@0.50', 'picks', 'gemini'].includes(x.name))) expect(s.status, s.name).toBe('complete');

    const garbage = await runCli([...args(['--router-cmd', `${PY} ${join(ROUTERS, 'garbage.py')}`, '--router-name', 'garbage', '--router-timeout-ms', '5000'])], env, 180_000);
    expect(garbage.code, garbage.stderr).toBe(0);
    expect(garbage.stdout).toMatch(/^garbage@0\.50 .*INCOMPLETE: 17 of 20 prompts without a pick/m);
    expect(garbage.stdout).toMatch(/note: garbage: \d+ prompts?: invalid-reply: /);
    expect(garbage.stdout).toMatch(/^always-largest .*complete$/m);
  }, 420_000);

  it('compare --charts, runs export --charts and report write the same files', async () => {
    const campaignId = results.campaign.id;
    const dir = join(home.path, 'cmp-charts');
    const c = await runCli(['--home', home.path, 'compare', '--run', campaignId, '--strategies', 'router,oracle,largest,smallest', '--charts', dir], env, 120_000);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/wrote 12 chart files to /);
    expect(readdirSync(dir)).toHaveLength(12);
    const runDir = join(home.path, 'run-charts');
    const r = await runCli(['--home', home.path, 'runs', 'export', campaignId, '--charts', runDir], env, 60_000);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(runDir).sort()).toEqual(['latency-distribution.png', 'latency-distribution.svg', 'power-timeline.png', 'power-timeline.svg']);
    expect(pngSize(readFileSync(join(runDir, 'latency-distribution.png')))).toEqual({ width: 1920, height: 1080 });
    expect(readFileSync(join(runDir, 'power-timeline.svg'), 'utf8')).toContain('SIMULATED');
    const file = join(home.path, 'shared.html');
    const rep = await runCli(['--home', home.path, 'report', campaignId, '--compare', results.settings.comparisonId!, '--out', file], env, 60_000);
    expect(rep.code, rep.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect((html.match(/<figure id="chart-/g) ?? []).length).toBe(6);
    expect(html).toContain(results.settings.comparisonId!);
    const wrong = await runCli(['--home', home.path, 'report', campaignId, '--out', file, '--compare', 'cmp-00000000-nope'], env, 60_000);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/No comparison "cmp-00000000-nope"/);
  }, 240_000);

  it('the report opens offline in Chromium with every chart drawn', async () => {
    const file = join(out, 'report.html');
    const url = pathToFileURL(file).href;
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      await context.route('**/*', async (route) => {
        requests.push(route.request().url());
        return route.request().url() === url ? route.continue() : route.abort();
      });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      expect(requests).toEqual([url]);
      const charts = await page.locator('figure.chart').evaluateAll((figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const painted = svg ? [...svg.querySelectorAll('path')].filter((p) => p.getBBox().width + p.getBBox().height > 0).length : 0;
          return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, painted };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['chart-model-size-distribution', 'chart-savings-breakdown', 'chart-strategy-comparison', 'chart-latency-distribution', 'chart-pareto-energy', 'chart-pareto-latency']);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(500);
        expect(c.painted, c.id).toBeGreaterThan(5);
      }
      expect(await page.locator('#comparison td', { hasText: 'always-largest' }).count()).toBe(1);
      expect(await page.locator('#simulated-banner').isVisible()).toBe(true);
      // The data set as the user named it, with the subjects chosen (not the subset file the campaign sampled).
      expect(await page.locator('#conditions dd', { hasText: /^starter, 20 prompts/ }).count()).toBe(1);
      expect(await page.locator('#conditions dd', { hasText: 'arithmetic, basic_physics, biology, computing' }).count()).toBe(1);
      await screenshot(page, 'benchmark-report');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
