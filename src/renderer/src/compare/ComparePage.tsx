/**
 * Routing strategies (the router over its cost preference, the measured oracle, LLM routers, always-largest,
 * always-smallest, …) scored on measured runs: pick runs and strategies, run, read the table and the Pareto charts;
 * earlier comparisons can be opened again, and every result exported as CSV.
 */
import { useState } from 'react';
import type { CompareProgress, CompareRunRequest, ComparisonResult } from '../../../shared/api/compare';
import { getLab } from '../lab/client';
import { describeError, type ShownError } from '../lab/errors';
import { useLabAction } from '../lab/useLabAction';
import { useLabEvent } from '../lab/useLabEvent';
import { downloadText } from '../ui/download';
import { InlineError } from '../ui/Messages';
import { CompareForm } from './CompareForm';
import { CompareResult, RecentComparisons } from './CompareResult';
import { newComparisonId, resultSimulated } from './compare-view';
import { useRecentComparisons } from './hooks';
import './compare.css';

export function ComparePage() {
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<ShownError | null>(null);
  const [progress, setProgress] = useState<CompareProgress | null>(null);
  const [result, setResult] = useState<ComparisonResult | null>(null);
  const recent = useRecentComparisons();
  const open = useLabAction<'open'>();
  const exporting = useLabAction<'export'>();
  const [comparisonId, setComparisonId] = useState<string | null>(null);
  useLabEvent('compare.progress', (p) => {
    if (p.comparisonId === comparisonId) setProgress(p);
  });

  async function run(request: CompareRunRequest) {
    const id = newComparisonId();
    setRunError(null);
    setProgress(null);
    setComparisonId(id);
    setRunning(true);
    try {
      const r = await getLab().compare.run({ ...request, comparisonId: id });
      setResult(r);
      const summary = { id: r.id, createdAt: r.createdAt, runIds: r.request.runIds, costMetric: r.costMetric, strategies: r.request.strategies, simulated: resultSimulated(r) };
      recent.setData((l) => [summary, ...(l ?? []).filter((x) => x.id !== r.id)]);
    } catch (err) {
      setRunError(describeError(err));
    } finally {
      setRunning(false);
    }
  }

  const openComparison = (id: string) =>
    void open.run(
      'open',
      async (lab) => {
        setResult(await lab.compare.get({ comparisonId: id }));
      },
      `Could not open comparison ${id}`,
    );
  const exportCsv = (comparisonId: string) =>
    void exporting.run(
      'export',
      async (lab) => {
        const r = await lab.compare.exportCsv({ comparisonId });
        downloadText(r.csv, r.filename, 'text/csv;charset=utf-8');
      },
      'Export failed',
    );

  return (
    <div className="page" data-testid="compare-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Compare</h1>
        <span className="muted">routing strategies scored on measured results: accuracy, latency, energy, savings</span>
      </div>
      <CompareForm
        running={running}
        runError={runError}
        progress={progress}
        onRun={(r) => void run(r)}
        onCancel={comparisonId ? () => void getLab().compare.cancel({ comparisonId }) : undefined}
      />
      <RecentComparisons recent={recent.data ?? []} shownId={result?.id ?? null} onOpen={openComparison} />
      {open.message ? <InlineError message={open.message.text} testId="compare-open-error" /> : null}
      {result ? (
        <CompareResult key={result.id} result={result} onExport={() => exportCsv(result.id)} exportError={exporting.message?.text ?? null} />
      ) : null}
    </div>
  );
}
