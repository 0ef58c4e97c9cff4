/**
 * The Run and Compare pages' share buttons: the charts as PNG or SVG files and the report as one HTML file, made by
 * the lab (the same files `compare --charts`, `runs export --charts` and `aurora-lab report` write) and handed over as
 * file contents: the page saves them itself, no host path is ever chosen here.
 */
import type { ExportFile } from '../../../shared/api/benchmark';
import { useLabAction } from '../lab/useLabAction';
import { downloadExportFile } from './download';
import { InlineError } from './Messages';

export type ShareSource = { comparisonId: string; groups: readonly string[] } | { runId: string };

const folder = (key: string) => key.replace(/[^A-Za-z0-9._-]/g, '_');

export function ShareButtons({ source, campaignId, testId = 'share' }: { source: ShareSource; campaignId?: string | null; testId?: string }) {
  const action = useLabAction<'png' | 'svg' | 'report'>();
  const charts = (format: 'png' | 'svg') =>
    action.run(
      format,
      async (lab) => {
        const sets: Array<{ prefix: string; files: ExportFile[] }> = [];
        if ('runId' in source) sets.push({ prefix: `run-${source.runId.slice(0, 8)}-`, files: (await lab.benchmark.charts({ runId: source.runId, formats: [format] })).files });
        else {
          for (const g of source.groups) {
            const { files } = await lab.benchmark.charts({ comparisonId: source.comparisonId, group: g, formats: [format] });
            sets.push({ prefix: source.groups.length > 1 ? `${folder(g)}-` : '', files });
          }
        }
        for (const s of sets) for (const f of s.files) downloadExportFile(f, s.prefix);
        return null;
      },
      'The charts could not be made',
    );
  const report = () =>
    action.run(
      'report',
      async (lab) => {
        const comparisonId = 'comparisonId' in source ? source.comparisonId : undefined;
        downloadExportFile(await lab.benchmark.report({ ...(campaignId ? { campaignId } : {}), ...(comparisonId ? { comparisonId } : {}) }));
        return null;
      },
      'The report could not be made',
    );
  const canReport = Boolean(campaignId) || 'comparisonId' in source;
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void charts('png')} disabled={action.busy !== null} data-testid={`${testId}-charts-png`} title="Every chart of this page as a PNG file (2x), drawn by the lab">
        {action.busy === 'png' ? 'Drawing…' : 'Charts PNG'}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void charts('svg')} disabled={action.busy !== null} data-testid={`${testId}-charts-svg`} title="Every chart of this page as an SVG file">
        {action.busy === 'svg' ? 'Drawing…' : 'Charts SVG'}
      </button>
      {canReport ? (
        <button type="button" className="btn btn-small" onClick={() => void report()} disabled={action.busy !== null} data-testid={`${testId}-report`} title="One self-contained HTML file (conditions, results, comparison, charts) that opens offline">
          {action.busy === 'report' ? 'Writing…' : 'Report HTML'}
        </button>
      ) : null}
      {action.message && action.message.kind === 'error' ? <InlineError message={action.message.text} testId={`${testId}-error`} /> : null}
    </>
  );
}
