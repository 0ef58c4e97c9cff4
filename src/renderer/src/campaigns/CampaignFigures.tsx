/**
 * A campaign's figures: accuracy per model with its 95 % interval (pooled over devices, then per device), latency
 * and energy distributions on a shared scale per metric, the per-model figures table, and the model × subject
 * heatmap. Everything is pooled over repetitions; the view model is campaign-figures.ts.
 */
import type { Distribution, ModelFigures, SubjectCell } from '../../../shared/api/campaigns';
import { Flagged } from '../ui/Flagged';
import { formatInt } from '../../../shared/format';
import { decodeSpeedFlag, netEnergyFlag, type Flag } from '../ui/plausibility';
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
  type FigureField,
  type FigureRow,
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
                {r.chance ? (
                  <div className="flag-note" title={r.chance.reason} data-testid="chance-warning">
                    ⚠ {r.chance.short}
                  </div>
                ) : null}
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
  /** What each value is, for the strip's tooltip. */
  how: string;
  format: (v: number) => string;
  flagOf?: (v: number) => Flag | null;
}> = [
  { key: 'ttftMs', title: 'Time to first token', how: 'the engine’s time_to_first_token_ms per prompt', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'decodeTps', title: 'Decode speed', how: 'the engine’s decode_tps per prompt', format: (v) => `${v.toFixed(1)} tok/s`, flagOf: decodeSpeedFlag },
  { key: 'totalMs', title: 'Total latency', how: 'the engine’s total_time_ms per prompt', format: (v) => `${v.toFixed(0)} ms` },
  { key: 'energyJ', title: 'Net energy per prompt', how: 'gross energy of the prompt’s window minus the idle baseline × its duration', format: (v) => `${v.toFixed(3)} J`, flagOf: (v) => netEnergyFlag(v, 'This quantile') },
  { key: 'energyPerTokenJ', title: 'Net energy per output token', how: 'net energy / output tokens per prompt', format: (v) => `${(v * 1000).toFixed(1)} mJ`, flagOf: (v) => netEnergyFlag(v, 'This quantile') },
];

/** Distributions of one metric, one strip per model on a shared scale: p10-p90 box, median tick, min-max whiskers. */
function Strips({
  title,
  how,
  items,
  format,
  flagOf,
  testId,
}: {
  title: string;
  how: string;
  items: Array<{ modelId: string; d: Distribution }>;
  format: (v: number) => string;
  flagOf?: (v: number) => Flag | null;
  testId: string;
}) {
  const scale: StripScale | null = stripScale(items.map((i) => i.d));
  const strips = scale ? items.map((i) => distributionStrip(i.modelId, i.d, scale, format, flagOf)) : [];
  const reasons = [...new Set(strips.flatMap((s) => s?.flags ?? []))];
  return (
    <div className="strips" data-testid={testId}>
      <h4 title={`Per prompt: ${how}. Pooled over devices and repetitions.`}>{title}</h4>
      {!scale ? (
        <p className="muted">No values.</p>
      ) : (
        <>
          {strips.map((s, i) =>
            s ? (
              <div key={items[i]!.modelId} className="strip-row" data-testid="strip-row" data-model-id={s.modelId}>
                <span className="strip-label mono">{s.modelId}</span>
                <div className="strip-track" title={`${s.text} (${how})${s.flags.length ? `\n${s.flags.join('\n')}` : ''}`}>
                  <span className="strip-whisker" style={{ left: `${s.min}%`, width: `${Math.max(0, s.max - s.min)}%` }} />
                  <span className="strip-box" style={{ left: `${s.p10}%`, width: `${Math.max(0.5, s.p90 - s.p10)}%` }} />
                  <span className="strip-median" style={{ left: `${s.p50}%` }} />
                </div>
                <span className={`strip-text sub tabular${s.flags.length ? ' tone-warn' : ''}`} data-testid="strip-text" data-flagged={s.flags.length > 0}>
                  {s.text}
                </span>
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
          {reasons.map((r) => (
            <p key={r} className="flag-note" data-testid="strip-flag">
              {r}
            </p>
          ))}
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
              how={m.how}
              testId={`dist-${m.key}`}
              format={m.format}
              flagOf={m.flagOf}
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
      <p className="help muted">Hover a figure for how it was obtained and over how many prompts.</p>
      <TableBox
        columns={[
          'Model', 'Device', num('Results', 'Prompt results stored, all repetitions'), num('Accuracy', 'Correct / scored (hover a cell for n and the interval)'),
          num('Median TTFT ms', 'Median of the engine’s time to first token'), num('Median decode tok/s', 'Median of the engine’s decode speed'),
          num('Median total ms', 'Median of the engine’s total latency'), num('Mean net J', 'Mean energy per prompt, net of the idle baseline'),
          num('Mean gross J', 'Mean energy per prompt, whole phone'), num('Net J / output token', 'Sum of net energy / sum of output tokens'),
          num('Failed', 'Prompts that failed (runner error, timeout)'),
        ]}
        testId="figures-table"
      >
        {rows.map((r) => (
          <tr key={r.key} data-testid="figures-row" data-model-id={r.modelId} data-serial={r.serial ?? ''} className={r.serial ? '' : 'row-strong'}>
            <td className="mono nowrap">{r.modelId}</td>
            <td className={r.serial ? 'mono' : 'muted'}>{r.serial ?? 'all devices'}</td>
            {FIELDS.map((f) => (
              <FigureCell key={f} row={r} field={f} />
            ))}
            <td className={`num${r.failed ? ' tone-bad' : ''}`}>{formatInt(r.failed)}</td>
          </tr>
        ))}
      </TableBox>
      {(rows.some((r) => r.serial === null) ? rows.filter((r) => r.serial === null) : rows).flatMap((r) => r.excluded).map((line) => (
        <p key={line} className="flag-note" data-testid="figures-excluded">
          {line}
        </p>
      ))}
    </section>
  );
}

const FIELDS: FigureField[] = ['results', 'accuracy', 'medianTtft', 'medianDecode', 'medianTotal', 'meanNetJ', 'meanGrossJ', 'jPerToken'];

function FigureCell({ row, field }: { row: FigureRow; field: FigureField }) {
  const flag = row.flags[field];
  return (
    <td className="num" title={flag ? undefined : row.titles[field]} data-testid={`figure-${field}`}>
      {flag ? <Flagged flag={flag} raw={row[field]} /> : row[field]}
    </td>
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
        <TableBox
          className="heatmap"
          compact={false}
          testId="subject-heatmap"
          data={{ subjects: subjects.subjects.length, models: subjects.models.length }}
          head={
            <tr>
              <th>Model</th>
              {subjects.subjects.map((s) => (
                <th key={s} className="heat-head" title={subjectLabel(s)}>
                  <span>{subjectLabel(s)}</span>
                </th>
              ))}
            </tr>
          }
        >
          {rows.map((r) => (
            <tr key={r.modelId} data-testid="heatmap-row" data-model-id={r.modelId}>
              <td className="mono nowrap">{r.modelId}</td>
              {r.cells.map((c) => (
                <td key={c.subject} className="heat-cell" style={c.color ? { background: c.color } : undefined} title={c.title} data-testid="heat-cell">
                  {c.text}
                </td>
              ))}
            </tr>
          ))}
        </TableBox>
      )}
      <p className="legend muted">Pooled over devices and repetitions; hover a cell for its counts. Red 0% → green 100%.</p>
    </section>
  );
}
