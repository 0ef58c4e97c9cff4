/**
 * One self-contained HTML file from a ReportData: inline CSS, charts as inline SVG, no script, no font or image
 * to fetch, and a Content-Security-Policy that forbids every request should anything slip in. It opens offline,
 * mails as one attachment, and prints. Same data, same bytes (the caller gives `generatedAt`).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { html, raw, type SafeHtml } from './html';
import { chartsSection, comparisonSection, conditionsSection, notesSection, promptsSection, resultsSection } from './sections';
import { chartFontFaceCss } from './font-face';
import { REPORT_CSS } from './style';
import type { ReportData } from './types';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

export const SIMULATED_BANNER = 'SIMULATED: figures marked "simulated" come from virtual phones. They exercise the lab; they say nothing about a real phone.';
export const PARTLY_SIMULATED_BANNER = 'PARTLY SIMULATED: some figures come from virtual phones (marked "simulated"); the others were measured on physical phones.';

function banner(level: ReportData['simulated']): SafeHtml | string {
  if (level === 'none') return '';
  return html`<p class="banner" id="simulated-banner" role="note">${level === 'all' ? SIMULATED_BANNER : PARTLY_SIMULATED_BANNER}</p>`;
}

export function renderReportHtml(data: ReportData): string {
  const ids = new Set<string>();
  for (const c of data.charts) {
    if (ids.has(c.id)) throw new Error(`Two report charts share the id "${c.id}": ids name SVG definitions and must be unique on the page`);
    ids.add(c.id);
  }
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Aurora Lab${data.labVersion ? ` ${data.labVersion}` : ''}">
<title>${data.title}</title>
<style>${raw(REPORT_CSS)}${raw(chartFontFaceCss())}</style></head>
<body><main>
<header><h1>${data.title}</h1><p class="meta">Campaign ${data.campaign.id} · generated ${data.generatedAt}${data.labVersion ? ` · Aurora Lab ${data.labVersion}` : ''}</p>${banner(data.simulated)}</header>
${conditionsSection(data.campaign)}
${resultsSection(data.results)}
${data.comparison ? comparisonSection(data.comparison) : ''}
${data.charts.length ? chartsSection(data.charts) : ''}
${data.prompts?.length ? promptsSection(data.prompts, data.promptsNotShown ?? 0) : ''}
${notesSection(data.notes)}
</main></body></html>
`;
  return doc.value;
}

/** Writes the report next to its final name first, then renames: a reader never sees half a file. */
export function writeReport(path: string, data: ReportData): { path: string; bytes: number } {
  const text = renderReportHtml(data);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return { path, bytes: Buffer.byteLength(text) };
}
