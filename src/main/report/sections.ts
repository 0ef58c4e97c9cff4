/**
 * The report's sections, each a pure function of its part of the data returning escaped markup: conditions,
 * per-model results, the comparison table, charts, prompts, notes. A simulated figure gets a "simulated" badge on
 * its row (and the page a banner), a missing one an em dash with the reason.
 */
import { renderChartSvg } from '../charts/render';
import { figure, joules, mb, missing, ms, percent, withInterval } from './format';
import { escapeHtml, html, raw, type SafeHtml } from './html';
import type { ReportCampaign, ReportChart, ReportComparison, ReportModelResult, ReportPrompt } from './types';

export const SIMULATED_BADGE = 'simulated';

export function sourceBadge(simulated: boolean): SafeHtml {
  return simulated ? html`<span class="sim" title="from a virtual phone: not measured on real hardware">${SIMULATED_BADGE}</span>` : html`<span class="measured">measured</span>`;
}

export function conditionsSection(c: ReportCampaign): SafeHtml {
  const devices = c.devices.map(
    (d) =>
      html`<tr><td>${d.name ?? d.serial}</td><td>${d.serial}</td><td>${d.model ?? ''}</td><td>${d.energyMethod ?? missing('this phone has no energy meter')}</td><td>${sourceBadge(d.simulated)}</td></tr>`,
  );
  const items: Array<{ label: string; value: string }> = [
    { label: 'Campaign', value: c.name ? `${c.name} (${c.id})` : c.id },
    ...(c.startedAt ? [{ label: 'Started', value: c.startedAt }] : []),
    { label: 'Dataset', value: `${c.dataset.name}, ${c.dataset.prompts} prompts${c.dataset.seed !== undefined && c.dataset.seed !== null ? `, sampling seed ${c.dataset.seed}` : ''}` },
    ...(c.dataset.subjects?.length ? [{ label: 'Subjects', value: c.dataset.subjects.join(', ') }] : []),
    { label: 'Repetitions', value: String(c.repetitions) },
    { label: 'Models', value: c.models.map((m) => `${m.id} (${Math.round(m.sizeMb)} MB)`).join(', ') },
    ...c.conditions,
  ];
  return html`<section id="conditions"><h2>Conditions</h2>
<dl class="conditions">${items.map((i) => html`<dt>${i.label}</dt><dd>${i.value}</dd>`)}</dl>
<div class="table-wrap"><table><thead><tr><th>Device</th><th>Serial</th><th>Model</th><th>Energy method</th><th>Source</th></tr></thead><tbody>${devices}</tbody></table></div></section>`;
}

export function resultsSection(results: readonly ReportModelResult[]): SafeHtml {
  const rows = results.map((r) => {
    const lat = r.latency;
    const en = r.energy;
    return html`<tr${r.simulated ? raw(' class="simulated"') : ''}>
<td>${r.device}</td><td>${r.model}</td><td class="num">${mb(r.sizeMb)}</td>
<td class="num">${figure(withInterval(r.accuracy.value, r.accuracy.ci95))}</td><td class="num">${r.accuracy.correct}/${r.accuracy.n}</td>
<td class="num">${figure(ms(lat.meanMs))}</td><td class="num">${figure(ms(lat.p50Ms ?? null))}</td><td class="num">${figure(ms(lat.p95Ms ?? null))}</td><td class="num">${lat.n}</td>
<td class="num">${en ? figure(joules(en.meanJ)) : missing('this phone has no energy meter')}</td><td class="num">${en ? en.n : 0}</td>
<td>${sourceBadge(r.simulated)}</td></tr>`;
  });
  const methods = [...new Set(results.map((r) => `latency: ${r.latency.method}`)), ...new Set(results.flatMap((r) => (r.energy ? [`energy: ${r.energy.method}`] : [])))];
  return html`<section id="results"><h2>Per-model results</h2>
<p class="method">Accuracy: share of scored prompts answered correctly, 95% Wilson interval in brackets; n = scored prompts. ${methods.join('; ')}.</p>
<div class="table-wrap"><table><thead><tr><th>Device</th><th>Model</th><th class="num">Size</th><th class="num">Accuracy [95% CI]</th><th class="num">Correct / n</th>
<th class="num">Mean latency</th><th class="num">p50</th><th class="num">p95</th><th class="num">Latency n</th><th class="num">Energy / prompt</th><th class="num">Energy n</th><th>Source</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

export function comparisonSection(c: ReportComparison): SafeHtml {
  const rows = c.rows.map((r) => {
    if (r.unavailable) return html`<tr><td>${r.name}</td><td colspan="8" class="warn">unavailable: ${r.unavailable}</td><td></td></tr>`;
    const s = r.savingsVsLargest;
    return html`<tr${r.simulated ? raw(' class="simulated"') : ''}><td>${r.name}${r.incomplete ? html`<br><span class="warn">incomplete: ${r.incomplete}</span>` : ''}</td>
<td class="num">${figure(withInterval(r.accuracy, r.accuracyCi95))}</td><td class="num">${r.scored}</td><td class="num">${figure(mb(r.meanSizeMb))}</td>
<td class="num">${figure(percent(r.agreementWithClaude), 'no Claude picks to compare with')}</td><td class="num">${figure(percent(r.agreementWithOracle))}</td>
<td class="num">${figure(percent(s.size))}</td><td class="num">${figure(percent(s.latency))}</td><td class="num">${figure(percent(s.energy), c.energyMethod ? 'not measured' : 'this phone has no energy meter')}</td>
<td>${sourceBadge(r.simulated)}</td></tr>`;
  });
  return html`<section id="comparison"><h2>Strategy comparison</h2>
<p class="meta">${c.group} · ${c.prompts} prompts · cost metric ${c.costMetric}${c.id ? ` · comparison ${c.id}` : ''}</p>
<p class="method">Savings are vs always-largest, paired on the same prompts, each side measured: latency ${c.latencyMethod}; energy ${c.energyMethod ?? 'not measured on this phone'}. Agreement: share of prompts both strategies routed where they picked the same model.</p>
<div class="table-wrap"><table><thead><tr><th>Strategy</th><th class="num">Accuracy [95% CI]</th><th class="num">n</th><th class="num">Avg model size</th><th class="num">Agreement with Claude</th><th class="num">Agreement with oracle</th>
<th class="num">Size savings</th><th class="num">Latency savings</th><th class="num">Energy savings</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table></div>
${c.notes.length ? html`<ul class="notes">${c.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}</section>`;
}

/** SVG from ECharts is escaped by ECharts itself; this refuses anything that could run code, as a second guard. */
export function chartSvg(chart: ReportChart): SafeHtml {
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(chart.id)) throw new Error(`Report chart id "${chart.id}" must start with a letter and hold only letters, digits, _ and -`);
  const svg = renderChartSvg(chart.option, { width: chart.width, height: chart.height, idPrefix: chart.id, name: chart.id, background: '#ffffff' });
  if (/<script|<foreignObject|<[^>]*\son[a-z]+\s*=/i.test(svg)) throw new Error(`Chart ${chart.id}: the rendered SVG holds script or event handlers; refusing to inline it`);
  return raw(svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(chart.title)}" `));
}

export function chartsSection(charts: readonly ReportChart[]): SafeHtml {
  return html`<section id="charts"><h2>Charts</h2>${charts.map(
    (c) => html`<figure id="chart-${c.id}" class="chart" data-simulated="${c.simulated ? 'true' : 'false'}">${chartSvg(c)}<figcaption>${c.simulated ? html`${sourceBadge(true)} ` : ''}${c.title}${c.caption ? html` — ${c.caption}` : ''}</figcaption></figure>`,
  )}</section>`;
}

export function promptsSection(prompts: readonly ReportPrompt[], notShown = 0): SafeHtml {
  const strategies = [...new Set(prompts.flatMap((p) => Object.keys(p.picks)))];
  return html`<section id="prompts"><h2>Prompts and picks</h2>
<p class="meta">${prompts.length} prompts${notShown > 0 ? ` (and ${notShown} more not listed)` : ''}; each strategy's pick per prompt.</p>
<div class="table-wrap"><table><thead><tr><th>Prompt</th><th>Subject</th><th>Text</th>${strategies.map((s) => html`<th>${s}</th>`)}</tr></thead>
<tbody>${prompts.map((p) => html`<tr><td>${p.id}</td><td>${p.subject}</td><td class="prompt">${p.text}</td>${strategies.map((s) => html`<td>${p.picks[s] ?? missing('no pick')}</td>`)}</tr>`)}</tbody></table></div></section>`;
}

export function notesSection(notes: readonly string[]): SafeHtml | string {
  return notes.length ? html`<section id="notes"><h2>Notes</h2><ul class="notes">${notes.map((n) => html`<li>${n}</li>`)}</ul></section>` : '';
}
