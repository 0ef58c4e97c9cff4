/** The report's only stylesheet, inlined: system fonts, no web font, no external resource. */
export const REPORT_CSS = `
:root { color-scheme: light; --text: #1c2128; --muted: #677281; --line: #e3e6eb; --sim: #7c4ddb; --sim-bg: #f1ebfd; --warn: #b7791f; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; color: var(--text); background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta, .caption, .method { color: var(--muted); font-size: 12px; }
.banner { margin: 16px 0; padding: 10px 14px; border-radius: 6px; background: var(--sim-bg); color: var(--sim); font-weight: 600; border: 1px solid #d9c9fa; }
.sim { display: inline-block; padding: 0 6px; border-radius: 9px; background: var(--sim-bg); color: var(--sim); font-size: 11px; font-weight: 600; white-space: nowrap; }
.measured { display: inline-block; padding: 0 6px; border-radius: 9px; background: #e6f4ea; color: #1f7a43; font-size: 11px; white-space: nowrap; }
.warn { color: var(--warn); }
.na { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 12.5px; }
.table-wrap { overflow-x: auto; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f6f7f9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.conditions { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.conditions dt { color: var(--muted); }
dl.conditions dd { margin: 0; }
figure { margin: 16px 0 24px; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }

figcaption { margin-top: 4px; color: var(--muted); font-size: 12px; }
td.prompt { max-width: 420px; white-space: pre-wrap; word-break: break-word; }
ul.notes li { margin: 2px 0; }
@media print { main { max-width: none; } figure { break-inside: avoid; } }
`;
