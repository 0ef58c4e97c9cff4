/**
 * A campaign's figures: accuracy per model with its 95 % interval (pooled over devices, then per device), latency
 * and energy distributions on a shared scale per metric, the per-model figures table, and the model × subject
 * heatmap. Everything is pooled over repetitions; the view model is campaign-figures.ts.
 */
import type { Distribution, ModelFigures, SubjectCell } from '../../../shared/api/campaigns';
import { formatInt } from '../ui/format';
import { TableBox, num } from '../ui/TableBox';
import {
  accuracyBar,
  distributionStrip,
  figureRow,
  heatmapRows,
  pooledFirst,
  pooledModels,
  stripScale,
  subjectLabel,
  type StripScale,
} from './campaign-figures';

/** Accuracy per model with its 95 % interval on a 0-100 % track (pooled over devices; per device beneath). */
export function AccuracyBars({ models, order }: { models: readonly ModelFigures[]; order: readonly string[] }) {
  const rows = pooledFirst(models, order).map(accuracyBar);
  const anyScored = rows.some((r) => r.value !== null);
  return (
    <section className="panel" data-testid="accuracy-panel">
      <h3 className="panel-title">Accuracy (95% confidence interval)</h3>
      {!anyScored ? (
        <p className="muted">No prompt of this campaign had an answer key, so nothing was scored.</p>
      ) : (
        <div className="ci-list">
          <div className="ci-axis" aria-hidden>
            {[0, 25, 50, 75, 100].map((t) => (
              <span key={t} style={{ left: `${t}%` }}>
                {t}%
              </span>
            ))}
          </div>
          {rows.map((r) => (
            <div
              key={`${r.modelId}\u0000${r.serial ?? ''}`}
              className={`ci-row${r.serial ? ' ci-device' : ''}`}
              data-testid="accuracy-row"
              data-model-id={r.modelId}
              data-serial={r.serial ?? ''}
              data-accuracy={r.value === null ? '' : r.value.toFixed(1)}
            >
              <div className="ci-label">
                <span className="mono">{r.modelId}</span>
                {r.serial ? <span className="sub mono"> on {r.serial}</span> : <span className="sub"> all devices</span>}
              </div>
              <div className="ci-track" title={`${r.text}; ${r.detail}`}>
                {r.lo !== null && r.hi !== null ? (
                  <span className="ci-interval" style={{ left: `${r.lo}%`, width: `${Math.max(0.5, r.hi - r.lo)}%` }} />
                ) : null}
                {r.value !== null ? <span className="ci-dot" style={{ left: `${r.value}%` }} /> : null}
              </div>
              <div className="ci-text tabular">
                {r.text}
                <div className="sub">{r.detail}</div>
              </div>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

const METRICS: Array<{
  key: 'ttftMs' | 'decodeTps' | 'totalMs' | 'energyJ' | 'energyPerTokenJ';
  title: string;
  format: (v: number) => string;
}> = [
  { key: 'ttftMs', title: 'Time to first token', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'decodeTps', title: 'Decode speed', format: (v) => `${v.toFixed(1)} tok/s` },
  { key: 'totalMs', title: 'Total latency', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'energyJ', title: 'Net energy per prompt', format: (v) => `${v.toFixed(3)} J` },
  { key: 'energyPerTokenJ', title: 'Net energy per output token', format: (v) => `${(v * 1000).toFixed(1)} mJ` },
];

/** Distributions of one metric, one strip per model on a shared scale: p10-p90 box, median tick, min-max whiskers. */
function Strips({
  title,
  items,
  format,
  testId,
}: {
  title: string;
  items: Array<{ modelId: string; d: Distribution }>;
  format: (v: number) => string;
  testId: string;
}) {
  const scale: StripScale | null = stripScale(items.map((i) => i.d));
  const strips = scale ? items.map((i) => distributionStrip(i.modelId, i.d, scale, format)) : [];
  return (
    <div className="strips" data-testid={testId}>
      <h4>{title}</h4>
      {!scale ? (
        <p className="muted">No values.</p>
      ) : (
        <>
          {strips.map((s, i) =>
            s ? (
              <div key={items[i]!.modelId} className="strip-row" data-testid="strip-row" data-model-id={s.modelId}>
                <span className="strip-label mono">{s.modelId}</span>
                <div className="strip-track" title={s.text}>
                  <span className="strip-whisker" style={{ left: `${s.min}%`, width: `${Math.max(0, s.max - s.min)}%` }} />
                  <span className="strip-box" style={{ left: `${s.p10}%`, width: `${Math.max(0.5, s.p90 - s.p10)}%` }} />
                  <span className="strip-median" style={{ left: `${s.p50}%` }} />
                </div>
                <span className="strip-text sub tabular">{s.text}</span>
              </div>
            ) : (
              <div key={items[i]!.modelId} className="strip-row">
                <span className="strip-label mono">{items[i]!.modelId}</span>
                <span className="muted">no values</span>
              </div>
            ),
          )}
          <div className="strip-scale sub tabular">
            <span>{format(scale.lo)}</span>
            <span>{format(scale.hi)}</span>
          </div>
        </>
      )}
    </div>
  );
}

export function Distributions({ models, order, kind }: { models: readonly ModelFigures[]; order: readonly string[]; kind: 'latency' | 'energy' }) {
  const pooled = pooledModels(models, order);
  const metrics = METRICS.filter((m) => (kind === 'latency' ? m.key === 'ttftMs' || m.key === 'decodeTps' || m.key === 'totalMs' : m.key === 'energyJ' || m.key === 'energyPerTokenJ'));
  return (
    <section className="panel" data-testid={kind === 'latency' ? 'latency-panel' : 'energy-panel'}>
      <h3 className="panel-title">{kind === 'latency' ? 'Latency and speed distributions' : 'Energy per prompt and per output token'}</h3>
      {pooled.length === 0 ? (
        <p className="muted">No figures pooled over devices yet.</p>
      ) : (
        <div className="strips-grid">
          {metrics.map((m) => (
            <Strips
              key={m.key}
              title={m.title}
              testId={`dist-${m.key}`}
              format={m.format}
              items={pooled.map((p) => ({ modelId: p.modelId, d: p[m.key] }))}
            />
          ))}
        </div>
      )}
      <p className="legend muted">Box: 10th to 90th percentile; tick: median; line: minimum to maximum. Pooled over devices and repetitions.</p>
    </section>
  );
}

/** Per model and device: counts, accuracy, median latencies, energy. */
export function FiguresTable({ models, order }: { models: readonly ModelFigures[]; order: readonly string[] }) {
  const rows = pooledFirst(models, order).map(figureRow);
  return (
    <section className="panel" data-testid="figures-panel">
      <h3 className="panel-title">Figures per model</h3>
      <TableBox
        columns={[
          'Model', 'Device', num('Results'), num('Accuracy'), num('Median TTFT ms'), num('Median decode tok/s'),
          num('Median total ms'), num('Mean net J', 'Mean energy per prompt, net of the idle baseline'),
          num('Mean gross J'), num('Net J / output token', 'Sum of net energy / sum of output tokens'), num('Failed'),
        ]}
        testId="figures-table"
      >
        {rows.map((r) => (
          <tr key={r.key} data-testid="figures-row" data-model-id={r.modelId} data-serial={r.serial ?? ''} className={r.serial ? '' : 'row-strong'}>
            <td className="mono">{r.modelId}</td>
            <td className={r.serial ? 'mono' : 'muted'}>{r.serial ?? 'all devices'}</td>
            <td className="num">{r.results}</td>
            <td className="num">{r.accuracy}</td>
            <td className="num">{r.medianTtft}</td>
            <td className="num">{r.medianDecode}</td>
            <td className="num">{r.medianTotal}</td>
            <td className="num">{r.meanNetJ}</td>
            <td className="num">{r.meanGrossJ}</td>
            <td className="num">{r.jPerToken}</td>
            <td className={`num${r.failed ? ' tone-bad' : ''}`}>{formatInt(r.failed)}</td>
          </tr>
        ))}
      </TableBox>
    </section>
  );
}

/** Accuracy per model × subject as a coloured table. */
export function SubjectHeatmap({ subjects }: { subjects: { subjects: string[]; models: string[]; cells: SubjectCell[] } }) {
  const rows = heatmapRows(subjects.subjects, subjects.models, subjects.cells);
  return (
    <section className="panel" data-testid="heatmap-panel">
      <h3 className="panel-title">Accuracy per subject</h3>
      {subjects.subjects.length === 0 ? (
        <p className="muted">No scored subjects.</p>
      ) : (
        <div className="table-wrap table-scroll">
          <table className="table heatmap" data-testid="subject-heatmap" data-subjects={subjects.subjects.length} data-models={subjects.models.length}>
            <thead>
              <tr>
                <th>Model</th>
                {subjects.subjects.map((s) => (
                  <th key={s} className="heat-head" title={subjectLabel(s)}>
                    <span>{subjectLabel(s)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.modelId} data-testid="heatmap-row" data-model-id={r.modelId}>
                  <td className="mono nowrap">{r.modelId}</td>
                  {r.cells.map((c) => (
                    <td
                      key={c.subject}
                      className="heat-cell"
                      style={c.color ? { background: c.color } : undefined}
                      title={c.title}
                      data-testid="heat-cell"
                    >
                      {c.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="legend muted">Pooled over devices and repetitions; hover a cell for its counts. Red 0% → green 100%.</p>
    </section>
  );
}
