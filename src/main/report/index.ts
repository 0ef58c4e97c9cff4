/** A report to share: one self-contained HTML file (conditions, per-model results, comparison, charts, prompts). */
export * from './types';
export { escapeHtml, html, raw, SafeHtml } from './html';
export { SIMULATED_BADGE } from './sections';
export { REPORT_CHART_FONT } from './font-face';
export { PARTLY_SIMULATED_BANNER, REPORT_CSP, SIMULATED_BANNER, renderReportHtml, writeReport } from './render-report';
