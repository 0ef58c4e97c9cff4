import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { CampaignSummary } from '../../../shared/api/campaigns';
import type { CompareProgress, CompareStrategyId, ComparisonGroup, ComparisonResult, ComparisonSummary, StrategyAvailability } from '../../../shared/api/compare';
import type { ProfileSummary } from '../../../shared/api/profiles';
import type { CostMetricName } from '../../../shared/api/settings';
import type { RunSummary } from '../../../shared/runs';
import { InlineError } from '../components/Badge';
import { ChartPanel } from '../components/ChartPanel';
import { ProgressBar } from '../components/ProgressBar';
import {
  COST_METRIC_LABELS,
  breakdownView,
  buildCompareRequest,
  compareProgressView,
  defaultStrategies,
  groupSimulatedNote,
  groupTitle,
  initialCompareForm,
  matrixText,
  outOfFoldText,
  resultSimulated,
  rowKey,
  runChoiceGroups,
  sideBySide,
  strategiesText,
  strategyOptions,
  tableRows,
  type CompareForm,
  type StrategyOption,
} from '../compare/compare-view';
import { buildParetoOption, curveRowNames, paretoPointCount } from '../compare/pareto-chart';
import { downloadText } from '../download';
import { describeError, errorMessage, type ShownError } from '../errors';
import { MISSING, fileStamp, formatDateTime, formatDuration } from '../format';
import { getLab } from '../lab';
import { pageHref } from '../routing';
import { toggled } from '../runs/campaign-view';

/** Router/LLM strategies compared on measured results: pick runs and strategies, run, read the table and charts. */
export function ComparePage() {
  const [campaigns, setCampaigns] = useState<CampaignSummary[] | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [profiles, setProfiles] = useState<ProfileSummary[]>([]);
  const [available, setAvailable] = useState<StrategyAvailability[] | null>(null);
  const [strategiesError, setStrategiesError] = useState<string | null>(null);
  const [recent, setRecent] = useState<ComparisonSummary[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [form, setForm] = useState<CompareForm>(() => initialCompareForm());
  // The settings fetch must not overwrite choices made while it was in flight.
  const formTouchedRef = useRef(false);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<ShownError | null>(null);
  const [progress, setProgress] = useState<CompareProgress | null>(null);
  const [result, setResult] = useState<ComparisonResult | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const lab = getLab();
    Promise.all([lab.campaigns.list({ limit: 200 }), lab.runs.list({ limit: 500 })]).then(
      ([c, r]) => {
        if (cancelled) return;
        setCampaigns(c);
        setRuns(r);
        setLoadError(null);
      },
      (e: unknown) => {
        if (!cancelled) setLoadError(`Could not load the runs: ${errorMessage(e)}`);
      },
    );
    lab.profiles.list({}).then(
      (p) => {
        if (!cancelled) setProfiles(p);
      },
      () => {},
    );
    lab.compare.list({ limit: 20 }).then(
      (l) => {
        if (!cancelled) setRecent(l);
      },
      () => {},
    );
    // Defaults from Settings, unless the user already changed the form.
    lab.settings.get({}).then(
      (v) => {
        if (cancelled) return;
        const d = initialCompareForm(v.settings);
        setForm((f) => (formTouchedRef.current ? f : { ...f, costMetric: d.costMetric, folds: d.folds, k: d.k }));
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // Strategy availability depends on the chosen profile (the `profile` strategy).
  const profileId = form.profileId;
  useEffect(() => {
    let cancelled = false;
    getLab()
      .strategies.list(profileId ? { profileId } : {})
      .then(
        (list) => {
          if (cancelled) return;
          setAvailable(list);
          setStrategiesError(null);
        },
        (e: unknown) => {
          if (!cancelled) setStrategiesError(`Could not ask which strategies can run: ${errorMessage(e)}`);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [profileId, attempt]);

  useEffect(() => getLab().on('compare.progress', (p) => setProgress(p)), []);

  const options = useMemo(() => (available ? strategyOptions(available) : []), [available]);
  const groups = useMemo(() => runChoiceGroups(campaigns ?? [], runs), [campaigns, runs]);

  function update<K extends keyof CompareForm>(key: K, value: CompareForm[K]) {
    formTouchedRef.current = true;
    setForm((f) => ({ ...f, [key]: value }));
    setFormErrors([]);
  }

  async function run(e: FormEvent) {
    e.preventDefault();
    // Unavailable strategies are never sent (their checkboxes are disabled, but a default may name one).
    const usable = new Set(options.filter((o) => o.available).map((o) => o.id));
    const built = buildCompareRequest({ ...form, strategies: form.strategies.filter((s) => usable.size === 0 || usable.has(s)) });
    if (!built.ok) {
      setFormErrors(built.errors);
      return;
    }
    setFormErrors([]);
    setRunError(null);
    setProgress(null);
    setRunning(true);
    try {
      const r = await getLab().compare.run(built.request);
      setResult(r);
      setRecent((l) => [{ id: r.id, createdAt: r.createdAt, runIds: r.request.runIds, costMetric: r.costMetric, strategies: r.request.strategies, simulated: resultSimulated(r) }, ...l.filter((x) => x.id !== r.id)]);
    } catch (err) {
      setRunError(describeError(err));
    } finally {
      setRunning(false);
    }
  }

  async function open(id: string) {
    setOpenError(null);
    try {
      setResult(await getLab().compare.get({ comparisonId: id }));
    } catch (e) {
      setOpenError(`Could not open comparison ${id}: ${errorMessage(e)}`);
    }
  }

  async function exportCsv() {
    if (!result) return;
    setExportError(null);
    try {
      const r = await getLab().compare.exportCsv({ comparisonId: result.id });
      downloadText(r.csv, r.filename, 'text/csv;charset=utf-8');
    } catch (e) {
      setExportError(`Export failed: ${errorMessage(e)}`);
    }
  }

  const pv = running && progress ? compareProgressView(progress) : null;

  return (
    <div className="page" data-testid="compare-page">
      <div className="page-header">
        <h1 data-testid="page-heading">Compare</h1>
        <span className="muted">routing strategies scored on measured results: accuracy, latency, energy, savings</span>
      </div>
      {loadError ? <InlineError message={loadError} testId="compare-load-error" onRetry={() => setAttempt((n) => n + 1)} /> : null}

      <form className="panel" onSubmit={(e) => void run(e)} noValidate data-testid="compare-form">
        <fieldset disabled={running} className="plain-fieldset">
          <div className="form-cols">
            <div className="form-section">
              <h3 className="panel-title">Runs</h3>
              {campaigns === null ? (
                loadError ? null : <p className="muted">Loading runs…</p>
              ) : groups.length === 0 ? (
                <p className="muted" data-testid="compare-no-runs">
                  No finished runs yet. Start a <a href="#/profile">profiling run</a> (several models over a prompt set with answers) first.
                </p>
              ) : (
                <ul className="check-list compare-runs" data-testid="compare-runs">
                  {groups.map((g) => {
                    const ids = g.runs.map((r) => r.runId);
                    const all = ids.every((id) => form.runIds.includes(id));
                    return (
                      <li key={g.key} data-testid="compare-run-group" data-key={g.key}>
                        <label>
                          <input
                            type="checkbox"
                            checked={all}
                            onChange={(e) =>
                              update('runIds', e.target.checked ? [...form.runIds, ...ids.filter((id) => !form.runIds.includes(id))] : form.runIds.filter((id) => !ids.includes(id)))
                            }
                            data-testid="compare-run-group-check"
                          />
                          <span>
                            {g.title} {g.simulated ? <span className="badge badge-virtual">simulated</span> : null}
                            <div className="sub mono">{g.sub}</div>
                          </span>
                        </label>
                        {g.kind === 'campaign' && g.runs.length > 1 ? (
                          <ul className="check-list nested">
                            {g.runs.map((r) => (
                              <li key={r.runId}>
                                <label data-testid="compare-run-option" data-run-id={r.runId}>
                                  <input type="checkbox" checked={form.runIds.includes(r.runId)} onChange={(e) => update('runIds', toggled(form.runIds, r.runId, e.target.checked))} />
                                  <span>
                                    {r.device} <span className="mono muted">{r.runId.slice(0, 8)}</span>
                                  </span>
                                </label>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>

            <div className="form-section">
              <h3 className="panel-title">Strategies</h3>
              {strategiesError ? <InlineError message={strategiesError} testId="compare-strategies-error" onRetry={() => setAttempt((n) => n + 1)} /> : null}
              {available === null ? (
                strategiesError ? null : <p className="muted">Asking which strategies can run…</p>
              ) : (
                <ul className="check-list" data-testid="compare-strategies">
                  {options.map((o) => (
                    <StrategyItem key={o.id} o={o} checked={form.strategies.includes(o.id)} onChange={(on) => update('strategies', toggled(form.strategies, o.id, on) as CompareStrategyId[])} />
                  ))}
                </ul>
              )}
              {available !== null ? (
                <button type="button" className="btn btn-small" onClick={() => update('strategies', defaultStrategies(options))} data-testid="compare-all-strategies">
                  All available
                </button>
              ) : null}
            </div>
          </div>

          <div className="form-section options-grid">
            <label className="option">
              <span className="option-label">Cost metric</span>
              <select className="input" value={form.costMetric} onChange={(e) => update('costMetric', e.target.value as CostMetricName)} data-testid="compare-cost-metric">
                {(['size', 'latency', 'energy'] as const).map((m) => (
                  <option key={m} value={m}>
                    {COST_METRIC_LABELS[m]}
                  </option>
                ))}
              </select>
              <span className="help muted">What the oracle minimises, the router trades accuracy against, and savings and QNC are read on.</span>
            </label>
            <label className="option">
              <span className="option-label">Folds (k-fold cross-fitting)</span>
              <input className="input input-narrow" type="number" min={2} max={20} value={form.folds} onChange={(e) => update('folds', e.target.value)} data-testid="compare-folds" />
              <span className="help muted">The router is scored out of fold: the profile that routes a prompt never saw it. Needs 2 × folds prompts.</span>
            </label>
            <label className="option">
              <span className="option-label">K (clusters per fold profile)</span>
              <input className="input input-narrow" value={form.k} onChange={(e) => update('k', e.target.value)} placeholder="auto" data-testid="compare-k" />
              <span className="help muted">“auto” picks K by validation log-loss over 2..20.</span>
            </label>
            <label className="option">
              <span className="option-label">Preferences for the table</span>
              <input className="input" value={form.preferences} onChange={(e) => update('preferences', e.target.value)} data-testid="compare-preferences" />
              <span className="help muted">0 = smallest/fastest … 1 = quality. The charts sweep 0..1 in 101 steps anyway.</span>
            </label>
            <label className="option">
              <span className="option-label">Seed</span>
              <input className="input input-narrow mono" value={form.seed} onChange={(e) => update('seed', e.target.value)} data-testid="compare-seed" />
            </label>
            <label className="option">
              <span className="option-label">Groups</span>
              <select className="input" value={form.groupBy} onChange={(e) => update('groupBy', e.target.value as 'device' | 'run')} data-testid="compare-group-by">
                <option value="device">One per device (runs on the same phone pooled)</option>
                <option value="run">One per run</option>
              </select>
            </label>
            <label className="option">
              <span className="option-label">Energy per prompt</span>
              <select className="input" value={form.energy} onChange={(e) => update('energy', e.target.value as 'gross' | 'net')} data-testid="compare-energy">
                <option value="gross">Gross (what the phone spent in the prompt’s window)</option>
                <option value="net">Net (minus the idle baseline)</option>
              </select>
            </label>
            <label className="option">
              <span className="option-label">Stored profile (for the “profile” strategy)</span>
              <select className="input" value={form.profileId} onChange={(e) => update('profileId', e.target.value)} data-testid="compare-profile">
                <option value="">None</option>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · K {p.k}
                    {p.simulated ? ' · simulated' : ''}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>

        {formErrors.length ? (
          <div className="inline-error" role="alert" data-testid="compare-form-errors">
            <ul className="error-list">
              {formErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {runError ? (
          <div className="inline-error refusal" role="alert" data-testid="compare-error">
            <strong>The comparison did not run.</strong>
            <span className="pre-wrap">{runError.message}</span>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={running || campaigns === null} data-testid="compare-run">
            {running ? 'Comparing…' : 'Run comparison'}
          </button>
          <span className="muted">
            {form.runIds.length} run{form.runIds.length === 1 ? '' : 's'} · {form.strategies.length} strateg{form.strategies.length === 1 ? 'y' : 'ies'}
          </span>
        </div>
        {running ? (
          <div className="section-gap" data-testid="compare-progress" data-phase={progress?.phase ?? 'starting'}>
            <ProgressBar percent={pv?.percent ?? null} label="Comparison progress" />
            <div className="progress-facts muted">{pv?.text ?? 'Starting…'}</div>
          </div>
        ) : null}
      </form>

      {recent.length ? (
        <details className="panel" data-testid="compare-recent">
          <summary className="panel-title">Recent comparisons ({recent.length})</summary>
          <div className="table-wrap table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Runs</th>
                  <th>Cost</th>
                  <th>Strategies</th>
                  <th>Results</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {recent.map((c) => (
                  <tr key={c.id} data-testid="compare-recent-row" data-id={c.id}>
                    <td className="nowrap">{formatDateTime(c.createdAt)}</td>
                    <td className="mono">{c.runIds.map((r) => r.slice(0, 8)).join(', ')}</td>
                    <td>{c.costMetric}</td>
                    <td className="mono">{strategiesText(c.strategies)}</td>
                    <td>{c.simulated === 'none' ? <span className="muted">measured</span> : <span className="badge badge-virtual">{c.simulated === 'all' ? 'simulated' : 'partly simulated'}</span>}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => void open(c.id)} disabled={result?.id === c.id} data-testid="compare-recent-open">
                        {result?.id === c.id ? 'Shown' : 'Open'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      {openError ? <InlineError message={openError} testId="compare-open-error" /> : null}

      {result ? <ResultView key={result.id} result={result} onExport={() => void exportCsv()} exportError={exportError} /> : null}
    </div>
  );
}

function StrategyItem({ o, checked, onChange }: { o: StrategyOption; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <li>
      <label className={o.available ? '' : 'muted'} data-testid="strategy-option" data-strategy={o.id} data-available={o.available} title={o.description}>
        <input type="checkbox" checked={checked && o.available} disabled={!o.available} onChange={(e) => onChange(e.target.checked)} />
        <span>
          <strong>{o.label}</strong> <span className="muted">{o.description}</span>
          {o.reason ? (
            <span className="hint hint-warn" data-testid="strategy-reason">
              {' '}
              {o.reason}
              {o.settingsLink ? (
                <>
                  {' '}
                  <a href={pageHref('settings')} data-testid="strategy-settings-link">
                    Open Settings
                  </a>
                </>
              ) : null}
            </span>
          ) : null}
        </span>
      </label>
    </li>
  );
}

function ResultView({ result, onExport, exportError }: { result: ComparisonResult; onExport: () => void; exportError: string | null }) {
  const simulated = resultSimulated(result);
  const r = result.request;
  return (
    <section className="compare-result" data-testid="compare-result" data-comparison-id={result.id} data-simulated={simulated} data-groups={result.groups.length}>
      <div className="page-header">
        <h2>
          Comparison <span className="mono">{result.id.replace(/^cmp-/, '').slice(0, 8)}</span>
        </h2>
        {simulated !== 'none' ? (
          <span className="badge badge-virtual" data-testid="compare-simulated-badge">
            {simulated === 'all' ? 'SIMULATED' : 'PARTLY SIMULATED'}
          </span>
        ) : (
          <span className="badge badge-ok">measured</span>
        )}
        <span className="muted">
          {formatDateTime(result.createdAt)} · {formatDuration(result.durationMs)} · cost: {result.costMetric} · {r.folds} folds · K {r.k} · seed {r.seed} · energy {r.energy}
        </span>
        <span className="strip-spacer" />
        <button type="button" className="btn btn-small" onClick={onExport} data-testid="compare-export-csv" title="The side-by-side table as CSV, one line per group × row">
          Export CSV
        </button>
      </div>
      {simulated !== 'none' ? (
        <div className="banner banner-virtual" data-testid="compare-simulated-banner">
          <strong>SIMULATED.</strong> {simulated === 'all' ? 'Every' : 'Some'} figure below comes from virtual phones: accuracy, latency and energy
          {simulated === 'all' ? ' are' : ' of those groups are'} simulated, not measured on real hardware.
        </div>
      ) : null}
      {exportError ? <InlineError message={exportError} testId="compare-export-error" /> : null}
      {result.notes.length || result.aggregation ? (
        <ul className="plain-list muted" data-testid="compare-notes">
          {result.aggregation ? <li>Repetitions: {result.aggregation}</li> : null}
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
      {result.groups.length >= 2 ? <SideBySide groups={result.groups} /> : null}
      {result.groups.length === 0 ? <div className="panel muted">The comparison has no groups (no measured matrix).</div> : null}
      {result.groups.map((g) => (
        <GroupView key={g.key} group={g} result={result} />
      ))}
    </section>
  );
}

function SideBySide({ groups }: { groups: readonly ComparisonGroup[] }) {
  const v = sideBySide(groups);
  return (
    <section className="panel" data-testid="compare-side-by-side">
      <h3 className="panel-title">Side by side</h3>
      <div className="table-wrap table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th rowSpan={2}>Strategy</th>
              {v.groups.map((g) => (
                <th key={g.key} colSpan={4}>
                  {g.title} {g.simulated !== 'none' ? <span className="badge badge-virtual">simulated</span> : null}
                </th>
              ))}
            </tr>
            <tr>
              {v.groups.flatMap((g) => [
                <th key={`${g.key}a`} className="num">
                  Accuracy
                </th>,
                <th key={`${g.key}l`} className="num">
                  Latency
                </th>,
                <th key={`${g.key}e`} className="num">
                  Energy
                </th>,
                <th key={`${g.key}s`} className="num">
                  Energy saved
                </th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {v.rows.map((row) => (
              <tr key={row.name} data-testid="side-row" data-name={row.name}>
                <td className="mono">{row.name}</td>
                {row.cells.flatMap((c, i) =>
                  c
                    ? [
                        <td key={`${i}a`} className="num">
                          {c.accuracy}
                        </td>,
                        <td key={`${i}l`} className="num">
                          {c.latency}
                        </td>,
                        <td key={`${i}e`} className="num">
                          {c.energy}
                        </td>,
                        <td key={`${i}s`} className="num">
                          {c.saveEnergy}
                        </td>,
                      ]
                    : [
                        <td key={`${i}x`} colSpan={4} className="muted">
                          {MISSING}
                        </td>,
                      ],
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GroupView({ group: g, result }: { group: ComparisonGroup; result: ComparisonResult }) {
  const rows = useMemo(() => tableRows(g, result.costMetric), [g, result.costMetric]);
  const simulated = g.simulated !== 'none';
  const note = groupSimulatedNote(g);
  const oof = outOfFoldText(g);
  const energyOption = useMemo(() => buildParetoOption(g.pareto.energy, { simulated, group: groupTitle(g), hideStrategies: curveRowNames(g.rows) }), [g, simulated]);
  const latencyOption = useMemo(() => buildParetoOption(g.pareto.latency, { simulated, group: groupTitle(g), hideStrategies: curveRowNames(g.rows) }), [g, simulated]);
  const safe = g.key.replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = fileStamp(result.createdAt);
  const rowNames = g.rows.map((r) => r.name);
  const anyTraining = rows.some((r) => r.onTraining);
  return (
    <section className="compare-group" data-testid="compare-group" data-group-key={g.key} data-simulated={g.simulated}>
      <div className="panel">
        <div className="panel-head">
          <h3 className="panel-title">{groupTitle(g)}</h3>
          {simulated ? (
            <span className="badge badge-virtual" data-testid="group-simulated-badge">
              {g.simulated === 'all' ? 'SIMULATED' : 'PARTLY SIMULATED'}
            </span>
          ) : null}
          <span className="muted tabular">{matrixText(g)}</span>
        </div>
        {note ? (
          <p className="help banner-inline-virtual" data-testid="group-simulated-note">
            {note}
          </p>
        ) : null}
        {oof ? (
          <p className="help muted" data-testid="group-oof">
            {oof}
          </p>
        ) : null}
        <div className="table-wrap table-scroll">
          <table className="table table-compact compare-table" data-testid="compare-table" data-rows={rows.length}>
            <thead>
              <tr>
                <th>Strategy</th>
                <th className="num" title="Accuracy on the scored prompts with its 95% interval">
                  Accuracy ± 95% CI
                </th>
                <th className="num">Mean size</th>
                <th className="num">Mean latency</th>
                <th className="num">p95 latency</th>
                <th className="num">Energy / prompt</th>
                <th className="num" title="1 − strategy / always-largest on the same prompts, each measured">
                  Saved vs largest: size
                </th>
                <th className="num">latency</th>
                <th className="num">energy</th>
                <th className="num">Agrees with oracle</th>
                <th className="num">Agrees with Claude</th>
                <th className="num" title="UniRoute deferral-curve area (router curves)">
                  Deferral area
                </th>
                <th className="num" title={`Quality-neutral cost on ${result.costMetric}`}>
                  QNC
                </th>
                <th>Share per model</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.name}
                  data-testid="compare-row"
                  data-name={r.name}
                  data-row-key={rowKey(r.name)}
                  data-strategy={r.strategy}
                  data-on-training={r.onTraining}
                  data-unavailable={r.unavailable ? 'true' : 'false'}
                  className={r.onTraining ? 'row-training' : undefined}
                >
                  <td>
                    <span className="mono">{r.name}</span>
                    {r.onTraining ? (
                      <span className="badge badge-warn" title="Scored on prompts the profile was trained on: optimistic" data-testid="row-training-badge">
                        training prompts
                      </span>
                    ) : null}
                    {r.simulated && g.simulated !== 'all' ? <span className="badge badge-virtual">simulated</span> : null}
                    <div className="sub">
                      {r.kind}
                      {r.preference !== MISSING ? ` · preference ${r.preference}` : ''} · {r.prompts} prompts
                    </div>
                    {r.llm ? <div className="sub">{r.llm}</div> : null}
                  </td>
                  {r.unavailable ? (
                    <td colSpan={13} className="hint hint-warn" data-testid="row-unavailable">
                      Not available: {r.unavailable}
                    </td>
                  ) : (
                    <>
                      <td className="num" data-testid="row-accuracy">
                        {r.accuracy}
                        <div className="sub">{r.ci}</div>
                      </td>
                      <td className="num">{r.meanSize}</td>
                      <td className="num" data-testid="row-latency">
                        {r.meanLatency}
                      </td>
                      <td className="num">{r.p95Latency}</td>
                      <td className="num" data-testid="row-energy">
                        {r.energy}
                      </td>
                      <td className="num">{r.saveSize}</td>
                      <td className="num">{r.saveLatency}</td>
                      <td className="num" data-testid="row-save-energy">
                        {r.saveEnergy}
                      </td>
                      <td className="num">{r.agreeOracle}</td>
                      <td className="num">{r.agreeClaude}</td>
                      <td className="num">{r.deferralArea}</td>
                      <td className="num">{r.qnc}</td>
                      <td className="share-cell">
                        {r.shares.length ? (
                          <div className="share-bar" title={r.share}>
                            {r.shares.map((s, i) => (
                              <span key={s.model} className={`share-seg share-${i % 6}`} style={{ width: `${s.share * 100}%` }} />
                            ))}
                          </div>
                        ) : null}
                        <div className="sub mono">{r.share}</div>
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {anyTraining ? (
          <p className="help hint-warn" data-testid="training-note">
            Rows marked “training prompts” were scored on prompts their profile was built from: their accuracy is optimistic.
          </p>
        ) : null}
      </div>

      <div className="pareto-grid">
        <ChartPanel
          title={`Accuracy vs energy${simulated ? ' · simulated' : ''}`}
          option={energyOption}
          fileName={`aurora-lab-compare-${stamp}-${safe}-pareto-energy.png`}
          testId="pareto-energy"
          data={{ points: paretoPointCount(g.pareto.energy), group: g.key }}
          empty={paretoPointCount(g.pareto.energy) === 0 ? 'No energy measured on these runs.' : null}
        />
        <ChartPanel
          title={`Accuracy vs latency${simulated ? ' · simulated' : ''}`}
          option={latencyOption}
          fileName={`aurora-lab-compare-${stamp}-${safe}-pareto-latency.png`}
          testId="pareto-latency"
          data={{ points: paretoPointCount(g.pareto.latency), group: g.key }}
          empty={paretoPointCount(g.pareto.latency) === 0 ? 'No latency measured on these runs.' : null}
        />
      </div>

      {g.pairs.length ? (
        <section className="panel" data-testid="compare-pairs">
          <h3 className="panel-title">Weak/strong pair (RouteLLM figures)</h3>
          <ul className="plain-list">
            {g.pairs.map((p) => (
              <li key={p.sweep} className="tabular">
                <span className="mono">{p.sweep}</span>: {p.weak} → {p.strong} · APGR {p.apgr === null ? MISSING : p.apgr.toFixed(3)}
                {Object.entries(p.cpt).map(([k, v]) => ` · CPT(${k}) ${v === null ? MISSING : `${(v * 100).toFixed(1)}%`}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {g.breakdown.cluster ? <BreakdownTable b={g.breakdown.cluster} rowNames={rowNames} costMetric={result.costMetric} /> : null}
      <BreakdownTable b={g.breakdown.subject} rowNames={rowNames} costMetric={result.costMetric} />
      {g.notes.length ? (
        <ul className="plain-list muted">
          {g.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function BreakdownTable({ b, rowNames, costMetric }: { b: Parameters<typeof breakdownView>[0]; rowNames: string[]; costMetric: CostMetricName }) {
  const v = breakdownView(b, rowNames, costMetric);
  return (
    <details className="panel" data-testid={`breakdown-${v.by}`} data-groups={v.rows.length} open={v.rows.length <= 12}>
      <summary className="panel-title">
        Accuracy per {v.by} ({v.rows.length})
      </summary>
      <p className="help muted">{v.basis}. Hover a cell for its counts, latency and energy.</p>
      <div className="table-wrap table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{v.by === 'cluster' ? 'Cluster' : 'Subject'}</th>
              <th className="num">Prompts</th>
              {v.columns.map((c) => (
                <th key={c} className="num mono">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr key={r.key} data-testid="breakdown-row">
                <td>
                  {r.label}
                  {r.terms ? <div className="sub mono">{r.terms}</div> : null}
                </td>
                <td className="num">{r.prompts}</td>
                {r.cells.map((c, i) => (
                  <td key={i} className="num" title={c.title}>
                    {c.accuracy}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
