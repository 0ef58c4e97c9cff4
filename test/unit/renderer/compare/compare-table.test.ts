import { describe, expect, it } from 'vitest';
import { breakdownView, formatCost, shareList, sideBySide, tableRow, tableRows } from '../../../../src/renderer/src/compare/compare-table';
import { makeGroup, makeRow } from '../fixtures/compare';

describe('compare table: formatting', () => {
  it('formats costs on the comparison’s metric', () => {
    expect(formatCost(394, 'size')).toBe('394 MB');
    expect(formatCost(812.6, 'latency')).toBe('813 ms');
    expect(formatCost(2.114, 'energy')).toBe('2.11 J');
    expect(formatCost(0.5, 'energy')).toBe('500 mJ');
  });

  it('orders the share per model, dropping zero shares', () => {
    expect(shareList({ a: 0.25, b: 0.75, c: 0 })).toEqual([
      { model: 'b', share: 0.75 },
      { model: 'a', share: 0.25 },
    ]);
  });
});

describe('compare table: one row per strategy', () => {
  it('warns a router below chance at n = 40 with its interval', () => {
    const r = tableRow(makeRow({ accuracy: 0.2, correct: 8, accuracyCi95: { lo: 0.105, hi: 0.348 } }), 'energy', makeGroup());
    expect(r.chance?.label).toBe('small sample');
    expect(r.chance?.reason).toMatch(/^20\.0% on n = 40 is below chance \(25%, a random guess among 4 choices\); 95% interval 11%–35%/);
    // A strategy that did not run has no accuracy to warn about.
    expect(tableRow(makeRow({ unavailable: 'no key', accuracy: 0.1 }), 'energy').chance).toBeNull();
  });

  it('turns a measured row into the seed table’s columns', () => {
    const r = tableRow(makeRow(), 'energy');
    expect(r).toMatchObject({
      name: 'router@0.50',
      preference: '0.50',
      prompts: '40 prompts',
      accuracy: '62.5%',
      ci: '46.8%–75.8%',
      meanSize: '280 MB',
      meanLatency: '813 ms',
      p95Latency: '1490 ms',
      energy: '2.11 J',
      saveSize: '+28.8%',
      saveLatency: '+18.0%',
      saveEnergy: '−5.0%',
      agreeOracle: '40.0%',
      agreeClaude: '—',
      deferralArea: '0.034',
      // QNC is a multiple of the best single model's cost, not a cost.
      qnc: '1.99×',
      qncReason: null,
      chance: null,
      share: 'qwen-600m 75% · gemma-270m 25%',
      onTraining: false,
      simulated: true,
      llm: null,
    });
  });

  it('says how many prompts were scored when not all were', () => {
    expect(tableRow(makeRow({ scored: 30 }), 'size').prompts).toBe('30 of 40 prompts scored');
    expect(tableRow(makeRow({ prompts: 1, scored: 1 }), 'size').prompts).toBe('1 prompt');
  });

  it('marks rows evaluated on training prompts and keeps unavailable reasons', () => {
    const rows = tableRows(makeGroup({ rows: [makeRow({ evaluatedOnTraining: true }), makeRow({ name: 'gemini', strategy: 'gemini', unavailable: 'invalid key' })] }), 'energy');
    expect(rows[0]!.onTraining).toBe(true);
    expect(rows[1]!.unavailable).toBe('invalid key');
  });

  it('describes LLM router usage with the cost as an estimate', () => {
    const r = tableRow(
      makeRow({ name: 'claude', strategy: 'claude', llm: { provider: 'anthropic', model: 'claude-opus', templateVersion: 'v1', apiCalls: 10, cacheHits: 30, retries: 1, tokensIn: 5000, tokensOut: 40, estimatedCostUsd: 0.0123, unknownModelReplies: 0 } }),
      'energy',
    );
    expect(r.llm).toMatch(/10 calls, 30 cached, 1 retry ·/);
    expect(r.llm).toMatch(/estimate from tokens/);
  });
});

describe('compare table: breakdown and groups side by side', () => {
  it('lays the breakdown out by table row', () => {
    const g = makeGroup();
    const v = breakdownView(g.breakdown.subject, g.rows.map((r) => r.name), 'energy');
    expect(v.columns).toEqual(['router@0.50', 'always-largest']);
    expect(v.rows[0]!.cells.map((c) => c.accuracy)).toEqual(['60%', '70%']);
    expect(v.rows[0]!.cells[0]!.title).toMatch(/10 scored of 10/);
  });

  it('aligns two groups by row name', () => {
    const a = makeGroup();
    const b = makeGroup({ key: 'b', device: 'b', deviceModel: null, rows: [makeRow({ accuracy: 0.5 })] });
    const v = sideBySide([a, b]);
    expect(v.groups.map((g) => g.title)).toEqual(['Pixel 8 Pro · 127.0.0.1:5555', 'b']);
    const router = v.rows.find((r) => r.name === 'router@0.50')!;
    expect(router.cells.map((c) => c?.accuracy)).toEqual(['62.5%', '50.0%']);
    expect(v.rows.find((r) => r.name === 'always-largest')!.cells[1]).toBeNull();
    // Unavailable rows show no figures.
    expect(v.rows.find((r) => r.name === 'claude')!.cells[0]).toBeNull();
  });
});

describe('the lab’s own notes on a row (ComparisonRow.qncReason, accuracyWarning)', () => {
  it('shows the lab’s reason for a missing QNC, in the cell’s title and the footnote', () => {
    const reason = 'No cost preference reaches the best single model’s accuracy (qwen-600m: 60.0%); the router’s best is 55.0%, so there is no cost at which it is quality-neutral.';
    const r = tableRow(makeRow({ strategy: 'router', qnc: null, qncReason: reason }), 'energy', makeGroup());
    expect(r.qnc).toBe('—');
    expect(r.qncReason).toBe(reason);
    expect(r.qncTitle).toMatch(/^QNC, quality-neutral cost .* No cost preference reaches/);
  });

  it('uses the lab’s small-sample warning with its interval', () => {
    const w = { kind: 'small-sample' as const, message: 'Small sample: 20.0% on n = 40, 95% interval 10.5%–34.8%, which includes chance (25.0% on four choices): not evidence of doing worse than guessing. More prompts narrow it.', interval: { lo: 0.105, hi: 0.348 }, n: 40 };
    const r = tableRow(makeRow({ accuracy: 0.2, correct: 8, scored: 40, accuracyCi95: { lo: 0.105, hi: 0.348 }, accuracyWarning: w }), 'energy', makeGroup());
    expect(r.chance).toMatchObject({ label: 'small sample', reason: w.message, surelyBelow: false });
    expect(r.chance!.short).toMatch(/11%–35%/);
  });
});
