/**
 * The shared report's HTML, as text: every string escaped, nothing to fetch, every simulated figure labelled,
 * missing figures shown as missing, the same data giving the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_CHART_FONT, REPORT_CSP, SIMULATED_BANNER, escapeHtml, html, raw, renderReportHtml, writeReport } from '../../../src/main/report';
import { tempDir } from '../../helpers/temp-dir';
import { HOSTILE_DEVICE, HOSTILE_PROMPT, reportData } from './fixtures';

const dir = tempDir('aurora-report-');
afterAll(() => dir.cleanup());
const page = renderReportHtml(reportData());

describe('html helpers', () => {
  it('escapes interpolated strings and keeps nested markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<', html`<br>`]}${null}${undefined}${false}${0}</p>`.value).toBe('<p><b>&lt;i&gt;</b>&lt;<br>0</p>');
    expect(html`${raw('<hr>')}`.value).toBe('<hr>');
  });
});

describe('renderReportHtml', () => {
  it('is one self-contained document: a strict CSP, inline CSS, no script, nothing fetched', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link|<img|<iframe|<object|<embed|@import/i);
    // url(...) only for SVG references inside the page and the one inlined font.
    const urls = [...page.matchAll(/url\(([^)]{0,40})/g)].map((m) => m[1] ?? '');
    expect(urls.filter((u) => !u.startsWith('#')).map((u) => u.slice(0, 28))).toEqual(['data:font/ttf;base64,AAEAAAA']);
    // The only URLs in attributes are SVG namespace names, which are never fetched; the prompt's URL is text.
    const attrs = [...page.matchAll(/\s([a-z:-]+)="(https?:[^"]*)"/gi)].map((m) => `${m[1]}=${m[2]}`);
    expect(new Set(attrs)).toEqual(new Set(['xmlns=http://www.w3.org/2000/svg', 'xmlns:xlink=http://www.w3.org/1999/xlink']));
    expect(page).toContain('fetch(&quot;https://evil.example/&quot;)');
  });

  it('carries the chart font (Arial metrics, as ECharts measured) and draws chart text with it', () => {
    expect(page).toContain(`@font-face { font-family: "${REPORT_CHART_FONT}"`);
    expect(page).toContain(`figure svg text { font-family: "${REPORT_CHART_FONT}"`);
    expect(page).toContain('SIL Open Font License 1.1');
    // The font dominates the size: ~550 kB of base64, the rest is tens of kB.
    expect(page.length).toBeGreaterThan(500_000);
    expect(page.length).toBeLessThan(900_000);
  });

  it('escapes device names, prompt texts and campaign names wherever they appear', () => {
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('</td><script>');
    expect(page).not.toContain('<b>bold</b>');
    expect(page).toContain(escapeHtml(HOSTILE_DEVICE));
    expect(page).toContain(escapeHtml(HOSTILE_PROMPT));
    // Inside the charts' SVG too (the device is in every chart title).
    expect(page.match(/<svg[\s\S]*?<\/svg>/g)?.every((svg) => !svg.includes('<img'))).toBe(true);
  });

  it('inlines every chart as SVG with its own id prefix', () => {
    const svgs = page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(4);
    for (const id of ['sizes', 'savings', 'comparison', 'latency']) expect(page).toContain(`<figure id="chart-${id}"`);
    expect(page).not.toMatch(/zr\d+-/);
    // Line series are clipped to their grid: each chart's clipPath id carries its chart id, so two never collide.
    const line = { xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [[0, 1], [1, 3]] }] };
    const two = renderReportHtml(reportData({ charts: [{ id: 'lineA', title: 'A', option: line, simulated: false }, { id: 'lineB', title: 'B', option: line, simulated: false }] }));
    const defIds = [...two.matchAll(/ id="((?:lineA|lineB)-[^"]+)"/g)].map((m) => m[1]);
    expect(defIds.filter((d) => d?.startsWith('lineA-')).length).toBeGreaterThan(0);
    expect(defIds.filter((d) => d?.startsWith('lineB-')).length).toBeGreaterThan(0);
    expect(new Set(defIds).size).toBe(defIds.length);
    expect(two).toContain('url(#lineB-');
    expect(page).not.toMatch(/zr\d+-/);
  });

  it('labels every simulated figure: the banner, a badge on each result, comparison row and chart', () => {
    expect(page).toContain(SIMULATED_BANNER.replace(/"/g, '&quot;'));
    const badges = (page.match(/<span class="sim"/g) ?? []).length;
    // 1 device + 3 model results + 5 available comparison rows + 4 chart captions.
    expect(badges).toBe(1 + 3 + 5 + 4);
    expect(page).not.toContain('class="measured"');
    const measured = renderReportHtml(reportData({ simulated: 'none', results: reportData().results.map((r) => ({ ...r, simulated: false })) }));
    expect(measured).not.toContain('id="simulated-banner"');
    expect((measured.match(/class="measured"/g) ?? []).length).toBe(3);
  });

  it('writes accuracy with its interval and n, latency and energy with method and n', () => {
    expect(page).toContain('30.0% [21.0–40.0%]');
    expect(page).toContain('<td class="num">30/100</td>');
    expect(page).toContain('latency: total latency per prompt (runner clock); energy: ODPM power rails, gross');
    expect(page).toContain('95% Wilson interval');
  });

  it('shows what was not measured as missing with the reason, never as 0', () => {
    expect(page).toContain('title="this phone has no energy meter"');
    // claude's energy savings (null) and gemini (unavailable).
    expect(page).toContain('unavailable: no Gemini API key');
    expect(page).toContain('incomplete: 3 prompts timed out');
    expect(page).toContain('(and 98 more not listed)');
  });

  it('gives the same bytes for the same data, and refuses two charts with one id', () => {
    expect(renderReportHtml(reportData())).toBe(page);
    const d = reportData();
    expect(() => renderReportHtml({ ...d, charts: [d.charts[0]!, d.charts[0]!] })).toThrow(/share the id "sizes"/);
    expect(() => renderReportHtml({ ...d, charts: [{ ...d.charts[0]!, id: 'bad id"' }] })).toThrow(/must start with a letter/);
  });

  it('writes the file whole', () => {
    const out = writeReport(join(dir.path, 'report.html'), reportData());
    expect(readFileSync(out.path, 'utf8')).toBe(page);
    expect(out.bytes).toBe(Buffer.byteLength(page));
  });
});
