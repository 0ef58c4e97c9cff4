/**
 * The Run and Compare pages' share buttons: the charts as PNG or SVG files and the report as one HTML file, made by
 * the lab (the same files `compare --charts`, `runs export --charts` and `aurora-lab report` write) and handed over as
 * file contents: the page saves them itself, no host path is ever chosen here.
 */
import { groupFolder, type ExportFile } from '../../../shared/api/benchmark';
import { useLabAction } from '../lab/useLabAction';
import { downloadExportFile, downloadExportFiles } from './download';
import { InlineError } from './Messages';

export type ShareSource = { comparisonId: string; groups: readonly string[] } | { runId: string };

export function ShareButtons({ source, campaignId, testId = 'share' }: { source: ShareSource; campaignId?: string | null; testId?: string }) {
  const action = useLabAction<'png' | 'svg' | 'report'>();
  const charts = (format: 'png' | 'svg') =>
    action.run(
      format,
      async (lab) => {
        const got: Array<{ path: string; file: ExportFile }> = [];
        let archive: string;
        if ('runId' in source) {
          const prefix = `run-${source.runId.slice(0, 8)}-`;
          for (const file of (await lab.benchmark.charts({ runId: source.runId, formats: [format] })).files) got.push({ path: `${prefix}${file.filename}`, file });
          archive = `${prefix}charts-${format}.zip`;
        } else {
          // One folder per group when the comparison has several, as `compare --charts` writes them.
          for (const g of source.groups) {
            const { files } = await lab.benchmark.charts({ comparisonId: source.comparisonId, group: g, formats: [format] });
            for (const file of files) got.push({ path: source.groups.length > 1 ? `${groupFolder(g)}/${file.filename}` : file.filename, file });
          }
          archive = `${source.comparisonId.slice(0, 12)}-charts-${format}.zip`;
        }
        if (got.length === 0) throw new Error('This page has no charts to save yet');
        downloadExportFiles(got, archive);
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
      <button type="button" className="btn btn-small" onClick={() => void charts('png')} disabled={action.busy !== null} data-testid={`${testId}-charts-png`} title="Every chart of this page as PNG files (2x), drawn by the lab: one zip when there are several">
        {action.busy === 'png' ? 'Drawing…' : 'Charts PNG'}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void charts('svg')} disabled={action.busy !== null} data-testid={`${testId}-charts-svg`} title="Every chart of this page as SVG files: one zip when there are several">
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
