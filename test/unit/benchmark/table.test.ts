/** The seed's table from benchmark_results.json through the kit's printers: measured columns, '-' for not measured, status words. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_COLUMNS } from '../../../src/shared/benchmark-columns';
import { parseBenchmarkResults } from '../../../src/shared/benchmark-results';
import { printCsv, printMarkdown, printText } from '../../../src/shared/kit/printers';
import { benchmarkDisplayTable, benchmarkTable } from '../../../src/main/benchmark/table';

const DOC = readFileSync(resolve(import.meta.dirname, '../../../docs/benchmark-results.md'), 'utf8');
const results = () => parseBenchmarkResults(JSON.parse(/```json\n([\s\S]*?)\n```/.exec(DOC)![1]!));

describe('benchmark table', () => {
  it('prints every seed column, accuracy with its interval, and "-" (never 0) where nothing was measured', () => {
    const text = printText(benchmarkDisplayTable(results()));
    for (const c of BENCHMARK_COLUMNS) expect(text).toContain(c.header);
    const [router, claude] = text.split('\n').slice(2);
    expect(router).toMatch(/^router@0\.50\s+3\s+481\.3\s+-\s+66\.7\s+56\.2\s+48\.9\s+51\.0\s+66\.7 \[20\.8-93\.9\]\s+complete$/);
    expect(claude).toMatch(/^claude\s+0\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+unavailable: no Claude API key/);
    expect(text).not.toMatch(/\b0\.0\b/);
  });

  it('CSV has exact values and the n behind each figure; Markdown the display columns', () => {
    const csv = printCsv(benchmarkTable(results())).trim().split('\r\n');
    expect(csv[0]).toBe('strategy,routed,avg_model_size_mb,avg_model_size_n,agreement_claude_pct,agreement_claude_n,agreement_oracle_pct,agreement_oracle_n,size_savings_pct,size_savings_n,latency_savings_pct,latency_savings_n,energy_savings_pct,energy_savings_n,accuracy_pct,accuracy_ci95_lo_pct,accuracy_ci95_hi_pct,accuracy_n,status');
    expect(csv[1]).toBe('router@0.50,3,481.3,3,,0,66.7,3,56.2,3,48.9,3,51,3,66.7,20.8,93.9,3,complete');
    expect(csv[2]).toMatch(/^claude,0,,0,,0,,0,,0,,0,,0,,,,0,unavailable: no Claude API key/);
    const md = printMarkdown(benchmarkDisplayTable(results(), 0));
    expect(md.split('\n')[1]).toMatch(/^\| --- \| ---: \|/);
    expect(md).not.toContain('_n |');
  });

  it('an incomplete strategy says what is missing; two devices get a device column', () => {
    const r = results();
    const s = r.strategies[0]!;
    const inc = { ...s, name: 'my-router@0.50', device: 'P8PRO', status: 'incomplete' as const, reason: '2 of 3 prompts without a pick (crashed 1, not-sent 1)', incomplete: { answered: 1, failed: 2, counts: { crashed: 1, 'not-sent': 1 }, reasons: [] } };
    const text = printText(benchmarkDisplayTable({ ...r, strategies: [...r.strategies, inc] }));
    expect(text.split('\n')[0]).toMatch(/^Device\s+Strategy/);
    expect(text).toMatch(/^P8PRO\s+my-router@0\.50 .*INCOMPLETE: 2 of 3 prompts without a pick \(crashed 1, not-sent 1\)$/m);
  });
});
